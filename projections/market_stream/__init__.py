"""The live market stream's source: ticks from the log published on Redis pub/sub (``projection.py``)."""
