from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.challenges_reply import ChallengesReply
from ...models.problem import Problem
from ...models.status import Status
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    status: None | Status | Unset = UNSET,
    limit: int | Unset = 50,
    min_position: int | None | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_status: None | str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    elif isinstance(status, Status):
        json_status = status.value
    else:
        json_status = status
    params["status"] = json_status

    params["limit"] = limit

    json_min_position: int | None | Unset
    if isinstance(min_position, Unset):
        json_min_position = UNSET
    else:
        json_min_position = min_position
    params["min_position"] = json_min_position

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/challenges",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ChallengesReply | Problem | None:
    if response.status_code == 200:
        response_200 = ChallengesReply.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

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
) -> Response[ChallengesReply | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    status: None | Status | Unset = UNSET,
    limit: int | Unset = 50,
    min_position: int | None | Unset = UNSET,
) -> Response[ChallengesReply | Problem]:
    """My Challenges

     The caller's challenges (as challenger or opponent), newest offer first, of ``status`` if given.

    Args:
        status (None | Status | Unset):
        limit (int | Unset): challenges to return Default: 50.
        min_position (int | None | Unset): wait (bounded) until the read model has applied this
            global log position; pass the `position` a command answered

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ChallengesReply | Problem]
    """

    kwargs = _get_kwargs(
        status=status,
        limit=limit,
        min_position=min_position,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    status: None | Status | Unset = UNSET,
    limit: int | Unset = 50,
    min_position: int | None | Unset = UNSET,
) -> ChallengesReply | Problem | None:
    """My Challenges

     The caller's challenges (as challenger or opponent), newest offer first, of ``status`` if given.

    Args:
        status (None | Status | Unset):
        limit (int | Unset): challenges to return Default: 50.
        min_position (int | None | Unset): wait (bounded) until the read model has applied this
            global log position; pass the `position` a command answered

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ChallengesReply | Problem
    """

    return sync_detailed(
        client=client,
        status=status,
        limit=limit,
        min_position=min_position,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    status: None | Status | Unset = UNSET,
    limit: int | Unset = 50,
    min_position: int | None | Unset = UNSET,
) -> Response[ChallengesReply | Problem]:
    """My Challenges

     The caller's challenges (as challenger or opponent), newest offer first, of ``status`` if given.

    Args:
        status (None | Status | Unset):
        limit (int | Unset): challenges to return Default: 50.
        min_position (int | None | Unset): wait (bounded) until the read model has applied this
            global log position; pass the `position` a command answered

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ChallengesReply | Problem]
    """

    kwargs = _get_kwargs(
        status=status,
        limit=limit,
        min_position=min_position,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    status: None | Status | Unset = UNSET,
    limit: int | Unset = 50,
    min_position: int | None | Unset = UNSET,
) -> ChallengesReply | Problem | None:
    """My Challenges

     The caller's challenges (as challenger or opponent), newest offer first, of ``status`` if given.

    Args:
        status (None | Status | Unset):
        limit (int | Unset): challenges to return Default: 50.
        min_position (int | None | Unset): wait (bounded) until the read model has applied this
            global log position; pass the `position` a command answered

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ChallengesReply | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            status=status,
            limit=limit,
            min_position=min_position,
        )
    ).parsed
