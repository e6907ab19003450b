import strawberry
from strawberry import Info

from accounts import services, tokens
from common.errors import ErrorCode as E
from common.graphql.auth import require_user
from common.graphql.payloads import fresh, payload_mutation
from common.graphql.request import client_ip
from feed import services as feed_services

from .inputs import (
    ChangePasswordInput,
    ForgotPasswordInput,
    LoginInput,
    LogoutInput,
    RefreshTokenInput,
    ResetPasswordInput,
    SignUpInput,
    UpdatePhotoInput,
    UpdateProfileInput,
    VerifyCodeInput,
)
from .payloads import (
    ChangePasswordPayload,
    ForgotPasswordPayload,
    LoginPayload,
    LogoutPayload,
    RefreshTokenPayload,
    ResendCodePayload,
    ResetPasswordPayload,
    SignUpPayload,
    SkipPhotoPayload,
    TokensPayload,
    UpdatePhotoPayload,
    UpdateProfilePayload,
    VerifyCodePayload,
)

CODE_CHECK = (E.INVALID_CODE, E.CODE_EXPIRED, E.TOO_MANY_ATTEMPTS)
NEW_PASSWORD = (E.REQUIRED, E.PASSWORD_MISMATCH, E.PASSWORD_TOO_WEAK)


def _tokens(payload: type[TokensPayload], user, pair: tokens.TokenPair):
    return payload(user=fresh(user), access_token=pair.access_token, refresh_token=pair.refresh_token)


@strawberry.type
class Mutation:
    @payload_mutation(
        codes=(E.INVALID_CONTACT, E.CONTACT_TAKEN, E.THROTTLED),
        description=(
            "Start signing up with an email or a phone number (any common format). Sends a one-time code and "
            "returns tokens good only for finishing sign-up: once the account is PHOTO_DONE they are refused and "
            "the client logs in. Signing up again for a contact whose sign-up was not finished starts over and "
            "ends the tokens given before."
        ),
    )
    def sign_up(self, info: Info, input: SignUpInput) -> SignUpPayload:
        ip_address = client_ip(info.context.request)
        return _tokens(
            SignUpPayload, *services.user_sign_up(email_or_phone=input.email_or_phone, ip_address=ip_address)
        )

    @payload_mutation(
        codes=(*CODE_CHECK, E.ALREADY_VERIFIED),
        description="Confirm the contact with the code it received: NEW → CODE_VERIFIED.",
    )
    def verify_code(self, info: Info, input: VerifyCodeInput) -> VerifyCodePayload:
        return VerifyCodePayload(user=fresh(services.user_verify_code(user=require_user(info), code=input.code)))

    @payload_mutation(
        codes=(E.CODE_STILL_VALID, E.THROTTLED, E.ALREADY_VERIFIED),
        description="Send a fresh sign-up code once the last one is spent or expired (60 s apart, 5 an hour).",
    )
    def resend_code(self, info: Info) -> ResendCodePayload:
        services.user_resend_code(user=require_user(info))
        return ResendCodePayload(sent=True)

    @payload_mutation(
        codes=(
            E.REQUIRED,
            E.TOO_LONG,
            E.USERNAME_TAKEN,
            E.INVALID_USERNAME,
            E.INVALID_NAME,
            E.PASSWORD_MISMATCH,
            E.PASSWORD_TOO_WEAK,
            E.USE_CHANGE_PASSWORD,
            E.SIGN_UP_INCOMPLETE,
        ),
        description=(
            "Finish sign-up (username and password required: CODE_VERIFIED → DONE) or edit the profile later. "
            "Turning a private account public approves the follow requests waiting for it."
        ),
    )
    def update_profile(self, info: Info, input: UpdateProfileInput) -> UpdateProfilePayload:
        return UpdateProfilePayload(user=fresh(feed_services.profile_update(user=require_user(info), **vars(input))))

    @payload_mutation(
        codes=(E.INVALID_IMAGE, E.IMAGE_TOO_LARGE, E.SIGN_UP_INCOMPLETE),
        description="Set the profile photo (multipart upload; JPEG, PNG or WebP, at most 10 MB): DONE → PHOTO_DONE.",
    )
    def update_photo(self, info: Info, input: UpdatePhotoInput) -> UpdatePhotoPayload:
        return UpdatePhotoPayload(user=fresh(services.user_update_photo(user=require_user(info), photo=input.photo)))

    @payload_mutation(codes=(E.SIGN_UP_INCOMPLETE,), description="Finish sign-up without a photo: DONE → PHOTO_DONE.")
    def skip_photo(self, info: Info) -> SkipPhotoPayload:
        return SkipPhotoPayload(user=fresh(services.user_skip_photo(user=require_user(info))))

    @payload_mutation(
        codes=(E.INVALID_CREDENTIALS, E.SIGN_UP_INCOMPLETE, E.THROTTLED),
        description="Log in with a username, an email or a phone number.",
    )
    def login(self, info: Info, input: LoginInput) -> LoginPayload:
        ip_address = client_ip(info.context.request)
        return _tokens(
            LoginPayload, *services.user_login(login=input.login, password=input.password, ip_address=ip_address)
        )

    @payload_mutation(
        codes=(E.INVALID_TOKEN,),
        description=(
            "Trade a refresh token for a new pair; the old one stops working. Presenting a spent token again "
            "ends every session of the user."
        ),
    )
    def refresh_token(self, input: RefreshTokenInput) -> RefreshTokenPayload:
        return _tokens(RefreshTokenPayload, *tokens.token_refresh(refresh_token=input.refresh_token))

    @payload_mutation(codes=(E.INVALID_TOKEN,), description="Revoke one refresh token.")
    def logout(self, input: LogoutInput) -> LogoutPayload:
        tokens.token_revoke(refresh_token=input.refresh_token)
        return LogoutPayload(logged_out=True)

    @payload_mutation(
        codes=(E.INVALID_CONTACT, E.THROTTLED),
        description=(
            "Send a password-reset code to the contact if an account has it; the answer (and its timing) is the "
            "same either way."
        ),
    )
    def forgot_password(self, info: Info, input: ForgotPasswordInput) -> ForgotPasswordPayload:
        services.user_forgot_password(email_or_phone=input.email_or_phone, ip_address=client_ip(info.context.request))
        return ForgotPasswordPayload(sent=True)

    @payload_mutation(
        codes=(E.INVALID_CONTACT, *CODE_CHECK, *NEW_PASSWORD),
        description="Set a new password with a reset code; every earlier session ends.",
    )
    def reset_password(self, input: ResetPasswordInput) -> ResetPasswordPayload:
        return _tokens(ResetPasswordPayload, *services.user_reset_password(**vars(input)))

    @payload_mutation(
        codes=(E.WRONG_PASSWORD, *NEW_PASSWORD, E.SIGN_UP_INCOMPLETE),
        description="Change the password; every other session ends.",
    )
    def change_password(self, info: Info, input: ChangePasswordInput) -> ChangePasswordPayload:
        return _tokens(ChangePasswordPayload, *services.user_change_password(user=require_user(info), **vars(input)))
