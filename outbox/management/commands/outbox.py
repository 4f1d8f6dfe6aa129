"""``manage.py outbox``: how much background work waits or failed; drain it; re-queue failures."""

from django.core.management.base import BaseCommand
from django.db.models import Count

from outbox.models import Message
from outbox.services import outbox_drain, outbox_retry_failed


class Command(BaseCommand):
    help = "Show the outbox (waiting and failed messages per topic); --drain works it off here."

    def add_arguments(self, parser):
        parser.add_argument("--drain", action="store_true", help="work off due messages in this process")
        parser.add_argument("--retry-failed", action="store_true", help="put recorded failures back in the queue")

    def handle(self, *args, drain=False, retry_failed=False, **options):
        if retry_failed:
            self.stdout.write(f"re-queued {outbox_retry_failed()} failed message(s)")
        if drain:
            result = outbox_drain(max_batches=10_000)
            self.stdout.write(f"done {result.done}, retried later {result.retried}, failed {result.failed}")
        rows = Message.objects.values("topic", "state").annotate(n=Count("pk")).order_by("topic", "state")
        for row in rows:
            self.stdout.write(f"{row['topic']:<30} {row['state']:<8} {row['n']}")
        if not rows:
            self.stdout.write("outbox empty")
        for message in Message.objects.filter(state="failed").order_by("pk")[:20]:
            self.stdout.write(f"  #{message.pk} {message.topic} after {message.attempts}: {message.last_error[:200]}")
