"""The payloads of the account mutations (API.md version 2): each its own type, objects read after the write."""

import strawberry
import strawberry_django

from common.graphql.payloads import Payload

from .types import UserType


@strawberry.type
class UserPayload(Payload):
    user: UserType | None = strawberry_django.field(default=None, description="The account, as it is now.")


@strawberry.type
class TokensPayload(UserPayload):
    access_token: str | None = strawberry.field(
        default=None, description="For `Authorization: Bearer`; lives 15 minutes."
    )
    refresh_token: str | None = strawberry.field(
        default=None, description="Trade it with `refreshToken` for a new pair; lives 14 days, used once."
    )


@strawberry.type
class SentPayload(Payload):
    sent: bool | None = strawberry.field(default=None, description="True when a code is on its way.")


@strawberry.type(description="Tokens good only for finishing sign-up (verify the code, then the profile).")
class SignUpPayload(TokensPayload):
    pass


@strawberry.type
class VerifyCodePayload(UserPayload):
    pass


@strawberry.type
class ResendCodePayload(SentPayload):
    pass


@strawberry.type
class UpdateProfilePayload(UserPayload):
    pass


@strawberry.type
class UpdatePhotoPayload(UserPayload):
    pass


@strawberry.type
class SkipPhotoPayload(UserPayload):
    pass


@strawberry.type
class LoginPayload(TokensPayload):
    pass


@strawberry.type
class RefreshTokenPayload(TokensPayload):
    pass


@strawberry.type
class LogoutPayload(Payload):
    logged_out: bool | None = strawberry.field(default=None, description="True once the refresh token is revoked.")


@strawberry.type(description="`sent` is true whether or not an account has the contact.")
class ForgotPasswordPayload(SentPayload):
    pass


@strawberry.type
class ResetPasswordPayload(TokensPayload):
    pass


@strawberry.type
class ChangePasswordPayload(TokensPayload):
    pass
