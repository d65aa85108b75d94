"""Unique claims: one claim per normalised username (NFKC, casefold), keyed and private."""

from __future__ import annotations

from uuid import UUID

import pytest
from hypothesis import given as for_all
from hypothesis import settings
from hypothesis import strategies as st

from aggregates.user.claim import UniqueClaim, claim_id, normalize
from tests.unit.aggregates.spec import new_events

KEY = b"unit-test-key"
OWNER = UUID("00000000-0000-4000-8000-000000000001")


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Alice", "alice"),
        ("ＡＬＩＣＥ", "alice"),  # fullwidth letters (NFKC)
        ("Straße", "STRASSE"),  # ß casefolds to ss
        ("ﬁnn", "FINN"),  # the fi ligature (NFKC)
        ("\u212bngstr\u00f6m", "ÅNGSTRÖM"),  # angstrom sign vs A-ring
        ("Zoe\u0308", "zoë"),  # combining diaeresis vs precomposed
        (" alice ", "alice"),
        ("\u01f0\u0323", "J\u0323\u030c"),  # casefold decomposes ǰ: marks must be reordered
    ],
)
def test_claim_is_the_same_when_names_differ_only_in_case_or_unicode_form(one, other):
    assert normalize(one) == normalize(other)
    assert claim_id("username", one, KEY) == claim_id("username", other, KEY)


@pytest.mark.parametrize(
    ("one", "other"), [("alice", "alicf"), ("alice", "a1ice"), ("alice", "alice2"), ("bob", "b o b")]
)
def test_claims_differ_when_names_differ(one, other):
    assert claim_id("username", one, KEY) != claim_id("username", other, KEY)


def test_claims_differ_when_the_same_value_is_claimed_as_another_kind_or_under_another_key():
    assert claim_id("username", "alice", KEY) != claim_id("email", "alice", KEY)
    assert claim_id("username", "alice", KEY) != claim_id("username", "alice", b"another-key")


def test_claim_id_is_a_version_4_uuid_not_derived_from_the_bare_name_when_computed():
    claim = claim_id("username", "alice", KEY)
    assert claim.version == 4
    assert b"alice".hex() not in claim.hex


@settings(max_examples=300)
@for_all(st.text(max_size=12))
def test_normalising_twice_gives_the_same_key_when_normalising_any_text(name):
    assert normalize(normalize(name)) == normalize(name)


def test_claim_records_kind_and_owner_but_not_the_value_when_claimed():
    claim = UniqueClaim(id=claim_id("username", "alice", KEY), kind="username", owner_id=OWNER)

    assert new_events(claim) == [("Claimed", {"kind": "username", "owner_id": OWNER})]
    assert claim.id == claim_id("username", "ALICE", KEY)
