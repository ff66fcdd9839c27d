"""The initial import on Saleor's own sample data, bad records included."""

from __future__ import annotations

from tests.live.saleor_live import wait_for

IMPORT = """query Import { tenant { import {
  state startedAt finishedAt attempts orders locations stockRows
  skipped { kind saleorId reason } errors } } }"""
SALEOR_COUNTS = """query Counts {
  orders(first: 1) { totalCount }
  warehouses(first: 1) { totalCount }
  stocks(first: 1) { totalCount }
}"""
FINISHED = {"SUCCEEDED", "COMPLETED_WITH_SKIPS", "FAILED"}


def test_the_initial_import_brings_every_order_warehouse_and_stock_row(installation):
    # given Saleor's sample store, whose old orders carry a blank origin
    counts = installation.saleor.data(SALEOR_COUNTS)

    # when the import that installation started has finished
    state = wait_for(
        "the initial import to finish",
        lambda: _finished(installation.api.data(IMPORT)["tenant"]["import"]),
        timeout=600,
        every=3,
    )

    # then it read everything Saleor has, and says so
    assert state["state"] == "SUCCEEDED", state
    assert state["errors"] == []
    assert state["orders"] == counts["orders"]["totalCount"]
    assert state["locations"] == counts["warehouses"]["totalCount"]
    assert state["stockRows"] == counts["stocks"]["totalCount"]
    assert state["startedAt"] <= state["finishedAt"]


def _finished(state: dict) -> dict | None:
    return state if state["state"] in FINISHED else None
