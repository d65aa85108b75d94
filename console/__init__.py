"""The web console: static files (``static/``) and the small server that serves them (``app.py``)."""
