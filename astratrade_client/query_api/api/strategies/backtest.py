from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.backtest_format import BacktestFormat
from ...models.backtest_reply import BacktestReply
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    backtest_id: UUID,
    *,
    format_: BacktestFormat | Unset = BacktestFormat.JSON,
    min_position: int | None | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_format_: str | Unset = UNSET
    if not isinstance(format_, Unset):
        json_format_ = format_.value

    params["format"] = json_format_

    json_min_position: int | None | Unset
    if isinstance(min_position, Unset):
        json_min_position = UNSET
    else:
        json_min_position = min_position
    params["min_position"] = json_min_position

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/backtests/{backtest_id}".format(
            backtest_id=quote(str(backtest_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> BacktestReply | Problem | None:
    if response.status_code == 200:
        response_200 = BacktestReply.from_dict(response.json())

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
) -> Response[BacktestReply | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    backtest_id: UUID,
    *,
    client: AuthenticatedClient,
    format_: BacktestFormat | Unset = BacktestFormat.JSON,
    min_position: int | None | Unset = UNSET,
) -> Response[BacktestReply | Problem]:
    """Backtest

     One of the caller's backtests: status, progress, and once done its stats, trades and equity curve.

    Args:
        backtest_id (UUID):
        format_ (BacktestFormat | Unset):  Default: BacktestFormat.JSON.
        min_position (int | None | Unset): wait (bounded) until the read model has applied this
            global log position; pass the `position` a command answered

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BacktestReply | Problem]
    """

    kwargs = _get_kwargs(
        backtest_id=backtest_id,
        format_=format_,
        min_position=min_position,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    backtest_id: UUID,
    *,
    client: AuthenticatedClient,
    format_: BacktestFormat | Unset = BacktestFormat.JSON,
    min_position: int | None | Unset = UNSET,
) -> BacktestReply | Problem | None:
    """Backtest

     One of the caller's backtests: status, progress, and once done its stats, trades and equity curve.

    Args:
        backtest_id (UUID):
        format_ (BacktestFormat | Unset):  Default: BacktestFormat.JSON.
        min_position (int | None | Unset): wait (bounded) until the read model has applied this
            global log position; pass the `position` a command answered

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BacktestReply | Problem
    """

    return sync_detailed(
        backtest_id=backtest_id,
        client=client,
        format_=format_,
        min_position=min_position,
    ).parsed


async def asyncio_detailed(
    backtest_id: UUID,
    *,
    client: AuthenticatedClient,
    format_: BacktestFormat | Unset = BacktestFormat.JSON,
    min_position: int | None | Unset = UNSET,
) -> Response[BacktestReply | Problem]:
    """Backtest

     One of the caller's backtests: status, progress, and once done its stats, trades and equity curve.

    Args:
        backtest_id (UUID):
        format_ (BacktestFormat | Unset):  Default: BacktestFormat.JSON.
        min_position (int | None | Unset): wait (bounded) until the read model has applied this
            global log position; pass the `position` a command answered

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BacktestReply | Problem]
    """

    kwargs = _get_kwargs(
        backtest_id=backtest_id,
        format_=format_,
        min_position=min_position,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    backtest_id: UUID,
    *,
    client: AuthenticatedClient,
    format_: BacktestFormat | Unset = BacktestFormat.JSON,
    min_position: int | None | Unset = UNSET,
) -> BacktestReply | Problem | None:
    """Backtest

     One of the caller's backtests: status, progress, and once done its stats, trades and equity curve.

    Args:
        backtest_id (UUID):
        format_ (BacktestFormat | Unset):  Default: BacktestFormat.JSON.
        min_position (int | None | Unset): wait (bounded) until the read model has applied this
            global log position; pass the `position` a command answered

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BacktestReply | Problem
    """

    return (
        await asyncio_detailed(
            backtest_id=backtest_id,
            client=client,
            format_=format_,
            min_position=min_position,
        )
    ).parsed
