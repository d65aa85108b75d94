from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.optimization_reply import OptimizationReply
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    optimization_id: UUID,
    *,
    min_position: int | None | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_min_position: int | None | Unset
    if isinstance(min_position, Unset):
        json_min_position = UNSET
    else:
        json_min_position = min_position
    params["min_position"] = json_min_position

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/optimizations/{optimization_id}".format(
            optimization_id=quote(str(optimization_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> OptimizationReply | Problem | None:
    if response.status_code == 200:
        response_200 = OptimizationReply.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())

        return response_429

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[OptimizationReply | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    optimization_id: UUID,
    *,
    client: AuthenticatedClient,
    min_position: int | None | Unset = UNSET,
) -> Response[OptimizationReply | Problem]:
    """Optimization

     One of the caller's grids: every combination, finished ones ranked by the metric (best first).

    Args:
        optimization_id (UUID):
        min_position (int | None | Unset): wait (bounded) until the read model has applied this
            global log position; pass the `position` a command answered

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OptimizationReply | Problem]
    """

    kwargs = _get_kwargs(
        optimization_id=optimization_id,
        min_position=min_position,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    optimization_id: UUID,
    *,
    client: AuthenticatedClient,
    min_position: int | None | Unset = UNSET,
) -> OptimizationReply | Problem | None:
    """Optimization

     One of the caller's grids: every combination, finished ones ranked by the metric (best first).

    Args:
        optimization_id (UUID):
        min_position (int | None | Unset): wait (bounded) until the read model has applied this
            global log position; pass the `position` a command answered

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OptimizationReply | Problem
    """

    return sync_detailed(
        optimization_id=optimization_id,
        client=client,
        min_position=min_position,
    ).parsed


async def asyncio_detailed(
    optimization_id: UUID,
    *,
    client: AuthenticatedClient,
    min_position: int | None | Unset = UNSET,
) -> Response[OptimizationReply | Problem]:
    """Optimization

     One of the caller's grids: every combination, finished ones ranked by the metric (best first).

    Args:
        optimization_id (UUID):
        min_position (int | None | Unset): wait (bounded) until the read model has applied this
            global log position; pass the `position` a command answered

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OptimizationReply | Problem]
    """

    kwargs = _get_kwargs(
        optimization_id=optimization_id,
        min_position=min_position,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    optimization_id: UUID,
    *,
    client: AuthenticatedClient,
    min_position: int | None | Unset = UNSET,
) -> OptimizationReply | Problem | None:
    """Optimization

     One of the caller's grids: every combination, finished ones ranked by the metric (best first).

    Args:
        optimization_id (UUID):
        min_position (int | None | Unset): wait (bounded) until the read model has applied this
            global log position; pass the `position` a command answered

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OptimizationReply | Problem
    """

    return (
        await asyncio_detailed(
            optimization_id=optimization_id,
            client=client,
            min_position=min_position,
        )
    ).parsed
