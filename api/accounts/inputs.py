import strawberry
from strawberry.file_uploads import Upload


@strawberry.input
class SignUpInput:
    email_or_phone: str


@strawberry.input
class VerifyCodeInput:
    code: str


@strawberry.input
class UpdateProfileInput:
    first_name: str | None = None
    last_name: str | None = None
    username: str | None = None
    password: str | None = None
    confirm_password: str | None = None
    bio: str | None = None
    is_private: bool | None = None


@strawberry.input
class UpdatePhotoInput:
    photo: Upload


@strawberry.input
class LoginInput:
    login: str
    password: str


@strawberry.input
class RefreshTokenInput:
    refresh_token: str


@strawberry.input
class LogoutInput:
    refresh_token: str


@strawberry.input
class ForgotPasswordInput:
    email_or_phone: str


@strawberry.input
class ResetPasswordInput:
    email_or_phone: str
    code: str
    password: str
    confirm_password: str


@strawberry.input
class ChangePasswordInput:
    old_password: str
    password: str
    confirm_password: str
