import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.engagement_reply import EngagementReply
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    from_: datetime.datetime,
    to: datetime.datetime,
    clans: int | Unset = 10,
    min_position: int | None | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_from_ = from_.isoformat()
    params["from"] = json_from_

    json_to = to.isoformat()
    params["to"] = json_to

    params["clans"] = clans

    json_min_position: int | None | Unset
    if isinstance(min_position, Unset):
        json_min_position = UNSET
    else:
        json_min_position = min_position
    params["min_position"] = json_min_position

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/analytics/engagement",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> EngagementReply | Problem | None:
    if response.status_code == 200:
        response_200 = EngagementReply.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

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
) -> Response[EngagementReply | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    from_: datetime.datetime,
    to: datetime.datetime,
    clans: int | Unset = 10,
    min_position: int | None | Unset = UNSET,
) -> Response[EngagementReply | Problem]:
    """Engagement

     XP earned, awards and achievements unlocked per UTC day (zero days included), unlocks by
    achievement,
    and the largest clans of the moment; CSV holds the days.

    Args:
        from_ (datetime.datetime): ISO 8601 with offset (UTC: `Z`), inclusive
        to (datetime.datetime): ISO 8601 with offset, exclusive
        clans (int | Unset): how many of the largest clans to list (JSON only) Default: 10.
        min_position (int | None | Unset): wait (bounded) until the analytics read model has
            applied this global log position

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EngagementReply | Problem]
    """

    kwargs = _get_kwargs(
        from_=from_,
        to=to,
        clans=clans,
        min_position=min_position,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    from_: datetime.datetime,
    to: datetime.datetime,
    clans: int | Unset = 10,
    min_position: int | None | Unset = UNSET,
) -> EngagementReply | Problem | None:
    """Engagement

     XP earned, awards and achievements unlocked per UTC day (zero days included), unlocks by
    achievement,
    and the largest clans of the moment; CSV holds the days.

    Args:
        from_ (datetime.datetime): ISO 8601 with offset (UTC: `Z`), inclusive
        to (datetime.datetime): ISO 8601 with offset, exclusive
        clans (int | Unset): how many of the largest clans to list (JSON only) Default: 10.
        min_position (int | None | Unset): wait (bounded) until the analytics read model has
            applied this global log position

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EngagementReply | Problem
    """

    return sync_detailed(
        client=client,
        from_=from_,
        to=to,
        clans=clans,
        min_position=min_position,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    from_: datetime.datetime,
    to: datetime.datetime,
    clans: int | Unset = 10,
    min_position: int | None | Unset = UNSET,
) -> Response[EngagementReply | Problem]:
    """Engagement

     XP earned, awards and achievements unlocked per UTC day (zero days included), unlocks by
    achievement,
    and the largest clans of the moment; CSV holds the days.

    Args:
        from_ (datetime.datetime): ISO 8601 with offset (UTC: `Z`), inclusive
        to (datetime.datetime): ISO 8601 with offset, exclusive
        clans (int | Unset): how many of the largest clans to list (JSON only) Default: 10.
        min_position (int | None | Unset): wait (bounded) until the analytics read model has
            applied this global log position

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EngagementReply | Problem]
    """

    kwargs = _get_kwargs(
        from_=from_,
        to=to,
        clans=clans,
        min_position=min_position,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    from_: datetime.datetime,
    to: datetime.datetime,
    clans: int | Unset = 10,
    min_position: int | None | Unset = UNSET,
) -> EngagementReply | Problem | None:
    """Engagement

     XP earned, awards and achievements unlocked per UTC day (zero days included), unlocks by
    achievement,
    and the largest clans of the moment; CSV holds the days.

    Args:
        from_ (datetime.datetime): ISO 8601 with offset (UTC: `Z`), inclusive
        to (datetime.datetime): ISO 8601 with offset, exclusive
        clans (int | Unset): how many of the largest clans to list (JSON only) Default: 10.
        min_position (int | None | Unset): wait (bounded) until the analytics read model has
            applied this global log position

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EngagementReply | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            from_=from_,
            to=to,
            clans=clans,
            min_position=min_position,
        )
    ).parsed
