from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from saleor_oms_plugin.core.http import error_response


@csrf_exempt
def graphql_view(request: HttpRequest) -> HttpResponse:
    return error_response("not yet", status=501)
