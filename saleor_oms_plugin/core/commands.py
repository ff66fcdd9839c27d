"""What the operator commands (``saleor-oms tenant|rules|route``) share.

Every failure an operator can cause becomes a ``CommandError``: one line on stderr and a
non-zero exit status (see ``saleor_oms_plugin.cli``), never a traceback, and nothing changed.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.core.management.base import CommandError

from saleor_oms_plugin.core.errors import DomainError


@contextmanager
def domain_errors() -> Iterator[None]:
    """A domain error as ``CODE: message``."""
    try:
        yield
    except DomainError as exc:
        raise CommandError(f"{exc.code.value}: {exc.message}") from None


def text_read(path: Path, *, what: str) -> str:
    """A UTF-8 text file (``-``: stdin)."""
    if str(path) == "-":
        return sys.stdin.read()
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CommandError(f"cannot read {what} {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise CommandError(f"cannot read {what} {path}: it is not UTF-8 text") from None


def text_write(path: Path, text: str, *, what: str) -> None:
    if not path.parent.is_dir():
        raise CommandError(f"cannot write {what} to {path}: no folder {path.parent}")
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise CommandError(f"cannot write {what} to {path}: {exc.strerror or exc}") from None


def confirm(question: str, *, without_terminal: str) -> bool:
    """Ask on the terminal; without one (a script, CI) refuse with ``without_terminal``."""
    if not sys.stdin.isatty():
        raise CommandError(without_terminal)
    try:
        answer = input(f"{question} [y/N] ")
    except EOFError:
        return False
    return answer.strip().lower() in {"y", "yes"}
