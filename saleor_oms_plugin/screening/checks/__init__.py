"""One module per check: a plain function ``(OrderFacts, ScreeningSettings) -> CheckResult``."""
