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
    @strawberry_django.mutation(
        handle_django_errors=True,
        description=(
            "Start signing up with an email or a phone number (any common format). Sends a one-time code and "
            "returns tokens good only for finishing sign-up. Codes: invalid_contact, contact_taken, "
            "throttled."
        ),
    )
    def sign_up(self, info: Info, input: SignUpInput) -> AuthPayload:
        return _payload(
            *services.user_sign_up(email_or_phone=input.email_or_phone, ip_address=client_ip(info.context.request))
        )

    @strawberry_django.mutation(
        handle_django_errors=True,
        description=(
            "Confirm the contact with the code it received: NEW → CODE_VERIFIED. Codes: invalid_code, "
            "code_expired, too_many_attempts, already_verified."
        ),
    )
    def verify_code(self, info: Info, input: VerifyCodeInput) -> UserType:
        return services.user_verify_code(user=require_user(info), code=input.code)

    @strawberry_django.mutation(
        handle_django_errors=True,
        description=(
            "Send a fresh sign-up code once the last one is spent or expired (60 s apart, 5 an hour). Codes: "
            "code_still_valid, throttled, already_verified."
        ),
    )
    def resend_code(self, info: Info) -> Ok:
        services.user_resend_code(user=require_user(info))
        return Ok()

    @strawberry_django.mutation(
        handle_django_errors=True,
        description=(
            "Finish sign-up (username and password required: CODE_VERIFIED → DONE) or edit the profile later."
            " Codes: username_taken, invalid_username, invalid_name, password_mismatch, password_too_short, "
            "use_change_password, sign_up_incomplete."
        ),
    )
    def update_profile(self, info: Info, input: UpdateProfileInput) -> UserType:
        return services.user_update_profile(user=require_user(info), **vars(input))

    @strawberry_django.mutation(
        handle_django_errors=True,
        description=(
            "Set the profile photo (multipart upload; JPEG, PNG or WebP, at most 10 MB): DONE → PHOTO_DONE. "
            "Codes: invalid_image, image_too_large, sign_up_incomplete."
        ),
    )
    def update_photo(self, info: Info, photo: Upload) -> UserType:
        return services.user_update_photo(user=require_user(info), photo=photo)

    @strawberry_django.mutation(
        handle_django_errors=True,
        description="Finish sign-up without a photo: DONE → PHOTO_DONE.",
    )
    def skip_photo(self, info: Info) -> UserType:
        return services.user_skip_photo(user=require_user(info))

    @strawberry_django.mutation(
        handle_django_errors=True,
        description=(
            "Log in with a username, an email or a phone number. Codes: invalid_credentials, "
            "sign_up_incomplete, throttled."
        ),
    )
    def login(self, info: Info, input: LoginInput) -> AuthPayload:
        return _payload(
            *services.user_login(login=input.login, password=input.password, ip_address=client_ip(info.context.request))
        )

    @strawberry_django.mutation(
        handle_django_errors=True,
        description=(
            "Trade a refresh token for a new pair; the old one stops working. Presenting a spent token again "
            "ends every session of the user. Codes: invalid_token."
        ),
    )
    def refresh_token(self, input: RefreshTokenInput) -> AuthPayload:
        return _payload(*tokens.token_refresh(refresh_token=input.refresh_token))

    @strawberry_django.mutation(
        handle_django_errors=True,
        description="Revoke one refresh token. Codes: invalid_token.",
    )
    def logout(self, input: LogoutInput) -> Ok:
        tokens.token_revoke(refresh_token=input.refresh_token)
        return Ok()

    @strawberry_django.mutation(
        handle_django_errors=True,
        description=(
            "Send a password-reset code to the contact if an account has it; the answer is the same either "
            "way. Codes: invalid_contact, throttled."
        ),
    )
    def forgot_password(self, info: Info, input: ForgotPasswordInput) -> Ok:
        services.user_forgot_password(email_or_phone=input.email_or_phone, ip_address=client_ip(info.context.request))
        return Ok()

    @strawberry_django.mutation(
        handle_django_errors=True,
        description=(
            "Set a new password with a reset code; every earlier session ends. Codes: invalid_code, "
            "code_expired, too_many_attempts, password_mismatch, password_too_short."
        ),
    )
    def reset_password(self, input: ResetPasswordInput) -> AuthPayload:
        return _payload(*services.user_reset_password(**vars(input)))

    @strawberry_django.mutation(
        handle_django_errors=True,
        description=(
            "Change the password; every other session ends. Codes: invalid_password, password_mismatch, "
            "password_too_short."
        ),
    )
    def change_password(self, info: Info, input: ChangePasswordInput) -> AuthPayload:
        return _payload(*services.user_change_password(user=require_user(info), **vars(input)))
