"""Array parameters sent in PostgreSQL's binary format, packed with ``struct``.

psycopg adapts a Python list by inspecting its elements, choosing a dumper for
them and dumping each one through it: the biggest single item of an append's
Python CPU (the py-spy profile in docs/performance.md). The append's arrays have
fixed element types, so they are packed here directly in the wire format
(``array_recv``: ndim, has-null flag, element oid, then per dimension size and
lower bound, then each element as a 4-byte length and its bytes), each one binary
parameter of the prepared append (event_store/pg_direct.py). No NULL elements.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from itertools import chain
from uuid import UUID

_ONE_DIM = struct.Struct("!iiIii")  # ndim=1, no nulls, element oid, length, lower bound 1
_NO_DIM = struct.Struct("!iiI")  # the empty array: ndim=0
_UUID_LEN = struct.pack("!i", 16)
_length = struct.Struct("!i").pack
_INT8, _INT4, _UUID, _TEXT, _BYTEA = 20, 23, 2950, 25, 17
# The array types' oids, for the statements' parameter types.
UUID_ARRAY, INT8_ARRAY, INT4_ARRAY, TEXT_ARRAY, BYTEA_ARRAY = 2951, 1016, 1007, 1009, 1001


def _header(element_oid: int, n: int) -> bytes:
    return _ONE_DIM.pack(1, 0, element_oid, n, 1) if n else _NO_DIM.pack(0, 0, element_oid)


def _variable(element_oid: int, items: Sequence[bytes]) -> bytes:
    return _header(element_oid, len(items)) + b"".join([_length(len(b)) + b for b in items])


def uuids(values: Sequence[UUID]) -> bytes:
    return _header(_UUID, len(values)) + b"".join(_UUID_LEN + v.bytes for v in values)


def int8s(values: Sequence[int]) -> bytes:
    body = struct.pack("!" + "iq" * len(values), *chain.from_iterable((8, v) for v in values))
    return _header(_INT8, len(values)) + body


def int4s(values: Sequence[int]) -> bytes:
    body = struct.pack("!" + "ii" * len(values), *chain.from_iterable((4, v) for v in values))
    return _header(_INT4, len(values)) + body


def texts(values: Sequence[str]) -> bytes:
    return _header(_TEXT, len(values)) + b"".join([_length(len(b)) + b for b in map(str.encode, values)])


def byteas(values: Sequence[bytes]) -> bytes:
    return _variable(_BYTEA, values)
