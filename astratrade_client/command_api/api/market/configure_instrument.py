from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.instrument_reply import InstrumentReply
from ...models.instrument_request import InstrumentRequest
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    symbol: str,
    *,
    body: InstrumentRequest,
    idempotency_key: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/v1/instruments/{symbol}".format(
            symbol=quote(str(symbol), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> InstrumentReply | Problem | None:
    if response.status_code == 200:
        response_200 = InstrumentReply.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())

        return response_413

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
) -> Response[InstrumentReply | Problem]:
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
    body: InstrumentRequest,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[InstrumentReply | Problem]:
    """Configure Instrument

     Set a symbol's tick size, quantity step, max leverage, price band, min notional, staleness and
    status
    (admin only); a halted or stale symbol refuses new positions, never closes.

    Args:
        symbol (str):
        idempotency_key (None | str | Unset): makes a retry safe: the same key and body answer the
            first result and write nothing
        body (InstrumentRequest): Every setting of a symbol; omitted optional ones take their
            defaults (api.md "Markets").

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[InstrumentReply | Problem]
    """

    kwargs = _get_kwargs(
        symbol=symbol,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    symbol: str,
    *,
    client: AuthenticatedClient,
    body: InstrumentRequest,
    idempotency_key: None | str | Unset = UNSET,
) -> InstrumentReply | Problem | None:
    """Configure Instrument

     Set a symbol's tick size, quantity step, max leverage, price band, min notional, staleness and
    status
    (admin only); a halted or stale symbol refuses new positions, never closes.

    Args:
        symbol (str):
        idempotency_key (None | str | Unset): makes a retry safe: the same key and body answer the
            first result and write nothing
        body (InstrumentRequest): Every setting of a symbol; omitted optional ones take their
            defaults (api.md "Markets").

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        InstrumentReply | Problem
    """

    return sync_detailed(
        symbol=symbol,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    symbol: str,
    *,
    client: AuthenticatedClient,
    body: InstrumentRequest,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[InstrumentReply | Problem]:
    """Configure Instrument

     Set a symbol's tick size, quantity step, max leverage, price band, min notional, staleness and
    status
    (admin only); a halted or stale symbol refuses new positions, never closes.

    Args:
        symbol (str):
        idempotency_key (None | str | Unset): makes a retry safe: the same key and body answer the
            first result and write nothing
        body (InstrumentRequest): Every setting of a symbol; omitted optional ones take their
            defaults (api.md "Markets").

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[InstrumentReply | Problem]
    """

    kwargs = _get_kwargs(
        symbol=symbol,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    symbol: str,
    *,
    client: AuthenticatedClient,
    body: InstrumentRequest,
    idempotency_key: None | str | Unset = UNSET,
) -> InstrumentReply | Problem | None:
    """Configure Instrument

     Set a symbol's tick size, quantity step, max leverage, price band, min notional, staleness and
    status
    (admin only); a halted or stale symbol refuses new positions, never closes.

    Args:
        symbol (str):
        idempotency_key (None | str | Unset): makes a retry safe: the same key and body answer the
            first result and write nothing
        body (InstrumentRequest): Every setting of a symbol; omitted optional ones take their
            defaults (api.md "Markets").

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        InstrumentReply | Problem
    """

    return (
        await asyncio_detailed(
            symbol=symbol,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
