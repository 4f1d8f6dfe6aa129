"""One-time tokens for e-mail links, built on Django's password-reset token generator.

Invitation links use ``default_token_generator``: its hash covers the password, so the link dies
when the member sets one. Verification links hash the verified flag too, so they die once used.
Unsubscribe links are signed (``django.core.signing``) and need no login and no expiry.
"""

from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import signing
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

UNSUBSCRIBE_SALT = "members.unsubscribe"


class EmailVerificationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "members.tokens.EmailVerificationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        account = getattr(user, "ris_account", None)
        verified = bool(account and account.email_verified)
        return f"{user.pk}{user.password}{user.email}{user.is_active}{verified}{timestamp}"


verification_token_generator = EmailVerificationTokenGenerator()


def uid_for(user) -> str:
    return urlsafe_base64_encode(force_bytes(user.pk))


def unsubscribe_token(*, user_id: int, follow_id: int | None) -> str:
    """``follow_id`` None means: every alert of this user."""
    return signing.dumps({"u": user_id, "f": follow_id}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_payload(token: str) -> dict | None:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or "u" not in data:
        return None
    return data
