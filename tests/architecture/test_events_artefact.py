"""dashboard-extension/src/api/domainEvents.ts is the Dashboard's copy of the domain event
names: renaming or dropping an event must change it too, in the same commit (and the Dashboard's
type check then finds every page still naming the old one)."""

from __future__ import annotations

from saleor_oms_plugin.cli import main
from saleor_oms_plugin.dashboard.domain_events import (
    ARTEFACT,
    REGENERATE,
    domain_events_typescript,
    trigger_key,
)
from saleor_oms_plugin.rules.triggers import trigger_names
from tests.fixtures.contract import REPO_ROOT


def test_saleor_oms_domain_events_prints_the_module(capsys):
    assert main(["domain-events"]) == 0
    assert capsys.readouterr().out == domain_events_typescript()


def test_the_module_names_every_event_and_trigger():
    module = domain_events_typescript()
    assert '  | "return.saleor_synced"' in module
    assert '  | "routing_plan.superseded"' in module
    for name in trigger_names():
        assert f'  {trigger_key(name)}: "{name}",' in module
    assert trigger_key("stock.run_out_risk") == "STOCK_RUN_OUT_RISK"


def test_the_committed_module_is_current():
    path = REPO_ROOT / ARTEFACT
    assert path.exists(), f"{ARTEFACT} is missing; create it with: {REGENERATE}"
    assert path.read_text() == domain_events_typescript(), (
        f"The domain events changed but {ARTEFACT} did not. Regenerate it with `{REGENERATE}` "
        "(from the repository root, in the venv) and commit it."
    )
