"""Searchable choosers for the Einreicher (issue 20): a search field over the body's persons and
organizations instead of a raw multi-select; another body's record is a form error."""

import pytest
from django.urls import reverse

from motions.models import Paper, PaperType
from tests.factories import BodyFactory, OrganizationFactory, PaperFactory, PersonFactory


def _edit_data(paper, **extra):
    data = {
        "body": paper.body_id,
        "paper_type": paper.paper_type,
        "reference": paper.reference,
        "name": paper.name,
        "consultations-TOTAL_FORMS": "0",
        "consultations-INITIAL_FORMS": "0",
        "consultations-MIN_NUM_FORMS": "0",
        "consultations-MAX_NUM_FORMS": "1000",
    }
    data.update(extra)
    return data


@pytest.mark.django_db
def test_originator_of_another_body_is_a_form_error_and_nothing_is_saved(client, council):
    other = BodyFactory(name="Stadt Nachbarort", slug="nachbarort")
    council.staff.groups.add(_group(other))
    stranger = PersonFactory(body=other, name="Fremde Person")
    paper = PaperFactory(body=council.body, live=False, reference="A/0001/2026", paper_type=PaperType.MOTION)
    client.force_login(council.staff)
    response = client.post(
        reverse("wagtailsnippets_motions_paper:edit", args=[paper.pk]),
        _edit_data(paper, originator_persons=[stranger.pk]),
    )
    assert response.status_code == 200
    assert "Fremde Person gehört nicht zu Stadt Musterstadt." in response.content.decode()
    assert not Paper.objects.get(pk=paper.pk).originator_persons.exists()
    response = client.post(
        reverse("wagtailsnippets_motions_paper:edit", args=[paper.pk]),
        _edit_data(paper, responsible_person=stranger.pk),
    )
    assert "Fremde Person gehört nicht zu Stadt Musterstadt." in response.content.decode()
    assert Paper.objects.get(pk=paper.pk).latest_revision is None or (
        Paper.objects.get(pk=paper.pk).latest_revision.as_object().responsible_person_id is None
    )


def _group(body):
    from tests.admin.conftest import grant_staff
    from tests.factories import staff_user_for

    staff_user_for(body)
    grant_staff(body.staff_group)
    return body.staff_group


@pytest.mark.django_db
def test_einreicher_field_is_a_searchable_list_not_a_raw_select(client, council):
    PersonFactory(body=council.body, name="Erika Mustermann")
    client.force_login(council.staff)
    html = client.get(reverse("wagtailsnippets_motions_paper:add")).content.decode()
    assert "data-searchable-choices" in html and 'type="search"' in html
    assert '<select name="originator_persons"' not in html
    for name in ("lead_unit", "responsible_person", "clerk", "amends", "answers"):
        assert f'id="id_{name}-filter"' in html
    assert 'id="id_consultations-__prefix__-organization-filter"' in html  # each new Beratung row


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_einreicher_search_filters_by_name_and_by_the_chosen_body(page, live_server, council, admin_login):
    other = BodyFactory(name="Stadt Nachbarort", slug="nachbarort")
    council.staff.groups.add(_group(other))
    PersonFactory(body=council.body, name="Erika Mustermann")
    PersonFactory(body=council.body, name="Max Beispiel")
    PersonFactory(body=other, name="Erich Nachbar")
    OrganizationFactory(body=council.body, name="Fraktion Grüne Liste")
    OrganizationFactory(body=other, name="Hauptausschuss Nachbarort")
    admin_login(page, council.staff)
    page.goto(f"{live_server.url}/admin/snippets/motions/paper/add/")
    page.select_option("#id_body", str(council.body.pk))
    page.select_option("#id_paper_type", PaperType.MOTION)
    page.fill("#id_name", "Mehr Bäume")
    persons = page.locator("#id_originator_persons-list")
    page.fill("#id_originator_persons-filter", "er")
    assert persons.get_by_label("Erika Mustermann").is_visible()
    assert not persons.get_by_label("Erich Nachbar").is_visible()  # another body
    assert not persons.get_by_label("Max Beispiel").is_visible()  # does not match
    persons.get_by_label("Erika Mustermann").check()
    page.fill("#id_responsible_person-filter", "beisp")
    visible = [o for o in page.locator("#id_responsible_person option").all() if not o.evaluate("o => o.hidden")]
    assert [o.inner_text() for o in visible] == ["---------", "Max Beispiel"]
    page.select_option("#id_responsible_person", label="Max Beispiel")
    page.fill("#id_originator_organizations-filter", "grüne")
    page.locator("#id_originator_organizations-list").get_by_label("Fraktion Grüne Liste").check()
    page.get_by_role("button", name="Beratung hinzufügen").click()  # a row added after the page loaded
    page.fill("#id_consultations-0-organization-filter", "haupt")
    step = page.locator("#id_consultations-0-organization option")
    assert "Hauptausschuss Nachbarort" in [o.inner_text() for o in step.all()]  # offered, but hidden below
    visible = [o.inner_text() for o in step.all() if not o.evaluate("o => o.hidden")]
    assert visible == ["---------", str(council.committee)]  # not the other body's, not the Stadtrat
    page.select_option("#id_consultations-0-organization", str(council.committee.pk))
    with page.expect_navigation():
        page.get_by_role("button", name="Entwurf speichern").click()
    paper = Paper.objects.get(name="Mehr Bäume")
    assert [p.name for p in paper.originator_persons.all()] == ["Erika Mustermann"]
    assert [o.name for o in paper.originator_organizations.all()] == ["Fraktion Grüne Liste"]
    assert paper.responsible_person.name == "Max Beispiel"
    assert [c.organization for c in paper.consultations.all()] == [council.committee]
