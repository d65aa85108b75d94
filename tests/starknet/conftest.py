"""Fixtures of the Starknet tests: keys, a fake node on a loopback port, a chain wired to it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from dramatiq import Broker
from dramatiq.middleware import AgeLimit, Callbacks, Pipelines, Retries, ShutdownNotifications, TimeLimit
from starknet_py.net.signer.key_pair import KeyPair

from contracts.chain import Chain
from contracts.client import StarknetRpc
from contracts.signing import OfflineSigner
from event_store.application import EventStore
from jobs import starknet
from projections.anchors.projection import AnchorsProjection
from projections.audit.projection import AuditProjection
from projections.runtime import ReadModels
from services.commands import CommandRunner
from services.onchain import OnchainService
from tests.job_brokers import dispose, job_broker_for
from tests.starknet.fake_node import SEPOLIA, FakeNode, serve
from tests.starknet.support import install, read_models_for

ACCOUNT = 0x0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCD
PRIVATE_KEY = 0x2DCCCE1DA22003777062EE0870E9881B01A8E66B80B5A1DD2ED47F2A9B24E51
ANCHOR_ADDRESS = 0x041A7C40A17C40A17C40A17C40A17C40A17C40A17C40A17C40A17C40A17C40A
VAULT_ADDRESS = 0x05FA017FA017FA017FA017FA017FA017FA017FA017FA017FA017FA017FA017F
RECIPIENT = "0x05e7d1a1c4b2e3f4a5b6c7d8e9f00112233445566778899aabbccddeeff0011"


@pytest.fixture
def signer() -> OfflineSigner:
    return OfflineSigner(ACCOUNT, PRIVATE_KEY, SEPOLIA)


@pytest.fixture
def node() -> Iterator[FakeNode]:
    with serve(FakeNode(public_keys={ACCOUNT: KeyPair.from_private_key(PRIVATE_KEY).public_key})) as running:
        yield running


@pytest.fixture
def rpc(node: FakeNode) -> Iterator[StarknetRpc]:
    client = StarknetRpc(node.url, timeout=5.0)
    yield client
    client.close()


@pytest.fixture
def chain(node: FakeNode) -> Iterator[Chain]:
    """A configured chain whose chain id is asked of the (fake) node."""
    configured = Chain(
        StarknetRpc(node.url, timeout=5.0), ACCOUNT, PRIVATE_KEY, anchor=ANCHOR_ADDRESS, vault=VAULT_ADDRESS
    )
    yield configured
    configured.close()


@pytest.fixture
def trail_models(es_env: dict[str, str]) -> Iterator[ReadModels]:
    """Read models with the real audit trail (whose chain head is anchored) and the anchors table."""
    with read_models_for(es_env, [AuditProjection(), AnchorsProjection()]) as read_models:
        yield read_models


@pytest.fixture
def broker(broker_kind: str, broker_urls: tuple[str, str | None]) -> Iterator[Broker]:
    """A broker of each kind (Redis, RabbitMQ) of the test's own, with production's middleware and a fast backoff."""
    test_broker = job_broker_for(
        broker_kind,
        *broker_urls,
        middleware=[
            AgeLimit(),
            TimeLimit(),
            ShutdownNotifications(),
            Callbacks(),
            Pipelines(),
            Retries(min_backoff=20, max_backoff=200),
        ],
    )
    for actor in (starknet.submit_anchor, starknet.submit_settlement):
        test_broker.declare_actor(actor)
    yield test_broker
    dispose(test_broker)


@pytest.fixture
def service(store: EventStore) -> OnchainService:
    return OnchainService(CommandRunner(store))


@pytest.fixture
def jobs(store: EventStore, trail_models: ReadModels, chain: Chain) -> Iterator[starknet.StarknetJobs]:
    """The Starknet jobs of this process, wired to the fake node."""
    with install(starknet.StarknetJobs(store, trail_models, chain)) as installed:
        yield installed
