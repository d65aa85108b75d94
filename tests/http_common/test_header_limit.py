"""Request headers over 16 KiB get 431 on both APIs, over a real socket, served as ``astratrade serve`` serves
them (``http_common.headers.SERVER_OPTIONS``): whether the header block arrives whole or keeps coming."""

from __future__ import annotations

import json
import select
import socket
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlparse

import httpx
import pytest
from fastapi.testclient import TestClient

from command_api.app import create_app as create_command_app
from http_common.headers import MAX_HEADER_BYTES, SERVER_OPTIONS
from query_api.app import create_app as create_query_app
from tests.leaderboard.http import served
from tests.query_api.conftest import make_settings

KIB = 1024


@pytest.fixture(params=["command", "query"])
def server(request: Any, redis_url: str, es_env: dict[str, str], store: Any, clock: Any) -> Iterator[str]:
    settings = make_settings(redis_url, DATABASE_SCHEMA=es_env["POSTGRES_SCHEMA"])
    app = (
        create_command_app(settings, store=store, clock=clock)
        if request.param == "command"
        else create_query_app(settings)
    )
    with served(app, **SERVER_OPTIONS) as base:
        yield base


def _raw(base: str, header_bytes: int, chunk: int = 4 * KIB) -> tuple[int, dict[str, Any]]:
    """GET /health with one header of ``header_bytes``, written ``chunk`` bytes at a time and stopping as
    soon as the server answers; the status and the problem document (or {})."""
    url = urlparse(base)
    request = b"GET /health HTTP/1.1\r\nHost: localhost\r\nX-Padding: " + b"a" * header_bytes + b"\r\n\r\n"
    with socket.create_connection((url.hostname, url.port), timeout=10) as conn:
        for start in range(0, len(request), chunk):
            if select.select([conn], [], [], 0)[0]:
                break  # answered (and closing) before the headers ended
            try:
                conn.sendall(request[start : start + chunk])
            except (BrokenPipeError, ConnectionResetError):
                break
        answer = b""
        try:
            while data := conn.recv(65536):
                answer += data
        except ConnectionResetError:
            # The server answered and closed while our bytes were still arriving: its kernel resets the
            # connection, which may drop the answer before we read it. Only a kept answer counts.
            pass
    head, _, body = answer.partition(b"\r\n\r\n")
    if not head:
        raise ConnectionResetError("the answer was lost to the reset")
    status = int(head.split()[1])
    return status, json.loads(body) if body.startswith(b"{") else {}


def test_431_when_a_header_block_over_16_kib_arrives_whole(server: str) -> None:
    status, problem = _raw(server, 20 * KIB, chunk=64 * KIB)
    assert (status, problem.get("type")) == (431, "headers_too_large")


def test_431_without_reading_it_all_when_32_mib_of_headers_keep_coming(server: str) -> None:
    for _ in range(4):  # a reset may race the answer on a loaded machine (see _raw): the answer must come once
        try:
            status, problem = _raw(server, 32 * KIB * KIB)
            break
        except ConnectionResetError:
            continue
    else:
        pytest.fail("every attempt lost its answer to a connection reset")
    assert (status, problem.get("type")) == (431, "headers_too_large")


def test_headers_under_the_limit_are_served(server: str) -> None:
    reply = httpx.get(f"{server}/health", headers={"X-Padding": "a" * (MAX_HEADER_BYTES // 2)})
    assert reply.status_code == 200


def test_431_problem_from_the_app_itself_when_served_by_any_server(redis_url: str) -> None:
    # The middleware alone, through the app (no socket): the rule does not depend on how the app is served.
    with TestClient(create_query_app(make_settings(redis_url))) as client:
        reply = client.get("/health", headers={"X-Padding": "a" * (MAX_HEADER_BYTES + 1)})
    assert reply.status_code == 431
    assert reply.headers["content-type"] == "application/problem+json"
