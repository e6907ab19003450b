"""The account operations as a client sends them."""

ERRORS = "... on OperationInfo { messages { kind field code message } }"
AUTH = f"... on AuthPayload {{ accessToken refreshToken user {{ id username authStatus }} }} {ERRORS}"
USER = f"... on User {{ id username firstName lastName authStatus photoUrl }} {ERRORS}"
OK = f"... on Ok {{ ok }} {ERRORS}"

SIGN_UP = f"mutation($c: String!) {{ signUp(input: {{emailOrPhone: $c}}) {{ {AUTH} }} }}"
VERIFY = f"mutation($code: String!) {{ verifyCode(input: {{code: $code}}) {{ {USER} }} }}"
RESEND = f"mutation {{ resendCode {{ {OK} }} }}"
UPDATE_PROFILE = f"mutation($input: UpdateProfileInput!) {{ updateProfile(input: $input) {{ {USER} }} }}"
UPDATE_PHOTO = f"mutation($photo: Upload!) {{ updatePhoto(photo: $photo) {{ {USER} }} }}"
SKIP_PHOTO = f"mutation {{ skipPhoto {{ {USER} }} }}"
LOGIN = f"mutation($input: LoginInput!) {{ login(input: $input) {{ {AUTH} }} }}"
REFRESH = f"mutation($t: String!) {{ refreshToken(input: {{refreshToken: $t}}) {{ {AUTH} }} }}"
LOGOUT = f"mutation($t: String!) {{ logout(input: {{refreshToken: $t}}) {{ {OK} }} }}"
FORGOT = f"mutation($c: String!) {{ forgotPassword(input: {{emailOrPhone: $c}}) {{ {OK} }} }}"
RESET = f"mutation($input: ResetPasswordInput!) {{ resetPassword(input: $input) {{ {AUTH} }} }}"
CHANGE = f"mutation($input: ChangePasswordInput!) {{ changePassword(input: $input) {{ {AUTH} }} }}"
ME = "{ me { id username email phoneNumber authType authStatus } }"


def codes(payload: dict) -> list[str]:
    """The error codes of a mutation's OperationInfo answer."""
    return [message["code"] for message in payload.get("messages", [])]
