from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import path

from accounts.admin_login import ThrottledAdminLoginForm

from .views import graphql_view, healthz

# The admin login counts failures with the API's login, under the same per-account and per-IP limits.
admin.site.login_form = ThrottledAdminLoginForm

graphql = graphql_view()

urlpatterns = [
    path("admin/", admin.site.urls),
    path("graphql/", graphql, name="graphql"),
    # Without the slash too: Django's slash redirect would answer a POST with an HTML page and lose its body.
    path("graphql", graphql),
    path("healthz", healthz, name="healthz"),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
