from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.user_lookup_reply import UserLookupReply
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    username: str,
    min_position: int | None | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["username"] = username

    json_min_position: int | None | Unset
    if isinstance(min_position, Unset):
        json_min_position = UNSET
    else:
        json_min_position = min_position
    params["min_position"] = json_min_position

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/audit/users",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | UserLookupReply | None:
    if response.status_code == 200:
        response_200 = UserLookupReply.from_dict(response.json())

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
) -> Response[Problem | UserLookupReply]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    username: str,
    min_position: int | None | Unset = UNSET,
) -> Response[Problem | UserLookupReply]:
    """Find User

     The id of the user registered under ``username``; 404 for no such user, and once the user is erased
    (their name is personal data: it no longer leads to them).

    Args:
        username (str): case-insensitive, as usernames are claimed
        min_position (int | None | Unset): wait (bounded) until the profiles have this position

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | UserLookupReply]
    """

    kwargs = _get_kwargs(
        username=username,
        min_position=min_position,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    username: str,
    min_position: int | None | Unset = UNSET,
) -> Problem | UserLookupReply | None:
    """Find User

     The id of the user registered under ``username``; 404 for no such user, and once the user is erased
    (their name is personal data: it no longer leads to them).

    Args:
        username (str): case-insensitive, as usernames are claimed
        min_position (int | None | Unset): wait (bounded) until the profiles have this position

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | UserLookupReply
    """

    return sync_detailed(
        client=client,
        username=username,
        min_position=min_position,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    username: str,
    min_position: int | None | Unset = UNSET,
) -> Response[Problem | UserLookupReply]:
    """Find User

     The id of the user registered under ``username``; 404 for no such user, and once the user is erased
    (their name is personal data: it no longer leads to them).

    Args:
        username (str): case-insensitive, as usernames are claimed
        min_position (int | None | Unset): wait (bounded) until the profiles have this position

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | UserLookupReply]
    """

    kwargs = _get_kwargs(
        username=username,
        min_position=min_position,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    username: str,
    min_position: int | None | Unset = UNSET,
) -> Problem | UserLookupReply | None:
    """Find User

     The id of the user registered under ``username``; 404 for no such user, and once the user is erased
    (their name is personal data: it no longer leads to them).

    Args:
        username (str): case-insensitive, as usernames are claimed
        min_position (int | None | Unset): wait (bounded) until the profiles have this position

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | UserLookupReply
    """

    return (
        await asyncio_detailed(
            client=client,
            username=username,
            min_position=min_position,
        )
    ).parsed
