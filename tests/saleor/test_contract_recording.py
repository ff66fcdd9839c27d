"""What Saleor answered is kept for the contract captures only when the live suite asks."""

from __future__ import annotations

import json

from saleor_oms_plugin.saleor.client import SaleorClient
from tests.fixtures.fake_saleor import APP_ID
from tests.live.captures import captures_write


def test_nothing_is_recorded_by_default(fake_saleor, settings, tmp_path):
    # given no record folder (production)
    settings.SALEOR_CONTRACT_RECORD_DIR = ""
    # when the app talks to Saleor
    SaleorClient(fake_saleor.url, fake_saleor.app_token).execute("queries/app_identity")
    # then nothing is written anywhere
    assert list(tmp_path.iterdir()) == []


def test_each_exchange_is_recorded_with_its_document_and_answer(fake_saleor, settings, tmp_path):
    # given the live suite's record folder
    settings.SALEOR_CONTRACT_RECORD_DIR = str(tmp_path)
    # when the app asks who it is
    SaleorClient(fake_saleor.url, fake_saleor.app_token).execute("queries/app_identity")
    # then the exchange is one JSON line in the document's file
    [path] = tmp_path.glob("queries__app_identity.*.jsonl")
    [line] = path.read_text().splitlines()
    exchange = json.loads(line)
    assert exchange["document"] == "queries/app_identity"
    assert exchange["status"] == 200
    assert exchange["answer"]["data"]["app"]["id"] == APP_ID


def test_captures_keep_one_success_and_one_refusal_per_document(tmp_path):
    # given three recorded exchanges of one mutation: a refusal, then two successes
    record, target = tmp_path / "record", tmp_path / "captures"
    record.mkdir()
    exchanges = [
        {"data": {"orderFulfill": {"errors": [{"code": "INSUFFICIENT_STOCK"}]}}},
        {"data": {"orderFulfill": {"errors": [], "fulfillments": [{"id": "1"}]}}},
        {"data": {"orderFulfill": {"errors": [], "fulfillments": [{"id": "2"}]}}},
    ]
    (record / "mutations__order_fulfill.1.jsonl").write_text(
        "".join(
            json.dumps(
                {
                    "document": "mutations/order_fulfill",
                    "variables": {},
                    "status": 200,
                    "answer": answer,
                }
            )
            + "\n"
            for answer in exchanges
        )
    )
    # when the captures are written
    assert captures_write(record, target) == ["mutations/order_fulfill"]
    # then the first of each kind is kept
    capture = json.loads((target / "mutations__order_fulfill.json").read_text())
    assert capture["refused"]["answer"] == exchanges[0]
    assert capture["succeeded"]["answer"] == exchanges[1]


def test_captures_already_recorded_are_kept(tmp_path):
    # given a capture of a refusal only
    record, target = tmp_path / "record", tmp_path / "captures"
    record.mkdir()
    target.mkdir()
    kept = {"refused": {"answer": {"errors": [{"message": "old"}]}}}
    (target / "queries__app_identity.json").write_text(json.dumps(kept))
    (record / "queries__app_identity.1.jsonl").write_text(
        json.dumps(
            {
                "document": "queries/app_identity",
                "variables": {},
                "status": 200,
                "answer": {"errors": [{"message": "new"}]},
            }
        )
        + "\n"
        + json.dumps(
            {
                "document": "queries/app_identity",
                "variables": {},
                "status": 200,
                "answer": {"data": {"app": {"id": "1"}}},
            }
        )
        + "\n"
    )
    # when a new run is written
    captures_write(record, target)
    # then the old refusal stays and the missing success is added
    capture = json.loads((target / "queries__app_identity.json").read_text())
    assert capture["refused"] == kept["refused"]
    assert capture["succeeded"]["answer"] == {"data": {"app": {"id": "1"}}}


def test_captures_leave_out_a_debug_saleors_stack_traces(tmp_path):
    # given a refusal from a Saleor in DEBUG, whose error carries its stack trace
    record, target = tmp_path / "record", tmp_path / "captures"
    record.mkdir()
    error = {"message": "bad", "extensions": {"exception": {"code": "X", "stacktrace": ["/x"]}}}
    (record / "queries__app_identity.1.jsonl").write_text(
        json.dumps(
            {
                "document": "queries/app_identity",
                "variables": {},
                "status": 200,
                "answer": {"errors": [error]},
            }
        )
        + "\n"
    )
    # when the captures are written
    captures_write(record, target)
    # then the error is kept without the trace
    capture = json.loads((target / "queries__app_identity.json").read_text())
    assert capture["refused"]["answer"]["errors"] == [
        {"message": "bad", "extensions": {"exception": {"code": "X"}}}
    ]
