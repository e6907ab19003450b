from accounts.models import AuthStatus, CodePurpose, OneTimeCode

from .operations import RESEND, VERIFY, codes

SENT = {"sent": True, "userErrors": []}


def verify(gql, signed_up, code):
    return gql(VERIFY, {"code": code}, token=signed_up.token)["data"]["verifyCode"]


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 10**6:06d}"


def test_the_right_code_verifies_the_account(gql, signed_up):
    payload = verify(gql, signed_up, signed_up.code)
    assert payload["user"]["authStatus"] == "CODE_VERIFIED"
    signed_up.user.refresh_from_db()
    assert signed_up.user.auth_status == AuthStatus.CODE_VERIFIED


def test_a_wrong_code_is_invalid_and_the_account_stays_new(gql, signed_up):
    assert codes(verify(gql, signed_up, wrong(signed_up.code))) == ["INVALID_CODE"]
    signed_up.user.refresh_from_db()
    assert signed_up.user.auth_status == AuthStatus.NEW
    assert OneTimeCode.objects.get().attempts == 1


def test_an_expired_code_is_told_apart(gql, signed_up, freeze):
    freeze.tick(5 * 60 + 1)
    assert codes(verify(gql, signed_up, signed_up.code)) == ["CODE_EXPIRED"]
    signed_up.user.refresh_from_db()
    assert signed_up.user.auth_status == AuthStatus.NEW


def test_phone_codes_expire_after_two_minutes(gql, freeze):
    from .conftest import SignedUp

    person = SignedUp(gql, "+998901234567")
    freeze.tick(2 * 60 + 1)
    assert codes(verify(gql, person, person.code)) == ["CODE_EXPIRED"]


def test_fifth_wrong_code_burns_the_code(gql, signed_up):
    for _ in range(4):
        assert codes(verify(gql, signed_up, wrong(signed_up.code))) == ["INVALID_CODE"]
    assert codes(verify(gql, signed_up, wrong(signed_up.code))) == ["TOO_MANY_ATTEMPTS"]
    assert codes(verify(gql, signed_up, signed_up.code)) == ["TOO_MANY_ATTEMPTS"]
    signed_up.user.refresh_from_db()
    assert signed_up.user.auth_status == AuthStatus.NEW


def test_a_used_code_cannot_be_used_again(gql, signed_up):
    verify(gql, signed_up, signed_up.code)
    assert codes(verify(gql, signed_up, signed_up.code)) == ["ALREADY_VERIFIED"]
    assert OneTimeCode.objects.get().used_at is not None


def test_a_reset_code_cannot_verify_a_sign_up(gql, signed_up):
    from accounts.codes import _hash

    code = OneTimeCode.objects.get()
    code.purpose = CodePurpose.RESET
    code.code_hash = _hash(CodePurpose.RESET, signed_up.contact, signed_up.code)
    code.save()
    assert codes(verify(gql, signed_up, signed_up.code)) == ["INVALID_CODE"]


def test_verifying_needs_a_signed_in_user(gql):
    [error] = gql(VERIFY, {"code": "123456"})["errors"]
    assert error["extensions"]["code"] == "UNAUTHENTICATED"


def test_resend_is_refused_while_a_code_is_live(gql, signed_up):
    payload = gql(RESEND, token=signed_up.token)["data"]["resendCode"]
    assert codes(payload) == ["CODE_STILL_VALID"]
    assert OneTimeCode.objects.count() == 1


def test_resend_after_expiry_sends_a_fresh_code(gql, signed_up, freeze):
    freeze.tick(5 * 60 + 1)
    payload = gql(RESEND, token=signed_up.token)["data"]["resendCode"]
    assert payload == SENT
    assert OneTimeCode.objects.count() == 2


def test_resend_after_a_burned_code_waits_for_the_cool_down(gql, signed_up):
    for _ in range(5):
        verify(gql, signed_up, wrong(signed_up.code))
    payload = gql(RESEND, token=signed_up.token)["data"]["resendCode"]
    assert codes(payload) == ["THROTTLED"]
    assert OneTimeCode.objects.count() == 1


def test_at_most_five_codes_an_hour(gql, signed_up, freeze):
    for _ in range(4):
        freeze.tick(5 * 60 + 1)
        assert gql(RESEND, token=signed_up.token)["data"]["resendCode"] == SENT
    freeze.tick(5 * 60 + 1)
    payload = gql(RESEND, token=signed_up.token)["data"]["resendCode"]
    assert codes(payload) == ["THROTTLED"]
    assert OneTimeCode.objects.count() == 5
