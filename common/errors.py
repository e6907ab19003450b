"""Domain failures that services raise; strawberry-django turns them into `OperationInfo` messages.

Each carries a stable `code` that clients branch on. They are Django's own exception types, so services stay
free of GraphQL.
"""

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied


class Forbidden(PermissionDenied):
    code = "forbidden"

    def __init__(self, message: str = "You may not do this."):
        super().__init__(message)


class NotAllowedYet(PermissionDenied):
    """The account has not reached the sign-up step this action needs."""

    code = "sign_up_incomplete"

    def __init__(self, message: str = "Finish signing up first."):
        super().__init__(message)


class Throttled(PermissionDenied):
    code = "throttled"

    def __init__(self, message: str = "Too many attempts. Try again later."):
        super().__init__(message)


class NotFound(ObjectDoesNotExist):
    code = "not_found"

    def __init__(self, message: str = "Not found."):
        super().__init__(message)
