import datetime
from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.indicator_reply import IndicatorReply
from ...models.interval import Interval
from ...models.name import Name
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    symbol: str,
    *,
    interval: Interval,
    name: Name,
    period: int | None | Unset = UNSET,
    fast: int | Unset = 12,
    slow: int | Unset = 26,
    signal: int | Unset = 9,
    k: float | str | Unset = 2.0,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
    limit: int | Unset = 500,
    min_position: int | None | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_interval = interval.value
    params["interval"] = json_interval

    json_name = name.value
    params["name"] = json_name

    json_period: int | None | Unset
    if isinstance(period, Unset):
        json_period = UNSET
    else:
        json_period = period
    params["period"] = json_period

    params["fast"] = fast

    params["slow"] = slow

    params["signal"] = signal

    json_k: float | str | Unset
    if isinstance(k, Unset):
        json_k = UNSET
    else:
        json_k = k
    params["k"] = json_k

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
        "url": "/v1/market/indicators/{symbol}".format(
            symbol=quote(str(symbol), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> IndicatorReply | Problem | None:
    if response.status_code == 200:
        response_200 = IndicatorReply.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[IndicatorReply | Problem]:
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
    interval: Interval,
    name: Name,
    period: int | None | Unset = UNSET,
    fast: int | Unset = 12,
    slow: int | Unset = 26,
    signal: int | Unset = 9,
    k: float | str | Unset = 2.0,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
    limit: int | Unset = 500,
    min_position: int | None | Unset = UNSET,
) -> Response[IndicatorReply | Problem]:
    """Get Indicator

     One value per candle of the range (oldest first), null until enough candles; computed over the
    candles
    returned, so the first `period - 1` are null (docs/markets-feed.md).

    Args:
        symbol (str): a symbol such as `BTC-USD`
        interval (Interval):
        name (Name):
        period (int | None | Unset): sma/ema/bollinger 20, rsi 14 by default
        fast (int | Unset): macd: fast EMA period Default: 12.
        slow (int | Unset): macd: slow EMA period (> fast) Default: 26.
        signal (int | Unset): macd: signal EMA period Default: 9.
        k (float | str | Unset): bollinger: standard deviations, a decimal string Default: 2.0.
        from_ (datetime.datetime | None | Unset): first candle start (inclusive)
        to (datetime.datetime | None | Unset): last candle start (exclusive)
        limit (int | Unset): at most this many candles, the latest Default: 500.
        min_position (int | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[IndicatorReply | Problem]
    """

    kwargs = _get_kwargs(
        symbol=symbol,
        interval=interval,
        name=name,
        period=period,
        fast=fast,
        slow=slow,
        signal=signal,
        k=k,
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
    interval: Interval,
    name: Name,
    period: int | None | Unset = UNSET,
    fast: int | Unset = 12,
    slow: int | Unset = 26,
    signal: int | Unset = 9,
    k: float | str | Unset = 2.0,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
    limit: int | Unset = 500,
    min_position: int | None | Unset = UNSET,
) -> IndicatorReply | Problem | None:
    """Get Indicator

     One value per candle of the range (oldest first), null until enough candles; computed over the
    candles
    returned, so the first `period - 1` are null (docs/markets-feed.md).

    Args:
        symbol (str): a symbol such as `BTC-USD`
        interval (Interval):
        name (Name):
        period (int | None | Unset): sma/ema/bollinger 20, rsi 14 by default
        fast (int | Unset): macd: fast EMA period Default: 12.
        slow (int | Unset): macd: slow EMA period (> fast) Default: 26.
        signal (int | Unset): macd: signal EMA period Default: 9.
        k (float | str | Unset): bollinger: standard deviations, a decimal string Default: 2.0.
        from_ (datetime.datetime | None | Unset): first candle start (inclusive)
        to (datetime.datetime | None | Unset): last candle start (exclusive)
        limit (int | Unset): at most this many candles, the latest Default: 500.
        min_position (int | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        IndicatorReply | Problem
    """

    return sync_detailed(
        symbol=symbol,
        client=client,
        interval=interval,
        name=name,
        period=period,
        fast=fast,
        slow=slow,
        signal=signal,
        k=k,
        from_=from_,
        to=to,
        limit=limit,
        min_position=min_position,
    ).parsed


async def asyncio_detailed(
    symbol: str,
    *,
    client: AuthenticatedClient,
    interval: Interval,
    name: Name,
    period: int | None | Unset = UNSET,
    fast: int | Unset = 12,
    slow: int | Unset = 26,
    signal: int | Unset = 9,
    k: float | str | Unset = 2.0,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
    limit: int | Unset = 500,
    min_position: int | None | Unset = UNSET,
) -> Response[IndicatorReply | Problem]:
    """Get Indicator

     One value per candle of the range (oldest first), null until enough candles; computed over the
    candles
    returned, so the first `period - 1` are null (docs/markets-feed.md).

    Args:
        symbol (str): a symbol such as `BTC-USD`
        interval (Interval):
        name (Name):
        period (int | None | Unset): sma/ema/bollinger 20, rsi 14 by default
        fast (int | Unset): macd: fast EMA period Default: 12.
        slow (int | Unset): macd: slow EMA period (> fast) Default: 26.
        signal (int | Unset): macd: signal EMA period Default: 9.
        k (float | str | Unset): bollinger: standard deviations, a decimal string Default: 2.0.
        from_ (datetime.datetime | None | Unset): first candle start (inclusive)
        to (datetime.datetime | None | Unset): last candle start (exclusive)
        limit (int | Unset): at most this many candles, the latest Default: 500.
        min_position (int | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[IndicatorReply | Problem]
    """

    kwargs = _get_kwargs(
        symbol=symbol,
        interval=interval,
        name=name,
        period=period,
        fast=fast,
        slow=slow,
        signal=signal,
        k=k,
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
    interval: Interval,
    name: Name,
    period: int | None | Unset = UNSET,
    fast: int | Unset = 12,
    slow: int | Unset = 26,
    signal: int | Unset = 9,
    k: float | str | Unset = 2.0,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
    limit: int | Unset = 500,
    min_position: int | None | Unset = UNSET,
) -> IndicatorReply | Problem | None:
    """Get Indicator

     One value per candle of the range (oldest first), null until enough candles; computed over the
    candles
    returned, so the first `period - 1` are null (docs/markets-feed.md).

    Args:
        symbol (str): a symbol such as `BTC-USD`
        interval (Interval):
        name (Name):
        period (int | None | Unset): sma/ema/bollinger 20, rsi 14 by default
        fast (int | Unset): macd: fast EMA period Default: 12.
        slow (int | Unset): macd: slow EMA period (> fast) Default: 26.
        signal (int | Unset): macd: signal EMA period Default: 9.
        k (float | str | Unset): bollinger: standard deviations, a decimal string Default: 2.0.
        from_ (datetime.datetime | None | Unset): first candle start (inclusive)
        to (datetime.datetime | None | Unset): last candle start (exclusive)
        limit (int | Unset): at most this many candles, the latest Default: 500.
        min_position (int | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        IndicatorReply | Problem
    """

    return (
        await asyncio_detailed(
            symbol=symbol,
            client=client,
            interval=interval,
            name=name,
            period=period,
            fast=fast,
            slow=slow,
            signal=signal,
            k=k,
            from_=from_,
            to=to,
            limit=limit,
            min_position=min_position,
        )
    ).parsed
