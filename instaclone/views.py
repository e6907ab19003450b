from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.http import JsonResponse
from django.utils.decorators import method_decorator
from django.utils.functional import SimpleLazyObject
from django.views.decorators.csrf import csrf_exempt
from strawberry.django.views import GraphQLView

from accounts.tokens import user_from_access_token

from .schema import schema


@method_decorator(csrf_exempt, name="dispatch")
class InstacloneGraphQLView(GraphQLView):
    """Bearer tokens only: a session cookie never authenticates the API, so CSRF cannot apply to it."""

    def dispatch(self, request, *args, **kwargs):
        request.user = SimpleLazyObject(lambda: _bearer_user(request))
        return super().dispatch(request, *args, **kwargs)


def _bearer_user(request):
    scheme, _, token = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        return AnonymousUser()
    return user_from_access_token(token.strip()) or AnonymousUser()


def graphql_view():
    return InstacloneGraphQLView.as_view(
        schema=schema,
        graphql_ide="graphiql" if settings.GRAPHIQL else None,
        allow_queries_via_get=True,
        multipart_uploads_enabled=True,
    )


def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})
