"""Turn changes into alert events and resolution tracking, whoever made them (admin, import, services).

Connected in ``MembersConfig.ready``. The handlers only record; the mails go out from tasks
queued after commit (members.events.event_record).
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from members.events import event_record
from members.models import EventKind
from motions.models import Consultation, File, Paper, PaperState, PaperType
from sessions.models import AgendaItem, Result

ADOPTED_RESULTS = {Result.ADOPTED, Result.ADOPTED_AMENDED}


@receiver(post_save, sender=Paper, dispatch_uid="members.paper_events")
def paper_saved(sender, instance: Paper, raw=False, **kwargs):
    if raw or instance.deleted or not instance.live:
        return
    if instance.paper_type == PaperType.ANSWER and instance.answers_id:
        event_record(kind=EventKind.ANSWER, key=f"answer:{instance.pk}", paper=instance)
    else:
        # Keyed by visibility too: a paper made public later is news for those who could not see it.
        audience = "public" if instance.public else "internal"
        event_record(kind=EventKind.NEW_PAPER, key=f"paper:{instance.pk}:{audience}", paper=instance)
    if instance.state == PaperState.ADOPTED:
        from members.services import tracking_ensure

        tracking_ensure(paper=instance)


def _consultation_event(consultation: Consultation, result: str) -> None:
    event_record(
        kind=EventKind.CONSULTATION,
        key=f"consultation:{consultation.pk}:{result}",
        paper_id=consultation.paper_id,
        consultation=consultation,
        meeting_id=consultation.meeting_id,
    )
    if result in ADOPTED_RESULTS and consultation.authoritative:
        from members.services import tracking_ensure

        tracking_ensure(paper=consultation.paper)


@receiver(post_save, sender=Consultation, dispatch_uid="members.consultation_events")
def consultation_saved(sender, instance: Consultation, raw=False, **kwargs):
    if raw or instance.deleted or not instance.result:
        return
    _consultation_event(instance, instance.result)


@receiver(post_save, sender=AgendaItem, dispatch_uid="members.agenda_item_events")
def agenda_item_saved(sender, instance: AgendaItem, raw=False, **kwargs):
    """A result recorded on the agenda item is news for the papers consulted under it."""
    if raw or instance.deleted or not instance.result:
        return
    for consultation in Consultation.objects.filter(agenda_item=instance, deleted=False):
        _consultation_event(consultation, consultation.result or instance.result)


@receiver(post_save, sender=File, dispatch_uid="members.file_events")
def file_saved(sender, instance: File, created=False, raw=False, **kwargs):
    if raw or not created or instance.deleted or not (instance.paper_id or instance.meeting_id):
        return
    event_record(
        kind=EventKind.NEW_FILE,
        key=f"file:{instance.pk}",
        file=instance,
        paper_id=instance.paper_id,
        meeting_id=instance.meeting_id,
    )


def records_created(model, instances) -> None:
    """The events and resolution tracking ``post_save`` would record for these new records, for
    bulk writers (``bulk_create`` sends no signals). A new agenda item has no consultation
    linking it yet (the link needs its key), so only the consultation's own save is news."""
    handler = {Paper: paper_saved, Consultation: consultation_saved, File: file_saved}.get(model)
    if handler is None:
        return
    for instance in instances:
        handler(model, instance, created=True)
