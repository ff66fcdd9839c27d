"""scripts/audit's verdict: 0 clean, 1 vulnerabilities, 3 an audit service unreachable.

The audit tools are stood in for by small scripts answering as pip-audit and npm do, so each
verdict is checked without reaching the (here blocked) vulnerability services."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.fixtures.contract import REPO_ROOT

NPM_CLEAN = '{"auditReportVersion": 2, "vulnerabilities": {}, "metadata": {}}'
NPM_FOUND = '{"auditReportVersion": 2, "vulnerabilities": {"x": {"severity": "high"}}}'
NPM_BLOCKED = '{"message": "405 Method Not Allowed - POST https://registry.example/bulk"}'


def _stub(path: Path, body: str) -> None:
    path.write_text("#!/usr/bin/env bash\n" + body)
    path.chmod(0o755)


def _audit(
    tmp_path: Path, *, probe: int, pip_audit: tuple[int, str], npm: tuple[int, str]
) -> subprocess.CompletedProcess:
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    tools = tmp_path / "tools"
    tools.mkdir()
    # python runs the PyPI probe from standard input: it answers `probe`
    _stub(
        venv / "bin" / "python",
        f'cat >/dev/null\n[ {probe} -eq 0 ] || echo "PyPI\'s JSON API answered HTTP 404"\n'
        f"exit {probe}\n",
    )
    _stub(venv / "bin" / "pip-audit", f"echo '{pip_audit[1]}'\nexit {pip_audit[0]}\n")
    _stub(tools / "npm", f"echo '{npm[1]}'\nexit {npm[0]}\n")
    return subprocess.run(
        [str(REPO_ROOT / "scripts" / "audit")],
        env={**os.environ, "VENV": str(venv), "PATH": f"{tools}:{os.environ['PATH']}"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_nothing_known_is_exit_0(tmp_path):
    result = _audit(
        tmp_path, probe=0, pip_audit=(0, "No known vulnerabilities found"), npm=(0, NPM_CLEAN)
    )
    assert result.returncode == 0, result.stderr
    assert "no known vulnerabilities" in result.stdout


@pytest.mark.parametrize(
    "pip_audit, npm",
    [
        ((1, "Found 1 known vulnerability in 1 package"), (0, NPM_CLEAN)),
        ((0, "No known vulnerabilities found"), (1, NPM_FOUND)),
    ],
    ids=["python", "npm"],
)
def test_a_vulnerability_is_exit_1(tmp_path, pip_audit, npm):
    result = _audit(tmp_path, probe=0, pip_audit=pip_audit, npm=npm)
    assert result.returncode == 1, result.stderr
    assert "vulnerabilities found" in result.stderr


def test_a_blocked_pypi_api_is_exit_3_with_the_reason(tmp_path):
    result = _audit(tmp_path, probe=1, pip_audit=(0, "unused"), npm=(0, NPM_CLEAN))
    assert result.returncode == 3, result.stderr
    assert "audit service unreachable: pip-audit: PyPI's JSON API answered HTTP 404" in (
        result.stderr
    )


def test_packages_pip_audit_cannot_look_up_are_exit_3(tmp_path):
    skipped = "amqp: Dependency not found on PyPI and could not be audited: amqp (5.4.2)"
    result = _audit(tmp_path, probe=0, pip_audit=(1, skipped), npm=(0, NPM_CLEAN))
    assert result.returncode == 3, result.stderr


def test_a_blocked_npm_audit_endpoint_is_exit_3_with_the_reason(tmp_path):
    result = _audit(tmp_path, probe=0, pip_audit=(0, "clean"), npm=(1, NPM_BLOCKED))
    assert result.returncode == 3, result.stderr
    assert "405 Method Not Allowed" in result.stderr


def test_a_finding_outweighs_an_unreachable_service(tmp_path):
    result = _audit(tmp_path, probe=1, pip_audit=(0, "unused"), npm=(1, NPM_FOUND))
    assert result.returncode == 1, result.stderr
