"""Accounts, follows, alert events and resolution tracking (issue 7).

``Account`` links a Django user to a council ``Person`` (for members) and records whether the
e-mail address was verified; ris/access.py reads it to grant non-public material by membership.
``Follow`` is what a user follows; ``Event`` is something that happened to a paper or meeting
and ``Alert`` is one event for one recipient, with the sentence that says why it fired.
``ResolutionTracking`` is the Beschlusskontrolle of one adopted paper, with staff's dated reports.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel


class Delivery(models.TextChoices):
    IMMEDIATE = "sofort", _("sofort")
    DAILY = "taeglich", _("täglich (Zusammenfassung)")


class Account(models.Model):
    """The RIS side of a user: the person they are (council members) and their alert settings."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ris_account")
    person = models.OneToOneField(
        "council_sessions.Person",
        verbose_name=_("Person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="account",
        help_text=_("Für Ratsmitglieder und sachkundige Bürger: berechtigt zu nichtöffentlichen Unterlagen."),
    )
    email_verified = models.BooleanField(_("E-Mail bestätigt"), default=False)
    delivery = models.CharField(
        _("Benachrichtigungen"), max_length=10, choices=Delivery.choices, default=Delivery.IMMEDIATE
    )

    class Meta:
        verbose_name = _("Konto")
        verbose_name_plural = _("Konten")

    def __str__(self):
        return self.user.get_username()


class FollowKind(models.TextChoices):
    PAPER = "vorlage", _("Vorlage")
    ORGANIZATION = "gremium", _("Gremium/Organisation")
    PERSON = "person", _("Person")
    BODY = "koerperschaft", _("Körperschaft")
    SEARCH = "suche", _("Suche")


TARGET_FIELD = {
    FollowKind.PAPER: "paper",
    FollowKind.ORGANIZATION: "organization",
    FollowKind.PERSON: "person",
    FollowKind.BODY: "body",
}


class Follow(models.Model):
    """One thing a user follows. Exactly one target field is set, matching ``kind``."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    kind = models.CharField(_("Art"), max_length=20, choices=FollowKind.choices)
    paper = models.ForeignKey("motions.Paper", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey(
        "council_sessions.Organization", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    person = models.ForeignKey(
        "council_sessions.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    body = models.ForeignKey("council_sessions.Body", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    query = models.CharField(_("Suchbegriff"), max_length=200, blank=True)
    created = models.DateTimeField(_("seit"), auto_now_add=True)

    class Meta:
        verbose_name = _("Abo")
        verbose_name_plural = _("Abos")
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "paper", "organization", "person", "body", "query"],
                name="follow_unique_target",
                nulls_distinct=False,
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.target_label}"

    @property
    def target(self):
        return self.paper or self.organization or self.person or self.body

    @property
    def target_label(self) -> str:
        if self.kind == FollowKind.SEARCH:
            return f"„{self.query}“"
        return str(self.target or "")


class EventKind(models.TextChoices):
    NEW_PAPER = "neue_vorlage", _("neue Vorlage")
    CONSULTATION = "beratung", _("neue Beratung")
    ANSWER = "antwort", _("Antwort eingegangen")
    NEW_FILE = "dokument", _("neues Dokument")


class Event(models.Model):
    """Something that happened and may interest followers. ``key`` makes recording idempotent."""

    key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    paper = models.ForeignKey("motions.Paper", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(
        "council_sessions.Meeting", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    consultation = models.ForeignKey(
        "motions.Consultation", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    file = models.ForeignKey("motions.File", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    created = models.DateTimeField(auto_now_add=True, db_index=True)
    dispatched = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created"]

    def __str__(self):
        return self.key


class Alert(models.Model):
    """One event for one recipient: why (``reason``), and whether it was mailed already."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alerts")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="alerts")
    follow = models.ForeignKey(Follow, null=True, on_delete=models.SET_NULL, related_name="alerts")
    reason = models.CharField(max_length=500)
    created = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        constraints = [models.UniqueConstraint(fields=["user", "event"], name="alert_unique_per_user")]

    def __str__(self):
        return self.reason


class FileOpened(models.Model):
    """That a signed-in user opened a document, for "not opened yet" on the dashboard."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    file = models.ForeignKey("motions.File", on_delete=models.CASCADE, related_name="+")
    first_opened = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "file"], name="file_opened_unique")]

    def __str__(self):
        return f"{self.user_id}: {self.file_id}"


class TrackingStatus(models.TextChoices):
    OPEN = "offen", _("offen")
    IN_PROGRESS = "in_umsetzung", _("in Umsetzung")
    DONE = "umgesetzt", _("umgesetzt")
    IMPOSSIBLE = "nicht_umsetzbar", _("nicht umsetzbar")


DEFAULT_DUE_DAYS = 90


def default_due_date():
    return timezone.localdate() + timedelta(days=DEFAULT_DUE_DAYS)


class ResolutionTrackingQuerySet(models.QuerySet):
    def visible_to(self, user):
        from ris import access

        return self.filter(access.paper_q(user, "paper__"))

    def overdue(self, day=None):
        day = day or timezone.localdate()
        return self.filter(due_date__lt=day, status__in=[TrackingStatus.OPEN, TrackingStatus.IN_PROGRESS])


class ResolutionTracking(ClusterableModel):
    """Beschlusskontrolle: who implements an adopted resolution or accepted motion, by when, how far."""

    paper = models.OneToOneField(
        "motions.Paper", verbose_name=_("Vorlage"), on_delete=models.CASCADE, related_name="tracking"
    )
    owner_unit = models.ForeignKey(
        "council_sessions.Organization",
        verbose_name=_("zuständige Stelle"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    due_date = models.DateField(_("fällig am"), default=default_due_date)
    status = models.CharField(_("Stand der Umsetzung"), max_length=20, choices=TrackingStatus.choices, default="offen")
    created = models.DateTimeField(_("angelegt"), auto_now_add=True)
    modified = models.DateTimeField(_("geändert"), auto_now=True)

    objects = ResolutionTrackingQuerySet.as_manager()

    class Meta:
        verbose_name = _("Beschlusskontrolle")
        verbose_name_plural = _("Beschlusskontrolle")
        ordering = ["due_date", "pk"]

    def __str__(self):
        return str(self.paper)

    @property
    def is_overdue(self) -> bool:
        open_states = (TrackingStatus.OPEN, TrackingStatus.IN_PROGRESS)
        return self.status in open_states and self.due_date < timezone.localdate()

    def get_absolute_url(self):
        return reverse("members:tracking_list") + f"#beschluss-{self.pk}"


class ProgressReport(models.Model):
    """A dated progress report on the implementation, written by staff."""

    tracking = ParentalKey(ResolutionTracking, on_delete=models.CASCADE, related_name="reports")
    date = models.DateField(_("Datum"), default=timezone.localdate)
    text = models.TextField(_("Bericht"))

    class Meta:
        verbose_name = _("Sachstandsbericht")
        verbose_name_plural = _("Sachstandsberichte")
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"{self.date:%d.%m.%Y}"


class LimitHit(models.Model):
    """One counted use of a limited action (members/ratelimit.py): a sign-up or a reset mail."""

    key = models.CharField(max_length=200)
    at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["key", "at"])]

    def __str__(self):
        return f"{self.key} @ {self.at:%Y-%m-%d %H:%M}"
