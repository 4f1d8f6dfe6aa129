"""Votes on an agenda item: counts, "einstimmig", and optional breakdowns per Fraktion or by name.

OParl has no vote object; the OParl server exposes these as the vendor property ``ris:vote``.
The counts are checked against the members entitled to vote in that meeting
(``sessions.votes.vote_entitled_count``).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ris.models import Record
from sessions.models.meeting import Result


class VoteChoice(models.TextChoices):
    YES = "ja", _("Ja")
    NO = "nein", _("Nein")
    ABSTAIN = "enthaltung", _("Enthaltung")


class Vote(Record):
    agenda_item = models.ForeignKey(
        "council_sessions.AgendaItem",
        verbose_name=_("Tagesordnungspunkt"),
        on_delete=models.CASCADE,
        related_name="votes",
    )
    subject = models.CharField(
        _("Gegenstand"), max_length=500, blank=True, help_text=_("z. B. „Änderungsantrag der Fraktion X“")
    )
    yes = models.PositiveSmallIntegerField(_("Ja"), null=True, blank=True)
    no = models.PositiveSmallIntegerField(_("Nein"), null=True, blank=True)
    abstain = models.PositiveSmallIntegerField(_("Enthaltungen"), null=True, blank=True)
    unanimous = models.BooleanField(_("einstimmig"), default=False)
    result = models.CharField(_("Ergebnis"), max_length=20, choices=Result.choices)
    named = models.BooleanField(_("namentliche Abstimmung"), default=False)
    source_text = models.CharField(
        _("Quelle"),
        max_length=500,
        blank=True,
        help_text=_("Der Text, aus dem diese Abstimmung gelesen wurde (z. B. ein importiertes Ergebnis)."),
    )

    class Meta:
        verbose_name = _("Abstimmung")
        verbose_name_plural = _("Abstimmungen")
        ordering = ["agenda_item", "pk"]

    def __str__(self):
        if self.unanimous and self.yes is None:
            return _("einstimmig %(result)s") % {"result": self.get_result_display()}
        return _("%(yes)s Ja, %(no)s Nein, %(abstain)s Enthaltungen") % {
            "yes": self.yes or 0,
            "no": self.no or 0,
            "abstain": self.abstain or 0,
        }

    @property
    def total(self) -> int:
        return (self.yes or 0) + (self.no or 0) + (self.abstain or 0)

    def clean(self):
        from sessions.votes import vote_validate

        vote_validate(vote=self)


class VoteGroupCount(models.Model):
    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="group_counts")
    organization = models.ForeignKey(
        "council_sessions.Organization", verbose_name=_("Fraktion"), on_delete=models.PROTECT
    )
    yes = models.PositiveSmallIntegerField(_("Ja"), default=0)
    no = models.PositiveSmallIntegerField(_("Nein"), default=0)
    abstain = models.PositiveSmallIntegerField(_("Enthaltungen"), default=0)

    class Meta:
        verbose_name = _("Abstimmung je Fraktion")
        verbose_name_plural = _("Abstimmungen je Fraktion")
        constraints = [models.UniqueConstraint(fields=["vote", "organization"], name="vote_group_unique")]

    def __str__(self):
        return f"{self.organization}: {self.yes}/{self.no}/{self.abstain}"


class PersonalVote(models.Model):
    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="personal_votes")
    person = models.ForeignKey("council_sessions.Person", verbose_name=_("Person"), on_delete=models.PROTECT)
    choice = models.CharField(_("Stimme"), max_length=20, choices=VoteChoice.choices)

    class Meta:
        verbose_name = _("namentliche Stimme")
        verbose_name_plural = _("namentliche Stimmen")
        constraints = [models.UniqueConstraint(fields=["vote", "person"], name="personal_vote_unique")]

    def __str__(self):
        return f"{self.person}: {self.get_choice_display()}"
