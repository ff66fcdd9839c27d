"""The fake Saleor's random fault mode, seen from a real HTTP client."""

from __future__ import annotations

from collections import Counter

import pytest
import requests

from tests.fixtures.fake_saleor import RANDOM_FAULTS, FakeSaleor, global_id

SHOP = {"query": "{ shop { name } }"}
NOTE_ADD = {
    "query": (
        'mutation Note($order: ID!) { orderNoteAdd(order: $order, input: {message: "hi"}) '
        "{ errors { code } } }"
    )
}


def _post(fake: FakeSaleor, body: dict) -> str:
    """What the client saw: the status code, or how the call failed."""
    try:
        answer = requests.post(
            fake.url,
            json=body,
            headers={"Authorization": f"Bearer {fake.app_token}"},
            timeout=60,  # generous: the machine may be busy
        )
    except requests.ConnectionError:
        return "no answer"
    return str(answer.status_code)


def test_fails_about_the_share_asked_with_every_kind_of_fault(fake_saleor):
    # given a fake failing 30 % of calls
    fake_saleor.fail_randomly(0.3, seed=11, hang_seconds=0.0)
    # when a client calls it 120 times
    seen = Counter(_post(fake_saleor, SHOP) for _ in range(120))
    # then about 30 % failed, with each kind of fault, and the client saw each as it should
    faults = Counter(request.fault for request in fake_saleor.requests)
    failed = sum(count for kind, count in faults.items() if kind)
    assert 20 <= failed <= 52
    assert set(faults) == {"", *RANDOM_FAULTS}
    assert seen["503"] == faults["status"]
    assert seen["no answer"] == faults["reset"] + faults["timeout_after_acting"]
    assert seen["200"] == faults[""]


def test_the_same_seed_fails_the_same_calls(fake_saleor):
    fake_saleor.fail_randomly(0.5, seed=3, hang_seconds=0.0)
    first = [_post(fake_saleor, SHOP) for _ in range(20)]
    fake_saleor.fail_randomly(0.5, seed=3, hang_seconds=0.0)
    assert [_post(fake_saleor, SHOP) for _ in range(20)] == first


def test_a_timeout_after_acting_acts_but_never_answers(fake_saleor):
    # given a mutation whose effect is recorded, and a fake timing out every call after acting
    notes: list[str] = []

    def note_add(fake, order, input):
        notes.append(order)
        return {"order": None, "event": None, "errors": []}

    fake_saleor.add_mutation("orderNoteAdd", note_add)
    fake_saleor.fail_randomly(1.0, seed=1, hang_seconds=0.2, kinds=("timeout_after_acting",))
    order_id = global_id("Order", "0d8c3c2e-0000-0000-0000-000000000001")
    # when the mutation is called
    seen = _post(fake_saleor, {**NOTE_ADD, "variables": {"order": order_id}})
    # then the client got no answer, yet the mutation took effect
    assert seen == "no answer"
    assert notes == [order_id]


@pytest.mark.parametrize("kind", ["status", "reset"])
def test_the_other_faults_fail_before_acting(fake_saleor, kind):
    notes: list[str] = []
    fake_saleor.add_mutation("orderNoteAdd", lambda fake, order, input: notes.append(order))
    fake_saleor.fail_randomly(1.0, seed=1, kinds=(kind,))
    _post(fake_saleor, {**NOTE_ADD, "variables": {"order": global_id("Order", "x")}})
    assert notes == []
