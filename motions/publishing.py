"""Reactions to Wagtail publishing a paper (``wagtail.signals.published``), wired in MotionsConfig.ready.

Publishing happens in several places (the admin's Publish button, a workflow's last approval,
``publish_scheduled`` for a scheduled time); the signal is the one point all of them pass.
"""

from wagtail.signals import published


def _paper_published(sender, instance, revision=None, **kwargs):
    from motions.services import paper_published

    paper_published(paper=instance, user=getattr(revision, "user", None))


def connect() -> None:
    from motions.models import Paper

    published.connect(_paper_published, sender=Paper, dispatch_uid="ris-paper-published")
