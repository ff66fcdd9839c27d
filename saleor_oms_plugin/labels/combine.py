"""Labels already issued, combined into one print job: PDF pages appended in the order given
(pypdf), ZPL jobs concatenated.

The parts are the stored bytes of each label as the carrier issued it, never re-drawn: a
label re-rendered from today's rows could differ from the one the carrier has on record (an
address corrected since, other fonts), and a carrier's own PDF cannot be re-drawn at all.
pypdf writes the same bytes for the same parts (no clock, no random file id; the producer and
title are set here), so a reprint of a wave's labels is byte-identical.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError

from .errors import DocumentInvalid, LabelIssue

PRODUCER = "Saleor OMS"


def pdfs_combine(parts: Sequence[bytes], *, title: str) -> bytes:
    """Every page of every part, in the order given, as one PDF. Raises ``DocumentInvalid``
    naming each part (``[n]``) that is not a readable PDF; nothing is combined then."""
    readers: list[PdfReader] = []
    issues: list[LabelIssue] = []
    for index, part in enumerate(parts):
        try:
            reader = PdfReader(io.BytesIO(part))
            if not reader.pages:
                raise PdfReadError("no page")
            readers.append(reader)
        except (PdfReadError, ValueError, KeyError, OSError) as error:
            issues.append(LabelIssue(f"[{index}]", f"not a readable PDF label ({error})"))
    if issues:
        raise DocumentInvalid(issues)
    writer = PdfWriter()
    for reader in readers:
        writer.append(reader)
    writer.add_metadata({"/Producer": PRODUCER, "/Creator": PRODUCER, "/Title": title})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def zpl_combine(parts: Sequence[bytes]) -> bytes:
    """The ZPL jobs one after the other (each ends with a line break), as one job."""
    return b"".join(part if part.endswith(b"\n") else part + b"\n" for part in parts)
