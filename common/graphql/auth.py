from strawberry import Info

from .errors import Unauthenticated


def current_user(info: Info):
    """The signed-in user, or None; the view authenticates the bearer token once per request."""
    user = info.context.request.user
    return user if user.is_authenticated else None


def require_user(info: Info):
    user = current_user(info)
    if user is None:
        raise Unauthenticated()
    return user
