"""Reading settings from the environment, with clear errors for bad values."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


class ConfigurationError(RuntimeError):
    """A setting is missing or malformed; the message names the variable."""


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ConfigurationError(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigurationError(f"{name} must be a whole number, not {raw!r}") from None


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def persistent_secret(path: Path, *, generate) -> str:
    """A secret kept in a file so an embedded first run stays stable across restarts."""
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    value = generate()
    path.write_text(value)
    path.chmod(0o600)
    return value


def random_secret_key() -> str:
    return secrets.token_urlsafe(50)


def env_int_map(name: str) -> dict[str, int]:
    """``key=number,key=number`` (keys such as Saleor API URLs hold no comma); {} when unset."""
    mapping: dict[str, int] = {}
    for item in env_list(name):
        key, separator, raw = item.rpartition("=")
        try:
            if not separator or not key.strip():
                raise ValueError(item)
            mapping[key.strip()] = int(raw)
        except ValueError:
            raise ConfigurationError(
                f"{name} must be key=number pairs separated by commas, not {item!r}"
            ) from None
    return mapping
