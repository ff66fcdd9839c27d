"""The operator's ``saleor-oms tenant`` commands and the settings checks."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from saleor_oms_plugin.audit.models import AuditEvent
from saleor_oms_plugin.core.crypto import decrypt_secret
from saleor_oms_plugin.tenants.models import Tenant
from tests.fixtures.contract import SHARED_SALEOR

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
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
