from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.set_exits_reply import SetExitsReply
from ...models.set_exits_request import SetExitsRequest
from ...types import UNSET, Response, Unset


def _get_kwargs(
    position_id: UUID,
    *,
    body: SetExitsRequest,
    idempotency_key: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/v1/positions/{position_id}/exits".format(
            position_id=quote(str(position_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | SetExitsReply | None:
    if response.status_code == 200:
        response_200 = SetExitsReply.from_dict(response.json())

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
) -> Response[Problem | SetExitsReply]:
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
    body: SetExitsRequest,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[Problem | SetExitsReply]:
    """Set Exits

     Set the caller's own open position's stop loss, take profit and trailing stop (absent: unchanged,
    null: removed); a stop the liquidation would reach first is 422 ``stop_beyond_liquidation``.

    Args:
        position_id (UUID):
        idempotency_key (None | str | Unset): makes a retry safe: the same key and body answer the
            first result and write nothing
        body (SetExitsRequest): Each exit is optional: absent keeps the current one, null removes
            it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SetExitsReply]
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
    body: SetExitsRequest,
    idempotency_key: None | str | Unset = UNSET,
) -> Problem | SetExitsReply | None:
    """Set Exits

     Set the caller's own open position's stop loss, take profit and trailing stop (absent: unchanged,
    null: removed); a stop the liquidation would reach first is 422 ``stop_beyond_liquidation``.

    Args:
        position_id (UUID):
        idempotency_key (None | str | Unset): makes a retry safe: the same key and body answer the
            first result and write nothing
        body (SetExitsRequest): Each exit is optional: absent keeps the current one, null removes
            it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SetExitsReply
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
    body: SetExitsRequest,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[Problem | SetExitsReply]:
    """Set Exits

     Set the caller's own open position's stop loss, take profit and trailing stop (absent: unchanged,
    null: removed); a stop the liquidation would reach first is 422 ``stop_beyond_liquidation``.

    Args:
        position_id (UUID):
        idempotency_key (None | str | Unset): makes a retry safe: the same key and body answer the
            first result and write nothing
        body (SetExitsRequest): Each exit is optional: absent keeps the current one, null removes
            it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SetExitsReply]
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
    body: SetExitsRequest,
    idempotency_key: None | str | Unset = UNSET,
) -> Problem | SetExitsReply | None:
    """Set Exits

     Set the caller's own open position's stop loss, take profit and trailing stop (absent: unchanged,
    null: removed); a stop the liquidation would reach first is 422 ``stop_beyond_liquidation``.

    Args:
        position_id (UUID):
        idempotency_key (None | str | Unset): makes a retry safe: the same key and body answer the
            first result and write nothing
        body (SetExitsRequest): Each exit is optional: absent keeps the current one, null removes
            it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SetExitsReply
    """

    return (
        await asyncio_detailed(
            position_id=position_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
