from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.close_position_reply import ClosePositionReply
from ...models.close_position_request import ClosePositionRequest
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    position_id: UUID,
    *,
    body: ClosePositionRequest | None | Unset = UNSET,
    idempotency_key: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/positions/{position_id}/close".format(
            position_id=quote(str(position_id), safe=""),
        ),
    }

    if isinstance(body, ClosePositionRequest):
        _kwargs["json"] = body.to_dict()
    else:
        _kwargs["json"] = body

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ClosePositionReply | Problem | None:
    if response.status_code == 200:
        response_200 = ClosePositionReply.from_dict(response.json())

        return response_200

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
) -> Response[ClosePositionReply | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    position_id: UUID,
    *,
    client: AuthenticatedClient,
    body: ClosePositionRequest | None | Unset = UNSET,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[ClosePositionReply | Problem]:
    """Close Position

     Close the caller's own position at the latest price, or only ``quantity`` of it (a partial close);
    another user's position is 404.

    Args:
        position_id (UUID):
        idempotency_key (None | str | Unset): makes a retry safe: the same key and body answer the
            first result and write nothing
        body (ClosePositionRequest | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ClosePositionReply | Problem]
    """

    kwargs = _get_kwargs(
        position_id=position_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    position_id: UUID,
    *,
    client: AuthenticatedClient,
    body: ClosePositionRequest | None | Unset = UNSET,
    idempotency_key: None | str | Unset = UNSET,
) -> ClosePositionReply | Problem | None:
    """Close Position

     Close the caller's own position at the latest price, or only ``quantity`` of it (a partial close);
    another user's position is 404.

    Args:
        position_id (UUID):
        idempotency_key (None | str | Unset): makes a retry safe: the same key and body answer the
            first result and write nothing
        body (ClosePositionRequest | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ClosePositionReply | Problem
    """

    return sync_detailed(
        position_id=position_id,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    position_id: UUID,
    *,
    client: AuthenticatedClient,
    body: ClosePositionRequest | None | Unset = UNSET,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[ClosePositionReply | Problem]:
    """Close Position

     Close the caller's own position at the latest price, or only ``quantity`` of it (a partial close);
    another user's position is 404.

    Args:
        position_id (UUID):
        idempotency_key (None | str | Unset): makes a retry safe: the same key and body answer the
            first result and write nothing
        body (ClosePositionRequest | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ClosePositionReply | Problem]
    """

    kwargs = _get_kwargs(
        position_id=position_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    position_id: UUID,
    *,
    client: AuthenticatedClient,
    body: ClosePositionRequest | None | Unset = UNSET,
    idempotency_key: None | str | Unset = UNSET,
) -> ClosePositionReply | Problem | None:
    """Close Position

     Close the caller's own position at the latest price, or only ``quantity`` of it (a partial close);
    another user's position is 404.

    Args:
        position_id (UUID):
        idempotency_key (None | str | Unset): makes a retry safe: the same key and body answer the
            first result and write nothing
        body (ClosePositionRequest | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ClosePositionReply | Problem
    """

    return (
        await asyncio_detailed(
            position_id=position_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
