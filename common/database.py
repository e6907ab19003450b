"""Database session settings for work that is not a request."""

from django.db import InterfaceError, OperationalError, connection


def statement_timeout_lift() -> None:
    """Let this connection's statements run as long as they need.

    The app's connections cancel any statement after `DATABASE_STATEMENT_TIMEOUT_MS` (5 s) so a request can
    never hold a worker; a command that rewrites every row on purpose (seed_demo recounting a million likes,
    the benchmark migrating its seeded database) is not a request. The setting lasts for the session.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = 0")


def database_unreachable(error: BaseException) -> bool:
    """Whether `error` says the database could not be reached (down, restarting, out of connections), as
    opposed to a statement it refused or cancelled: the first is SERVICE_UNAVAILABLE, the second a bug."""
    if not isinstance(error, OperationalError | InterfaceError):
        return False
    cause = error.__cause__
    return not (cause is not None and getattr(cause, "pgcode", None))  # a server-side error carries its SQLSTATE
