from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.metric import Metric
from ...models.problem import Problem
from ...models.standing_reply import StandingReply
from ...models.window import Window
from ...types import UNSET, Response, Unset


def _get_kwargs(
    metric: Metric,
    user_id: UUID,
    *,
    window: Window | Unset = UNSET,
    clan_id: None | Unset | UUID = UNSET,
    min_position: int | None | Unset = UNSET,
    neighbours: int | Unset = 2,
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

    params["neighbours"] = neighbours

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/leaderboards/{metric}/users/{user_id}".format(
            metric=quote(str(metric), safe=""),
            user_id=quote(str(user_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | StandingReply | None:
    if response.status_code == 200:
        response_200 = StandingReply.from_dict(response.json())

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
) -> Response[Problem | StandingReply]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    metric: Metric,
    user_id: UUID,
    *,
    client: AuthenticatedClient,
    window: Window | Unset = UNSET,
    clan_id: None | Unset | UUID = UNSET,
    min_position: int | None | Unset = UNSET,
    neighbours: int | Unset = 2,
) -> Response[Problem | StandingReply]:
    """Standing

     The user's rank and value on the board, with `neighbours` entries on each side (rank null: not
    ranked).

    Args:
        metric (Metric): What a board ranks by.
        user_id (UUID):
        window (Window | Unset): Which stretch of time a board covers.
        clan_id (None | Unset | UUID): rank only this clan's current members
        min_position (int | None | Unset): wait (bounded) until the leaderboard and profiles read
            models have applied this global log position
        neighbours (int | Unset): entries shown on each side of the user Default: 2.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | StandingReply]
    """

    kwargs = _get_kwargs(
        metric=metric,
        user_id=user_id,
        window=window,
        clan_id=clan_id,
        min_position=min_position,
        neighbours=neighbours,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    metric: Metric,
    user_id: UUID,
    *,
    client: AuthenticatedClient,
    window: Window | Unset = UNSET,
    clan_id: None | Unset | UUID = UNSET,
    min_position: int | None | Unset = UNSET,
    neighbours: int | Unset = 2,
) -> Problem | StandingReply | None:
    """Standing

     The user's rank and value on the board, with `neighbours` entries on each side (rank null: not
    ranked).

    Args:
        metric (Metric): What a board ranks by.
        user_id (UUID):
        window (Window | Unset): Which stretch of time a board covers.
        clan_id (None | Unset | UUID): rank only this clan's current members
        min_position (int | None | Unset): wait (bounded) until the leaderboard and profiles read
            models have applied this global log position
        neighbours (int | Unset): entries shown on each side of the user Default: 2.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | StandingReply
    """

    return sync_detailed(
        metric=metric,
        user_id=user_id,
        client=client,
        window=window,
        clan_id=clan_id,
        min_position=min_position,
        neighbours=neighbours,
    ).parsed


async def asyncio_detailed(
    metric: Metric,
    user_id: UUID,
    *,
    client: AuthenticatedClient,
    window: Window | Unset = UNSET,
    clan_id: None | Unset | UUID = UNSET,
    min_position: int | None | Unset = UNSET,
    neighbours: int | Unset = 2,
) -> Response[Problem | StandingReply]:
    """Standing

     The user's rank and value on the board, with `neighbours` entries on each side (rank null: not
    ranked).

    Args:
        metric (Metric): What a board ranks by.
        user_id (UUID):
        window (Window | Unset): Which stretch of time a board covers.
        clan_id (None | Unset | UUID): rank only this clan's current members
        min_position (int | None | Unset): wait (bounded) until the leaderboard and profiles read
            models have applied this global log position
        neighbours (int | Unset): entries shown on each side of the user Default: 2.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | StandingReply]
    """

    kwargs = _get_kwargs(
        metric=metric,
        user_id=user_id,
        window=window,
        clan_id=clan_id,
        min_position=min_position,
        neighbours=neighbours,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    metric: Metric,
    user_id: UUID,
    *,
    client: AuthenticatedClient,
    window: Window | Unset = UNSET,
    clan_id: None | Unset | UUID = UNSET,
    min_position: int | None | Unset = UNSET,
    neighbours: int | Unset = 2,
) -> Problem | StandingReply | None:
    """Standing

     The user's rank and value on the board, with `neighbours` entries on each side (rank null: not
    ranked).

    Args:
        metric (Metric): What a board ranks by.
        user_id (UUID):
        window (Window | Unset): Which stretch of time a board covers.
        clan_id (None | Unset | UUID): rank only this clan's current members
        min_position (int | None | Unset): wait (bounded) until the leaderboard and profiles read
            models have applied this global log position
        neighbours (int | Unset): entries shown on each side of the user Default: 2.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | StandingReply
    """

    return (
        await asyncio_detailed(
            metric=metric,
            user_id=user_id,
            client=client,
            window=window,
            clan_id=clan_id,
            min_position=min_position,
            neighbours=neighbours,
        )
    ).parsed
