import datetime
from http import HTTPStatus
from typing import Any
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.audit_page import AuditPage
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    user_id: None | Unset | UUID = UNSET,
    aggregate_id: None | Unset | UUID = UNSET,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
    after_position: int | Unset = 0,
    limit: int | Unset = 100,
    min_position: int | None | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_user_id: None | str | Unset
    if isinstance(user_id, Unset):
        json_user_id = UNSET
    elif isinstance(user_id, UUID):
        json_user_id = str(user_id)
    else:
        json_user_id = user_id
    params["user_id"] = json_user_id

    json_aggregate_id: None | str | Unset
    if isinstance(aggregate_id, Unset):
        json_aggregate_id = UNSET
    elif isinstance(aggregate_id, UUID):
        json_aggregate_id = str(aggregate_id)
    else:
        json_aggregate_id = aggregate_id
    params["aggregate_id"] = json_aggregate_id

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

    params["after_position"] = after_position

    params["limit"] = limit

    json_min_position: int | None | Unset
    if isinstance(min_position, Unset):
        json_min_position = UNSET
    else:
        json_min_position = min_position
    params["min_position"] = json_min_position

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/audit/events",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AuditPage | Problem | None:
    if response.status_code == 200:
        response_200 = AuditPage.from_dict(response.json())

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
) -> Response[AuditPage | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    user_id: None | Unset | UUID = UNSET,
    aggregate_id: None | Unset | UUID = UNSET,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
    after_position: int | Unset = 0,
    limit: int | Unset = 100,
    min_position: int | None | Unset = UNSET,
) -> Response[AuditPage | Problem]:
    """Events

     Every event of the log in order, filtered by user, aggregate and time; paged, or streamed as NDJSON.

    Args:
        user_id (None | Unset | UUID): events the user did (actor) or that concern them
        aggregate_id (None | Unset | UUID):
        from_ (datetime.datetime | None | Unset): timestamp, inclusive (ISO 8601 with offset)
        to (datetime.datetime | None | Unset): timestamp, exclusive (ISO 8601 with offset)
        after_position (int | Unset): only events after this position: the previous page's cursor
            Default: 0.
        limit (int | Unset): page size (JSON only; NDJSON streams the whole range) Default: 100.
        min_position (int | None | Unset): wait (bounded) until the trail has this position

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AuditPage | Problem]
    """

    kwargs = _get_kwargs(
        user_id=user_id,
        aggregate_id=aggregate_id,
        from_=from_,
        to=to,
        after_position=after_position,
        limit=limit,
        min_position=min_position,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    user_id: None | Unset | UUID = UNSET,
    aggregate_id: None | Unset | UUID = UNSET,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
    after_position: int | Unset = 0,
    limit: int | Unset = 100,
    min_position: int | None | Unset = UNSET,
) -> AuditPage | Problem | None:
    """Events

     Every event of the log in order, filtered by user, aggregate and time; paged, or streamed as NDJSON.

    Args:
        user_id (None | Unset | UUID): events the user did (actor) or that concern them
        aggregate_id (None | Unset | UUID):
        from_ (datetime.datetime | None | Unset): timestamp, inclusive (ISO 8601 with offset)
        to (datetime.datetime | None | Unset): timestamp, exclusive (ISO 8601 with offset)
        after_position (int | Unset): only events after this position: the previous page's cursor
            Default: 0.
        limit (int | Unset): page size (JSON only; NDJSON streams the whole range) Default: 100.
        min_position (int | None | Unset): wait (bounded) until the trail has this position

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AuditPage | Problem
    """

    return sync_detailed(
        client=client,
        user_id=user_id,
        aggregate_id=aggregate_id,
        from_=from_,
        to=to,
        after_position=after_position,
        limit=limit,
        min_position=min_position,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    user_id: None | Unset | UUID = UNSET,
    aggregate_id: None | Unset | UUID = UNSET,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
    after_position: int | Unset = 0,
    limit: int | Unset = 100,
    min_position: int | None | Unset = UNSET,
) -> Response[AuditPage | Problem]:
    """Events

     Every event of the log in order, filtered by user, aggregate and time; paged, or streamed as NDJSON.

    Args:
        user_id (None | Unset | UUID): events the user did (actor) or that concern them
        aggregate_id (None | Unset | UUID):
        from_ (datetime.datetime | None | Unset): timestamp, inclusive (ISO 8601 with offset)
        to (datetime.datetime | None | Unset): timestamp, exclusive (ISO 8601 with offset)
        after_position (int | Unset): only events after this position: the previous page's cursor
            Default: 0.
        limit (int | Unset): page size (JSON only; NDJSON streams the whole range) Default: 100.
        min_position (int | None | Unset): wait (bounded) until the trail has this position

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AuditPage | Problem]
    """

    kwargs = _get_kwargs(
        user_id=user_id,
        aggregate_id=aggregate_id,
        from_=from_,
        to=to,
        after_position=after_position,
        limit=limit,
        min_position=min_position,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    user_id: None | Unset | UUID = UNSET,
    aggregate_id: None | Unset | UUID = UNSET,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
    after_position: int | Unset = 0,
    limit: int | Unset = 100,
    min_position: int | None | Unset = UNSET,
) -> AuditPage | Problem | None:
    """Events

     Every event of the log in order, filtered by user, aggregate and time; paged, or streamed as NDJSON.

    Args:
        user_id (None | Unset | UUID): events the user did (actor) or that concern them
        aggregate_id (None | Unset | UUID):
        from_ (datetime.datetime | None | Unset): timestamp, inclusive (ISO 8601 with offset)
        to (datetime.datetime | None | Unset): timestamp, exclusive (ISO 8601 with offset)
        after_position (int | Unset): only events after this position: the previous page's cursor
            Default: 0.
        limit (int | Unset): page size (JSON only; NDJSON streams the whole range) Default: 100.
        min_position (int | None | Unset): wait (bounded) until the trail has this position

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AuditPage | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            user_id=user_id,
            aggregate_id=aggregate_id,
            from_=from_,
            to=to,
            after_position=after_position,
            limit=limit,
            min_position=min_position,
        )
    ).parsed
