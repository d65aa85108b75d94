from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.leaderboard_reply import LeaderboardReply
from ...models.metric import Metric
from ...models.problem import Problem
from ...models.window import Window
from ...types import UNSET, Response, Unset


def _get_kwargs(
    metric: Metric,
    *,
    window: Window | Unset = UNSET,
    clan_id: None | Unset | UUID = UNSET,
    min_position: int | None | Unset = UNSET,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_window: str | Unset = UNSET
    if not isinstance(window, Unset):
        json_window = window.value

    params["window"] = json_window

    json_clan_id: None | str | Unset
    if isinstance(clan_id, Unset):
        json_clan_id = UNSET
    elif isinstance(clan_id, UUID):
        json_clan_id = str(clan_id)
    else:
        json_clan_id = clan_id
    params["clan_id"] = json_clan_id

    json_min_position: int | None | Unset
    if isinstance(min_position, Unset):
        json_min_position = UNSET
    else:
        json_min_position = min_position
    params["min_position"] = json_min_position

    params["limit"] = limit

    json_cursor: None | str | Unset
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/leaderboards/{metric}".format(
            metric=quote(str(metric), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> LeaderboardReply | Problem | None:
    if response.status_code == 200:
        response_200 = LeaderboardReply.from_dict(response.json())

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
) -> Response[LeaderboardReply | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    metric: Metric,
    *,
    client: AuthenticatedClient,
    window: Window | Unset = UNSET,
    clan_id: None | Unset | UUID = UNSET,
    min_position: int | None | Unset = UNSET,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,
) -> Response[LeaderboardReply | Problem]:
    """Leaderboard

     A page of the board, best first: `limit` entries (≤ 100) after `cursor`.

    Args:
        metric (Metric): What a board ranks by.
        window (Window | Unset): Which stretch of time a board covers.
        clan_id (None | Unset | UUID): rank only this clan's current members
        min_position (int | None | Unset): wait (bounded) until the leaderboard and profiles read
            models have applied this global log position
        limit (int | Unset):  Default: 20.
        cursor (None | str | Unset): `next_cursor` of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[LeaderboardReply | Problem]
    """

    kwargs = _get_kwargs(
        metric=metric,
        window=window,
        clan_id=clan_id,
        min_position=min_position,
        limit=limit,
        cursor=cursor,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    metric: Metric,
    *,
    client: AuthenticatedClient,
    window: Window | Unset = UNSET,
    clan_id: None | Unset | UUID = UNSET,
    min_position: int | None | Unset = UNSET,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,
) -> LeaderboardReply | Problem | None:
    """Leaderboard

     A page of the board, best first: `limit` entries (≤ 100) after `cursor`.

    Args:
        metric (Metric): What a board ranks by.
        window (Window | Unset): Which stretch of time a board covers.
        clan_id (None | Unset | UUID): rank only this clan's current members
        min_position (int | None | Unset): wait (bounded) until the leaderboard and profiles read
            models have applied this global log position
        limit (int | Unset):  Default: 20.
        cursor (None | str | Unset): `next_cursor` of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        LeaderboardReply | Problem
    """

    return sync_detailed(
        metric=metric,
        client=client,
        window=window,
        clan_id=clan_id,
        min_position=min_position,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    metric: Metric,
    *,
    client: AuthenticatedClient,
    window: Window | Unset = UNSET,
    clan_id: None | Unset | UUID = UNSET,
    min_position: int | None | Unset = UNSET,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,
) -> Response[LeaderboardReply | Problem]:
    """Leaderboard

     A page of the board, best first: `limit` entries (≤ 100) after `cursor`.

    Args:
        metric (Metric): What a board ranks by.
        window (Window | Unset): Which stretch of time a board covers.
        clan_id (None | Unset | UUID): rank only this clan's current members
        min_position (int | None | Unset): wait (bounded) until the leaderboard and profiles read
            models have applied this global log position
        limit (int | Unset):  Default: 20.
        cursor (None | str | Unset): `next_cursor` of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[LeaderboardReply | Problem]
    """

    kwargs = _get_kwargs(
        metric=metric,
        window=window,
        clan_id=clan_id,
        min_position=min_position,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    metric: Metric,
    *,
    client: AuthenticatedClient,
    window: Window | Unset = UNSET,
    clan_id: None | Unset | UUID = UNSET,
    min_position: int | None | Unset = UNSET,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,
) -> LeaderboardReply | Problem | None:
    """Leaderboard

     A page of the board, best first: `limit` entries (≤ 100) after `cursor`.

    Args:
        metric (Metric): What a board ranks by.
        window (Window | Unset): Which stretch of time a board covers.
        clan_id (None | Unset | UUID): rank only this clan's current members
        min_position (int | None | Unset): wait (bounded) until the leaderboard and profiles read
            models have applied this global log position
        limit (int | Unset):  Default: 20.
        cursor (None | str | Unset): `next_cursor` of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        LeaderboardReply | Problem
    """

    return (
        await asyncio_detailed(
            metric=metric,
            client=client,
            window=window,
            clan_id=clan_id,
            min_position=min_position,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
