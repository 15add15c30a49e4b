"""Series as compact bytes: float64 values, little-endian, in one blob per column.

A million-point curve is 8 MB a column and goes in and out as one copy (array('d')), where one
row a point would take seconds to write and read."""

from __future__ import annotations

import sys
from array import array
from collections.abc import Sequence


def pack(values: Sequence[float]) -> bytes:
    packed = values if isinstance(values, array) and values.typecode == "d" else array("d", values)
    if sys.byteorder == "big":  # the file is the same on every machine: little-endian
        packed = array("d", packed)
        packed.byteswap()
    return packed.tobytes()


def unpack(blob: bytes) -> array[float]:
    values = array("d")
    values.frombytes(blob)
    if sys.byteorder == "big":
        values.byteswap()
    return values
