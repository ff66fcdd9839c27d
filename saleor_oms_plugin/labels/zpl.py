"""The 4×6 inch shipping label as ZPL II for Zebra-compatible thermal printers (203 dpi:
812 × 1218 dots), and batches of labels as one print job.

Text is sent as UTF-8 (``^CI28``). Every field goes through ``^FH`` with ``_`` as the hex
indicator, and ``^``, ``~`` and ``_`` in the data are written as ``_5E``, ``_7E``, ``_5F``, so
no data can end a field or start a command. Line breaks and tabs become spaces, invisible
format characters are dropped, and code points that cannot be sent (unpaired surrogates,
unassigned, private use, other control characters) become ``?``. The printer's font 0 draws
Latin, Greek and Cyrillic; other scripts need a font stored on the printer.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from .draw_label import weight_text
from .model import ShippingLabel
from .validation import check_documents

DOTS_WIDE = 812
DOTS_HIGH = 1218
MARGIN = 30
HEX_INDICATOR = "_"
ESCAPED = frozenset("^~" + HEX_INDICATOR)
QR_MAGNIFICATION = 4


def clean(text: str) -> str:
    """``text`` with what a printer cannot take substituted (see module doc)."""
    out: list[str] = []
    for char in text:
        category = unicodedata.category(char)
        if char in "\t\n\r\v\f" or category in ("Zl", "Zp"):
            out.append(" ")
        elif category == "Cf":
            continue
        elif category in ("Cc", "Cs", "Co", "Cn"):
            out.append("?")
        else:
            out.append(char)
    return "".join(out)


def field_data(text: str) -> str:
    """``text`` as the data of a ``^FH_^FD…^FS`` field."""
    return "".join(
        "".join(f"{HEX_INDICATOR}{byte:02X}" for byte in char.encode()) if char in ESCAPED else char
        for char in clean(text)
    )


def unescape(data: str) -> str:
    """The inverse of ``field_data`` on its output (what the printer prints)."""
    out = bytearray()
    index = 0
    while index < len(data):
        if data[index] == HEX_INDICATOR:
            out.append(int(data[index + 1 : index + 3], 16))
            index += 3
        else:
            out.extend(data[index].encode())
            index += 1
    return out.decode()


def _clip(text: str, characters: int) -> str:
    text = clean(text)
    return text if len(text) <= characters else text[: characters - 3].rstrip() + "..."


def _text(x: int, y: int, height: int, value: str, *, characters: int, width: int = 0) -> str:
    """One line of font 0 at ``height`` dots; ``width`` > 0 right-aligns it in that block."""
    block = f"^FB{width},1,0,R,0" if width else ""
    data = field_data(_clip(value, characters))
    return f"^FO{x},{y}^A0N,{height},{height}{block}^FH{HEX_INDICATOR}^FD{data}^FS"


def _code128_module_width(value: str) -> int:
    modules = 11 * len(value) + 35  # start, data, check symbol, stop (set B)
    for width in (3, 2):
        if modules * width <= DOTS_WIDE - 2 * MARGIN:
            return width
    return 1


def label_commands(label: ShippingLabel) -> list[str]:
    """The label's ZPL commands, one field per item, from ``^XA`` to ``^XZ``."""
    right = DOTS_WIDE - MARGIN
    block = 320
    commands = ["^XA", "^CI28", f"^PW{DOTS_WIDE}", f"^LL{DOTS_HIGH}", "^LH0,0"]
    commands.append(_text(MARGIN, 30, 18, "FROM", characters=10))
    for index, line in enumerate(label.ship_from.lines()[:6]):
        commands.append(_text(MARGIN, 54 + 24 * index, 20, line, characters=38))
    commands += [
        _text(right - block, 30, 36, label.carrier, characters=16, width=block),
        _text(right - block, 72, 26, label.service, characters=22, width=block),
        _text(right - block, 106, 26, weight_text(label.weight_grams), characters=22, width=block),
        _text(
            right - block,
            150,
            44,
            f"{label.parcel_index} of {label.parcel_count}",
            characters=14,
            width=block,
        ),
        f"^FO{MARGIN},240^GB{DOTS_WIDE - 2 * MARGIN},3,3^FS",
        _text(MARGIN, 258, 20, "SHIP TO", characters=10),
    ]
    for index, line in enumerate(label.ship_to.lines()[:7]):
        height = 40 if index == 0 else 32
        commands.append(_text(MARGIN + 20, 290 + 44 * index, height, line, characters=34))
    if label.ship_to.phone:
        commands.append(_text(MARGIN + 20, 610, 24, label.ship_to.phone, characters=40))
    commands += [
        f"^FO{MARGIN},650^GB{DOTS_WIDE - 2 * MARGIN},3,3^FS",
        f"^FO{MARGIN},670^BQN,2,{QR_MAGNIFICATION}"
        f"^FH{HEX_INDICATOR}^FDMA,{field_data(label.qr_payload)}^FS",
        _text(330, 690, 20, "REFERENCE", characters=12),
        _text(330, 720, 34, label.reference or "-", characters=22),
        _text(330, 790, 20, "TRACKING", characters=12),
        _text(330, 820, 28, label.tracking_number, characters=40),
        f"^FO{MARGIN},930^GB{DOTS_WIDE - 2 * MARGIN},3,3^FS",
        # Code 128 in ZPL treats ">" as the start of a subset switch; "><" is a literal ">".
        f"^FO{MARGIN},960^BY{_code128_module_width(label.tracking_number)}"
        f"^BCN,180,N,N,N^FH{HEX_INDICATOR}"
        f"^FD{field_data(label.tracking_number.replace('>', '><'))}^FS",
        f"^FO0,1160^A0N,30,30^FB{DOTS_WIDE},1,0,C,0^FH{HEX_INDICATOR}"
        f"^FD{field_data(label.tracking_number)}^FS",
        "^XZ",
    ]
    return commands


def label_zpl(label: ShippingLabel) -> bytes:
    """One label as a ZPL job, UTF-8."""
    return labels_zpl([label])


def labels_zpl(labels: Sequence[ShippingLabel]) -> bytes:
    """Many labels as one job, in the order given; ``DocumentInvalid`` before any is made."""
    labels = tuple(labels)
    check_documents(labels)
    return "".join("\n".join(label_commands(label)) + "\n" for label in labels).encode()
