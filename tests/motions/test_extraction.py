"""Text extraction: quality (hyphens, columns, umlauts) and every file state, on real generated PDFs."""

import shutil

import pytest
from reportlab.lib.pdfencrypt import StandardEncryption

from motions.extraction import file_extract
from motions.models import ExtractionState, File
from motions.pdf_text import ExtractionFailed, page_text_clean, pdf_text
from motions.services import file_create
from tests.factories import BodyFactory, PaperFactory
from tests.motions.pdfs import (
    HTML_NAMED_PDF,
    RANDOM_BYTES,
    columns_pdf,
    glyph_names_pdf,
    image_only_pdf,
    lines_pdf,
    spaced_pdf,
    truncated_pdf,
)

EXTRACTORS = ["pdfminer"] + (["pdftotext"] if shutil.which("pdftotext") else [])


def test_page_text_clean_joins_syllable_breaks_and_keeps_compounds():
    text = "die Straßen-\nreinigung der CDU-\nFraktion und Bürger-\nund Unternehmensservice"
    assert page_text_clean(text) == "die Straßenreinigung der CDU-Fraktion und Bürger- und Unternehmensservice"


def test_page_text_clean_undoes_ligatures_and_soft_hyphens():
    assert page_text_clean("Au\u00adßen\u00adstelle ﬁnden") == "Außenstelle finden"


def test_page_text_clean_joins_letter_spaced_words_and_collapses_space_runs():
    text = page_text_clean("A n w e s e n d e  u n d  Gäste\ne i n s t i m m i g  a b g e s e t z t.\nTOP 1    Bericht")
    assert text == "Anwesende und Gäste\neinstimmig abgesetzt.\nTOP 1 Bericht"


def test_page_text_clean_rejoins_caps_broken_at_line_ends_but_keeps_compounds():
    text = page_text_clean("Antrag der PAR-\nTEI und der CDU-\nFRAKTION; die CDU und die FRAKTION")
    assert text == "Antrag der PARTEI und der CDU-FRAKTION; die CDU und die FRAKTION"


def test_page_text_clean_uses_the_document_vocabulary_for_caps_words():
    from motions.pdf_text import text_vocabulary

    vocabulary = text_vocabulary("Die SOZIALE Stadt")
    assert page_text_clean("SOZI-\nALE Stadt", vocabulary=vocabulary) == "SOZIALE Stadt"


def test_page_text_clean_maps_or_drops_private_use_characters():
    assert page_text_clean("\uf0b7 Haushalt\n\uf09f Schule \ue123x") == "• Haushalt\n• Schule x"


def test_page_text_clean_leaves_out_words_with_unnamed_glyphs_and_control_codes():
    assert page_text_clean("Ein Wort\ufffdx und Kon\x02trolle bleiben weg") == "Ein und bleiben weg"


def test_glyph_name_text_follows_adobe_naming():
    from motions.pdf_glyphs import glyph_name_text

    assert glyph_name_text("f_f.liga") == "ff"
    assert glyph_name_text("uni00E4") == "ä"
    assert glyph_name_text("g431") is None


@pytest.mark.parametrize("extractor", EXTRACTORS)
def test_pdf_text_has_no_cid_junk_for_glyphs_outside_the_glyph_list(extractor):
    data = glyph_names_pdf([b"Die \\366\\001entliche Sitzung", b"Ein Wort\\002x bleibt weg", b"Wir tre\\001en uns"])
    text = pdf_text(data, extractor=extractor).pages[0]
    assert "öffentliche Sitzung" in text
    assert "treffen uns" in text
    assert "(cid:" not in text
    assert "Wort" not in text and "\x02" not in text and "\ufffd" not in text


def test_pdf_text_without_poppler_leaves_unnamed_glyphs_out(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")  # a machine without poppler
    text = pdf_text(glyph_names_pdf([b"Ein Wort\\002x bleibt weg", b"Wir tre\\001en uns"])).pages[0]
    assert text == "Ein bleibt weg\nWir treffen uns"


@pytest.mark.parametrize("extractor", EXTRACTORS)
def test_pdf_text_joins_letter_spaced_headings(extractor):
    data = spaced_pdf([("Anwesende", 6), ("Die Sitzung ist öffentlich.", 0), ("Tagesordnung", 5)])
    assert pdf_text(data, extractor=extractor).pages[0].split() == [
        "Anwesende",
        "Die",
        "Sitzung",
        "ist",
        "öffentlich.",
        "Tagesordnung",
    ]


@pytest.mark.parametrize("extractor", EXTRACTORS)
def test_pdf_text_joins_hyphenated_words_at_line_ends(extractor):
    data = lines_pdf([["Der Antrag betrifft die Straßen-", "reinigung und wurde von der CDU-", "Fraktion gestellt."]])
    text = pdf_text(data, extractor=extractor).pages[0]
    assert "Straßenreinigung" in text
    assert "CDU-Fraktion" in text
    assert "Straßen-" not in text


@pytest.mark.parametrize("extractor", EXTRACTORS)
def test_pdf_text_keeps_umlauts_and_sharp_s(extractor):
    data = lines_pdf([["Größere Übergänge für Fußgänger in Aschersleben – äöüÄÖÜß"]])
    assert "Größere Übergänge für Fußgänger in Aschersleben – äöüÄÖÜß" in pdf_text(data, extractor=extractor).pages[0]


@pytest.mark.parametrize("extractor", EXTRACTORS)
def test_pdf_text_reads_two_columns_one_after_the_other(extractor):
    left = [f"Links Zeile {i} über den Haushalt" for i in range(1, 21)]
    right = [f"Rechts Zeile {i} zur Schulsanierung" for i in range(1, 21)]
    text = pdf_text(columns_pdf("Bericht des Kämmerers", left, right), extractor=extractor).pages[0]
    positions = [text.index(line) for line in left + right]
    assert positions == sorted(positions)
    assert text.index("Bericht des Kämmerers") < positions[0]


@pytest.mark.parametrize("extractor", EXTRACTORS)
def test_pdf_text_keeps_pages_apart(extractor):
    data = lines_pdf([[f"Inhalt der Seite {n}"] for n in range(1, 8)])
    pages = pdf_text(data, extractor=extractor).pages
    assert len(pages) == 7
    assert pages[6] == "Inhalt der Seite 7"


@pytest.mark.parametrize("extractor", EXTRACTORS)
def test_pdf_text_finds_no_text_on_a_scan(extractor):
    result = pdf_text(image_only_pdf(), extractor=extractor)
    assert len(result.pages) == 1
    assert not result.has_text


@pytest.mark.parametrize("extractor", EXTRACTORS)
@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "leer"),
        (HTML_NAMED_PDF, "kein PDF"),
        (RANDOM_BYTES, "kein PDF"),
        (b"%PDF-1.4\n" + bytes(range(256)) * 4, "beschädigt"),
        (truncated_pdf(), "beschädigt"),
        (lines_pdf([["geheim"]], encrypt=StandardEncryption("geheim", canPrint=0)), "verschlüsselt"),
    ],
    ids=["empty", "html", "random", "garbage-after-header", "truncated", "encrypted"],
)
def test_pdf_text_refuses_bad_input_with_a_reason(extractor, data, reason):
    with pytest.raises(ExtractionFailed, match=reason):
        pdf_text(data, extractor=extractor)


@pytest.mark.parametrize("extractor", EXTRACTORS)
def test_pdf_text_stops_at_the_page_limit(extractor):
    with pytest.raises(ExtractionFailed, match="mehr als 5 Seiten"):
        pdf_text(lines_pdf([["Seite"]] * 6), extractor=extractor, max_pages=5)


@pytest.mark.django_db
def test_file_create_extracts_in_the_background_and_keeps_pages(django_capture_on_commit_callbacks):
    paper = PaperFactory()
    data = lines_pdf([["Erste Seite über Straßen-", "reinigung"], ["Zweite Seite"], ["Dritte Seite, Gebührensatzung"]])
    with django_capture_on_commit_callbacks(execute=True):
        file = file_create(body=paper.body, name="Vorlage", content=data, file_name="vorlage.pdf", paper=paper)
    file.refresh_from_db()
    assert file.extraction_state == ExtractionState.DONE
    assert file.page_count == 3
    assert list(file.pages.values_list("number", flat=True)) == [1, 2, 3]
    assert file.pages.get(number=1).text == "Erste Seite über Straßenreinigung"
    assert file.pages.get(number=3).text == "Dritte Seite, Gebührensatzung"
    assert "Straßenreinigung" in file.text


@pytest.mark.django_db
def test_file_extract_records_a_scan_as_no_text(django_capture_on_commit_callbacks):
    body = BodyFactory()
    with django_capture_on_commit_callbacks(execute=True):
        file = file_create(body=body, name="Scan", content=image_only_pdf(), file_name="scan.pdf")
    file.refresh_from_db()
    assert file.extraction_state == ExtractionState.NO_TEXT
    assert file.page_count == 1
    if shutil.which("tesseract"):
        assert "die OCR hat keinen Text gefunden" in file.extraction_error
    else:
        assert "OCR ist nicht installiert" in file.extraction_error


@pytest.mark.django_db
def test_file_extract_records_a_broken_pdf_as_failed_and_keeps_the_file(django_capture_on_commit_callbacks):
    body = BodyFactory()
    data = truncated_pdf()
    with django_capture_on_commit_callbacks(execute=True):
        file = file_create(body=body, name="Kaputt", content=data, file_name="kaputt.pdf")
    file.refresh_from_db()
    assert file.extraction_state == ExtractionState.FAILED
    assert "beschädigt" in file.extraction_error
    assert file.page_count is None
    with file.file.open("rb") as fh:
        assert fh.read() == data


@pytest.mark.django_db
def test_file_extract_runs_again_without_duplicating_pages():
    body = BodyFactory()
    file = file_create(body=body, name="Zweimal", content=lines_pdf([["A"], ["B"]]), file_name="z.pdf", extract=False)
    file_extract(file=file)
    file_extract(file=File.objects.get(pk=file.pk))
    assert file.pages.count() == 2
    assert File.objects.get(pk=file.pk).extraction_state == ExtractionState.DONE


@pytest.mark.parametrize("extractor", EXTRACTORS)
def test_pdf_text_stops_at_the_time_limit(extractor):
    with pytest.raises(ExtractionFailed, match="Zeitlimit"):
        pdf_text(lines_pdf([["Seite"]] * 40), extractor=extractor, time_limit=1e-6)


@pytest.mark.django_db
def test_new_text_moves_the_modified_time_of_the_file_and_its_paper():
    """OParl clients sync with modified_since: a file's new text must show on the file and its paper."""
    paper = PaperFactory()
    file = file_create(
        body=paper.body, name="Anlage", content=lines_pdf([["Text"]]), file_name="a.pdf", paper=paper, extract=False
    )
    Paper = type(paper)
    before = Paper.objects.get(pk=paper.pk).modified
    file_extract(file=file)
    assert Paper.objects.get(pk=paper.pk).modified > before
    assert File.objects.get(pk=file.pk).modified >= Paper.objects.get(pk=paper.pk).modified


@pytest.mark.django_db
def test_new_text_of_an_agenda_item_file_moves_the_item_and_its_meeting():
    from sessions.models import AgendaItem, Meeting
    from tests.factories import AgendaItemFactory

    item = AgendaItemFactory()
    body = item.meeting.organization.body
    file = file_create(
        body=body, name="Anlage", content=lines_pdf([["Text"]]), file_name="a.pdf", agenda_item=item, extract=False
    )
    item_before = AgendaItem.objects.get(pk=item.pk).modified
    meeting_before = Meeting.objects.get(pk=item.meeting_id).modified
    file_extract(file=file)
    assert AgendaItem.objects.get(pk=item.pk).modified > item_before
    assert Meeting.objects.get(pk=item.meeting_id).modified > meeting_before
