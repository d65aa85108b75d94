import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.volume_interval import VolumeInterval
from ...models.volume_reply import VolumeReply
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    interval: VolumeInterval,
    from_: datetime.datetime,
    to: datetime.datetime,
    min_position: int | None | Unset = UNSET,
    symbol: None | str | Unset = UNSET,
    limit: int | Unset = 500,
    cursor: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_interval = interval.value
    params["interval"] = json_interval

    json_from_ = from_.isoformat()
    params["from"] = json_from_

    json_to = to.isoformat()
    params["to"] = json_to

    json_min_position: int | None | Unset
    if isinstance(min_position, Unset):
        json_min_position = UNSET
    else:
        json_min_position = min_position
    params["min_position"] = json_min_position

    json_symbol: None | str | Unset
    if isinstance(symbol, Unset):
        json_symbol = UNSET
    else:
        json_symbol = symbol
    params["symbol"] = json_symbol

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
        "url": "/v1/analytics/volume",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | VolumeReply | None:
    if response.status_code == 200:
        response_200 = VolumeReply.from_dict(response.json())

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
) -> Response[Problem | VolumeReply]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    interval: VolumeInterval,
    from_: datetime.datetime,
    to: datetime.datetime,
    min_position: int | None | Unset = UNSET,
    symbol: None | str | Unset = UNSET,
    limit: int | Unset = 500,
    cursor: None | str | Unset = UNSET,
) -> Response[Problem | VolumeReply]:
    """Volume

     Traded notional per symbol and UTC hour or day (every open and close counts), paged by bucket then
    symbol.

    Args:
        interval (VolumeInterval):
        from_ (datetime.datetime): ISO 8601 with offset (UTC: `Z`), inclusive
        to (datetime.datetime): ISO 8601 with offset, exclusive
        min_position (int | None | Unset): wait (bounded) until the analytics read model has
            applied this global log position
        symbol (None | str | Unset):
        limit (int | Unset):  Default: 500.
        cursor (None | str | Unset): `next_cursor` of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | VolumeReply]
    """

    kwargs = _get_kwargs(
        interval=interval,
        from_=from_,
        to=to,
        min_position=min_position,
        symbol=symbol,
        limit=limit,
        cursor=cursor,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    interval: VolumeInterval,
    from_: datetime.datetime,
    to: datetime.datetime,
    min_position: int | None | Unset = UNSET,
    symbol: None | str | Unset = UNSET,
    limit: int | Unset = 500,
    cursor: None | str | Unset = UNSET,
) -> Problem | VolumeReply | None:
    """Volume

     Traded notional per symbol and UTC hour or day (every open and close counts), paged by bucket then
    symbol.

    Args:
        interval (VolumeInterval):
        from_ (datetime.datetime): ISO 8601 with offset (UTC: `Z`), inclusive
        to (datetime.datetime): ISO 8601 with offset, exclusive
        min_position (int | None | Unset): wait (bounded) until the analytics read model has
            applied this global log position
        symbol (None | str | Unset):
        limit (int | Unset):  Default: 500.
        cursor (None | str | Unset): `next_cursor` of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | VolumeReply
    """

    return sync_detailed(
        client=client,
        interval=interval,
        from_=from_,
        to=to,
        min_position=min_position,
        symbol=symbol,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    interval: VolumeInterval,
    from_: datetime.datetime,
    to: datetime.datetime,
    min_position: int | None | Unset = UNSET,
    symbol: None | str | Unset = UNSET,
    limit: int | Unset = 500,
    cursor: None | str | Unset = UNSET,
) -> Response[Problem | VolumeReply]:
    """Volume

     Traded notional per symbol and UTC hour or day (every open and close counts), paged by bucket then
    symbol.

    Args:
        interval (VolumeInterval):
        from_ (datetime.datetime): ISO 8601 with offset (UTC: `Z`), inclusive
        to (datetime.datetime): ISO 8601 with offset, exclusive
        min_position (int | None | Unset): wait (bounded) until the analytics read model has
            applied this global log position
        symbol (None | str | Unset):
        limit (int | Unset):  Default: 500.
        cursor (None | str | Unset): `next_cursor` of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | VolumeReply]
    """

    kwargs = _get_kwargs(
        interval=interval,
        from_=from_,
        to=to,
        min_position=min_position,
        symbol=symbol,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    interval: VolumeInterval,
    from_: datetime.datetime,
    to: datetime.datetime,
    min_position: int | None | Unset = UNSET,
    symbol: None | str | Unset = UNSET,
    limit: int | Unset = 500,
    cursor: None | str | Unset = UNSET,
) -> Problem | VolumeReply | None:
    """Volume

     Traded notional per symbol and UTC hour or day (every open and close counts), paged by bucket then
    symbol.

    Args:
        interval (VolumeInterval):
        from_ (datetime.datetime): ISO 8601 with offset (UTC: `Z`), inclusive
        to (datetime.datetime): ISO 8601 with offset, exclusive
        min_position (int | None | Unset): wait (bounded) until the analytics read model has
            applied this global log position
        symbol (None | str | Unset):
        limit (int | Unset):  Default: 500.
        cursor (None | str | Unset): `next_cursor` of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | VolumeReply
    """

    return (
        await asyncio_detailed(
            client=client,
            interval=interval,
            from_=from_,
            to=to,
            min_position=min_position,
            symbol=symbol,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
