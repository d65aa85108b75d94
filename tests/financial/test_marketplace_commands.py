"""NFT listing and purchase on real PostgreSQL: exact cash, revenue, refusals with no write, one transaction."""

from __future__ import annotations

from decimal import Decimal as D
from uuid import UUID, uuid4

import psycopg
import pytest
from psycopg import sql

from aggregates.errors import Forbidden, InsufficientFunds, NotFound
from aggregates.financial.revenue import PlatformRevenue, revenue_book_id
from aggregates.nft.errors import CannotBuyOwnNft, NftAlreadyMinted, NftNotListed
from event_store.application import EventStore
from services.nft import NftService
from tests.financial.support import CTX, logged, wallet
from tests.support import conninfo


@pytest.fixture
def listed(nfts: NftService, traders) -> tuple[UUID, UUID, UUID]:
    """Alice's badge listed at 100.00; bob holds 1000.00. (seller, buyer, nft)"""
    alice, bob = traders(2)
    nft_id = UUID(nfts.mint_badge(alice, "first_trade", CTX).body["nft_id"])
    nfts.list_for_sale(alice, nft_id, D("100.00"), CTX)
    return alice, bob, nft_id


def test_cash_moves_buyer_to_seller_less_2_5_percent_and_the_fee_is_revenue_when_bought(store, nfts, listed):
    alice, bob, nft_id = listed

    result = nfts.purchase(bob, nft_id, D("100.00"), CTX)

    assert result.body | {"nft_id": str(nft_id)} == {
        "nft_id": str(nft_id),
        "buyer_id": str(bob),
        "seller_id": str(alice),
        "price": "100.00",
        "fee": "2.50",
        "cash": "900.00",
    }
    assert (wallet(store, bob).cash, wallet(store, alice).cash) == (D("900.00"), D("1097.50"))
    book: PlatformRevenue = store.repository.get(revenue_book_id(alice))
    assert book.total == D("2.50") and book.by_source == {"marketplace_fee": D("2.50")}
    assert store.repository.get(nft_id).owner_id == bob


def test_one_transaction_writes_buyer_seller_revenue_and_nft_when_bought(store, nfts, listed):
    _, bob, nft_id = listed
    before = logged(store)[-1].position

    result = nfts.purchase(bob, nft_id, D("100.00"), CTX)

    written = logged(store, after=before)
    assert [e.topic for e in written] == [
        "trading.Wallet.NftBought",
        "trading.Wallet.NftSold",
        "financial.PlatformRevenue.Opened",
        "financial.PlatformRevenue.Recorded",
        "nft.Nft.Purchased",
    ]
    assert len({e.position >> 20 for e in written}) == 1  # one transaction id
    assert written[-1].position == result.position


def test_nothing_is_written_when_the_nft_is_the_buyers_own(store, nfts, listed):
    alice, _, nft_id = listed
    before = logged(store)
    with pytest.raises(CannotBuyOwnNft) as refused:
        nfts.purchase(alice, nft_id, D("100.00"), CTX)
    assert (refused.value.status, refused.value.code) == (409, "cannot_buy_own_nft")
    assert logged(store) == before


def test_nothing_is_written_when_the_nft_is_not_listed(store, nfts, traders):
    alice, bob = traders(2)
    nft_id = UUID(nfts.mint_badge(alice, "ten_trades", CTX).body["nft_id"])
    before = logged(store)
    with pytest.raises(NftNotListed) as refused:
        nfts.purchase(bob, nft_id, D("100.00"), CTX)
    assert (refused.value.status, refused.value.code) == (409, "nft_not_listed")
    assert logged(store) == before


def test_nothing_is_written_when_the_buyer_cannot_pay(store, nfts, listed, traders):
    _, _, nft_id = listed
    [poor] = traders(1, cash="99.99")
    before = logged(store)
    with pytest.raises(InsufficientFunds):
        nfts.purchase(poor, nft_id, D("100.00"), CTX)
    assert logged(store) == before
    assert wallet(store, poor).cash == D("99.99")


def test_404_when_the_nft_does_not_exist_and_403_when_listing_another_users(nfts, listed):
    _, bob, nft_id = listed
    with pytest.raises(NotFound):
        nfts.purchase(bob, uuid4(), D("100.00"), CTX)
    with pytest.raises(NotFound):
        nfts.list_for_sale(bob, uuid4(), D("1.00"), CTX)
    with pytest.raises(Forbidden) as refused:
        nfts.list_for_sale(bob, nft_id, D("1.00"), CTX)
    assert refused.value.status == 403


def test_badge_is_minted_once_when_minted_again(store, nfts, traders):
    [alice] = traders(1)
    nfts.mint_badge(alice, "level_5", CTX)
    with pytest.raises(NftAlreadyMinted):
        nfts.mint_badge(alice, "level_5", CTX)
    assert len(logged(store, topics=("nft.Nft.Minted",))) == 1


def test_no_aggregate_is_written_when_the_append_fails_after_the_first_aggregates_rows(store: EventStore, nfts, listed):
    # Given a trigger that fails the append on its last row (the NFT's), after the wallets' and revenue rows
    _, bob, nft_id = listed
    schema = sql.Identifier(store.env["POSTGRES_SCHEMA"])
    with_trigger(store, schema, "RAISE EXCEPTION 'injected failure after the other aggregates'")
    before = logged(store)
    # When the purchase is saved
    with pytest.raises(Exception, match="injected failure"):
        nfts.purchase(bob, nft_id, D("100.00"), CTX)
    # Then none of its four aggregates has a new event
    assert logged(store) == before
    assert wallet(store, bob).cash == D("1000.00") and store.repository.get(nft_id).listed


def with_trigger(store: EventStore, schema: sql.Identifier, body: str) -> None:
    """A BEFORE INSERT trigger on the events table that runs ``body`` for nft.Nft.Purchased rows."""
    with psycopg.connect(conninfo(store.env), autocommit=True) as conn:
        conn.execute(
            sql.SQL(
                "CREATE FUNCTION {s}.on_purchase() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                "IF NEW.topic = 'nft.Nft.Purchased' THEN " + body + "; END IF; RETURN NEW; END $$"
            ).format(s=schema)
        )
        conn.execute(
            sql.SQL(
                "CREATE TRIGGER on_purchase BEFORE INSERT ON {s}.astratrade_events "
                "FOR EACH ROW EXECUTE FUNCTION {s}.on_purchase()"
            ).format(s=schema)
        )
