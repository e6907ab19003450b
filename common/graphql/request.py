from django.conf import settings


def client_ip(request) -> str:
    """The client's address, trusting X-Forwarded-For only as far back as our own proxies (NUM_PROXIES)."""
    if settings.NUM_PROXIES:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part]
        if len(forwarded) >= settings.NUM_PROXIES:
            return forwarded[-settings.NUM_PROXIES]
    return request.META.get("REMOTE_ADDR", "")
