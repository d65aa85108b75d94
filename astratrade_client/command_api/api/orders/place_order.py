from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.order_reply import OrderReply
from ...models.place_order_request import PlaceOrderRequest
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: PlaceOrderRequest,
    idempotency_key: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/orders",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> OrderReply | Problem | None:
    if response.status_code == 201:
        response_201 = OrderReply.from_dict(response.json())

        return response_201

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

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
) -> Response[OrderReply | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: PlaceOrderRequest,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[OrderReply | Problem]:
    """Place Order

     Place a market, limit, stop, twap or vwap order: a resting one reserves margin + fee at its price
    (409
    insufficient_funds); it fills at the first tick reaching it, at that tick's price. A twap/vwap order
    holds each
    slice's margin + fee until that slice fills at the market price, into one position.

    Args:
        idempotency_key (None | str | Unset): makes a retry safe: the same key and body answer the
            first result and write nothing
        body (PlaceOrderRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OrderReply | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: PlaceOrderRequest,
    idempotency_key: None | str | Unset = UNSET,
) -> OrderReply | Problem | None:
    """Place Order

     Place a market, limit, stop, twap or vwap order: a resting one reserves margin + fee at its price
    (409
    insufficient_funds); it fills at the first tick reaching it, at that tick's price. A twap/vwap order
    holds each
    slice's margin + fee until that slice fills at the market price, into one position.

    Args:
        idempotency_key (None | str | Unset): makes a retry safe: the same key and body answer the
            first result and write nothing
        body (PlaceOrderRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OrderReply | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: PlaceOrderRequest,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[OrderReply | Problem]:
    """Place Order

     Place a market, limit, stop, twap or vwap order: a resting one reserves margin + fee at its price
    (409
    insufficient_funds); it fills at the first tick reaching it, at that tick's price. A twap/vwap order
    holds each
    slice's margin + fee until that slice fills at the market price, into one position.

    Args:
        idempotency_key (None | str | Unset): makes a retry safe: the same key and body answer the
            first result and write nothing
        body (PlaceOrderRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OrderReply | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: PlaceOrderRequest,
    idempotency_key: None | str | Unset = UNSET,
) -> OrderReply | Problem | None:
    """Place Order

     Place a market, limit, stop, twap or vwap order: a resting one reserves margin + fee at its price
    (409
    insufficient_funds); it fills at the first tick reaching it, at that tick's price. A twap/vwap order
    holds each
    slice's margin + fee until that slice fills at the market price, into one position.

    Args:
        idempotency_key (None | str | Unset): makes a retry safe: the same key and body answer the
            first result and write nothing
        body (PlaceOrderRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OrderReply | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
