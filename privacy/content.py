"""The privacy page (``/datenschutz/``, a Wagtail content page) prefilled with what RIS processes.

The town completes it: the controller, the data-protection officer, the legal bases of its own
statutes and the retention periods it sets (admin → Datenschutz → Aufbewahrungsregeln). What is
listed here is what the software itself does with personal data; the bracketed parts are for the
town to fill in. ``privacy_page_ensure`` writes it where the starter page was never edited (or
with ``replace=True``) and never overwrites a page the town has worked on.
"""

from django.db import transaction
from wagtail.models import Site

PRIVACY_SLUG = "datenschutz"
STARTER_BODY_START = "<p>Zum Lesen der öffentlichen Seiten werden keine Cookies gesetzt"

TITLE = "Datenschutz"
INTRO = (
    "Wie das Ratsinformationssystem mit personenbezogenen Daten umgeht. "
    "[Von der Verwaltung zu vervollständigen: Verantwortliche Stelle und Datenschutzbeauftragte.]"
)
BODY = """
<h2>Verantwortliche Stelle</h2>
<p>[Name und Anschrift der Stadt/Gemeinde, vertreten durch die Bürgermeisterin oder den Bürgermeister.]</p>
<h2>Datenschutzbeauftragte</h2>
<p>[Name, Anschrift, E-Mail-Adresse der oder des Datenschutzbeauftragten.]</p>
<h2>Was dieses System verarbeitet</h2>
<ul>
<li><b>Sitzungsunterlagen</b>: Vorlagen, Anträge, Anfragen, Tagesordnungen, Niederschriften und Beschlüsse mit
den Namen der Mitglieder der Gremien, der Einreicherinnen und Einreicher und der zuständigen Beschäftigten der
Verwaltung. Rechtsgrundlage: Art. 6 Abs. 1 lit. e DSGVO in Verbindung mit [Kommunalverfassung/Gemeindeordnung,
Geschäftsordnung, Hauptsatzung].</li>
<li><b>Personenbezogene Daten Dritter in Unterlagen</b> (z. B. Antragstellende, Petentinnen und Petenten,
Anwohnerinnen und Anwohner): Vor der Veröffentlichung prüft das System, ob Unterlagen E-Mail-Adressen,
Telefonnummern, Bankverbindungen, Geburtsdaten, Anschriften oder Namen von Privatpersonen enthalten. Solche
Stellen werden in der öffentlichen Fassung geschwärzt, also aus dem Dokument entfernt; das Original sehen nur
die Verwaltung und die berechtigten Mitglieder der Gremien.</li>
<li><b>Mitglieder der Gremien</b>: Name, Funktion, Mitgliedschaften; Kontaktdaten nur mit Einwilligung.
Kontaktdaten ehemaliger Mitglieder werden nach den Aufbewahrungsregeln gelöscht.</li>
<li><b>Konten</b> (nur wenn Sie sich registrieren): E-Mail-Adresse, Passwort (nur als Prüfsumme), Ihre
abonnierten Vorlagen, Gremien, Personen und Suchen, die daraus entstandenen Benachrichtigungen. Rechtsgrundlage:
Art. 6 Abs. 1 lit. b DSGVO (Nutzungsverhältnis). Sie können Ihr Konto jederzeit unter „Mein Konto“ löschen;
Abos, Benachrichtigungen und gespeicherte Suchen werden dabei gelöscht.</li>
<li><b>Server-Protokolle</b>: IP-Adresse, Zeitpunkt und aufgerufene Adresse, zum Schutz vor Missbrauch
(z. B. gescheiterte Anmeldungen). [Speicherdauer angeben.]</li>
</ul>
<h2>Keine Cookies zum Lesen, keine Weitergabe</h2>
<p>Zum Lesen der öffentlichen Seiten werden keine Cookies gesetzt. Ein Sitzungs-Cookie entsteht erst bei der
Anmeldung. Es werden keine Dienste Dritter eingebunden und keine Daten an Dritte weitergegeben. Die offenen
Daten (OParl-Schnittstelle) enthalten nur, was ohnehin öffentlich ist, in der geschwärzten Fassung.</p>
<h2>Speicherdauer</h2>
<p>Öffentliche Sitzungsunterlagen bleiben als Teil des Archivs des Rates veröffentlicht. Für nichtöffentliche
Unterlagen und personenbezogene Daten in erledigten Vorgängen gelten die Aufbewahrungsregeln der Verwaltung:
[Regeln und Fristen eintragen]. Gelöschte Datensätze bleiben nur als Hinweis „gelöscht“ bekannt, ohne Inhalt.</p>
<h2>Ihre Rechte</h2>
<p>Sie haben das Recht auf Auskunft (Art. 15 DSGVO), Berichtigung (Art. 16), Löschung (Art. 17), Einschränkung
der Verarbeitung (Art. 18) und Widerspruch (Art. 21). Angemeldete Nutzerinnen und Nutzer können unter „Mein
Konto“ alle zu ihrem Konto gespeicherten Daten als Datei herunterladen und das Konto löschen. Für Auskünfte zu
Daten in Sitzungsunterlagen wenden Sie sich an [Kontakt]. Sie können sich bei der Aufsichtsbehörde beschweren:
[Landesbeauftragte/r für den Datenschutz, Anschrift].</p>
""".strip()


@transaction.atomic
def privacy_page_ensure(*, replace: bool = False):
    """Create or fill the privacy page; returns it (None without a default site)."""
    from web.models import ContentPage

    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return None
    root = site.root_page
    page = ContentPage.objects.child_of(root).filter(slug=PRIVACY_SLUG).first()
    if page is None:
        page = root.add_child(instance=ContentPage(slug=PRIVACY_SLUG, title=TITLE, intro=INTRO, body=BODY))
        page.save_revision().publish()
        return page
    untouched = page.body.startswith(STARTER_BODY_START) and not page.has_unpublished_changes
    if replace or untouched:
        page.title, page.intro, page.body = TITLE, INTRO, BODY
        page.save_revision().publish()
    return page
