"""Request-scoped batch loaders: one SQL query per relation per request, not one per row.

Execution is synchronous, so these loaders batch by *priming*: a resolver that returns a list
(a connection page, the entities of one ``_entities`` call) announces the keys its children
will ask for with :func:`prime`, and the first ``load`` of any of them fetches all announced
keys at once. A key nobody announced is fetched with whatever else is pending, so a forgotten
``prime`` costs queries, never correctness.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import Any, Generic, TypeVar

from graphql import GraphQLResolveInfo, OperationType

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

_ATTRIBUTE = "_oms_loaders"


class BatchLoader(Generic[K, V]):
    """Loads values for keys in batches with ``batch`` (keys -> {key: value})."""

    def __init__(self, batch: Callable[[list[K]], dict[K, V]], default: Callable[[], V]) -> None:
        self._batch = batch
        self._default = default
        self._cache: dict[K, V] = {}
        self._pending: dict[K, None] = {}
        self.batches = 0

    def prime(self, keys: Iterable[K]) -> None:
        for key in keys:
            if key not in self._cache:
                self._pending[key] = None

    def load(self, key: K) -> V:
        if key not in self._cache:
            self._pending[key] = None
            keys = list(self._pending)
            self._pending.clear()
            self.batches += 1
            found = self._batch(keys)
            for pending_key in keys:
                self._cache[pending_key] = found.get(pending_key, self._default())
        return self._cache[key]


def loader(
    info: GraphQLResolveInfo,
    name: str,
    batch: Callable[[list[Any]], dict[Any, Any]],
    default: Callable[[], Any] = lambda: None,
) -> BatchLoader[Any, Any]:
    """The request's loader called ``name`` (created with ``batch`` on first use)."""
    loaders: dict[str, BatchLoader[Any, Any]] = info.context.__dict__.setdefault(_ATTRIBUTE, {})
    if name not in loaders:
        loaders[name] = BatchLoader(batch, default)
    return loaders[name]


def clear_loaders(context: Any) -> None:
    """Forget every loader of the request (what a mutation changed must be read again)."""
    context.__dict__.pop(_ATTRIBUTE, None)


class ClearLoadersPerMutation:
    """Graphene/graphql-core middleware: the root fields of a mutation run one after another,
    and each starts with empty loaders, so a later mutation of the same document never answers
    with rows an earlier one loaded before changing them."""

    def resolve(
        self, next_: Callable[..., Any], root: Any, info: GraphQLResolveInfo, **args: Any
    ) -> Any:
        if info.path.prev is None and info.operation.operation is OperationType.MUTATION:
            clear_loaders(info.context)
        return next_(root, info, **args)
