"""Metrics of the calls to Saleor's GraphQL API: latency per document and errors by kind."""

from __future__ import annotations

from prometheus_client import Counter, Histogram

saleor_call_seconds = Histogram(
    "oms_saleor_graphql_call_seconds",
    "Saleor GraphQL calls, retries and their waits included, by document.",
    ["document"],
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120),
)
saleor_call_errors = Counter(
    "oms_saleor_graphql_errors_total",
    "Saleor GraphQL calls that ended in an error, by document and kind (the error's class: "
    "SaleorTransportError, SaleorPermissionDenied, SaleorGraphQLError...).",
    ["document", "kind"],
)


def saleor_call_observe(*, document: str, seconds: float, error: BaseException | None) -> None:
    saleor_call_seconds.labels(document=document).observe(seconds)
    if error is not None:
        saleor_call_errors.labels(document=document, kind=type(error).__name__).inc()
