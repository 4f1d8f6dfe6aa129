"""Tenant isolation beyond the URL sweep (issue 13): choosers, reports, the review panel, the
Freigabe e-mail, every form's choices, forged ids, the refusal log, superusers and two-body staff."""

from __future__ import annotations

import logging

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.forms import ModelChoiceField
from django.urls import reverse
from wagtail.admin.viewsets import viewsets as admin_viewsets

from motions.models import Paper
from ris import access
from sessions.models import AgendaItem, Meeting
from tests.admin.tenants import FOREIGN_MARK, Tenants, database_fingerprint, fingerprint_diff
from tests.factories import ConsultationFactory, PaperFactory, UserFactory, staff_user_for

pytestmark = pytest.mark.django_db

REPORTS = ["site_history", "workflow", "workflow_tasks", "locked_pages", "aging_pages", "page_types_usage"]


@pytest.fixture
def tenants():
    return Tenants()


def _scoped_snippet_viewsets():
    return [
        vs
        for vs in admin_viewsets.viewsets
        if getattr(vs, "model", None) is not None
        and not isinstance(vs.model, str)
        and access.is_body_scoped(vs.model)
        and vs.url_namespace.startswith("wagtailsnippets_")
    ]


def _chooser_namespaces():
    return [
        vs.url_namespace
        for vs in admin_viewsets.viewsets
        if vs.name
        and vs.url_namespace.startswith("wagtailsnippetchoosers_")
        and not isinstance(vs.model, str)
        and access.is_body_scoped(vs.model)
    ]


def test_every_chooser_finds_own_records_and_never_foreign_ones(client, tenants):
    client.force_login(tenants.attacker)
    namespaces = _chooser_namespaces()
    assert len(namespaces) >= 12
    for namespace in namespaces:
        for view in ("choose", "choose_results"):
            # Words of the foreign titles that the home body's titles share (the query is echoed).
            for query in ({"q": word} for word in ("Wertgutachten", "Sondersitzung", "Ratsfrau", "Ratssaal", "")):
                response = client.get(reverse(f"{namespace}:{view}"), query)
                assert response.status_code == 200, (namespace, view)
                assert not tenants.leaks(response.content.decode()), (namespace, view, query)
    own = client.get(reverse("wagtailsnippetchoosers_motions_paper:choose_results"), {"q": "Wertgutachten"})
    assert "Heimat Wertgutachten" in own.content.decode()


def test_superuser_chooser_and_edit_still_reach_every_body(client, tenants):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    found = client.get(reverse("wagtailsnippetchoosers_motions_paper:choose_results"), {"q": "Wertgutachten"})
    assert FOREIGN_MARK in found.content.decode() and "Heimat" in found.content.decode()
    paper = tenants.foreign_records["paper"]
    assert client.get(reverse("wagtailsnippets_motions_paper:edit", args=[paper.pk])).status_code == 200


def test_staff_of_two_bodies_see_and_edit_both(client, tenants):
    both = UserFactory(username="kreisverwaltung")
    both.groups.add(tenants.home.staff_group, tenants.foreign.staff_group)
    client.force_login(both)
    listing = client.get(reverse("wagtailsnippets_motions_paper:list")).content.decode()
    assert "Heimat Wertgutachten" in listing and f"{FOREIGN_MARK} Wertgutachten" in listing
    for records in (tenants.home_records, tenants.foreign_records):
        for name in ("paper", "meeting", "file", "organization"):
            record = records[name]
            url = reverse(f"wagtailsnippets_{record._meta.app_label}_{record._meta.model_name}:edit", args=[record.pk])
            assert client.get(url).status_code == 200, url


def test_reports_and_dashboard_leave_out_foreign_records(client, tenants):
    client.force_login(tenants.attacker)
    for report in REPORTS:
        for suffix in ("", "_results"):
            response = client.get(reverse(f"wagtailadmin_reports:{report}{suffix}"))
            assert response.status_code in (200, 302), report
            assert not tenants.leaks(response.content.decode()), report
    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200 and not tenants.leaks(dashboard.content.decode())
    for report in ("site_history", "workflow"):  # their user filters name no other body's staff
        assert tenants.victim.username not in client.get(reverse(f"wagtailadmin_reports:{report}")).content.decode()

    # The same reports show the foreign records to a superuser: the filter is what hides them.
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    for report in ("site_history", "workflow", "workflow_tasks"):
        assert FOREIGN_MARK in client.get(reverse(f"wagtailadmin_reports:{report}")).content.decode(), report
    assert tenants.victim.username in client.get(reverse("wagtailadmin_reports:site_history")).content.decode()
    assert FOREIGN_MARK in client.get("/admin/").content.decode()  # "awaiting your review"


def test_freigabe_mail_goes_only_to_approvers_of_the_papers_body(tenants):
    recipients = {address for message in mail.outbox for address in message.to}
    assert tenants.foreign_reviewer.email in recipients
    assert tenants.attacker.email not in recipients


def test_every_form_choice_offers_only_own_bodies_records(rf, tenants):
    """Every create/edit form of every council viewset, its inline rows included: a foreign
    record is not offered, and its id does not validate."""
    checked = 0
    for viewset in _scoped_snippet_viewsets():
        form_class = viewset.get_form_class()
        form = form_class(instance=viewset.model(), for_user=tenants.attacker)
        forms = [form] + [formset.empty_form for formset in getattr(form, "formsets", {}).values()]
        for each in forms:
            for name, field in each.fields.items():
                if not isinstance(field, ModelChoiceField) or field.disabled:
                    continue
                model = field.queryset.model
                foreign = tenants.foreign_record(model)
                if foreign is None or not access.is_body_scoped(model):
                    continue
                where = f"{viewset.model.__name__}.{name}"
                offered = set(field.queryset.values_list("pk", flat=True))
                assert foreign.pk not in offered, where
                own = tenants.home_records.get(model._meta.model_name)
                if name != model._meta.pk.name:  # an inline row's id offers only the parent's rows
                    assert own is not None and own.pk in offered, where
                with pytest.raises(Exception) as refused:
                    field.clean(
                        [str(foreign.pk)]
                        if hasattr(field, "to_field_name") and field.__class__.__name__.startswith("ModelMultiple")
                        else str(foreign.pk)
                    )
                assert refused.type.__name__ == "ValidationError", where
                checked += 1
    assert checked >= 20


def _meeting_data(organization, **extra):
    return {
        "organization": organization.pk,
        "number": "",
        "name": "Sitzung",
        "start": "2025-03-01 17:00",
        "end": "",
        "location": "",
        **extra,
    }


def test_meeting_for_another_bodys_organization_is_a_form_error(client, tenants):
    client.force_login(tenants.attacker)
    url = reverse("wagtailsnippets_council_sessions_meeting:add")
    before = database_fingerprint()
    response = client.post(url, _meeting_data(tenants.foreign_records["organization"]))
    assert response.status_code == 200
    assert "organization" in response.context["form"].errors
    assert not tenants.leaks(response.content.decode())
    assert fingerprint_diff(before, database_fingerprint()) == []
    response = client.post(url, _meeting_data(tenants.home_records["organization"]))
    assert response.status_code == 302
    assert Meeting.objects.filter(organization=tenants.home_records["organization"], name="Sitzung").exists()


def test_file_pointing_at_another_bodys_paper_meeting_or_item_is_refused(client, tenants):
    client.force_login(tenants.attacker)
    url = reverse("wagtailsnippets_motions_file:add")
    base = {"body": tenants.home.pk, "name": "Anlage", "role": "anlage", "date": ""}
    before = database_fingerprint()
    for field, record in (
        ("body", tenants.foreign),
        ("paper", tenants.foreign_records["paper"]),
        ("meeting", tenants.foreign_records["meeting"]),
        ("agenda_item", tenants.foreign_records["agendaitem"]),
    ):
        response = client.post(url, {**base, field: record.pk})
        assert response.status_code == 200, field
        assert field in response.context["form"].errors, field
        assert not tenants.leaks(response.content.decode()), field
    assert fingerprint_diff(before, database_fingerprint()) == []


def test_resolution_tracking_for_another_bodys_paper_is_refused(client, tenants):
    client.force_login(tenants.attacker)
    own_paper = PaperFactory(body=tenants.home, name="Heimat Beschluss")
    url = reverse("wagtailsnippets_members_resolutiontracking:add")
    before = database_fingerprint()
    for data in (
        {"paper": tenants.foreign_records["paper"].pk, "owner_unit": tenants.home_records["faction"].pk},
        {"paper": own_paper.pk, "owner_unit": tenants.foreign_records["faction"].pk},
    ):
        data.update({"due_date": "2026-01-01", "status": "offen", "reports-TOTAL_FORMS": 0, "reports-INITIAL_FORMS": 0})
        response = client.post(url, data)
        assert response.status_code == 200
        assert response.context["form"].errors
        assert not tenants.leaks(response.content.decode())
    assert fingerprint_diff(before, database_fingerprint()) == []


def test_agenda_builder_ignores_another_bodys_consultation_without_naming_it(client, tenants):
    home_meeting = tenants.home_records["meeting"]
    foreign_step = tenants.foreign_records["consultation"]
    own_step = ConsultationFactory(
        paper=PaperFactory(body=tenants.home, name="Heimat Radweg"), organization=home_meeting.organization
    )
    client.force_login(tenants.attacker)
    url = reverse("wagtailsnippets_council_sessions_meeting:agenda", args=[home_meeting.pk])
    response = client.post(url, {"action": "add", "consultation": [foreign_step.pk]}, follow=True)
    assert response.status_code == 200
    assert not tenants.leaks(response.content.decode())
    assert not AgendaItem.objects.filter(meeting=home_meeting, consultations=foreign_step).exists()
    foreign_step.refresh_from_db()
    assert foreign_step.meeting_id is None and foreign_step.agenda_item_id is None
    # the same form does add a step of the meeting's own body
    client.post(url, {"action": "add", "consultation": [own_step.pk]})
    own_step.refresh_from_db()
    assert own_step.meeting_id == home_meeting.pk


def test_refused_access_is_logged_with_user_and_url_but_no_content(client, tenants, caplog):
    paper = tenants.foreign_records["paper"]
    client.force_login(tenants.attacker)
    url = reverse("wagtailsnippets_motions_paper:edit", args=[paper.pk])
    with caplog.at_level(logging.WARNING, logger="ris.admin_scope"):
        assert client.get(url).status_code == 404
    lines = [r.getMessage() for r in caplog.records if r.name == "ris.admin_scope"]
    assert len(lines) == 1
    assert "verwaltung-heimstadt" in lines[0] and url in lines[0] and "at=" in lines[0]
    assert FOREIGN_MARK not in lines[0] and paper.reference not in lines[0]


def test_staff_without_the_model_permission_cannot_edit_own_records(client, tenants):
    """The body is necessary, not sufficient: the model permission still applies."""
    tenants.home.staff_group.permissions.remove(*Permission.objects.filter(codename="change_paper"))
    paper = tenants.home_records["paper"]
    clerk = staff_user_for(tenants.home, username="nur-lesen")
    client.force_login(clerk)
    assert not access.may_change(clerk, paper)
    before = Paper.objects.get(pk=paper.pk).name
    client.post(reverse("wagtailsnippets_motions_paper:edit", args=[paper.pk]), {"name": "geändert"})
    assert Paper.objects.get(pk=paper.pk).name == before


def test_own_paper_url_with_another_bodys_task_state_cannot_approve_it(client, tenants):
    """Wagtail's workflow action takes the task state from the URL without tying it to the record:
    the guard does. An approver of the shared Freigabe group cannot publish a foreign paper."""
    from wagtail.models import TaskState, Workflow

    foreign = tenants.foreign_records["paper"]
    own = tenants.home_records["paper"]
    own.save_revision(user=tenants.attacker)
    Workflow.objects.get(name="Freigabe").start(own, tenants.attacker)
    foreign_state = TaskState.objects.get(workflow_state__object_id=str(foreign.pk), status="in_progress")
    own_state = TaskState.objects.get(workflow_state__object_id=str(own.pk), status="in_progress")
    client.force_login(tenants.attacker)
    before = database_fingerprint()
    for name in ("workflow_action", "collect_workflow_action_data"):
        url = reverse(f"wagtailsnippets_motions_paper:{name}", args=[own.pk, "approve", foreign_state.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"comment": ""}).status_code == 404
    assert fingerprint_diff(before, database_fingerprint()) == []
    foreign.refresh_from_db()
    assert not foreign.live
    # the same view with the paper's own task state approves it
    client.post(
        reverse("wagtailsnippets_motions_paper:workflow_action", args=[own.pk, "approve", own_state.pk]),
        {"comment": ""},
    )
    own.refresh_from_db()
    assert own.live
