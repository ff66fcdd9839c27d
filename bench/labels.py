"""Label printing benchmark: 500 shipping labels in one PDF, and the same labels as ZPL.

    .venv/bin/python bench/labels.py [--labels 500] [--seed 7] [--json]

Pure Python, no database. A seeded generator makes realistic labels: ship-to names and cities
in several scripts (Latin with accents, Cyrillic, Greek, Chinese, Arabic), two-line streets,
parcel n of m, a tracking number with its check digit (``carriers.numbering``) and a tracking
URL in the QR code. Figures:

- ``labels_pdf_seconds``: ``labels.pdf.labels_pdf`` of all of them, one 4×6 page each (fonts
  are found and registered before the clock starts: ``fonts_seconds``, once per process), and
  ``labels_pdf_cpu_seconds``, the CPU time of the same (this process only: the figure least
  disturbed by neighbours on a shared machine);
- ``reprint_identical``: the same labels printed again give the same bytes;
- ``batch_pdf_seconds``: a wave's batch in pick order: one pick list of every line, then per
  order its packing slip (A4) and label, as one PDF (``batch_pages`` pages);
- ``zpl_labels_per_s``: ``labels.zpl.labels_zpl`` of all of them, repeated for at least a
  second.
The load average is recorded before and after: wall-clock figures on a shared machine say as
much about the neighbours as about the code.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from saleor_oms_plugin.carriers.numbering import tracking_number_make  # noqa: E402
from saleor_oms_plugin.labels.fonts import font_chain  # noqa: E402
from saleor_oms_plugin.labels.model import (  # noqa: E402
    Address,
    Document,
    PackingSlip,
    PickList,
    PickListLine,
    ShippingLabel,
    SlipLine,
    ToteSplit,
)
from saleor_oms_plugin.labels.pdf import documents_pdf, labels_pdf  # noqa: E402
from saleor_oms_plugin.labels.zpl import labels_zpl  # noqa: E402

TARGETS = {"labels_pdf_seconds": ("<=", 10.0)}
PEOPLE = {
    "DE": (
        ["Jürgen", "Anna-Lena", "Özlem", "Maximilian"],
        ["Müller", "Groß", "Schäfer"],
        ["Köln", "München", "Düsseldorf"],
    ),
    "FR": (
        ["Élodie", "François", "Zoë"],
        ["Lefèvre", "Dubois", "Garçon"],
        ["Besançon", "Orléans", "Paris"],
    ),
    "PL": (
        ["Łukasz", "Zofia", "Wojciech"],
        ["Wróbel", "Żak", "Kowalczyk"],
        ["Łódź", "Gdańsk", "Kraków"],
    ),
    "UA": (["Олександр", "Марія", "Дмитро"], ["Шевченко", "Коваленко"], ["Київ", "Львів"]),
    "GR": (["Νίκος", "Ελένη"], ["Παπαδόπουλος", "Γεωργίου"], ["Αθήνα", "Θεσσαλονίκη"]),
    "CN": (["伟", "芳", "娜"], ["王", "李", "张"], ["北京", "上海"]),
    "AE": (["محمد", "فاطمة"], ["الهاشمي", "المنصوري"], ["دبي", "أبوظبي"]),
    "US": (["Mary", "James", "Chloé"], ["O'Brien", "Smith", "García"], ["Austin", "Boston"]),
}
STREETS = (
    "Hauptstraße",
    "Rue de la Paix",
    "ul. Długa",
    "вул. Хрещатик",
    "Οδός Ερμού",
    "长安街",
    "شارع الشيخ زايد",
    "Main Street",
)
CARRIERS = (("Own fleet", "Standard"), ("Parcel Co", "Express"), ("Parcel Co", "Standard"))
PRODUCTS = (
    "T-shirt «Nordlicht»",
    "Mug 350 ml",
    "Hoodie — navy",
    "Socks (3 pairs)",
    "Notebook A5 dotted",
    "Сумка-шоппер",
    "马克杯",
    "Water bottle 0.75 l",
)


def address(rng: random.Random) -> Address:
    country = rng.choice(sorted(PEOPLE))
    first, last, cities = PEOPLE[country]
    return Address(
        name=f"{rng.choice(first)} {rng.choice(last)}",
        street_1=f"{rng.choice(STREETS)} {rng.randint(1, 250)}",
        street_2=rng.choice(["", "", f"Apt. {rng.randint(1, 90)}", "c/o Reception"]),
        city=rng.choice(cities),
        postal_code=f"{rng.randint(1000, 99999)}",
        country=country,
        phone=rng.choice(
            ["", f"+{rng.randint(1, 99)} {rng.randint(100, 999)} {rng.randint(1000, 9999999)}"]
        ),
    )


SHIP_FROM = Address(
    company="Demo Shop GmbH",
    name="Shipping desk",
    street_1="Lagerstraße 12",
    postal_code="20095",
    city="Hamburg",
    country="DE",
)


def build_labels(rng: random.Random, count: int) -> list[ShippingLabel]:
    labels: list[ShippingLabel] = []
    order = 100_000
    while len(labels) < count:
        order += 1
        ship_to = address(rng)
        carrier, service = rng.choice(CARRIERS)
        number = tracking_number_make(
            "OF" if carrier == "Own fleet" else "PC", rng.randrange(10**8)
        )
        parcels = min(rng.choice([1, 1, 1, 2, 3]), count - len(labels))
        for index in range(1, parcels + 1):
            labels.append(
                ShippingLabel(
                    tracking_number=number,
                    carrier=carrier,
                    service=service,
                    ship_from=SHIP_FROM,
                    ship_to=ship_to,
                    weight_grams=rng.randint(80, 25_000),
                    parcel_index=index,
                    parcel_count=parcels,
                    reference=f"#{order}",
                    qr_data=f"https://track.example.com/{number}",
                )
            )
    return labels


def build_batch(rng: random.Random, labels: list[ShippingLabel]) -> list[Document]:
    """A pick list of every line, then per order (in pick order) its slip and its labels."""
    by_order: dict[str, list[ShippingLabel]] = {}
    for label in labels:
        by_order.setdefault(label.reference, []).append(label)
    slips: list[PackingSlip] = []
    pick_lines: list[PickListLine] = []
    for tote, (reference, parcels) in enumerate(by_order.items(), start=1):
        lines = tuple(
            SlipLine(f"SKU-{rng.randrange(5000):04d}", rng.choice(PRODUCTS), rng.randint(1, 3))
            for _ in range(rng.randint(1, 5))
        )
        slips.append(
            PackingSlip(
                order=reference.lstrip("#"),
                ship_from=SHIP_FROM,
                ship_to=parcels[0].ship_to,
                lines=lines,
                order_date="2026-12-01",
            )
        )
        for line in lines:
            pick_lines.append(
                PickListLine(
                    sequence=rng.randrange(10**6),
                    bin=f"{rng.choice('ABCDE')}-{rng.randrange(1000):03d}",
                    sku=line.sku,
                    name=line.name,
                    quantity=line.quantity,
                    splits=(ToteSplit(tote, reference, line.quantity),),
                )
            )
    documents: list[Document] = [PickList("WAVE-1", "Hamburg DC", tuple(pick_lines), "wave")]
    for slip in slips:
        documents.append(slip)
        documents.extend(by_order[f"#{slip.order}"])
    return documents


def run(args: argparse.Namespace) -> dict[str, object]:
    rng = random.Random(args.seed)
    labels = build_labels(rng, args.labels)
    batch = build_batch(rng, labels)
    load_before = os.getloadavg()

    started = time.perf_counter()
    fonts = font_chain()
    fonts_seconds = time.perf_counter() - started

    started, cpu_started = time.perf_counter(), time.process_time()
    pdf = labels_pdf(labels)
    pdf_seconds = time.perf_counter() - started
    pdf_cpu_seconds = time.process_time() - cpu_started
    reprint = labels_pdf(labels)

    started = time.perf_counter()
    batch_pdf = documents_pdf(batch)
    batch_seconds = time.perf_counter() - started

    rounds, started = 0, time.perf_counter()
    while True:
        zpl = labels_zpl(labels)
        rounds += 1
        elapsed = time.perf_counter() - started
        if elapsed >= 1.0:
            break

    figures: dict[str, object] = {
        "seed": args.seed,
        "labels": len(labels),
        "fonts": [font.name for font in fonts],
        "fonts_seconds": round(fonts_seconds, 4),
        "labels_pdf_seconds": round(pdf_seconds, 3),
        "labels_pdf_cpu_seconds": round(pdf_cpu_seconds, 3),
        "labels_pdf_bytes": len(pdf),
        "labels_pdf_pages": pdf.count(b"/Type /Page\n"),
        "reprint_identical": reprint == pdf,
        "batch_documents": len(batch),
        "batch_pdf_seconds": round(batch_seconds, 3),
        "batch_pages": batch_pdf.count(b"/Type /Page\n"),
        "zpl_labels_per_s": round(rounds * len(labels) / elapsed, 1),
        "zpl_bytes": len(zpl),
        "load_before": [round(v, 2) for v in load_before],
        "load_after": [round(v, 2) for v in os.getloadavg()],
    }
    figures["targets_met"] = {
        name: (figures[name] <= limit if op == "<=" else figures[name] >= limit)  # type: ignore[operator]
        for name, (op, limit) in TARGETS.items()
    }
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=int, default=500)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="one JSON object on stdout")
    args = parser.parse_args()
    figures = run(args)
    if args.json:
        print(json.dumps(figures, ensure_ascii=False))
    else:
        for name, value in figures.items():
            print(f"{name:>20}: {value}")
    return 0 if figures["reprint_identical"] else 1


if __name__ == "__main__":
    sys.exit(main())
