"""``OmsDownload``: a signed, short-lived link to a file the service makes on request."""

from __future__ import annotations

import graphene


class OmsDownload(graphene.ObjectType):
    class Meta:
        description = (
            "A file behind a signed link: whoever holds the link may fetch it until expiresAt, "
            "without signing in."
        )

    url = graphene.String(required=True)
    filename = graphene.String(required=True)
    content_type = graphene.String(required=True)
    expires_at = graphene.DateTime(required=True)
