from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower

from common.models import BaseModel

from .usernames import validate_username


class AuthType(models.TextChoices):
    VIA_EMAIL = "VIA_EMAIL", "Email"
    VIA_PHONE = "VIA_PHONE", "Phone"


class AuthStatus(models.TextChoices):
    NEW = "NEW", "New"
    CODE_VERIFIED = "CODE_VERIFIED", "Code verified"
    DONE = "DONE", "Profile done"
    PHOTO_DONE = "PHOTO_DONE", "Photo done"


# Statuses in the order sign-up walks them, so a rule can say "DONE or later".
STATUS_ORDER = [AuthStatus.NEW, AuthStatus.CODE_VERIFIED, AuthStatus.DONE, AuthStatus.PHOTO_DONE]


class InstacloneUserManager(UserManager):
    def get_by_natural_key(self, username):
        return self.get(username__iexact=username)


class User(BaseModel, AbstractUser):
    username = models.CharField(max_length=30, unique=True, validators=[validate_username])
    email = models.EmailField(null=True, blank=True, unique=True)
    phone_number = models.CharField(max_length=20, null=True, blank=True, unique=True)
    auth_type = models.CharField(max_length=16, choices=AuthType.choices)
    auth_status = models.CharField(max_length=16, choices=AuthStatus.choices, default=AuthStatus.NEW)
    photo = models.ImageField(upload_to="avatars/", blank=True)
    bio = models.CharField(max_length=150, blank=True)
    is_private = models.BooleanField(default=False)
    # Access tokens issued before this instant are refused: set when every session is ended (password reset
    # or change, a stolen refresh token), so a 15-minute access token does not outlive the password.
    tokens_valid_after = models.DateTimeField(null=True, blank=True)
    # Kept by the services with F() in the transaction that changes them, so profiles read them for free.
    posts_count = models.PositiveIntegerField(default=0)
    followers_count = models.PositiveIntegerField(default=0)
    following_count = models.PositiveIntegerField(default=0)

    objects = InstacloneUserManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("username"), name="user_username_ci_unique"),
        ]

    def __str__(self):
        return self.username

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def contact(self) -> str:
        return self.email if self.auth_type == AuthType.VIA_EMAIL else self.phone_number

    def has_status(self, status: AuthStatus) -> bool:
        """True when the account reached `status` or a later step of sign-up."""
        return STATUS_ORDER.index(self.auth_status) >= STATUS_ORDER.index(status)


class CodePurpose(models.TextChoices):
    SIGN_UP = "SIGN_UP", "Sign-up"
    RESET = "RESET", "Password reset"


class OneTimeCode(BaseModel):
    """A code owed or sent to a contact; only its keyed hash is stored, never the digits."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="codes")
    purpose = models.CharField(max_length=16, choices=CodePurpose.choices)
    contact = models.CharField(max_length=254)
    # Empty until the delivery task makes the code: the request that asks for a code never sees its digits.
    code_hash = models.CharField(max_length=128, blank=True, default="")
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)
    # Set when every try to send it failed: the user may ask for another at once (no cool-down).
    delivery_failed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "purpose", "-created_at"], name="code_user_purpose_idx")]

    def __str__(self):
        return f"{self.get_purpose_display()} code for {self.contact}"


class RefreshToken(BaseModel):
    """A refresh token's id (`jti`); the signed token itself is only ever in the client's hands."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="refresh_tokens")
    expires_at = models.DateTimeField()
    rotated_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"refresh token {self.pk} of {self.user_id}"
