"""Stable OpenAPI ``operationId``s: the route function's name.

FastAPI's default (``name_path_method``) changes whenever a path does, and every
generated client method is named after it (clients/astratrade_client). A route
function's name is unique within an API (tests/contracts/test_openapi.py checks it)
and changes only when someone renames the route on purpose.
"""

from __future__ import annotations

from fastapi.routing import APIRoute


def operation_id(route: APIRoute) -> str:
    """The ``generate_unique_id_function`` of both APIs."""
    return route.name
