import datetime
from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.user_state_reply import UserStateReply
from ...types import UNSET, Response


def _get_kwargs(
    user_id: UUID,
    *,
    at: datetime.datetime,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_at = at.isoformat()
    params["at"] = json_at

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/audit/users/{user_id}/state".format(
            user_id=quote(str(user_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | UserStateReply | None:
    if response.status_code == 200:
        response_200 = UserStateReply.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

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
) -> Response[Problem | UserStateReply]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    user_id: UUID,
    *,
    client: AuthenticatedClient,
    at: datetime.datetime,
) -> Response[Problem | UserStateReply]:
    """User State

     The user's wallet, positions, XP and level exactly as they were at ``at``, rebuilt from the events.

    Args:
        user_id (UUID):
        at (datetime.datetime): the instant, ISO 8601 with offset

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | UserStateReply]
    """

    kwargs = _get_kwargs(
        user_id=user_id,
        at=at,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    user_id: UUID,
    *,
    client: AuthenticatedClient,
    at: datetime.datetime,
) -> Problem | UserStateReply | None:
    """User State

     The user's wallet, positions, XP and level exactly as they were at ``at``, rebuilt from the events.

    Args:
        user_id (UUID):
        at (datetime.datetime): the instant, ISO 8601 with offset

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | UserStateReply
    """

    return sync_detailed(
        user_id=user_id,
        client=client,
        at=at,
    ).parsed


async def asyncio_detailed(
    user_id: UUID,
    *,
    client: AuthenticatedClient,
    at: datetime.datetime,
) -> Response[Problem | UserStateReply]:
    """User State

     The user's wallet, positions, XP and level exactly as they were at ``at``, rebuilt from the events.

    Args:
        user_id (UUID):
        at (datetime.datetime): the instant, ISO 8601 with offset

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | UserStateReply]
    """

    kwargs = _get_kwargs(
        user_id=user_id,
        at=at,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    user_id: UUID,
    *,
    client: AuthenticatedClient,
    at: datetime.datetime,
) -> Problem | UserStateReply | None:
    """User State

     The user's wallet, positions, XP and level exactly as they were at ``at``, rebuilt from the events.

    Args:
        user_id (UUID):
        at (datetime.datetime): the instant, ISO 8601 with offset

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | UserStateReply
    """

    return (
        await asyncio_detailed(
            user_id=user_id,
            client=client,
            at=at,
        )
    ).parsed
