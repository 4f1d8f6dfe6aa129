"""Demo accounts of council members, so the dashboard and entitlements can be tried after `make run`.

Marked demo additions, idempotent: ``ratsmitglied-altenburg`` is Torsten Rist (Stadtrat and
SPD-Grüne-Fraktion, whose inquiry and its answer are in the seeds), ``ratsmitglied-aschersleben``
is Michelmann (Stadtrat Aschersleben, so he reads the demo's non-public Stadtrat paper).
"""

from django.contrib.auth import get_user_model

from members.models import Account, FollowKind
from members.services import follow_create
from sessions.models import Person

DEMO_MEMBER_PASSWORD = "demo-member-2026"  # noqa: S105
DEMO_MEMBERS = [
    ("ratsmitglied-altenburg", "altenburg", "Torsten Rist"),
    ("ratsmitglied-aschersleben", "aschersleben", "Michelmann"),
]


def load_member_accounts() -> None:
    User = get_user_model()
    for username, body_slug, name in DEMO_MEMBERS:
        person = Person.objects.filter(body__slug=body_slug, name=name).first()
        if person is None:
            continue
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(username, f"{username}@example.org", DEMO_MEMBER_PASSWORD)
        account, _created = Account.objects.get_or_create(
            user=user, defaults={"person": person, "email_verified": True}
        )
        if account.person_id is None:
            account.person = person
            account.email_verified = True
            account.save(update_fields=["person", "email_verified"])
        follow_create(user=user, kind=FollowKind.BODY, target=person.body)
