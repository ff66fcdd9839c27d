"""Benchmarks that run the service as it runs in production (not part of the package)."""
