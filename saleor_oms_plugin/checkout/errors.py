from __future__ import annotations

from saleor_oms_plugin.core.errors import DomainError


class CheckoutError(DomainError):
    """A refused checkout-domain request; ``code`` is a :class:`CheckoutErrorCode`."""
