from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.revoked_key_reply import RevokedKeyReply
from ...types import UNSET, Response, Unset


def _get_kwargs(
    api_key_id: UUID,
    *,
    idempotency_key: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/v1/api-keys/{api_key_id}".format(
            api_key_id=quote(str(api_key_id), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | RevokedKeyReply | None:
    if response.status_code == 200:
        response_200 = RevokedKeyReply.from_dict(response.json())

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
) -> Response[Problem | RevokedKeyReply]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    api_key_id: UUID,
    *,
    client: AuthenticatedClient,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[Problem | RevokedKeyReply]:
    """Revoke

     Revoke one of your API keys (another user's is 404); it stops working within a second.

    Args:
        api_key_id (UUID):
        idempotency_key (None | str | Unset): makes a retry safe: the same key and body answer the
            first result and write nothing

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | RevokedKeyReply]
    """

    kwargs = _get_kwargs(
        api_key_id=api_key_id,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    api_key_id: UUID,
    *,
    client: AuthenticatedClient,
    idempotency_key: None | str | Unset = UNSET,
) -> Problem | RevokedKeyReply | None:
    """Revoke

     Revoke one of your API keys (another user's is 404); it stops working within a second.

    Args:
        api_key_id (UUID):
        idempotency_key (None | str | Unset): makes a retry safe: the same key and body answer the
            first result and write nothing

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | RevokedKeyReply
    """

    return sync_detailed(
        api_key_id=api_key_id,
        client=client,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    api_key_id: UUID,
    *,
    client: AuthenticatedClient,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[Problem | RevokedKeyReply]:
    """Revoke

     Revoke one of your API keys (another user's is 404); it stops working within a second.

    Args:
        api_key_id (UUID):
        idempotency_key (None | str | Unset): makes a retry safe: the same key and body answer the
            first result and write nothing

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | RevokedKeyReply]
    """

    kwargs = _get_kwargs(
        api_key_id=api_key_id,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    api_key_id: UUID,
    *,
    client: AuthenticatedClient,
    idempotency_key: None | str | Unset = UNSET,
) -> Problem | RevokedKeyReply | None:
    """Revoke

     Revoke one of your API keys (another user's is 404); it stops working within a second.

    Args:
        api_key_id (UUID):
        idempotency_key (None | str | Unset): makes a retry safe: the same key and body answer the
            first result and write nothing

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | RevokedKeyReply
    """

    return (
        await asyncio_detailed(
            api_key_id=api_key_id,
            client=client,
            idempotency_key=idempotency_key,
        )
    ).parsed
