"""Demo additions of the privacy app: staff may keep their bodies' retention rules, each body gets
example rules (inactive until the town decides), and the privacy page is prefilled."""

from django.contrib.auth.models import Permission

from privacy.content import privacy_page_ensure
from privacy.models import RetentionAction, RetentionRule, RetentionSubject

EXAMPLE_RULES = [
    (RetentionSubject.NONPUBLIC_PAPERS, "", 10, RetentionAction.DELETE),
    (RetentionSubject.FORMER_MEMBER_CONTACTS, "", 2, RetentionAction.ANONYMISE),
    (RetentionSubject.PETITION_PERSONAL_DATA, "sonstiges", 5, RetentionAction.ANONYMISE),
]


def load_privacy_demo(bodies) -> None:
    permissions = Permission.objects.filter(content_type__app_label="privacy", content_type__model="retentionrule")
    for body in bodies:
        if body.staff_group_id:
            body.staff_group.permissions.add(*permissions)
        for subject, paper_type, years, action in EXAMPLE_RULES:
            RetentionRule.objects.get_or_create(
                body=body,
                subject=subject,
                paper_type=paper_type,
                defaults={"years": years, "action": action, "active": False},
            )
    privacy_page_ensure()
