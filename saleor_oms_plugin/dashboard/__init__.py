"""Serves the built Dashboard extension (``dashboard-extension/dist``) at the manifest's appUrl."""
