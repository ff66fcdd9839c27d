"""``OmsDownload``: a signed, short-lived link to a file the caller may fetch."""

from __future__ import annotations

import graphene


class OmsDownload(graphene.ObjectType):
    url = graphene.String(required=True, description="Fetch with GET; no credentials needed.")
    filename = graphene.String(required=True)
    content_type = graphene.String(required=True)
    expires_at = graphene.DateTime(required=True, description="The link stops working then.")

    class Meta:
        description = "A signed, short-lived link to a file."
