"""Reference-number patterns per body and paper type, and the counters behind them.

A pattern is a Python format string with the fields ``nr``, ``year``, ``yy`` and ``term``:
``A/{nr:04}/{year}`` → A/0006/2019, ``VO/{year}/{nr:05}`` → VO/2014/01919,
``{term}/{nr:04}/{yy}`` → VII/0680/24. Numbers restart every year unless the pattern numbers
per legislative term only (it has ``{term}`` but no year field).
"""

from string import Formatter

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from motions.models.paper import PaperType

PATTERN_FIELDS = {"nr", "year", "yy", "term"}
PATTERN_INVALID = _("Das Muster ist ungültig: %(error)s")
PATTERN_NEEDS_NR = _("Das Muster braucht eine laufende Nummer {nr}.")
PATTERN_UNKNOWN_FIELD = _("Unbekanntes Feld {%(field)s}; erlaubt sind {nr}, {year}, {yy} und {term}.")


def pattern_fields(pattern: str) -> set[str]:
    try:
        return {name for _, name, _, _ in Formatter().parse(pattern) if name is not None}
    except ValueError as exc:
        raise ValidationError(PATTERN_INVALID % {"error": exc}) from exc


def validate_pattern(pattern: str) -> None:
    fields = pattern_fields(pattern)
    if "nr" not in fields:
        raise ValidationError(PATTERN_NEEDS_NR)
    for field in fields - PATTERN_FIELDS:
        raise ValidationError(PATTERN_UNKNOWN_FIELD % {"field": field})
    try:
        pattern.format(nr=1, year=2024, yy="24", term="VII")
    except (ValueError, KeyError, IndexError) as exc:
        raise ValidationError(PATTERN_INVALID % {"error": exc}) from exc


class ReferencePattern(models.Model):
    body = models.ForeignKey(
        "council_sessions.Body",
        verbose_name=_("Körperschaft"),
        on_delete=models.CASCADE,
        related_name="reference_patterns",
    )
    paper_type = models.CharField(_("Art"), max_length=30, choices=PaperType.choices)
    pattern = models.CharField(
        _("Muster"), max_length=100, validators=[validate_pattern], help_text=_("z. B. A/{nr:04}/{year}")
    )

    class Meta:
        verbose_name = _("Nummernkreis")
        verbose_name_plural = _("Nummernkreise")
        constraints = [models.UniqueConstraint(fields=["body", "paper_type"], name="reference_pattern_unique")]

    def __str__(self):
        return f"{self.body}: {self.get_paper_type_display()} – {self.pattern}"

    @property
    def period_by_year(self) -> bool:
        fields = pattern_fields(self.pattern)
        return bool(fields & {"year", "yy"}) or "term" not in fields


class ReferenceCounter(models.Model):
    """The last number handed out per pattern and period; rows are locked while a number is drawn."""

    pattern = models.ForeignKey(ReferencePattern, on_delete=models.CASCADE, related_name="counters")
    period = models.CharField(max_length=20)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["pattern", "period"], name="reference_counter_unique")]

    def __str__(self):
        return f"{self.pattern} {self.period}: {self.last_number}"
