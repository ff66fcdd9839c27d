"""Saleor OMS: order management for Saleor, installed as a Saleor App."""

__version__ = "0.1.0"
