"""GraphiQL that works with no internet access.

Strawberry's own page loads React and GraphiQL from a CDN, so offline, behind a strict proxy or under a
Content-Security-Policy it stays a blank "Loading..." page. This page loads the pinned browser builds that
`make install` copies out of npm (instaclone/graphiql-vendor/package.json), served by the app itself
(whitenoise / staticfiles).
"""

from django.shortcuts import render

# The page needs nothing from another origin, so the browser is told to refuse anything from one: a vendor
# upgrade that starts fetching fonts or scripts from a CDN shows up as a blocked request, not a silent leak.
# connect-src 'self' covers ws(s) on this host too, for subscriptions. GraphiQL sets inline styles.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "worker-src 'self' blob:",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    ]
)


class OfflineGraphiQLMixin:
    """Put before strawberry's GraphQLView: replaces the IDE page it renders for a browser's GET."""

    def render_graphql_ide(self, request):
        response = render(request, "graphiql.html")
        response["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        return response
