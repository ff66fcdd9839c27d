"""What every resolver receives as ``info.context``."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from graphql import GraphQLResolveInfo

from saleor_oms_plugin.graphql.auth import Viewer
from saleor_oms_plugin.graphql.errors import PermissionDenied
from saleor_oms_plugin.tenants.models import Tenant


@dataclass
class OmsContext:
    request: HttpRequest
    viewer: Viewer


def viewer_of(info: GraphQLResolveInfo) -> Viewer:
    context: OmsContext = info.context
    return context.viewer


def tenant_of(info: GraphQLResolveInfo) -> Tenant:
    """The viewer's tenant; anonymous callers see no tenant data at all."""
    tenant = viewer_of(info).tenant
    if tenant is None:
        raise PermissionDenied([])
    return tenant
