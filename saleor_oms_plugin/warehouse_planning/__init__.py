"""The pure planning core of warehouse execution: box suggestion and pick sequencing.

Plain dataclasses in, a plan out; no Django, no Saleor (an import-linter contract keeps it so),
so it is property-tested and benchmarked without a database. The warehouse domain builds the
inputs from its models and persists the results.
"""
