"""The event store against eventsourcing's contract and the safe head's guarantees.

These suites use databases of their own: the safe head is bounded by the running
transactions of its database, and the shared test database is written by every
other suite at once.
"""

from urllib.parse import urlparse

from tests.support import TEST_DATABASE_URL


def _sibling(suffix: str) -> str:
    """The test database's URL with ``suffix`` appended to the database name (query kept)."""
    url = urlparse(TEST_DATABASE_URL)
    return url._replace(path=url.path + suffix).geturl()


ISOLATED_DATABASE_URL = _sibling("_contract")
OTHER_DATABASE_URL = _sibling("_elsewhere")  # "another application" on the same server
