"""The chaos bench\x27s parts: a fault-injecting proxy, the feed, the faults and the checks."""
