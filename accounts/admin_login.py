"""The admin's login form, held to the same failure limits as the API's `login` (accounts.login_throttle).

A staff account opens the whole admin, so its password must not be guessable where the API's is not.
"""

from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError

from common.errors import ErrorCode, ServiceUnavailable, Throttled
from common.graphql.request import client_ip

from .login_throttle import login_attempt_begin, login_attempt_succeed
from .selectors import user_get_by_login


class ThrottledAdminLoginForm(AdminAuthenticationForm):
    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is None or not password:
            return super().clean()  # a field is missing: no password was tried, so nothing is counted
        try:
            attempt = login_attempt_begin(
                user=user_get_by_login(username), login=username, ip_address=client_ip(self.request)
            )
        except Throttled as error:
            raise ValidationError(str(error), code=ErrorCode.THROTTLED) from error
        except ServiceUnavailable as error:
            raise ValidationError(str(error), code="service_unavailable") from error
        try:
            return super().clean()
        finally:
            # The password was right (even if the account may not use the admin): it is no failure.
            if self.user_cache is not None:
                login_attempt_succeed(attempt)
