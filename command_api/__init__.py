"""The command API: a FastAPI app that turns HTTP commands into service calls."""
