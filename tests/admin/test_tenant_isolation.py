"""Tenant isolation in the admin (issue 13): staff of one body can neither see nor touch another's.

The sweep walks every admin URL pattern from Django's resolver (not a hand-kept list), fills in
the foreign body's record wherever a pattern names one, and requests each by GET and by POST as
staff of the other body: a URL naming a foreign record answers 404, no answer names a foreign
record or its file, and the database is byte-for-byte what it was.
"""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.urls import URLResolver, get_resolver, resolve
from wagtail.admin.viewsets import viewsets as admin_viewsets
from wagtail.models import Page, Revision, TaskState, WorkflowState

from motions.models import File, Paper
from ris import access
from sessions.models import Person
from tests.admin.tenants import FOREIGN_MARK, Tenants, database_fingerprint, fingerprint_diff

pytestmark = pytest.mark.django_db

# Admin namespaces (or single URL names, "namespace:name") that are not a Wagtail viewset but
# take a record's pk.
CUSTOM_NAMESPACE_MODELS = {
    "motions_review": Paper,
    "privacy_admin:person_data": Person,
    "privacy_admin:paper": Paper,
    "privacy_admin:file_page": File,
    "privacy_admin:file_page_image": File,
}
# Not requested: logging out ends the sweep's session; /admin/failwhale/ is Wagtail's deliberate
# server error (for testing error reporting); Wagtail 8.0.1's external-link chooser answers an
# empty POST with a 500 (its own bug, no record involved). None of them names a record.
SKIPPED = {"wagtailadmin_logout", "wagtailadmin_error_test", "wagtailadmin_choose_page_external_link"}
# Creating a record of one's own body is allowed; the create forms get their own forged-id tests
# below. The sweep only GETs them, so that the database must stay exactly as it was. Posting the
# retention report starts a (dry) run over the user's own bodies and keeps it as a report.
CREATE_VIEWS = {"add", "preview_on_add", "retention"}
RECORD_PARAMETERS = {"pk", "object_id"}
ROUTE_PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")
REGEX_PARAM = re.compile(r"\(\?P<(\w+)>[^()]*\)")


@pytest.fixture
def tenants():
    return Tenants()


def admin_patterns():
    """(namespace, name, route) for every URL pattern below admin/."""
    found = []

    def walk(patterns, prefix, namespaces):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(
                    pattern.url_patterns,
                    prefix + str(pattern.pattern),
                    [*namespaces, pattern.namespace] if pattern.namespace else namespaces,
                )
            else:
                found.append((":".join(namespaces), pattern.name, prefix + str(pattern.pattern)))

    walk(get_resolver().url_patterns, "", [])
    return [entry for entry in found if entry[2].startswith("admin/")]


def namespace_models():
    models = {}
    for viewset in admin_viewsets.viewsets:
        model = getattr(viewset, "model", None)
        if viewset.name and model is not None:
            model = apps.get_model(model) if isinstance(model, str) else model
            models[viewset.name] = models[viewset.url_namespace] = model
    return {**models, **CUSTOM_NAMESPACE_MODELS}


class Values:
    """Parameter values: the foreign record where a pattern names a body's record, else sensible ones."""

    def __init__(self, tenants):
        self.tenants = tenants
        paper = tenants.foreign_records["paper"]
        self.workflow_state = WorkflowState.objects.get(object_id=str(paper.pk))
        self.task_state = TaskState.objects.filter(workflow_state=self.workflow_state).first()
        # A page below the root (Wagtail's page views expect a parent); pages are no body's records.
        self.root = Page.get_first_root_node().add_child(instance=Page(title="Hilfe", slug="hilfe"))

    def for_pattern(self, namespace, name, route, model):
        values = {}
        record = self.tenants.foreign_record(model) if model is not None and access.is_body_scoped(model) else None
        revision = Revision.objects.for_instance(record).first() if hasattr(record, "revisions") else None
        params = [m[1] for m in ROUTE_PARAM.findall(route)] + REGEX_PARAM.findall(route)
        for param in params:
            if param in RECORD_PARAMETERS:
                values[param] = record.pk if record is not None else self.any_pk(model)
            elif param == "revision_id":
                values[param] = revision.pk if revision else Revision.objects.first().pk
            elif param == "revision_id_a":
                values[param] = "earliest"
            elif param == "revision_id_b":
                values[param] = "latest"
            elif param == "task_state_id":
                values[param] = self.task_state.pk
            elif param == "workflow_state_id":
                values[param] = self.workflow_state.pk
            elif param == "task_id":
                values[param] = self.task_state.task_id
            elif param == "action_name":
                values[param] = "approve"
            elif param == "kind":
                values[param] = "antwort"
            elif param in ("page_id", "parent_page_id", "page_pk", "page_to_move_id", "destination_id"):
                values[param] = self.root.pk
            elif param in ("app_label", "content_type_app_name", "app_name"):
                values[param] = "motions"
            elif param in ("model_name", "content_type_model_name"):
                values[param] = "paper"
            elif param == "action":
                values[param] = "delete"
            else:
                values[param] = "1"
        return record, values

    @staticmethod
    def any_pk(model):
        if model is None:
            return 1
        return model._default_manager.values_list("pk", flat=True).first() or 1


def wagtails_own(namespace: str) -> bool:
    """Wagtail's own admin areas (pages, collections, workflows, settings, …): no body's records."""
    return namespace.startswith("wagtail") and not namespace.startswith("wagtailsnippet")


def build_path(route: str, values: dict) -> str:
    path = REGEX_PARAM.sub(lambda m: str(values[m.group(1)]), route)
    path = ROUTE_PARAM.sub(lambda m: str(values[m.group(2)]), path)
    path = path.replace("^", "").replace("$", "").replace("\\.", ".").replace(".*", "x")
    return "/" + path


def test_sweep_every_admin_url_as_staff_of_another_body(client, tenants):
    client.force_login(tenants.attacker)
    client.get("/admin/")  # the user's profile is made on the first visit, before the snapshot
    client.raise_request_exception = False  # a 500 is collected below with the others
    values = Values(tenants)
    models = namespace_models()
    before = database_fingerprint()
    record_urls, unresolved, failures = 0, [], []
    for namespace, name, route in admin_patterns():
        model = models.get(f"{namespace}:{name}", models.get(namespace))
        record, kwargs = values.for_pattern(namespace, name, route, model)
        if any(p in kwargs for p in RECORD_PARAMETERS) and model is None and not wagtails_own(namespace):
            failures.append(f"{namespace}:{name} takes a record but its model is unknown: map it")
            continue
        path = build_path(route, kwargs)
        if name in SKIPPED:
            continue
        try:
            resolve(path)
        except Exception:  # noqa: BLE001 - reported below
            unresolved.append(path)
            continue
        names_foreign = record is not None and any(p in kwargs for p in RECORD_PARAMETERS)
        record_urls += names_foreign
        for method in ("get",) if name in CREATE_VIEWS else ("get", "post"):
            response = getattr(client, method)(path, {"next": "/admin/", "name": "Übernommen", "title": "Übernommen"})
            if "_auth_user_id" not in client.session:
                failures.append(f"{method} {path} logged the user out")
                client.force_login(tenants.attacker)
            status = response.status_code
            body = response.content.decode(errors="replace")
            where = f"{method.upper()} {path} ({namespace}:{name})"
            if names_foreign and status != 404:
                failures.append(f"{where}: {status}, expected 404")
            elif status >= 500:
                failures.append(f"{where}: {status}")
            elif status in (301, 302) and not names_foreign:
                location = response.headers.get("Location", "")
                if FOREIGN_MARK.lower() in location.lower():
                    failures.append(f"{where}: redirect names a foreign record: {location}")
            if leaks := tenants.leaks(body):
                failures.append(f"{where}: response names {leaks}")
    import os

    if os.environ.get("RIS_SWEEP_REPORT"):
        with open(os.environ["RIS_SWEEP_REPORT"], "w") as report:
            report.write("\n".join(failures))
    assert not unresolved, unresolved
    assert record_urls > 60  # every snippet model's pk routes were exercised
    assert not failures, "\n".join(failures)
    assert fingerprint_diff(before, database_fingerprint()) == []


def test_bulk_actions_refuse_foreign_ids(client, tenants):
    from wagtail.admin.views.bulk_action.registry import bulk_action_registry

    client.force_login(tenants.attacker)
    client.get("/admin/")
    before = database_fingerprint()
    tried = 0
    for key, model in [(k, type(r)) for k, r in tenants.foreign_records.items()]:
        record = tenants.foreign_records[key]
        app_label, model_name = model._meta.app_label, model._meta.model_name
        for action in [a.action_type for a in bulk_action_registry.get_bulk_actions_for_model(app_label, model_name)]:
            for ids in ([record.pk], [tenants.home_records[key].pk, record.pk]):
                path = f"/admin/bulk/{app_label}/{model_name}/{action}/"
                query = "&".join(f"id={pk}" for pk in ids) + "&next=/admin/"
                for method in ("get", "post"):
                    response = getattr(client, method)(f"{path}?{query}")
                    assert response.status_code == 404, (method, path, query)
                    assert not tenants.leaks(response.content.decode())
                    tried += 1
            # "all" means all of the user's own records, never the foreign one
            response = client.get(f"/admin/bulk/{app_label}/{model_name}/{action}/?id=all&next=/admin/")
            assert response.status_code in (200, 302, 403), (model_name, action)
            assert not tenants.leaks(response.content.decode()), (model_name, action)
    assert tried >= 8
    assert fingerprint_diff(before, database_fingerprint()) == []
