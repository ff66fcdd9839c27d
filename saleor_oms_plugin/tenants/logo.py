"""The app's logo as a PNG, drawn in code (Saleor shows it in the Dashboard's app list)."""

from __future__ import annotations

import struct
import zlib
from functools import lru_cache

SIZE = 256
_BACKGROUND = (32, 36, 56)
_MARK = (90, 200, 160)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def _pixel(x: int, y: int) -> tuple[int, int, int]:
    # A ring with a dot: a parcel's route from a location to a customer.
    cx = cy = SIZE / 2
    distance = ((x - cx) ** 2 + (y - cy) ** 2) ** 0.5
    if 70 <= distance <= 92 or distance <= 26:
        return _MARK
    return _BACKGROUND


@lru_cache(maxsize=1)
def logo_png() -> bytes:
    rows = b"".join(
        b"\x00" + bytes(channel for x in range(SIZE) for channel in _pixel(x, y))
        for y in range(SIZE)
    )
    header = struct.pack(">IIBBBBB", SIZE, SIZE, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(rows, 9))
        + _chunk(b"IEND", b"")
    )
