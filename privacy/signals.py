"""Keeping the public versions true to the redactions when the domain saves.

Publishing a paper's revision writes every field back as it was when the revision was made,
``public_texts`` included, and editing a section changes what its redactions apply to: after
every save of a paper with redactions its public texts are rebuilt, in the same transaction, so
the index task (queued for after the commit) reads the rebuilt ones.
"""

from django.db.models.signals import post_save

from motions.models import Paper


def _paper_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    from privacy.models import TextRedaction
    from privacy.services import paper_public_texts_build

    if instance.public_texts or TextRedaction.objects.filter(paper_id=instance.pk).exists():
        paper_public_texts_build(paper=instance)


def connect() -> None:
    post_save.connect(_paper_saved, sender=Paper, dispatch_uid="privacy-paper-saved")
    connect_published()


def _paper_published(sender, instance, **kwargs):
    """Publishing by any path (workflow approval, bulk action): open findings without a
    confirmation are recorded in the audit log. Only findings already found are read here —
    the check itself runs in the admin, not on every import."""
    from wagtail.log_actions import log

    from privacy.checks import open_findings
    from privacy.services import PUBLISHED_OPEN_ACTION, publish_confirmed

    findings = open_findings(paper=instance)
    if findings and not publish_confirmed(paper=instance, findings=findings):
        log(instance=instance, action=PUBLISHED_OPEN_ACTION, data={"findings": sorted(f.pk for f in findings)})


def connect_published() -> None:
    from wagtail.signals import published

    published.connect(_paper_published, sender=Paper, dispatch_uid="privacy-paper-published")
