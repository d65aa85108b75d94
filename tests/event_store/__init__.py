"""The event store against eventsourcing's contract and the safe head's guarantees.

These suites use databases of their own: the safe head is bounded by the running
transactions of its database, and the shared test database is written by every
other suite at once.
"""

from tests.support import TEST_DATABASE_URL

ISOLATED_DATABASE_URL = TEST_DATABASE_URL + "_contract"
OTHER_DATABASE_URL = TEST_DATABASE_URL + "_elsewhere"  # "another application" on the same server
