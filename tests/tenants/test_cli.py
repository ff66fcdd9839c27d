"""The operator's ``saleor-oms tenant`` commands and the settings checks."""

from __future__ import annotations

import io
import os
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from saleor_oms_plugin.audit.models import AuditEvent
from saleor_oms_plugin.core.crypto import decrypt_secret
from saleor_oms_plugin.tenants.models import Tenant
from tests.fixtures.contract import SHARED_SALEOR
from tests.fixtures.processes import embedded_env, oms

pytestmark = pytest.mark.django_db

API_URL = "https://shop.example/graphql/"


def test_tenant_add_offline_with_a_jwks_file_stores_the_token_encrypted(capsys):
    # when an operator provisions a tenant offline
    call_command(
        "tenant",
        "add",
        "--api-url",
        API_URL,
        "--token",
        "secret-token",
        "--jwks",
        str(SHARED_SALEOR / "jwks.json"),
        "--app-id",
        "QXBwOjE=",
        "--no-import",
    )
    # then it is active, with the token encrypted and the keys stored
    tenant = Tenant.objects.get()
    assert (tenant.saleor_api_url, tenant.saleor_app_id, tenant.is_active) == (
        API_URL,
        "QXBwOjE=",
        True,
    )
    assert "secret-token" not in tenant.token_encrypted
    assert decrypt_secret(tenant.token_encrypted) == "secret-token"
    assert tenant.jwks["keys"][0]["kid"]
    assert AuditEvent.objects.filter(verb="tenant.installed", actor_type="operator").count() == 1
    assert "active for " + API_URL in capsys.readouterr().out


def test_tenant_add_refuses_a_bad_jwks_file_and_stores_nothing(tmp_path):
    bad = tmp_path / "jwks.json"
    bad.write_text('{"keys": [{"kty": "EC"}]}')
    with pytest.raises(CommandError, match="INVALID_JWKS"):
        call_command("tenant", "add", "--api-url", API_URL, "--token", "t", "--jwks", str(bad))
    assert not Tenant.objects.exists()


def test_tenant_add_refuses_a_url_that_is_not_a_saleor_api():
    with pytest.raises(CommandError, match="INVALID_SALEOR_URL"):
        call_command(
            "tenant",
            "add",
            "--api-url",
            "ftp://x",
            "--token",
            "t",
            "--jwks",
            str(SHARED_SALEOR / "jwks.json"),
        )
    assert not Tenant.objects.exists()


def test_tenant_list_and_remove(capsys):
    call_command(
        "tenant",
        "add",
        "--api-url",
        API_URL,
        "--token",
        "t",
        "--jwks",
        str(SHARED_SALEOR / "jwks.json"),
        "--no-import",
    )
    call_command("tenant", "list")
    assert API_URL in capsys.readouterr().out
    # the URL is found however it is written
    call_command("tenant", "remove", "--api-url", "HTTPS://SHOP.example/graphql", "--yes")
    assert not Tenant.objects.exists()
    with pytest.raises(CommandError, match="NOT_FOUND"):
        call_command("tenant", "remove", "--api-url", API_URL, "--yes")


def test_rekey_moves_tokens_to_the_first_key(settings):
    from cryptography.fernet import Fernet

    call_command(
        "tenant",
        "add",
        "--api-url",
        API_URL,
        "--token",
        "t0k",
        "--jwks",
        str(SHARED_SALEOR / "jwks.json"),
        "--no-import",
    )
    old_key = settings.TOKEN_ENCRYPTION_KEYS[0]
    new_key = Fernet.generate_key().decode()
    settings.TOKEN_ENCRYPTION_KEYS = [new_key, old_key]
    call_command("tenant", "rekey")
    settings.TOKEN_ENCRYPTION_KEYS = [new_key]
    assert decrypt_secret(Tenant.objects.get().token_encrypted) == "t0k"


def test_production_settings_without_secrets_fail_with_a_clear_message(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "TOKEN_ENCRYPTION_KEYS", "DJANGO_SETTINGS_MODULE"}
    }
    env["DATABASE_URL"] = "postgres://postgres@127.0.0.1:5432/unused"
    env["OMS_DATA_DIR"] = str(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "saleor_oms_plugin", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr == (
        "ConfigurationError: SECRET_KEY must be set when DATABASE_URL is set (production)\n"
    )


# --- Errors an operator can cause: one line on stderr, a non-zero exit, nothing changed. ---
# These run the real ``saleor-oms`` without a terminal, on the embedded SQLite database.

SHOP = "http://127.0.0.1:8000/graphql/"


@pytest.fixture(scope="module")
def shop_env(tmp_path_factory):
    """A migrated embedded database with one tenant (SHOP) and no rules."""
    env = embedded_env(tmp_path_factory.mktemp("oms-data"))
    oms("migrate", env=env)
    oms(
        "tenant",
        "add",
        "--api-url",
        SHOP,
        "--token",
        "t",
        "--jwks",
        str(SHARED_SALEOR / "jwks.json"),
        "--no-import",
        env=env,
    )
    return env


def _rows(env, query):
    with sqlite3.connect(Path(env["OMS_DATA_DIR"]) / "oms.sqlite3") as db:
        return db.execute(query).fetchall()


def _documents(folder: Path) -> dict[str, tuple[Path, str]]:
    """Every unusable rules document, with the one line the CLI answers it with."""
    missing = folder / "missing.json"
    not_utf8 = folder / "latin1.json"
    not_utf8.write_bytes('{"name": "Caf\xe9"}'.encode("latin-1"))
    bad_json = folder / "bad.json"
    bad_json.write_text("{bad")
    a_list = folder / "list.json"
    a_list.write_text("[1]")
    prefix = "CommandError: "
    return {
        "missing": (
            missing,
            f"{prefix}cannot read the rules document {missing}: No such file or directory",
        ),
        "a folder": (folder, f"{prefix}cannot read the rules document {folder}: Is a directory"),
        "not UTF-8": (
            not_utf8,
            f"{prefix}cannot read the rules document {not_utf8}: it is not UTF-8 text",
        ),
        "bad JSON": (
            bad_json,
            f"{prefix}INVALID_DOCUMENT: Unreadable document: Expecting property name enclosed in "
            "double quotes: line 1 column 2 (char 1)",
        ),
        "a list": (a_list, f"{prefix}INVALID_DOCUMENT: A document is an object."),
    }


@pytest.mark.parametrize("case", ["missing", "a folder", "not UTF-8", "bad JSON", "a list"])
def test_rules_test_and_import_refuse_an_unusable_file_in_one_line(shop_env, tmp_path, case):
    # given an unusable document
    path, message = _documents(tmp_path)[case]
    # when it is tested, and imported
    tested = oms("rules", "test", str(path), env=shop_env, check=False)
    imported = oms("rules", "import", "--api-url", SHOP, str(path), env=shop_env, check=False)
    # then each says why in one line, exits 1, and no rule was created
    assert (tested.returncode, tested.stderr, tested.stdout) == (1, message + "\n", "")
    assert (imported.returncode, imported.stderr, imported.stdout) == (1, message + "\n", "")
    assert _rows(shop_env, "SELECT count(*) FROM oms_rules_rule") == [(0,)]


def test_a_document_without_its_wrapper_lists_what_is_missing(shop_env, tmp_path):
    # given a bare rule, not a document (format, format_version, rules)
    path = tmp_path / "rule.json"
    path.write_text('{"name": "x", "trigger": "order.created", "actions": []}')
    # when it is tested
    result = oms("rules", "test", str(path), env=shop_env, check=False)
    # then every issue is one line, and the last one sums up
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "format: INVALID_VALUE: expected 'saleor-oms-rules'",
        "format_version: INVALID_VALUE: a format version from 1 to 1",
        "rules: INVALID_VALUE: a list of rules",
        "CommandError: 3 issue(s)",
    ]


def test_rules_export_into_a_missing_folder_is_one_line(shop_env, tmp_path):
    target = tmp_path / "no-such-folder" / "rules.json"
    result = oms(
        "rules", "export", "--api-url", SHOP, "--output", str(target), env=shop_env, check=False
    )
    assert result.returncode == 1
    assert result.stderr == (
        f"CommandError: cannot write the rules document to {target}: no folder {target.parent}\n"
    )
    assert not target.parent.exists()


@pytest.mark.parametrize(
    "args",
    [
        ["rules", "export", "--api-url", "https://unknown.example/graphql/"],
        ["rules", "import", "--api-url", "https://unknown.example/graphql/", "--template", "x"],
        ["rules", "test", "-", "--api-url", "https://unknown.example/graphql/"],
        ["route", "replay", "--tenant", "https://unknown.example/graphql/", "--draft", "1"],
        ["tenant", "remove", "--api-url", "https://unknown.example/graphql/", "--yes"],
    ],
    ids=["export", "import", "test", "replay", "remove"],
)
def test_an_unknown_tenant_is_one_line(shop_env, args):
    result = subprocess.run(
        [sys.executable, "-m", "saleor_oms_plugin", *args],
        env=shop_env,
        input='{"format": "saleor-oms-rules", "format_version": 1, "rules": []}',
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 1
    assert (
        result.stderr == "CommandError: NOT_FOUND: no tenant for https://unknown.example/graphql/\n"
    )


def test_tenant_remove_without_yes_and_without_a_terminal_refuses(shop_env):
    result = oms("tenant", "remove", "--api-url", SHOP, env=shop_env, check=False)
    assert result.returncode == 1
    assert result.stderr == (
        "CommandError: not removed: no terminal to confirm on; pass --yes to remove without asking\n"
    )
    assert _rows(shop_env, "SELECT saleor_api_url FROM oms_tenants_tenant") == [(SHOP,)]


def test_tenant_remove_checks_the_tenant_before_asking(shop_env):
    result = oms(
        "tenant",
        "remove",
        "--api-url",
        "https://unknown.example/graphql/",
        env=shop_env,
        check=False,
    )
    # not asked (no question on stdout), and not the terminal refusal: the tenant is unknown
    assert (result.returncode, result.stdout) == (1, "")
    assert (
        result.stderr == "CommandError: NOT_FOUND: no tenant for https://unknown.example/graphql/\n"
    )


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("answer", "removed"), [("y\n", True), ("n\n", False), ("", False)])
def test_tenant_remove_on_a_terminal_asks_first(monkeypatch, capsys, answer, removed):
    call_command(
        "tenant",
        "add",
        "--api-url",
        API_URL,
        "--token",
        "t",
        "--jwks",
        str(SHARED_SALEOR / "jwks.json"),
        "--no-import",
    )
    monkeypatch.setattr(sys, "stdin", _Terminal(answer))
    if removed:
        call_command("tenant", "remove", "--api-url", API_URL)
    else:
        with pytest.raises(CommandError, match="^not removed$"):
            call_command("tenant", "remove", "--api-url", API_URL)
    assert f"Delete {API_URL} and all of its data? [y/N]" in capsys.readouterr().out
    assert Tenant.objects.exists() is not removed


def test_serve_on_a_busy_port_says_so_before_announcing_anything(tmp_path):
    # given a port something else listens on
    env = embedded_env(tmp_path / "data")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        # when the service is asked to serve on it
        result = oms("serve", "--bind", f"127.0.0.1:{port}", env=env, check=False)
    # then it refuses in one line, before announcing, migrating or creating anything
    assert result.returncode == 1
    assert (
        result.stderr
        == f"CommandError: cannot listen on 127.0.0.1:{port}: Address already in use\n"
    )
    assert result.stdout == ""
    assert not (tmp_path / "data").exists()


@pytest.mark.parametrize("bind", ["garbage", "127.0.0.1:", "127.0.0.1:http", "localhost:70000"])
def test_serve_refuses_a_bind_that_is_not_host_and_port(tmp_path, bind):
    env = embedded_env(tmp_path / "data")
    result = oms("serve", "--bind", bind, env=env, check=False)
    assert result.returncode == 2
    assert (
        result.stderr == f"CommandError: --bind {bind!r} is not host:port (e.g. 127.0.0.1:8000)\n"
    )
    assert result.stdout == ""
    assert not (tmp_path / "data").exists()


def test_an_unreachable_database_is_one_line(tmp_path):
    env = {
        **embedded_env(tmp_path),
        "DATABASE_URL": "postgres://postgres@127.0.0.1:1/unused",
        "SECRET_KEY": "k",
        "TOKEN_ENCRYPTION_KEYS": "dGVzdC1rZXktZm9yLXRoZS10ZXN0LXN1aXRlLW9ubHk=",
    }
    result = oms("tenant", "list", env=env, check=False)
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert line.startswith("OperationalError: ")
    assert line.endswith(
        "(is DATABASE_URL right, and did `saleor-oms migrate` run? --traceback for details)"
    )


def test_schema_refuses_arguments_it_does_not_take(tmp_path):
    result = oms("schema", "--x", env=embedded_env(tmp_path), check=False)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == "CommandError: schema takes no arguments: --x\n"


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        (
            "WEB_SERVER",
            "nginx",
            "CommandError: WEB_SERVER must be granian or gunicorn, not 'nginx'",
        ),
        (
            "WEB_WORKERS",
            "many",
            "ConfigurationError: WEB_WORKERS must be a whole number, not 'many'",
        ),
    ],
)
def test_serve_refuses_a_bad_setting_in_one_line(tmp_path, variable, value, message):
    env = {**embedded_env(tmp_path / "data"), variable: value}
    result = oms("serve", env=env, check=False)
    assert result.returncode != 0
    assert (result.stderr, result.stdout) == (message + "\n", "")
    assert not (tmp_path / "data").exists()


def test_rekey_moves_every_stored_secret_to_the_first_key(settings, capsys):
    from cryptography.fernet import Fernet
    from django.utils import timezone

    from saleor_oms_plugin.availability.models import AvailabilitySubscription
    from saleor_oms_plugin.capture.models import CaptureSource
    from saleor_oms_plugin.core.crypto import encrypt_secret
    from saleor_oms_plugin.core.rekey import encrypted_fields
    from saleor_oms_plugin.rules.models import OutboundWebhookEndpoint

    # given a secret of every kind stored under the old key
    tenant = Tenant.objects.create(
        saleor_api_url=API_URL,
        token_encrypted=encrypt_secret("app-token"),
        installed_at=timezone.now(),
    )
    OutboundWebhookEndpoint.objects.create(
        tenant=tenant,
        name="erp",
        url="https://erp.example/hook",
        secret_encrypted=encrypt_secret("rule-secret"),
    )
    CaptureSource.objects.create(
        tenant=tenant,
        code="phone",
        name="Phone",
        channel_slug="default",
        warehouse_id="W",
        shipping_method_id="S",
        tax_class_id="T",
        secret_encrypted=encrypt_secret("capture-secret"),
    )
    AvailabilitySubscription.objects.create(
        tenant=tenant,
        name="feed",
        url="https://feed.example/",
        secret_encrypted=encrypt_secret("feed-secret"),
    )
    # (these are all the secrets at rest: a new one is found by its *_encrypted name)
    assert {f"{model._meta.label}.{name}" for model, name in encrypted_fields()} == {
        "oms_tenants.Tenant.token_encrypted",
        "oms_rules.OutboundWebhookEndpoint.secret_encrypted",
        "oms_capture.CaptureSource.secret_encrypted",
        "oms_availability.AvailabilitySubscription.secret_encrypted",
    }
    # when a new key is put first and the secrets are rekeyed
    old_key = settings.TOKEN_ENCRYPTION_KEYS[0]
    settings.TOKEN_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), old_key]
    call_command("tenant", "rekey")
    assert "re-encrypted 4 secret(s)" in capsys.readouterr().out
    # then every one of them reads with the new key alone
    settings.TOKEN_ENCRYPTION_KEYS = settings.TOKEN_ENCRYPTION_KEYS[:1]
    assert decrypt_secret(Tenant.objects.get().token_encrypted) == "app-token"
    assert decrypt_secret(OutboundWebhookEndpoint.objects.get().secret_encrypted) == "rule-secret"
    assert decrypt_secret(CaptureSource.objects.get().secret_encrypted) == "capture-secret"
    assert decrypt_secret(AvailabilitySubscription.objects.get().secret_encrypted) == (
        "feed-secret"
    )
