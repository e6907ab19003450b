"""The account operations as a client sends them (API version 2: payloads with `userErrors`)."""

ERRORS = "userErrors { field code message }"
AUTH = f"accessToken refreshToken user {{ id username authStatus }} {ERRORS}"
USER = f"user {{ id username firstName lastName authStatus photoUrl }} {ERRORS}"
SENT = f"sent {ERRORS}"

SIGN_UP = f"mutation($c: String!) {{ signUp(input: {{emailOrPhone: $c}}) {{ {AUTH} }} }}"
VERIFY = f"mutation($code: String!) {{ verifyCode(input: {{code: $code}}) {{ {USER} }} }}"
RESEND = f"mutation {{ resendCode {{ {SENT} }} }}"
UPDATE_PROFILE = f"mutation($input: UpdateProfileInput!) {{ updateProfile(input: $input) {{ {USER} }} }}"
UPDATE_PHOTO = f"mutation($photo: Upload!) {{ updatePhoto(input: {{photo: $photo}}) {{ {USER} }} }}"
SKIP_PHOTO = f"mutation {{ skipPhoto {{ {USER} }} }}"
LOGIN = f"mutation($input: LoginInput!) {{ login(input: $input) {{ {AUTH} }} }}"
REFRESH = f"mutation($t: String!) {{ refreshToken(input: {{refreshToken: $t}}) {{ {AUTH} }} }}"
LOGOUT = f"mutation($t: String!) {{ logout(input: {{refreshToken: $t}}) {{ loggedOut {ERRORS} }} }}"
FORGOT = f"mutation($c: String!) {{ forgotPassword(input: {{emailOrPhone: $c}}) {{ {SENT} }} }}"
RESET = f"mutation($input: ResetPasswordInput!) {{ resetPassword(input: $input) {{ {AUTH} }} }}"
CHANGE = f"mutation($input: ChangePasswordInput!) {{ changePassword(input: $input) {{ {AUTH} }} }}"
ME = "{ me { id username email phoneNumber authType authStatus } }"


def codes(payload: dict) -> list[str]:
    """The codes of a mutation payload's `userErrors` (empty on success)."""
    return [error["code"] for error in payload["userErrors"]]


def fields(payload: dict) -> list[str | None]:
    """The input fields a payload's `userErrors` name."""
    return [error["field"] for error in payload["userErrors"]]
