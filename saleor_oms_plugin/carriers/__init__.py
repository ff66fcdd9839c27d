"""Carriers behind one interface: rates, labels, tracking, void (``interface.py``).

Plain dataclasses in and out (``model.py``), no Django (an import-linter contract keeps it so).
Built in: "own fleet / manual tracking" (``own_fleet.py``), a carrier priced from a rate table
(``rate_table.py``), and a generic JSON-over-HTTP adapter (``http_json.py``) that shows how a
real carrier's API plugs in. Adapters are built by key from ``registry.py``.
"""
