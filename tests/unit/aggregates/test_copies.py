"""The repository hands commands deep copies of cached aggregates: a copy must share no mutable state."""

from __future__ import annotations

from copy import deepcopy
from decimal import Decimal
from uuid import uuid4

from aggregates.social.clan import Clan
from aggregates.trading.wallet import Wallet


def test_a_copied_clan_equals_its_original_and_changing_it_leaves_the_original_alone():
    founder, joiner = uuid4(), uuid4()
    clan = Clan.found("Orbiters", founder)
    clan.collect_events()

    version = clan.version
    copy = deepcopy(clan)
    assert copy == clan and type(copy) is Clan
    copy.join(joiner)

    assert clan.members == [founder] and copy.members == [founder, joiner]
    assert clan.version == version and copy.version == version + 1
    assert clan.collect_events() == [] and len(copy.collect_events()) == 1


def test_a_copied_wallet_keeps_its_money_when_the_copy_is_refused_half_way():
    wallet = Wallet.open_for(uuid4())
    wallet.deposit(Decimal("10.00"), "USD")
    wallet.collect_events()

    copy = deepcopy(wallet)
    copy.deposit(Decimal("5.00"), "USD")

    assert (wallet.cash, wallet.version) == (Decimal("10.00"), 2)
    assert (copy.cash, copy.version) == (Decimal("15.00"), 3)
