import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.pnl_distribution_reply import PnlDistributionReply
from ...models.pnl_distribution_window_type_0 import PnlDistributionWindowType0
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    window: None | PnlDistributionWindowType0 | Unset = UNSET,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
    min_position: int | None | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_window: None | str | Unset
    if isinstance(window, Unset):
        json_window = UNSET
    elif isinstance(window, PnlDistributionWindowType0):
        json_window = window.value
    else:
        json_window = window
    params["window"] = json_window

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

    json_min_position: int | None | Unset
    if isinstance(min_position, Unset):
        json_min_position = UNSET
    else:
        json_min_position = min_position
    params["min_position"] = json_min_position

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/analytics/pnl-distribution",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PnlDistributionReply | Problem | None:
    if response.status_code == 200:
        response_200 = PnlDistributionReply.from_dict(response.json())

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
) -> Response[PnlDistributionReply | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    window: None | PnlDistributionWindowType0 | Unset = UNSET,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
    min_position: int | None | Unset = UNSET,
) -> Response[PnlDistributionReply | Problem]:
    """Pnl Distribution

     Count, sum, mean, min, p5…p95 and max of closed trades' net realized P&L in a window.

    Args:
        window (None | PnlDistributionWindowType0 | Unset):
        from_ (datetime.datetime | None | Unset):
        to (datetime.datetime | None | Unset):
        min_position (int | None | Unset): wait (bounded) until the analytics read model has
            applied this global log position

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PnlDistributionReply | Problem]
    """

    kwargs = _get_kwargs(
        window=window,
        from_=from_,
        to=to,
        min_position=min_position,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    window: None | PnlDistributionWindowType0 | Unset = UNSET,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
    min_position: int | None | Unset = UNSET,
) -> PnlDistributionReply | Problem | None:
    """Pnl Distribution

     Count, sum, mean, min, p5…p95 and max of closed trades' net realized P&L in a window.

    Args:
        window (None | PnlDistributionWindowType0 | Unset):
        from_ (datetime.datetime | None | Unset):
        to (datetime.datetime | None | Unset):
        min_position (int | None | Unset): wait (bounded) until the analytics read model has
            applied this global log position

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PnlDistributionReply | Problem
    """

    return sync_detailed(
        client=client,
        window=window,
        from_=from_,
        to=to,
        min_position=min_position,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    window: None | PnlDistributionWindowType0 | Unset = UNSET,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
    min_position: int | None | Unset = UNSET,
) -> Response[PnlDistributionReply | Problem]:
    """Pnl Distribution

     Count, sum, mean, min, p5…p95 and max of closed trades' net realized P&L in a window.

    Args:
        window (None | PnlDistributionWindowType0 | Unset):
        from_ (datetime.datetime | None | Unset):
        to (datetime.datetime | None | Unset):
        min_position (int | None | Unset): wait (bounded) until the analytics read model has
            applied this global log position

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PnlDistributionReply | Problem]
    """

    kwargs = _get_kwargs(
        window=window,
        from_=from_,
        to=to,
        min_position=min_position,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    window: None | PnlDistributionWindowType0 | Unset = UNSET,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
    min_position: int | None | Unset = UNSET,
) -> PnlDistributionReply | Problem | None:
    """Pnl Distribution

     Count, sum, mean, min, p5…p95 and max of closed trades' net realized P&L in a window.

    Args:
        window (None | PnlDistributionWindowType0 | Unset):
        from_ (datetime.datetime | None | Unset):
        to (datetime.datetime | None | Unset):
        min_position (int | None | Unset): wait (bounded) until the analytics read model has
            applied this global log position

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PnlDistributionReply | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            window=window,
            from_=from_,
            to=to,
            min_position=min_position,
        )
    ).parsed
