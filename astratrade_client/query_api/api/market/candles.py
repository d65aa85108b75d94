import datetime
from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.candle_view import CandleView
from ...models.candles_interval import CandlesInterval
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    symbol: str,
    *,
    interval: CandlesInterval,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
    limit: int | Unset = 500,
    min_position: int | None | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_interval = interval.value
    params["interval"] = json_interval

    json_from_: None | str | Unset
    if isinstance(from_, Unset):
        json_from_ = UNSET
    elif isinstance(from_, datetime.datetime):
        json_from_ = from_.isoformat()
    else:
        json_from_ = from_
    params["from"] = json_from_

    json_to: None | str | Unset
    if isinstance(to, Unset):
        json_to = UNSET
    elif isinstance(to, datetime.datetime):
        json_to = to.isoformat()
    else:
        json_to = to
    params["to"] = json_to

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
        "url": "/v1/market/candles/{symbol}".format(
            symbol=quote(str(symbol), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | list[CandleView] | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in _response_200:
            response_200_item = CandleView.from_dict(response_200_item_data)

            response_200.append(response_200_item)

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
) -> Response[Problem | list[CandleView]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    symbol: str,
    *,
    client: AuthenticatedClient,
    interval: CandlesInterval,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
    limit: int | Unset = 500,
    min_position: int | None | Unset = UNSET,
) -> Response[Problem | list[CandleView]]:
    """Candles

     OHLCV candles with `from` ≤ t < `to`, ascending: the first `limit` from `from`, else the latest
    `limit`.

    Args:
        symbol (str):
        interval (CandlesInterval):
        from_ (datetime.datetime | None | Unset):
        to (datetime.datetime | None | Unset):
        limit (int | Unset):  Default: 500.
        min_position (int | None | Unset): wait (bounded) until the read model has applied this
            global log position; pass the `position` a command answered

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | list[CandleView]]
    """

    kwargs = _get_kwargs(
        symbol=symbol,
        interval=interval,
        from_=from_,
        to=to,
        limit=limit,
        min_position=min_position,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    symbol: str,
    *,
    client: AuthenticatedClient,
    interval: CandlesInterval,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
    limit: int | Unset = 500,
    min_position: int | None | Unset = UNSET,
) -> Problem | list[CandleView] | None:
    """Candles

     OHLCV candles with `from` ≤ t < `to`, ascending: the first `limit` from `from`, else the latest
    `limit`.

    Args:
        symbol (str):
        interval (CandlesInterval):
        from_ (datetime.datetime | None | Unset):
        to (datetime.datetime | None | Unset):
        limit (int | Unset):  Default: 500.
        min_position (int | None | Unset): wait (bounded) until the read model has applied this
            global log position; pass the `position` a command answered

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | list[CandleView]
    """

    return sync_detailed(
        symbol=symbol,
        client=client,
        interval=interval,
        from_=from_,
        to=to,
        limit=limit,
        min_position=min_position,
    ).parsed


async def asyncio_detailed(
    symbol: str,
    *,
    client: AuthenticatedClient,
    interval: CandlesInterval,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
    limit: int | Unset = 500,
    min_position: int | None | Unset = UNSET,
) -> Response[Problem | list[CandleView]]:
    """Candles

     OHLCV candles with `from` ≤ t < `to`, ascending: the first `limit` from `from`, else the latest
    `limit`.

    Args:
        symbol (str):
        interval (CandlesInterval):
        from_ (datetime.datetime | None | Unset):
        to (datetime.datetime | None | Unset):
        limit (int | Unset):  Default: 500.
        min_position (int | None | Unset): wait (bounded) until the read model has applied this
            global log position; pass the `position` a command answered

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | list[CandleView]]
    """

    kwargs = _get_kwargs(
        symbol=symbol,
        interval=interval,
        from_=from_,
        to=to,
        limit=limit,
        min_position=min_position,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    symbol: str,
    *,
    client: AuthenticatedClient,
    interval: CandlesInterval,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
    limit: int | Unset = 500,
    min_position: int | None | Unset = UNSET,
) -> Problem | list[CandleView] | None:
    """Candles

     OHLCV candles with `from` ≤ t < `to`, ascending: the first `limit` from `from`, else the latest
    `limit`.

    Args:
        symbol (str):
        interval (CandlesInterval):
        from_ (datetime.datetime | None | Unset):
        to (datetime.datetime | None | Unset):
        limit (int | Unset):  Default: 500.
        min_position (int | None | Unset): wait (bounded) until the read model has applied this
            global log position; pass the `position` a command answered

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | list[CandleView]
    """

    return (
        await asyncio_detailed(
            symbol=symbol,
            client=client,
            interval=interval,
            from_=from_,
            to=to,
            limit=limit,
            min_position=min_position,
        )
    ).parsed
