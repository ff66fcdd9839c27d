"""Warehouse documents as bytes: pick lists, packing slips, 4×6 shipping labels (PDF and ZPL),
and batches of them in one PDF.

Plain dataclasses in (``model.py``), bytes out; no Django (an import-linter contract keeps it
so), so documents are rendered and tested without a database. Output is deterministic: the
same input and fonts give the same bytes, so a reprint is the original document.
"""
