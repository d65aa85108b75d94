"""The generated client (astratrade_client/): up to date with the committed OpenAPI documents, needing only
httpx and attrs, and working against both real apps over HTTP."""

from __future__ import annotations

import filecmp
import os
import subprocess
import sys
from pathlib import Path
from uuid import UUID

import pytest

from astratrade.settings import Settings
from astratrade_client.command_api import AuthenticatedClient, Client
from astratrade_client.command_api.api.auth import issue_token
from astratrade_client.command_api.api.users import register
from astratrade_client.command_api.api.wallet import deposit
from astratrade_client.command_api.models import (
    BalanceReply,
    DepositRequest,
    Problem,
    RegisterReply,
    RegisterRequest,
    TokenReply,
    TokenRequest,
)
from astratrade_client.query_api import AuthenticatedClient as QueryClient
from astratrade_client.query_api.api.portfolios import get_portfolio
from astratrade_client.query_api.models import PortfolioReply
from command_api.app import create_app as create_command_app
from event_store.application import EventStore
from projections.runtime.config import ReadModels
from query_api.app import create_app as create_query_app
from tests.leaderboard.http import served
from tests.leaderboard.support import FAST, api_settings
from tests.query_api.support import catch_up

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def _tree(directory: Path) -> set[str]:
    return {str(path.relative_to(directory)) for path in directory.rglob("*.py")}


@pytest.mark.parametrize("api", ["command_api", "query_api"])
def test_the_committed_client_is_what_the_committed_document_generates_when_regenerated(
    api: str, tmp_path: Path
) -> None:
    document = ROOT / "contracts" / "openapi" / f"{api.replace('_', '-')}.json"
    subprocess.run(
        [
            BIN / "openapi-python-client",
            "generate",
            "--path",
            document,
            "--meta",
            "none",
            "--output-path",
            tmp_path / api,
            "--config",
            ROOT / "astratrade_client" / "generator.yaml",
        ],
        check=True,
        capture_output=True,
        env={**os.environ, "PATH": f"{BIN}:{os.environ['PATH']}"},
    )
    committed = ROOT / "astratrade_client" / api
    assert _tree(tmp_path / api) == _tree(committed), "astratrade_client is stale: run scripts/contracts"
    _, mismatch, errors = filecmp.cmpfiles(committed, tmp_path / api, sorted(_tree(committed)), shallow=False)
    assert (mismatch, errors) == ([], []), "astratrade_client is stale: run scripts/contracts"


def test_the_client_needs_only_httpx_and_attrs_when_imported() -> None:
    # Every module of both clients, imported in a fresh interpreter, loads no third-party package that
    # importing httpx and attrs alone does not (so `pip install httpx attrs` is all a user needs).
    probe = """
import importlib, pkgutil, sys
def third_party():
    return {m.split('.')[0] for m in sys.modules} - set(sys.stdlib_module_names) - {'astratrade_client'}
import httpx, attrs
baseline = third_party()
import astratrade_client
for module in pkgutil.walk_packages(astratrade_client.__path__, 'astratrade_client.'):
    importlib.import_module(module.name)
print(sorted(third_party() - baseline), len(sys.modules))
"""
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT)
    assert done.stdout.startswith("[] "), done.stdout + done.stderr


def test_a_trader_registers_deposits_and_reads_its_portfolio_through_the_client_when_both_apps_serve(
    es_env: dict[str, str], store: EventStore, read_models: ReadModels, redis_url: str
) -> None:
    # Given both apps over real HTTP on this test's schemas
    settings: Settings = api_settings(redis_url).model_copy(
        update={"database_schema": es_env["POSTGRES_SCHEMA"], "rate_limit_per_second": 0.0}
    )
    with (
        served(create_command_app(settings, store=store)) as commands,
        served(create_query_app(settings, read_models, FAST)) as queries,
    ):
        anonymous = Client(base_url=commands)
        # When a trader registers, signs in and deposits through the generated client
        registered = register.sync_detailed(
            client=anonymous,
            body=RegisterRequest(username="carol", email="carol@example.com", password="correct horse battery"),
        )
        token = issue_token.sync_detailed(
            client=anonymous, body=TokenRequest(username="carol", password="correct horse battery")
        )
        assert isinstance(registered.parsed, RegisterReply) and isinstance(token.parsed, TokenReply)
        carol = AuthenticatedClient(base_url=commands, token=token.parsed.access_token)
        deposited = deposit.sync_detailed(client=carol, body=DepositRequest(amount="250.50", currency="USD"))
        refused = deposit.sync_detailed(client=carol, body=DepositRequest(amount="1e3", currency="USD"))
        assert isinstance(deposited.parsed, BalanceReply)
        catch_up(read_models, es_env, deposited.parsed.position)
        portfolio = get_portfolio.sync_detailed(
            "me",
            client=QueryClient(base_url=queries, token=token.parsed.access_token),
            min_position=deposited.parsed.position,
        )
    # Then the answers are typed models: the balance and the portfolio in decimal strings, the refusal a problem
    assert deposited.parsed.cash == "250.50"
    assert isinstance(refused.parsed, Problem) and refused.status_code == 422
    assert isinstance(portfolio.parsed, PortfolioReply)
    assert portfolio.parsed.user_id == UUID(registered.parsed.user_id)
    assert portfolio.parsed.cash["USD"] == "250.50"
