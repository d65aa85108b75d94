from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.unlisting_reply import UnlistingReply
from ...types import UNSET, Response, Unset


def _get_kwargs(
    nft_id: UUID,
    *,
    idempotency_key: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/v1/nfts/{nft_id}/listings".format(
            nft_id=quote(str(nft_id), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | UnlistingReply | None:
    if response.status_code == 200:
        response_200 = UnlistingReply.from_dict(response.json())

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
) -> Response[Problem | UnlistingReply]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    nft_id: UUID,
    *,
    client: AuthenticatedClient,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[Problem | UnlistingReply]:
    """Withdraw Listing

     Withdraw the caller's own listing (403 another user's NFT, 409 `nft_not_listed`).

    Args:
        nft_id (UUID):
        idempotency_key (None | str | Unset): makes a retry safe: the same key and body answer the
            first result and write nothing

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | UnlistingReply]
    """

    kwargs = _get_kwargs(
        nft_id=nft_id,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    nft_id: UUID,
    *,
    client: AuthenticatedClient,
    idempotency_key: None | str | Unset = UNSET,
) -> Problem | UnlistingReply | None:
    """Withdraw Listing

     Withdraw the caller's own listing (403 another user's NFT, 409 `nft_not_listed`).

    Args:
        nft_id (UUID):
        idempotency_key (None | str | Unset): makes a retry safe: the same key and body answer the
            first result and write nothing

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | UnlistingReply
    """

    return sync_detailed(
        nft_id=nft_id,
        client=client,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    nft_id: UUID,
    *,
    client: AuthenticatedClient,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[Problem | UnlistingReply]:
    """Withdraw Listing

     Withdraw the caller's own listing (403 another user's NFT, 409 `nft_not_listed`).

    Args:
        nft_id (UUID):
        idempotency_key (None | str | Unset): makes a retry safe: the same key and body answer the
            first result and write nothing

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | UnlistingReply]
    """

    kwargs = _get_kwargs(
        nft_id=nft_id,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    nft_id: UUID,
    *,
    client: AuthenticatedClient,
    idempotency_key: None | str | Unset = UNSET,
) -> Problem | UnlistingReply | None:
    """Withdraw Listing

     Withdraw the caller's own listing (403 another user's NFT, 409 `nft_not_listed`).

    Args:
        nft_id (UUID):
        idempotency_key (None | str | Unset): makes a retry safe: the same key and body answer the
            first result and write nothing

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | UnlistingReply
    """

    return (
        await asyncio_detailed(
            nft_id=nft_id,
            client=client,
            idempotency_key=idempotency_key,
        )
    ).parsed
