"""Recognition on what real council documents print: letterheads, labels, cited numbers, status, votes."""

import datetime

import pytest

from ingest.recognition import Layout, recognise
from ingest.recognition_meeting import text_votes
from motions.models import PaperType
from sessions.models import Result


def found(text: str, **kwargs):
    return recognise(Layout(text=text, **kwargs))


def test_letterhead_sender_and_place_date_are_never_the_subject():
    result = found(
        "Stadtteilbeirat Büchenbach\nErlangen, den 16.12.2020\nStadt Erlangen\nRechtsangelegenheiten\n"
        "Rathausplatz 1, 91052 Erlangen\nAntrag: Tempo 30 in der Dorfstraße\nSehr geehrte Damen und Herren,"
    )
    assert result.value("subject") == "Tempo 30 in der Dorfstraße"
    assert result.value("date") == datetime.date(2020, 12, 16)


def test_classification_labels_running_headers_and_page_numbers_are_never_the_subject():
    result = found("C0 - öffentlich\nStadt Wels Seite 1\nSeite 1 von 3\nNeugestaltung des Kaiser-Josef-Platzes\nText")
    assert result.value("subject") == "Neugestaltung des Kaiser-Josef-Platzes"


@pytest.mark.parametrize(
    ("label", "subject"),
    [
        ("Betreff: Sanierung der Turnhalle Nord", "Sanierung der Turnhalle Nord"),
        ("Thema: Radweg an der B 8", "Radweg an der B 8"),
        ("Anfrage: Wartezeiten im Bürgerbüro", "Wartezeiten im Bürgerbüro"),
        ("Stellungnahme zum: Bebauungsplan Nr. 12", "Bebauungsplan Nr. 12"),
    ],
)
def test_subject_labels(label, subject):
    assert (
        found(f"Landeshauptstadt Musterstadt\nDer Oberbürgermeister\n{label}\nSehr geehrte").value("subject") == subject
    )


def test_a_cited_vorlage_is_a_link_not_the_own_reference():
    result = found("Stellungnahme der Verwaltung\nDer Stadtrat hat mit Vorlage VI/191/2019 beschlossen, dass …")
    assert result.value("reference") is None
    assert {"reference": "VI/191/2019", "relation": "cites"} in result.value("links")


def test_a_statement_on_a_motion_does_not_take_its_number():
    result = found("Stellungnahme zum Antrag der SPD-Fraktion Nr. 132/2022\nBetreff: Spielplatz Nord")
    assert result.value("reference") is None
    assert result.value("paper_type") == PaperType.ANSWER
    assert "132/2022" in [link["reference"] for link in result.value("links")]


def test_a_labelled_reference_is_taken_whole():
    assert found("Beschlussvorlage 6131/67/2022\nBetreff: Kita Süd").value("reference") == "6131/67/2022"
    assert found("Vorlagen-Nr.: VO/2014/01919\nBetreff: x y z").value("reference") == "VO/2014/01919"


def test_an_amendment_keeps_its_suffix_and_amends_its_motion():
    result = found("Änderungsantrag\nDrucksache: A/0012/2025/1\nBetreff: Haushalt 2025\nDatum: 03.02.2025")
    assert result.value("reference") == "A/0012/2025/1"
    assert result.value("paper_type") == PaperType.AMENDMENT
    assert result.value("amends") == "A/0012/2025"
    assert {"reference": "A/0012/2025", "relation": "amends"} in result.value("links")


def test_a_file_mark_is_not_a_paper_number_but_names_the_inquiry_answered():
    result = found(
        "Stadt Musterstadt\nUnser Zeichen: 40.2-F/0044/2025\nAktenzeichen: 12/345/2025\nAntwort auf Ihre Anfrage\n"
        "Betreff: Schulwegsicherheit"
    )
    assert result.value("reference") is None
    assert result.value("paper_type") == PaperType.ANSWER
    assert result.value("answers") == "F/0044/2025"


def test_public_is_decided_by_status_labels_only():
    history = found("Niederschrift\nVorgang: Beratung im Ausschuss, nicht öffentlich vorberaten\nStatus: öffentlich")
    assert history.value("public") is True
    assert found("Beschlussvorlage\nStatus: nicht  öffentlich\nBetreff: Grundstück").value("public") is False
    assert found("Beschlussvorlage\n- nichtöffentlich -\nBetreff: Grundstück").value("public") is False
    unknown = found("Beschlussvorlage\nIm nichtöffentlichen Teil wurde beraten.\nBetreff: Grundstück")
    assert unknown.value("public") is True
    assert unknown.confidence("public") < 0.9


@pytest.mark.parametrize("word", ["Verhandlungsschrift", "Wortprotokoll", "Niederschrift", "Protokoll"])
def test_minutes_are_minutes_whatever_the_body_says(word):
    result = found(
        f"{word}\nüber die 4. Sitzung des Gemeinderates am Montag, dem 7. März 2022\nÄnderungsantrag der SPD"
    )
    assert result.value("paper_type") == PaperType.MINUTES
    assert result.value("meeting")["date"] == "2022-03-07"
    assert result.value("meeting")["organization"] == "Gemeinderat"
    assert result.value("meeting")["number"] == 4


def test_a_transcript_without_a_type_word_is_minutes_by_its_session_times():
    text = "9. Sitzung vom 23. August 2021 Seite 1\n(Beginn: 15.41 Uhr - Ende: 16.45 Uhr)\nIch eröffne die 9. Sitzung des Rates"
    result = found(text, body=text)
    assert result.value("paper_type") == PaperType.MINUTES
    meeting = result.value("meeting")
    assert (meeting["date"], meeting["number"], meeting["organization"]) == ("2021-08-23", 9, "Rat")
    assert result.value("date") == datetime.date(2021, 8, 23)


def test_an_invitation_names_its_meeting_and_is_not_a_beratungsfolge():
    text = (
        "Einladung Stadt Erlangen\nStadtteilbeirat Büchenbach\n1. Sitzung • Mittwoch, 22.01.2020 • 18:30 Uhr\n"
        "Öffentliche Tagesordnung\n1. Status unserer Anträge\n2. Streckenverlauf der StUB\n"
        "Erlangen, den 9. Januar 2020"
    )
    result = found(text, body=text)
    assert result.value("paper_type") == PaperType.INVITATION
    assert result.value("meeting")["date"] == "2020-01-22"
    assert result.value("meeting")["organization"] == "Stadtteilbeirat Büchenbach"
    assert [item["title"] for item in result.value("meeting")["agenda"]] == [
        "Status unserer Anträge",
        "Streckenverlauf der StUB",
    ]
    assert result.value("subject") == "1. Sitzung des Stadtteilbeirats Büchenbach"
    assert result.value("date") == datetime.date(2020, 1, 9)
    assert result.value("consultations", []) == []


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Abstimmung 9:0 Stimmen", (9, 0, None, False, Result.ADOPTED)),
        ("Der Antrag wird einstimmig angenommen.", (None, None, None, True, Result.ADOPTED)),
        ("Gegenstimmen: 2, Enthaltungen: 2", (None, 2, 2, False, Result.ADOPTED)),
        ("mit 30 Ja-Stimmen, 5 Nein-Stimmen und 2 Enthaltungen", (30, 5, 2, False, Result.ADOPTED)),
        ("Der Antrag wird mehrheitlich abgelehnt.", (None, None, None, False, Result.REJECTED)),
        (
            "Gibt es Gegenstimmen? - Das ist die AfD. Enthaltungen? - Keine. Dann ist der Antrag so beschlossen.",
            (None, None, None, False, Result.ADOPTED),
        ),
        ("Soll das Restbudget gespendet werden? – Einstimmige Zustimmung", (None, None, None, True, Result.ADOPTED)),
        ("Ergebnis: mehrheitliche Ablehnung", (None, None, None, False, Result.REJECTED)),
    ],
)
def test_votes_written_out_in_minutes(sentence, expected):
    (vote,) = text_votes(sentence)
    assert (vote["yes"], vote["no"], vote["abstain"], vote["unanimous"], vote["result"]) == expected


def test_beratungsfolge_rows_with_slash_for_zero():
    text = (
        "Beschlussvorlage\nVorlage Nr. VII/0700/24\nBetreff: Neubau Feuerwache\nBeratungsfolge\n"
        "1. Bauausschuss 05.03.2024 7 2 1\n2. Finanzausschuss 12.03.2024 8 1 /\n3. Stadtrat 20.03.2024 21 5 2"
    )
    rows = found(text).value("consultations")
    assert [(r["organization"], r["yes"], r["no"], r["abstain"]) for r in rows] == [
        ("Bauausschuss", 7, 2, 1),
        ("Finanzausschuss", 8, 1, 0),
        ("Stadtrat", 21, 5, 2),
    ]
    assert [r["date"] for r in rows] == ["2024-03-05", "2024-03-12", "2024-03-20"]


def test_austrian_month_names_and_written_ordinals():
    text = "Verhandlungsschrift\nüber die am Montag, dem 31. Jänner 2022\nstattgefundene 3. Sitzung des Gemeinderates"
    assert found(text, body=text).value("meeting")["date"] == "2022-01-31"
    transcript = (
        "2. Sitzung vom 3. Dezember 2020 Seite 1\n(Beginn: 14.07 Uhr)\nIch eröffne die zweite Sitzung des Rates"
    )
    result = found(transcript, body=transcript)
    assert result.value("subject") == "2. Sitzung des Rates"


def test_a_date_after_vom_in_a_sentence_is_not_the_documents_date():
    text = (
        "Verhandlungsschrift\nüber die am Montag, dem 20. Dezember 2021 stattgefundene\n2. Sitzung des Gemeinderates\n"
        "Die Verhandlungsschrift der 1. Sitzung des Gemeinderates\nvom 05.07.2021 liegt zur Einsichtnahme auf."
    )
    assert found(text, body=text).value("date") == datetime.date(2021, 12, 20)


# A Vorlage of the kind some council systems print: letterhead, number line in large print, a ruled
# Beratungsfolge table ("Beratungsfolge | Termin | Stand | Abstimmung") with a vote written out in
# words, tick boxes, then the title above the first section.
VORLAGE_TEXT = (
    "Musterstadt Nord Musterstadt Süd\n"
    "Bauen und Umwelt\n"
    "Auskunft erteilt: Frau Beispiel\n"
    "Telefon: 123-45 03.02.2025\n"
    "DS 7/2025\n"
    "Beschlussvorlage\n"
    "Beratungsfolge Termin Stand Abstimmung\n"
    "Bauausschuss 11.02.2025 Beratung und Empfehlung Mehrheitlich\n"
    "Beratung und Beschlussfas- Einstimmig bei zwei Enthaltungen lt. Be-Gemeinderat 25.02.2025\n"
    "sung schlussvorschlag\n"
    "Beteiligung Personalrat Ja ☐ Nein ☒\n"
    "Neugestaltung des Spielplatzes an der Lindenallee\n"
    "Beschlussvorschlag:\n"
    "Der Gemeinderat beschließt die Neugestaltung."
)
VORLAGE_TABLES = [
    [
        ["Beratungsfolge", "Termin", "Stand", "Abstimmung"],
        ["Bauausschuss", "11.02.2025", "Beratung und Empfehlung", "Mehrheitlich"],
        [
            "Gemeinderat",
            "25.02.2025",
            "Beratung und Beschlussfassung",
            "Einstimmig bei zwei Enthaltungen lt. Beschlussvorschlag",
        ],
    ],
    [["Beteiligung Personalrat", "Ja ☐", "Nein ☒", ""]],
]


def test_a_number_line_with_a_type_word_is_never_the_subject():
    result = found(VORLAGE_TEXT, tables=VORLAGE_TABLES, titles=("DS 7/2025 Beschlussvorlage",))
    assert result.value("subject") == "Neugestaltung des Spielplatzes an der Lindenallee"
    assert result.value("reference") == "7/2025"


def test_a_number_line_alone_gives_way_to_the_first_heading():
    result = found("Vorlage Nr. 12/2024 Informationsvorlage\nErweiterung der Grundschule am Bach\nText folgt.")
    assert result.value("subject") == "Erweiterung der Grundschule am Bach"


def test_a_date_in_the_beratungsfolge_table_is_not_the_documents_date():
    result = found(VORLAGE_TEXT, tables=VORLAGE_TABLES)
    assert result.value("date") == datetime.date(2025, 2, 3)


def test_votes_written_in_words_in_a_beratungsfolge_table_go_onto_its_consultations():
    rows = found(VORLAGE_TEXT, tables=VORLAGE_TABLES).value("consultations")
    assert [(r["organization"], r["date"], r["unanimous"], r["no"], r["abstain"], r["result"]) for r in rows] == [
        ("Bauausschuss", "2025-02-11", False, None, None, Result.ADOPTED),
        ("Gemeinderat", "2025-02-25", True, 0, 2, Result.ADOPTED),
    ]


@pytest.mark.parametrize(
    "cell, expected",
    [
        ("Einstimmig", (None, 0, 0, True, Result.ADOPTED)),
        ("einstimmig bei 1 Enthaltung", (None, 0, 1, True, Result.ADOPTED)),
        ("7 : 2 : 1", (7, 2, 1, False, Result.ADOPTED)),
        ("abgelehnt", (None, None, None, False, Result.REJECTED)),
        ("", (None, None, None, False, "")),
    ],
)
def test_a_written_vote_cell(cell, expected):
    table = [["Gremium", "Datum", "Ergebnis"], ["Stadtrat", "01.03.2024", cell]]
    (row,) = found("Beschlussvorlage", tables=[table]).value("consultations")
    assert (row["yes"], row["no"], row["abstain"], row["unanimous"], row["result"]) == expected


@pytest.mark.parametrize(
    "heading, day",
    [
        ("der 4. Sitzung des Rates am Donnerstag, dem\n30. September 2021, im Bürgerhaus", "2021-09-30"),
        ("der 4. Sitzung des Rates am Dienstag, dem 21. Dezember\n2021, im Saal der Halle", "2021-12-21"),
    ],
)
def test_a_meeting_date_broken_over_a_line_end_is_read(heading, day):
    text = f"Protokoll\n{heading}\nBeginn der Sitzung: 18:30 Uhr\nEs sind anwesend:"
    result = found(text, body=text)
    assert result.value("meeting")["date"] == day
    assert result.value("date") == datetime.date.fromisoformat(day)


@pytest.mark.parametrize(
    "heading, subject",
    [
        (
            "der Sitzung des Ausschusses Finanzen, Wirtschaft, Kultur und Sport am\nMontag, dem 6. Mai 2024",
            "Sitzung des Ausschusses Finanzen, Wirtschaft, Kultur und Sport",
        ),
        (
            "der 12. Sitzung des Rates der Stadt Musterhausen am Montag, dem 6. Mai 2024",
            "12. Sitzung des Rates der Stadt Musterhausen",
        ),
        (
            "der dritten Sitzung des Rates der Gemeinde Beispiel am Montag, dem 6. Mai 2024",
            "3. Sitzung des Rates der Gemeinde Beispiel",
        ),
        ("der 12. Sitzung des Rates, Sitzungssaal, am Montag, dem 6. Mai 2024", "12. Sitzung des Rates"),
    ],
)
def test_minutes_subject_is_the_whole_meeting_heading(heading, subject):
    text = f"Protokoll\n{heading}\nBeginn der Sitzung: 18:30 Uhr"
    result = found(text, body=text)
    assert result.value("subject") == subject
    assert result.value("meeting")["date"] == "2024-05-06"


@pytest.mark.parametrize(
    ("text", "organization", "meeting_date", "document_date"),
    [
        (
            "Gemeinde Beispielstadt\nNiederschrift\nüber die öffentliche Sitzung des Gemeinderates\n"
            "Sitzungstermin: Dienstag, 14.06.2022\nSitzungsbeginn: 19:00 Uhr\nOrt, Raum: Sitzungssaal des Rathauses\n"
            "TOP 1 Bebauungsplan Süd\nAbstimmungsergebnis: einstimmig",
            "Gemeinderat",
            "2022-06-14",
            datetime.date(2022, 6, 14),
        ),
        (
            "Öffentliche Bekanntmachung\nAm Donnerstag, 15.09.2022, 19:30 Uhr findet im Sitzungssaal des Rathauses "
            "eine öffentliche Sitzung des Gemeinderates statt.\nTagesordnung:\n1. Bürgerfragestunde\n2. Bauanträge\n"
            "Beispielstadt, 08.09.2022",
            "Gemeinderat",
            "2022-09-15",
            datetime.date(2022, 9, 8),
        ),
    ],
    ids=["minutes-over-the-body-labelled-date-with-weekday", "notice-names-its-meeting-in-a-sentence"],
)
def test_meeting_heading_without_a_number(text, organization, meeting_date, document_date):
    result = found(text)
    meeting = result.value("meeting")
    assert (meeting["organization"], meeting["date"]) == (organization, meeting_date)
    assert result.value("subject") == "öffentliche Sitzung des Gemeinderates"
    assert result.value("date") == document_date


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Beschluss: mehrheitlich abgelehnt", (None, None, None, False, Result.REJECTED)),
        ("Abstimmungsergebnis: einstimmig", (None, None, None, True, Result.ADOPTED)),
        ("Abstimmungsergebnis: Ja 12, Nein 3, Enthaltung 1", (12, 3, 1, False, Result.ADOPTED)),
        ("Der Bericht wird mit 108:0 Stimmen genehmigt.", (108, 0, None, False, Result.ADOPTED)),
        ("Die Motion wird mit 62:45 Stimmen bei 9 Enthaltungen erheblich erklärt.", (62, 45, 9, False, Result.ADOPTED)),
        ("Forderung 1 wird mit 107:2 Stimmen nicht erheblich erklärt.", (107, 2, None, False, Result.REJECTED)),
    ],
)
def test_labelled_and_swiss_votes(sentence, expected):
    (vote,) = text_votes(sentence)
    assert (vote["yes"], vote["no"], vote["abstain"], vote["unanimous"], vote["result"]) == expected


@pytest.mark.parametrize(
    ("head", "subject"),
    [
        (
            "SPD-Fraktion im Rat der Stadt Musterhausen\nAn den Bürgermeister\nMusterhausen, 12.01.2023\n"
            "Antrag zur Sitzung des Rates am 02.02.2023\nEinführung eines Bürgerhaushalts\nSehr geehrter Herr Bürgermeister,",
            "Einführung eines Bürgerhaushalts",
        ),
        (
            "Fraktion BÜNDNIS 90/DIE GRÜNEN\nim Stadtrat Musterhausen\nMusterhausen, 03.03.2023\n"
            "Anfrage gemäß § 24 GO\nZustand der Schulgebäude und\nder Sporthallen\nSehr geehrter Herr Oberbürgermeister,",
            "Zustand der Schulgebäude und der Sporthallen",
        ),
        (
            "Stadt Musterhausen\nDer Oberbürgermeister\nMusterhausen, 20.03.2023\n"
            "Antwort auf die Anfrage der Fraktion BÜNDNIS 90/DIE GRÜNEN vom 03.03.2023\nZustand der Schulgebäude\n"
            "Zu Frage 1:",
            "Zustand der Schulgebäude",
        ),
    ],
)
def test_the_title_under_a_formal_heading_is_the_subject_not_the_sender(head, subject):
    assert found(head).value("subject") == subject


def test_a_beratungsfolge_with_dates_first_and_roles_bounds_the_title():
    result = found(
        "Gemeinde Beispielstadt Vorlage-Nr: GR/2022/015\nDer Bürgermeister Status: öffentlich\nDatum: 02.05.2022\n"
        "Sitzungsvorlage\nFederführung: Bauamt\nBeratungsfolge:\nDatum Gremium Rolle\n"
        "10.05.2022 Bauausschuss Vorberatung\n24.05.2022 Gemeinderat Entscheidung\n"
        'Neubau einer Kindertagesstätte im Baugebiet "Süd"\nSachverhalt:\nDie Gemeinde benötigt Plätze.'
    )
    assert result.value("paper_type") == PaperType.RESOLUTION_PROPOSAL
    assert result.value("subject") == 'Neubau einer Kindertagesstätte im Baugebiet "Süd"'
    assert [(r["organization"], r["date"], r["role"]) for r in result.value("consultations")] == [
        ("Bauausschuss", "2022-05-10", "Vorberatung"),
        ("Gemeinderat", "2022-05-24", "Entscheidung"),
    ]
    assert result.value("date") == datetime.date(2022, 5, 2)


@pytest.mark.parametrize(
    ("head", "organization", "date", "kind"),
    [
        (
            "Stadt Musterstadt\nNiederschrift\nüber die 23. öffentliche Sitzung des Ausschusses für Umwelt und Verkehr\n"
            "am 14.11.2023\nim Ratssaal\nBeginn: 17:00 Uhr",
            "Ausschuss für Umwelt und Verkehr",
            "2023-11-14",
            PaperType.MINUTES,
        ),
        (
            "Ergebnisniederschrift\nder 5. Sitzung des Ortsbeirates Musterdorf\nam Mittwoch, 08.03.2023, 19:00 Uhr\n"
            "Tagesordnung\n1. Mitteilungen",
            "Ortsbeirat Musterdorf",
            "2023-03-08",
            PaperType.MINUTES,
        ),
        (
            "Stadt Musterstadt\nLadung\nzur 8. Sitzung des Haupt- und Finanzausschusses\n"
            "am Dienstag, 21.03.2023, 17:00 Uhr, Rathaus\nTagesordnung\n1. Niederschrift der letzten Sitzung",
            "Haupt- und Finanzausschuss",
            "2023-03-21",
            PaperType.INVITATION,
        ),
        (
            "Niederschrift\nüber die 3. Sitzung des Bau-, Planungs- und Umweltausschusses am 30.09.2024\nAnwesend",
            "Bau-, Planungs- und Umweltausschuss",
            "2024-09-30",
            PaperType.MINUTES,
        ),
        (
            "Marktgemeinde Beispielsdorf\nKUNDMACHUNG\nDie nächste Sitzung des Gemeinderates findet am Donnerstag, "
            "dem 15. Dezember 2022, um 19.30 Uhr im Sitzungssaal statt.\nTAGESORDNUNG\n1. Voranschlag 2023",
            "Gemeinderat",
            "2022-12-15",
            PaperType.INVITATION,
        ),
        (
            "Gemeinde Beispielhausen\nProtokoll der Gemeinderatssitzung vom 12. Oktober 2023\nTOP 1 Bauantrag",
            "Gemeinderat",
            "2023-10-12",
            PaperType.MINUTES,
        ),
        (
            "Sitzungsbericht\nüber die Sitzung des Stadtrats Musterstadt\nvom 20.04.2023\nBeschluss (einstimmig):",
            "Stadtrat Musterstadt",
            "2023-04-20",
            PaperType.MINUTES,
        ),
    ],
)
def test_meeting_documents_of_other_systems_name_their_body_and_date(head, organization, date, kind):
    result = found(head)
    meeting = result.value("meeting")
    assert (meeting["organization"], meeting["date"], result.value("paper_type")) == (organization, date, kind)


@pytest.mark.parametrize(
    ("sentence", "counts"),
    [
        ("Abstimmung: 12 Ja-Stimmen / 3 Nein-Stimmen / 1 Enthaltung", (12, 3, 1)),
        ("Abstimmungsergebnis: Zustimmung 10 Ablehnung 2 Enthaltung 1", (10, 2, 1)),
        ("Ja-Stimmen: 10 Nein-Stimmen: 0 Enthaltungen: 1", (10, 0, 1)),
        ("Der Gemeinderat stimmt mit 8 zu 4 Stimmen zu.", (8, 4, None)),
        ("Der Ausschuss empfiehlt mehrheitlich (5:2:0) die Annahme.", (5, 2, 0)),
    ],
)
def test_vote_counts_in_other_spellings(sentence, counts):
    (vote,) = text_votes(sentence)
    assert (vote["yes"], vote["no"], vote["abstain"]) == counts


def test_beratungsfolge_with_the_role_in_brackets_and_a_status_column():
    result = found(
        "Stadt Musterstadt Vorlage\nTitel: Sanierung der Grundschule Am Park\nDatum: 12.02.2024\nBeratungsfolge\n"
        "Gremium Sitzungstermin Status\nSchulausschuss (Vorberatung) 27.02.2024 Ö\n"
        "Hauptausschuss (Vorberatung) 05.03.2024 N\nStadtrat (Entscheidung) 14.03.2024 Ö\nBeschlussvorschlag"
    )
    assert [(r["organization"], r["date"], r["role"]) for r in result.value("consultations")] == [
        ("Schulausschuss", "2024-02-27", "Vorberatung"),
        ("Hauptausschuss", "2024-03-05", "Vorberatung"),
        ("Stadtrat", "2024-03-14", "Entscheidung"),
    ]
    assert result.value("subject") == "Sanierung der Grundschule Am Park"
    assert result.value("date") == datetime.date(2024, 2, 12)


@pytest.mark.parametrize(
    ("head", "paper_type", "subject"),
    [
        (
            "Interfraktionelle Motion SP, GFL (Anna Muster, SP/Beat Beispiel,\nGFL): Mehr Bäume für die "
            "Quartierstrassen im\nWesten\nDer Gemeinderat wird beauftragt, ein Konzept vorzulegen.",
            PaperType.MOTION,
            "Mehr Bäume für die Quartierstrassen im Westen",
        ),
        (
            "Postulat Fraktion GLP (Eva Probst):\nVelowege als Verbindung der Quartiere und zur Entlastung der\n"
            "Innenstadt\nDas Velonetz ist radial ausgerichtet.",
            PaperType.MOTION,
            "Velowege als Verbindung der Quartiere und zur Entlastung der Innenstadt",
        ),
        (
            "Interpellation Fraktion SVP (Hans Meier): Wie sicher sind die Schulwege?\nWir bitten den Gemeinderat:",
            PaperType.INQUIRY,
            "Wie sicher sind die Schulwege?",
        ),
    ],
)
def test_swiss_instruments_and_their_title_after_the_movers(head, paper_type, subject):
    result = found(head)
    assert (result.value("paper_type"), result.value("subject")) == (paper_type, subject)


def test_a_motion_signed_at_its_end_is_dated_there():
    result = found(
        "Motion Fraktion GLP (Eva Probst): Solaranlagen auf allen Schulhäusern\nDer Gemeinderat wird beauftragt.",
        body="Motion Fraktion GLP (Eva Probst): Solaranlagen auf allen Schulhäusern\n"
        + "Der Gemeinderat wird beauftragt, bis 2030 alle Dächer zu nutzen.\n" * 30
        + "Bern, 20. Mai 2010\n\n1 Quelle: Energiebericht 2009",
    )
    assert (result.value("date"), result.confidence("date")) == (datetime.date(2010, 5, 20), 0.7)


def test_the_meeting_date_is_the_headings_not_that_of_minutes_an_agenda_item_approves():
    invitation = found(
        "BEKANNTMACHUNG\nzur 18. Sitzung des Gemeinderates Musterdorf\nam Dienstag, 05.05.2026, 19:30 Uhr\n"
        "Tagesordnung\n1. Eröffnung der Sitzung\n2. Genehmigung des Protokolls der Gemeinderatssitzung am 26.03.2026\n"
        "Musterdorf, 27.04.2026"
    )
    assert invitation.value("meeting")["date"] == "2026-05-05"
    assert invitation.value("date") == datetime.date(2026, 4, 27)
    minutes = found(
        "Protokoll\nüber die 5. Sitzung des Gemeinderates der Gemeinde Musterdorf am 23.11.2022 im\nDorfhaus\n"
        "Anwesend\nBeginn: 19:30 Uhr\n1. Genehmigung des Protokolls der Sitzung vom 29.09.2022"
    )
    assert minutes.value("meeting")["date"] == "2022-11-23"
    earlier = found(
        "Verhandlungsschrift\nüber die am Montag, dem 4. April 2022\nstattgefundene\n5. Sitzung des Gemeinderates\n"
        "Die Verhandlungsschrift der 4. Sitzung des Gemeinderates vom 07.03.2022 liegt zur Einsichtnahme auf.\n"
        "Anwesende"
    )
    assert earlier.value("meeting")["date"] == "2022-04-04"


def test_a_vorlage_numbered_within_the_electoral_term():
    result = found(
        "Datum: 22.12.2020\nEntscheidung über die\nGewährung eines Zuschusses aus\nBudgetmitteln des Stadtteilrats 3\n"
        "Öffentliche Sitzung\nSitzungsvorlagen Nr.: 20-26 / V 02232\nI. Sachverhalt"
    )
    assert result.value("reference") == "20-26/V02232"
    assert result.value("subject").startswith(
        "Entscheidung über die Gewährung eines Zuschusses aus Budgetmitteln des Stadtteilrats 3"
    )


def test_a_bekanntgabe_is_information_and_a_numbered_sitzungsvorlage_line_is_no_type_heading():
    result = found(
        "Telefon: 0 233-22288 Kommunalreferat\nBeschleunigung von Bebauungsplanverfahren;\n"
        "zusätzlicher Personalbedarf im Kommunalreferat\nSitzungsvorlage Nr. 20-26 / V 02318\n"
        "Kurzübersicht zur Bekanntgabe im Kommunalausschuss am 04.02.2021"
    )
    assert result.value("paper_type") == PaperType.INFORMATION
    assert result.value("subject") == (
        "Beschleunigung von Bebauungsplanverfahren; zusätzlicher Personalbedarf im Kommunalreferat"
    )


def test_an_invitation_that_only_says_so_in_its_first_sentence():
    result = found(
        "Bezirksausschuss des 6. Stadtbezirkes\nAn\nalle Mitglieder\ndes Bezirksausschusses 6 - Sendling\n"
        "München, 19.05.2025\nSehr geehrte Damen und Herren,\n"
        "ich lade Sie hiermit zur nächsten Sitzung des Bezirksausschusses 6 - Sendling ein\n"
        "am Montag, 02.06.2025, 18:30 Uhr,\nFolgende Tagesordnung schlage ich vor:\n1. Beschluss über die Tagesordnung"
    )
    meeting = result.value("meeting")
    assert result.value("paper_type") == PaperType.INVITATION
    assert (meeting["organization"], meeting["date"]) == ("Bezirksausschuss 6", "2025-06-02")
    assert result.value("date") == datetime.date(2025, 5, 19)


@pytest.mark.parametrize(
    ("letter", "subject"),
    [
        (
            "Bürgermeisteramt Musterdorf\nBürgerinitiative Dorfmitte\nTelefon: 07666/1234\n16. Juni 2015\n"
            "Unterstützung der Bürgerinitiative durch die Gemeinde;\nIhr Antrag vom 31. Mai 2015\n"
            "Sehr geehrte Frau Muster,\nmeine sehr geehrten Damen und Herren,",
            "Unterstützung der Bürgerinitiative durch die Gemeinde",
        ),
        (
            "Landeshauptstadt\nSeite 1 von 2\nMünchen\nReferat für Gesundheit\nund Umwelt\nBeatrix Muster\n"
            "Berufsmäßige Stadträtin\nHerrn Stadtrat\nMax Beispiel\nRathaus\n23.12.2020\n"
            "Corona-bedingte Restriktionen in der Gastronomie\nSchriftliche Anfrage gemäß § 68 GeschO\n"
            "Anfrage Nr. 20-26 / F 00119 von Herrn StR Max Beispiel\nSehr geehrter Herr Stadtrat,\n"
            "Ihre Anfrage beantworte ich wie folgt:\nFrage 1:\nWie oft wurden Gästelisten ausgewertet?\nAntwort:\nIn 12 Fällen.",
            "Corona-bedingte Restriktionen in der Gastronomie",
        ),
    ],
    ids=["reply-to-a-motion", "answer-to-an-inquiry"],
)
def test_a_reply_is_an_answer_and_its_matter_is_the_line_above_what_it_answers(letter, subject):
    result = found(letter)
    assert (result.value("paper_type"), result.value("subject")) == (PaperType.ANSWER, subject)


def test_minutes_dated_in_their_heading_block_and_signed_at_their_end():
    text = (
        "Ortschaftsrat\nKnautdorf – Rehbach\nErgebnisprotokoll\nder öffentlichen Sitzung des Ortschaftsrates\n"
        "Datum: 11. Januar 2012\nOrt: Gasthof zur Linde\nZeit: 18:30 bis 20:15 Uhr\nTOP 1 Begrüßung\n"
        "TOP 2 Protokollkontrolle der Sitzung vom 14.12.2011\nM. Muster wird einstimmig zum neuen Ortsvorsteher gewählt.\n"
        "Der Beschlussvorlage DS – 00226/14 wird zugestimmt."
    )
    result = found(text, body=text + "\n" + "Der Ortschaftsrat berät.\n" * 20 + "Leipzig, 19.01.2012\nM. Muster")
    meeting = result.value("meeting")
    assert (meeting["organization"], meeting["date"]) == ("Ortschaftsrat Knautdorf – Rehbach", "2012-01-11")
    assert result.value("subject") == "öffentlichen Sitzung des Ortschaftsrates Knautdorf – Rehbach"
    assert (result.value("date"), result.confidence("date")) == (datetime.date(2012, 1, 19), 0.7)
    assert result.value("reference") is None  # an item's paper, not the minutes' own number
    assert [(v["unanimous"], v["result"]) for v in result.value("votes")][:1] == [(True, Result.ADOPTED)]


def test_a_letterhead_type_word_is_not_part_of_the_bodys_name():
    result = found(
        "STADT WELS\nGEMEINDERAT\nVerhandlungsschrift\nüber die 5. Sitzung des Gemeinderates\nam 4. April 2022"
    )
    assert result.value("meeting")["organization"] == "Gemeinderat"
