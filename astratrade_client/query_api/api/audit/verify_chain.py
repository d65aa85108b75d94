from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.verify_reply import VerifyReply
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    from_position: int | None | Unset = UNSET,
    to_position: int | None | Unset = UNSET,
    min_position: int | None | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_from_position: int | None | Unset
    if isinstance(from_position, Unset):
        json_from_position = UNSET
    else:
        json_from_position = from_position
    params["from_position"] = json_from_position

    json_to_position: int | None | Unset
    if isinstance(to_position, Unset):
        json_to_position = UNSET
    else:
        json_to_position = to_position
    params["to_position"] = json_to_position

    json_min_position: int | None | Unset
    if isinstance(min_position, Unset):
        json_min_position = UNSET
    else:
        json_min_position = min_position
    params["min_position"] = json_min_position

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/audit/verify",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | VerifyReply | None:
    if response.status_code == 200:
        response_200 = VerifyReply.from_dict(response.json())

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
) -> Response[Problem | VerifyReply]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    from_position: int | None | Unset = UNSET,
    to_position: int | None | Unset = UNSET,
    min_position: int | None | Unset = UNSET,
) -> Response[Problem | VerifyReply]:
    """Verify Chain

     Walk the hash chain (optionally positions from..to, inclusive) against the events table.

    Args:
        from_position (int | None | Unset):
        to_position (int | None | Unset):
        min_position (int | None | Unset): wait (bounded) until the read model has applied this
            global log position; pass the `position` a command answered

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | VerifyReply]
    """

    kwargs = _get_kwargs(
        from_position=from_position,
        to_position=to_position,
        min_position=min_position,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    from_position: int | None | Unset = UNSET,
    to_position: int | None | Unset = UNSET,
    min_position: int | None | Unset = UNSET,
) -> Problem | VerifyReply | None:
    """Verify Chain

     Walk the hash chain (optionally positions from..to, inclusive) against the events table.

    Args:
        from_position (int | None | Unset):
        to_position (int | None | Unset):
        min_position (int | None | Unset): wait (bounded) until the read model has applied this
            global log position; pass the `position` a command answered

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | VerifyReply
    """

    return sync_detailed(
        client=client,
        from_position=from_position,
        to_position=to_position,
        min_position=min_position,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    from_position: int | None | Unset = UNSET,
    to_position: int | None | Unset = UNSET,
    min_position: int | None | Unset = UNSET,
) -> Response[Problem | VerifyReply]:
    """Verify Chain

     Walk the hash chain (optionally positions from..to, inclusive) against the events table.

    Args:
        from_position (int | None | Unset):
        to_position (int | None | Unset):
        min_position (int | None | Unset): wait (bounded) until the read model has applied this
            global log position; pass the `position` a command answered

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | VerifyReply]
    """

    kwargs = _get_kwargs(
        from_position=from_position,
        to_position=to_position,
        min_position=min_position,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    from_position: int | None | Unset = UNSET,
    to_position: int | None | Unset = UNSET,
    min_position: int | None | Unset = UNSET,
) -> Problem | VerifyReply | None:
    """Verify Chain

     Walk the hash chain (optionally positions from..to, inclusive) against the events table.

    Args:
        from_position (int | None | Unset):
        to_position (int | None | Unset):
        min_position (int | None | Unset): wait (bounded) until the read model has applied this
            global log position; pass the `position` a command answered

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | VerifyReply
    """

    return (
        await asyncio_detailed(
            client=client,
            from_position=from_position,
            to_position=to_position,
            min_position=min_position,
        )
    ).parsed
