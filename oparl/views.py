"""The OParl 1.1 endpoints: System, body lists, every object at its URL, and file access.

Views read the request, call ``oparl.lists``/``oparl.selectors``/``oparl.serializers`` and answer
with UTF-8 JSON (no BOM, no escaping of non-ASCII), ``Access-Control-Allow-Origin: *`` and, for
errors, the OParl error object with a fitting status (spec ch. 2.6, 2.9).
"""

from __future__ import annotations

import json

from django.conf import settings
from django.db.models import Max, Min, Q
from django.http import HttpResponse, HttpResponseRedirect
from django.views.decorators.http import condition, require_safe

from motions.file_serving import file_response
from motions.models import Consultation, File, Paper
from oparl import embedded, lists, selectors, serializers
from oparl.formats import type_url
from sessions.models import AgendaItem, Body, Meeting, Membership, Organization, Person

KIND_MODELS = {kind: model for model, kind in serializers.KINDS.items()}


def oparl_response(data: dict, status: int = 200) -> HttpResponse:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    response = HttpResponse(body, status=status, content_type="application/json; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    return response


def error_response(status: int, message: str, debug: str = "") -> HttpResponse:
    data = {"type": type_url("Error"), "message": message}
    if debug:
        data["debug"] = debug
    return oparl_response(data, status=status)


def not_found(debug: str = "") -> HttpResponse:
    return error_response(404, "Dieses Objekt gibt es nicht.", debug)


@require_safe
def system(request):
    name = getattr(settings, "OPARL_SYSTEM_NAME", "") or "Ratsinformationssystem"
    # The system is as old as its first body and changes whenever the list of bodies does.
    times = Body.objects.aggregate(created=Min("created"), modified=Max("modified"))
    return oparl_response(serializers.system(name=name, **times))


def _list(request, model, qs_filter, url):
    try:
        params = lists.parse_params(request.GET)
    except lists.BadRequest as exc:
        return error_response(400, "Die Anfrage ist fehlerhaft.", str(exc))
    qs = lists.base_queryset(model, params).filter(qs_filter)
    return oparl_response(lists.list_page(model, qs, params, url))


@require_safe
def body_list(request):
    return _list(request, Body, Q(), serializers.base_url() + "/body")


BODY_LIST_SCOPES = {
    "organization": (Organization, "body"),
    "person": (Person, "body"),
    "meeting": (Meeting, "organization__body"),
    "paper": (Paper, "body"),
    "agendaItem": (AgendaItem, "meeting__organization__body"),
    "consultation": (Consultation, "paper__body"),
    "file": (File, "body"),
    "legislativeTermList": (serializers.LegislativeTerm, "body"),
    "membership": (Membership, "person__body"),
}


@require_safe
def body_sublist(request, pk: int, name: str):
    body = selectors.visible(Body).filter(pk=pk).first()
    url = f"{serializers.object_url('body', pk)}/{name}"
    if body is None:
        return not_found(f"body {pk}")
    if name == "locationList":
        return _list(request, serializers.Location, selectors.location_q(body), url)
    if name not in BODY_LIST_SCOPES:
        return not_found(f"body list {name}")
    model, scope = BODY_LIST_SCOPES[name]
    return _list(request, model, Q(**{scope: body}), url)


@require_safe
def organization_sublist(request, pk: int, name: str):
    organization = selectors.visible(Organization).filter(pk=pk).first()
    if organization is None:
        return not_found(f"organization {pk}")
    url = f"{serializers.object_url('organization', pk)}/{name}"
    model = {"meeting": Meeting, "consultation": Consultation}[name]
    return _list(request, model, Q(organization=organization), url)


@require_safe
def object_detail(request, kind: str, pk: int):
    model = KIND_MODELS.get(kind)
    if model is None:
        return not_found(f"unknown type {kind}")
    qs = selectors.with_deleted(model)
    if model is serializers.Location:
        qs = qs.filter(selectors.location_q())
    found = embedded.load(model, qs.filter(pk=pk))
    obj = found[0] if found else None
    if obj is None:
        return not_found(f"{kind} {pk}")
    if model is serializers.Location and not obj.deleted:
        data = serializers.location(obj, back_references=selectors.location_back_references(obj))
    else:
        data = serializers.serialize(obj)
    return oparl_response(data)


def _file_etag(request, pk: int, *args):
    file = selectors.visible(File).filter(pk=pk).only("sha512", "sha256", "public_version", "modified").first()
    if file is not None and file.public_version:  # the redacted version: changes with every redaction
        return f"public-{file.modified.timestamp()}"
    return (file.sha512 or file.sha256 or None) if file else None


def _file_modified(request, pk: int, *args):
    file = selectors.visible(File).filter(pk=pk).only("modified").first()
    return file.modified if file else None


def _stored_file(pk: int):
    """(file, error response): a visible file, 410 for a deleted public one, 404 otherwise."""
    file = selectors.with_deleted(File).filter(pk=pk).first()
    if file is None:
        return None, not_found(f"file {pk}")
    if file.deleted:
        return None, error_response(410, "Diese Datei wurde gelöscht.")
    return file, None


@require_safe
@condition(etag_func=_file_etag, last_modified_func=_file_modified)
def file_access(request, pk: int):
    file, error = _stored_file(pk)
    if error:
        return error
    stored = file.stored_for(selectors.ANONYMOUS)  # OParl is public: the redacted version if there is one
    if not stored:
        if file.external_url and not file.public_version:
            return HttpResponseRedirect(file.external_url)
        return not_found(f"file {pk} has no content")
    # Inline as OParl asks for the accessUrl, unless it is no document (motions/file_serving.py).
    return file_response(file, as_attachment=False, stored=stored)


@require_safe
@condition(etag_func=_file_etag, last_modified_func=_file_modified)
def file_download(request, pk: int):
    file, error = _stored_file(pk)
    if error:
        return error
    stored = file.stored_for(selectors.ANONYMOUS)
    if not stored:
        return not_found(f"file {pk} has no content")
    return file_response(file, as_attachment=True, stored=stored)


def unknown(request, rest: str = ""):
    return not_found(f"no such OParl URL: {request.path}")
