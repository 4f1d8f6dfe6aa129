"""The editorial pages every installation starts with; ``content_pages_ensure`` creates the ones
that are missing (under the default site's root page) and never overwrites an edited page."""

from django.db import transaction
from wagtail.models import Site

from web.models import EXPLAINER_SLUG, ContentPage

STARTER_PAGES = [
    {
        "slug": EXPLAINER_SLUG,
        "title": "Wie funktioniert der Stadtrat?",
        "intro": (
            "Die Bürgerinnen und Bürger wählen den Stadtrat. Er entscheidet über die wichtigen Fragen der "
            "Stadt, zum Beispiel über den Haushalt, Bebauungspläne und Satzungen. Vorbereitet werden seine "
            "Entscheidungen in Ausschüssen."
        ),
        "body": (
            "<h2>Vom Vorschlag zum Beschluss</h2>"
            "<p>Am Anfang steht eine <b>Vorlage</b>: ein Vorschlag der Verwaltung (Beschlussvorlage), ein "
            "<b>Antrag</b> einer Fraktion oder eines Ratsmitglieds oder eine <b>Anfrage</b>, mit der "
            "Ratsmitglieder die Verwaltung um Auskunft bitten.</p>"
            "<p>Die Vorlage geht dann durch die <b>Beratungsfolge</b>: Zuerst beraten die zuständigen "
            "Ausschüsse und geben eine Empfehlung ab (Vorberatung). Zum Schluss entscheidet das zuständige "
            "Gremium, oft der Stadtrat selbst. Jede Vorlage auf dieser Seite zeigt ihre Beratungsfolge als "
            "Zeitleiste, mit den Ergebnissen und Abstimmungen.</p>"
            "<h2>Sitzungen</h2>"
            "<p>Gremien beraten in Sitzungen. Die Tagesordnung steht vorher fest und wird mit der Einladung "
            "veröffentlicht. Die meisten Punkte sind öffentlich: Sie können zuhören. Manche Punkte sind "
            "nichtöffentlich, zum Beispiel Grundstücksgeschäfte oder Personalfragen; von ihnen sehen Sie nur, "
            "dass es sie gibt.</p>"
            "<h2>Abstimmungen</h2>"
            "<p>Ein Antrag ist angenommen, wenn mehr Mitglieder mit Ja als mit Nein stimmen. "
            "Enthaltungen zählen nicht mit. „Einstimmig“ heißt: niemand hat dagegen gestimmt.</p>"
        ),
    },
    {
        "slug": "hilfe",
        "title": "Hilfe",
        "intro": "So finden Sie Vorlagen, Sitzungen und Beschlüsse und bleiben auf dem Laufenden.",
        "body": (
            "<h2>Suchen</h2><p>Das Suchfeld oben durchsucht alle öffentlichen Vorlagen und den Text aller "
            "Dokumente. Unter „Vorlagen“ und „Sitzungen“ können Sie nach Gremium, Art und Jahr filtern.</p>"
            "<h2>Dokumente lesen</h2><p>Zu jeder Datei gibt es eine Textfassung als Webseite, Seite für Seite; "
            "sie lässt sich mit Screenreadern und auf dem Telefon gut lesen.</p>"
            "<h2>Auf dem Laufenden bleiben</h2><p>Neue Vorlagen gibt es als RSS- und Atom-Feed, die Sitzungen "
            "als Kalender zum Abonnieren (iCal), für alle Gremien oder für ein einzelnes.</p>"
            "<h2>Offene Daten</h2><p>Alle öffentlichen Daten stehen über die OParl-Schnittstelle zur "
            "Verfügung.</p>"
        ),
    },
    {
        "slug": "impressum",
        "title": "Impressum",
        "intro": "Angaben nach § 5 DDG. (Demo: Bitte durch die Angaben Ihrer Verwaltung ersetzen.)",
        "body": "<p>Musterstadt, Der Oberbürgermeister, Rathausplatz 1, 00000 Musterstadt.</p>",
    },
    {
        "slug": "datenschutz",
        "title": "Datenschutz",
        "intro": "Wie wir mit Ihren Daten umgehen. (Demo: Bitte durch die Erklärung Ihrer Verwaltung ersetzen.)",
        "body": (
            "<p>Zum Lesen der öffentlichen Seiten werden keine Cookies gesetzt und keine Daten an Dritte "
            "weitergegeben. Der Server protokolliert Zugriffe nur zum Schutz vor Missbrauch.</p>"
        ),
    },
]


@transaction.atomic
def content_pages_ensure() -> list[ContentPage]:
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return []
    root = site.root_page
    pages = []
    for spec in STARTER_PAGES:
        page = ContentPage.objects.child_of(root).filter(slug=spec["slug"]).first()
        if page is None:
            page = root.add_child(instance=ContentPage(**spec))
            page.save_revision().publish()
        pages.append(page)
    return pages
