"""Plain-language explanations shown on a paper's page: what a paper of this type is, in one or
two sentences a newcomer understands. Keyed by ``PaperType``; editors change them here."""

from django.utils.translation import gettext_lazy as _

from motions.models import PaperType

PAPER_TYPE_EXPLANATIONS = {
    PaperType.MOTION: _(
        "Ein Antrag ist ein Vorschlag von Ratsmitgliedern oder Fraktionen, über den der Rat oder ein "
        "Ausschuss entscheiden soll."
    ),
    PaperType.AMENDMENT: _(
        "Ein Änderungsantrag will einen anderen Antrag oder eine Vorlage ändern. Über ihn wird vor dem "
        "ursprünglichen Antrag abgestimmt."
    ),
    PaperType.INQUIRY: _(
        "Mit einer Anfrage bitten Ratsmitglieder oder Fraktionen die Verwaltung um Auskunft. Die Verwaltung "
        "antwortet schriftlich oder in der Sitzung; abgestimmt wird darüber nicht."
    ),
    PaperType.ANSWER: _("Die Antwort oder Stellungnahme der Verwaltung auf eine Anfrage oder einen Antrag."),
    PaperType.RESOLUTION_PROPOSAL: _(
        "Eine Beschlussvorlage ist ein Vorschlag der Verwaltung, über den die Gremien beraten und den das "
        "zuständige Gremium beschließt, ändert oder ablehnt."
    ),
    PaperType.INFORMATION: _(
        "Eine Informationsvorlage unterrichtet die Gremien über eine Sache. Sie wird zur Kenntnis genommen; "
        "beschlossen wird nichts."
    ),
    PaperType.NOTICE: _("Eine Mitteilung gibt den Gremien und der Öffentlichkeit etwas bekannt."),
    PaperType.MINUTES: _("Die Niederschrift hält fest, was in einer Sitzung beraten und beschlossen wurde."),
    PaperType.INVITATION: _("Die Einladung nennt Zeit, Ort und Tagesordnung einer Sitzung."),
    PaperType.OTHER: _("Ein sonstiges Dokument der Ratsarbeit."),
}


def paper_type_explanation(paper_type: str) -> str:
    return PAPER_TYPE_EXPLANATIONS.get(paper_type, "")
