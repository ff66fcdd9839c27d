"""What other domains do when a tenant's settings changed (after commit).

The rules domain reschedules its periodic evaluation when ``rules.interval_seconds`` changes,
for example. A domain registers a listener; the tenants domain never imports the domains that
build on it (as with ``import_followups``).
"""

from __future__ import annotations

from collections.abc import Callable

# (tenant id, the ``section.key`` paths that changed)
SettingsListener = Callable[[int, frozenset[str]], None]

_listeners: list[SettingsListener] = []


def register_settings_listener(listener: SettingsListener) -> None:
    if listener not in _listeners:
        _listeners.append(listener)


def settings_changes_notify(*, tenant_id: int, paths: frozenset[str]) -> None:
    for listener in _listeners:
        listener(tenant_id, paths)
