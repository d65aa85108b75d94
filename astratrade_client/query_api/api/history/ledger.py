import datetime
from http import HTTPStatus
from typing import Any, Literal
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.ledger_format import LedgerFormat
from ...models.ledger_reply import LedgerReply
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    user_id: Literal["me"] | Unset | UUID = "me",
    limit: int | Unset = 100,
    cursor: None | str | Unset = UNSET,
    format_: LedgerFormat | Unset = LedgerFormat.JSON,
    min_position: int | None | Unset = UNSET,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_user_id: Literal["me"] | str | Unset
    if isinstance(user_id, Unset):
        json_user_id = UNSET
    elif isinstance(user_id, UUID):
        json_user_id = str(user_id)
    else:
        json_user_id = user_id
    params["user_id"] = json_user_id

    params["limit"] = limit

    json_cursor: None | str | Unset
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor

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

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/history/ledger",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> LedgerReply | Problem | None:
    if response.status_code == 200:
        response_200 = LedgerReply.from_dict(response.json())

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
) -> Response[LedgerReply | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    user_id: Literal["me"] | Unset | UUID = "me",
    limit: int | Unset = 100,
    cursor: None | str | Unset = UNSET,
    format_: LedgerFormat | Unset = LedgerFormat.JSON,
    min_position: int | None | Unset = UNSET,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
) -> Response[LedgerReply | Problem]:
    """Ledger

     The account statement: every movement of free cash in ``[from, to)`` with the balance after it.

    Args:
        user_id (Literal['me'] | Unset | UUID): `me`, or a user id (compliance) Default: 'me'.
        limit (int | Unset):  Default: 100.
        cursor (None | str | Unset): `next_cursor` of the previous page
        format_ (LedgerFormat | Unset):  Default: LedgerFormat.JSON.
        min_position (int | None | Unset): wait (bounded) until the read model has applied this
            global log position
        from_ (datetime.datetime | None | Unset): ISO 8601 with offset, inclusive
        to (datetime.datetime | None | Unset): ISO 8601 with offset, exclusive

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[LedgerReply | Problem]
    """

    kwargs = _get_kwargs(
        user_id=user_id,
        limit=limit,
        cursor=cursor,
        format_=format_,
        min_position=min_position,
        from_=from_,
        to=to,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    user_id: Literal["me"] | Unset | UUID = "me",
    limit: int | Unset = 100,
    cursor: None | str | Unset = UNSET,
    format_: LedgerFormat | Unset = LedgerFormat.JSON,
    min_position: int | None | Unset = UNSET,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
) -> LedgerReply | Problem | None:
    """Ledger

     The account statement: every movement of free cash in ``[from, to)`` with the balance after it.

    Args:
        user_id (Literal['me'] | Unset | UUID): `me`, or a user id (compliance) Default: 'me'.
        limit (int | Unset):  Default: 100.
        cursor (None | str | Unset): `next_cursor` of the previous page
        format_ (LedgerFormat | Unset):  Default: LedgerFormat.JSON.
        min_position (int | None | Unset): wait (bounded) until the read model has applied this
            global log position
        from_ (datetime.datetime | None | Unset): ISO 8601 with offset, inclusive
        to (datetime.datetime | None | Unset): ISO 8601 with offset, exclusive

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        LedgerReply | Problem
    """

    return sync_detailed(
        client=client,
        user_id=user_id,
        limit=limit,
        cursor=cursor,
        format_=format_,
        min_position=min_position,
        from_=from_,
        to=to,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    user_id: Literal["me"] | Unset | UUID = "me",
    limit: int | Unset = 100,
    cursor: None | str | Unset = UNSET,
    format_: LedgerFormat | Unset = LedgerFormat.JSON,
    min_position: int | None | Unset = UNSET,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
) -> Response[LedgerReply | Problem]:
    """Ledger

     The account statement: every movement of free cash in ``[from, to)`` with the balance after it.

    Args:
        user_id (Literal['me'] | Unset | UUID): `me`, or a user id (compliance) Default: 'me'.
        limit (int | Unset):  Default: 100.
        cursor (None | str | Unset): `next_cursor` of the previous page
        format_ (LedgerFormat | Unset):  Default: LedgerFormat.JSON.
        min_position (int | None | Unset): wait (bounded) until the read model has applied this
            global log position
        from_ (datetime.datetime | None | Unset): ISO 8601 with offset, inclusive
        to (datetime.datetime | None | Unset): ISO 8601 with offset, exclusive

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[LedgerReply | Problem]
    """

    kwargs = _get_kwargs(
        user_id=user_id,
        limit=limit,
        cursor=cursor,
        format_=format_,
        min_position=min_position,
        from_=from_,
        to=to,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    user_id: Literal["me"] | Unset | UUID = "me",
    limit: int | Unset = 100,
    cursor: None | str | Unset = UNSET,
    format_: LedgerFormat | Unset = LedgerFormat.JSON,
    min_position: int | None | Unset = UNSET,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
) -> LedgerReply | Problem | None:
    """Ledger

     The account statement: every movement of free cash in ``[from, to)`` with the balance after it.

    Args:
        user_id (Literal['me'] | Unset | UUID): `me`, or a user id (compliance) Default: 'me'.
        limit (int | Unset):  Default: 100.
        cursor (None | str | Unset): `next_cursor` of the previous page
        format_ (LedgerFormat | Unset):  Default: LedgerFormat.JSON.
        min_position (int | None | Unset): wait (bounded) until the read model has applied this
            global log position
        from_ (datetime.datetime | None | Unset): ISO 8601 with offset, inclusive
        to (datetime.datetime | None | Unset): ISO 8601 with offset, exclusive

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        LedgerReply | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            user_id=user_id,
            limit=limit,
            cursor=cursor,
            format_=format_,
            min_position=min_position,
            from_=from_,
            to=to,
        )
    ).parsed
