"""Array parameters sent in PostgreSQL's binary format, packed with ``struct``.

psycopg adapts a Python list by inspecting its elements, choosing a dumper for
them and dumping each one through it: the biggest single item of an append's
Python CPU (the py-spy profile in docs/performance.md). The append's arrays have
fixed element types, so they are packed here directly in the wire format
(``array_recv``: ndim, has-null flag, element oid, then per dimension size and
lower bound, then each element as a 4-byte length and its bytes) and handed to
psycopg as one opaque binary parameter of the right array type. No NULL elements.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from itertools import chain
from uuid import UUID

from psycopg import adapters
from psycopg.adapt import Dumper
from psycopg.pq import Format

_ONE_DIM = struct.Struct("!iiIii")  # ndim=1, no nulls, element oid, length, lower bound 1
_NO_DIM = struct.Struct("!iiI")  # the empty array: ndim=0
_UUID_LEN = struct.pack("!i", 16)
_length = struct.Struct("!i").pack
_INT8, _INT4, _UUID, _TEXT, _BYTEA = 20, 23, 2950, 25, 17


class BinaryArray:
    """An array already in PostgreSQL's binary format; subclasses name its SQL type."""

    __slots__ = ("data",)

    def __init__(self, data: bytes) -> None:
        self.data = data


class UuidArray(BinaryArray):
    __slots__ = ()


class Int8Array(BinaryArray):
    __slots__ = ()


class Int4Array(BinaryArray):
    __slots__ = ()


class TextArray(BinaryArray):
    __slots__ = ()


class ByteaArray(BinaryArray):
    __slots__ = ()


def _header(element_oid: int, n: int) -> bytes:
    return _ONE_DIM.pack(1, 0, element_oid, n, 1) if n else _NO_DIM.pack(0, 0, element_oid)


def _variable(element_oid: int, items: Sequence[bytes]) -> bytes:
    return _header(element_oid, len(items)) + b"".join([_length(len(b)) + b for b in items])


def uuids(values: Sequence[UUID]) -> UuidArray:
    return UuidArray(_header(_UUID, len(values)) + b"".join(_UUID_LEN + v.bytes for v in values))


def int8s(values: Sequence[int]) -> Int8Array:
    body = struct.pack("!" + "iq" * len(values), *chain.from_iterable((8, v) for v in values))
    return Int8Array(_header(_INT8, len(values)) + body)


def int4s(values: Sequence[int]) -> Int4Array:
    body = struct.pack("!" + "ii" * len(values), *chain.from_iterable((4, v) for v in values))
    return Int4Array(_header(_INT4, len(values)) + body)


def texts(values: Sequence[str]) -> TextArray:
    return TextArray(_header(_TEXT, len(values)) + b"".join([_length(len(b)) + b for b in map(str.encode, values)]))


def byteas(values: Sequence[bytes]) -> ByteaArray:
    return ByteaArray(_variable(_BYTEA, values))


def _dumper(array_oid: int) -> type[Dumper]:
    class _Dumper(Dumper):
        format = Format.BINARY
        oid = array_oid

        def dump(self, obj: BinaryArray) -> bytes:
            return obj.data

    return _Dumper


# Registered once, globally: connections copy the global adapters when they open, and
# these classes are ours alone, so no other parameter's adaptation changes.
for _cls, _array_oid in (
    (UuidArray, 2951),
    (Int8Array, 1016),
    (Int4Array, 1007),
    (TextArray, 1009),
    (ByteaArray, 1001),
):
    adapters.register_dumper(_cls, _dumper(_array_oid))
