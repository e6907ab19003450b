from django.conf import settings


def client_ip(request) -> str:
    """The client's address, trusting X-Forwarded-For only as far back as our own proxies (NUM_PROXIES)."""
    if settings.NUM_PROXIES:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part]
        if len(forwarded) >= settings.NUM_PROXIES:
            return forwarded[-settings.NUM_PROXIES]
    return request.META.get("REMOTE_ADDR", "")


def absolute_url(request, field_file) -> str | None:
    """Image fields carry absolute URLs; a storage that gives absolute ones (S3, a CDN) keeps them."""
    if not field_file:
        return None
    return request.build_absolute_uri(field_file.url)
