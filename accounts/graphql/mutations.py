import strawberry
import strawberry_django
from strawberry import Info
from strawberry.file_uploads import Upload

from common.graphql.auth import require_user
from common.graphql.request import client_ip

from .. import services, tokens
from .inputs import (
    ChangePasswordInput,
    ForgotPasswordInput,
    LoginInput,
    LogoutInput,
    RefreshTokenInput,
    ResetPasswordInput,
    SignUpInput,
    UpdateProfileInput,
    VerifyCodeInput,
)
from .types import AuthPayload, Ok, UserType


def _payload(user, pair: tokens.TokenPair) -> AuthPayload:
    return AuthPayload(user=user, access_token=pair.access_token, refresh_token=pair.refresh_token)


@strawberry.type
class Mutation:
    @strawberry_django.mutation(handle_django_errors=True)
    def sign_up(self, info: Info, input: SignUpInput) -> AuthPayload:
        return _payload(
            *services.user_sign_up(email_or_phone=input.email_or_phone, ip_address=client_ip(info.context.request))
        )

    @strawberry_django.mutation(handle_django_errors=True)
    def verify_code(self, info: Info, input: VerifyCodeInput) -> UserType:
        return services.user_verify_code(user=require_user(info), code=input.code)

    @strawberry_django.mutation(handle_django_errors=True)
    def resend_code(self, info: Info) -> Ok:
        services.user_resend_code(user=require_user(info))
        return Ok()

    @strawberry_django.mutation(handle_django_errors=True)
    def update_profile(self, info: Info, input: UpdateProfileInput) -> UserType:
        return services.user_update_profile(user=require_user(info), **vars(input))

    @strawberry_django.mutation(handle_django_errors=True)
    def update_photo(self, info: Info, photo: Upload) -> UserType:
        return services.user_update_photo(user=require_user(info), photo=photo)

    @strawberry_django.mutation(handle_django_errors=True)
    def skip_photo(self, info: Info) -> UserType:
        return services.user_skip_photo(user=require_user(info))

    @strawberry_django.mutation(handle_django_errors=True)
    def login(self, info: Info, input: LoginInput) -> AuthPayload:
        return _payload(
            *services.user_login(login=input.login, password=input.password, ip_address=client_ip(info.context.request))
        )

    @strawberry_django.mutation(handle_django_errors=True)
    def refresh_token(self, input: RefreshTokenInput) -> AuthPayload:
        return _payload(*tokens.token_refresh(refresh_token=input.refresh_token))

    @strawberry_django.mutation(handle_django_errors=True)
    def logout(self, input: LogoutInput) -> Ok:
        tokens.token_revoke(refresh_token=input.refresh_token)
        return Ok()

    @strawberry_django.mutation(handle_django_errors=True)
    def forgot_password(self, info: Info, input: ForgotPasswordInput) -> Ok:
        services.user_forgot_password(email_or_phone=input.email_or_phone, ip_address=client_ip(info.context.request))
        return Ok()

    @strawberry_django.mutation(handle_django_errors=True)
    def reset_password(self, input: ResetPasswordInput) -> AuthPayload:
        return _payload(*services.user_reset_password(**vars(input)))

    @strawberry_django.mutation(handle_django_errors=True)
    def change_password(self, info: Info, input: ChangePasswordInput) -> AuthPayload:
        return _payload(*services.user_change_password(user=require_user(info), **vars(input)))
