"""Our records as OParl 1.1 objects (spec ch. 3), one function per type.

Each function takes a record loaded by ``oparl.embedded.load`` (a model instance, or for embedded
objects a ``Row`` read with ``values()``) and reads only the fields and the ``oparl_*`` lists
attached there, so a list page costs the same number of queries for 10 or 100 objects.
``embedded=True`` leaves out the back-reference to the parent, as the spec asks for objects
output inside another; ``omit_internal=True`` leaves out the embedded lists (spec 1.1 filter
``omit_internal``). Where OParl has no field we add vendor properties with the prefix ``ris:``.
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import override

from motions.models import Consultation, ConsultationRole, File, FileRole, Paper, PaperState, PaperType
from oparl.formats import base_url, compact, date, date_time, object_url, site_url, type_url
from ris.choices import choice_labels
from sessions.models import (
    AgendaItem,
    Body,
    LegislativeTerm,
    Location,
    Meeting,
    MeetingState,
    Membership,
    Organization,
    OrganizationType,
    Person,
    Result,
)

ORGANIZATION_TYPES = {
    OrganizationType.COMMITTEE: "Gremium",
    OrganizationType.FACTION: "Fraktion",
    OrganizationType.ADMINISTRATION: "Verwaltungsbereich",
    OrganizationType.PARTY: "Partei",
    OrganizationType.OTHER: "Sonstiges",
}
MEETING_STATES = {
    MeetingState.SCHEDULED: "terminiert",
    MeetingState.INVITED: "eingeladen",
    MeetingState.HELD: "durchgeführt",
}
BODY_LISTS = (
    "organization",
    "person",
    "meeting",
    "paper",
    "agendaItem",
    "consultation",
    "file",
    "locationList",
    "legislativeTermList",
    "membership",
)

KINDS = {
    Body: "body",
    LegislativeTerm: "legislativeTerm",
    Organization: "organization",
    Person: "person",
    Membership: "membership",
    Meeting: "meeting",
    AgendaItem: "agendaItem",
    Paper: "paper",
    Consultation: "consultation",
    File: "file",
    Location: "location",
}
TYPE_NAMES = {kind: model.__name__ for model, kind in KINDS.items()}
LANGUAGE = "de"  # of the labels, meeting titles and web URLs in the API


def _label(choices, value: str) -> str | None:
    """The German label of a choice (``serialize`` runs under German); None for blank or unknown values.

    Looked up directly: ``get_FOO_display()`` costs about a millisecond per call in Django 5.2.
    """
    if not value:
        return None
    return choice_labels(choices, LANGUAGE).get(value, value)


def _ours(obj, value):
    """A value of our own vocabulary, for records made here; an imported record whose source did
    not give the field leaves it out (nothing invented), whatever classification we derived."""
    return None if obj.oparl_id else value


@functools.cache
def _file_web_path(script_prefix: str, urlconf) -> str:
    """``File.get_absolute_url`` with a ``{pk}`` hole: one ``reverse()`` instead of one per file.

    Cached per script prefix and URLconf, the two things ``reverse()`` depends on besides the pk.
    """
    return reverse("web:file", kwargs={"pk": 987654321}).replace("987654321", "{pk}")


def _web(path: str) -> str:
    return site_url() + path


def _head(kind: str, obj) -> dict:
    return {"id": object_url(kind, obj.pk), "type": type_url(TYPE_NAMES[kind])}


def _times(obj) -> dict:
    # created: when the record was made by its source's account; modified: ours, for sync.
    return {"created": date_time(obj.source_created or obj.created), "modified": date_time(obj.modified)}


def deleted_stub(obj) -> dict:
    """A deleted record keeps id, type and created; modified is the time of its deletion (ch. 2.8)."""
    return {
        **_head(KINDS[type(obj)], obj),
        "created": date_time(obj.source_created or obj.created),
        "modified": date_time(obj.deleted_at or obj.modified),
        "deleted": True,
    }


def serialize(obj, *, embedded: bool = False, omit_internal: bool = False) -> dict:
    if obj.deleted:
        return deleted_stub(obj)
    with override(LANGUAGE):
        return SERIALIZERS[type(obj)](obj, embedded=embedded, omit_internal=omit_internal)


def system(*, name: str, created=None, modified=None) -> dict:
    data = {
        "id": f"{base_url()}/system",
        "type": type_url("System"),
        "oparlVersion": "https://schema.oparl.org/1.1/",
        "body": f"{base_url()}/body",
        "name": name,
        "website": settings.SITE_URL + "/",
        "license": getattr(settings, "OPARL_LICENSE", ""),
        "contactEmail": getattr(settings, "OPARL_CONTACT_EMAIL", ""),
        "created": date_time(created),
        "modified": date_time(modified),
    }
    return compact(data)


def body(obj: Body, *, embedded=False, omit_internal=False) -> dict:
    url = object_url("body", obj.pk)
    data = {
        **_head("body", obj),
        "system": f"{base_url()}/system",
        "name": obj.name,
        "shortName": obj.short_name,
        "website": obj.website,
        "ags": obj.ags,
        "rgs": obj.rgs,
        "contactEmail": obj.contact_email,
        "contactName": obj.contact_name,
        "classification": obj.classification,
        "web": _web(obj.get_absolute_url()),
        **{prop: f"{url}/{prop}" for prop in BODY_LISTS},
    }
    if obj.location_id:
        data["location"] = location(obj.location, embedded=True)
    data = compact({**data, **_times(obj)})
    if not omit_internal:
        # REQUIRED by the schema, so written even when empty.
        data["legislativeTerm"] = [legislative_term(term, embedded=True) for term in obj.oparl_terms]
    return data


def legislative_term(obj: LegislativeTerm, *, embedded=False, omit_internal=False) -> dict:
    return compact(
        {
            **_head("legislativeTerm", obj),
            "body": None if embedded else object_url("body", obj.body_id),
            "name": obj.name,
            "startDate": date(obj.start_date),
            "endDate": date(obj.end_date),
            **_times(obj),
        }
    )


def organization(obj: Organization, *, embedded=False, omit_internal=False) -> dict:
    url = object_url("organization", obj.pk)
    return compact(
        {
            **_head("organization", obj),
            "body": object_url("body", obj.body_id),
            "name": obj.name,
            "shortName": obj.short_name,
            "membership": [object_url("membership", pk) for pk in obj.oparl_membership_ids],
            "meeting": f"{url}/meeting",
            "consultation": f"{url}/consultation",
            "subOrganizationOf": object_url("organization", obj.parent_id) if obj.parent_id else None,
            "organizationType": obj.organization_type_text or _ours(obj, ORGANIZATION_TYPES.get(obj.organization_type)),
            "classification": obj.classification,
            "startDate": date(obj.start_date),
            "endDate": date(obj.end_date),
            "website": obj.website,
            "location": location(obj.location, embedded=True) if obj.location_id else None,
            "web": _web(obj.get_absolute_url()),
            **_times(obj),
        }
    )


def person(obj: Person, *, embedded=False, omit_internal=False) -> dict:
    data = {
        **_head("person", obj),
        "body": object_url("body", obj.body_id),
        "name": obj.name,
        "familyName": obj.family_name,
        "givenName": obj.given_name,
        "formOfAddress": obj.form_of_address,
        "affix": obj.affix,
        "title": [obj.title] if obj.title else None,
        "gender": obj.gender,
        "status": [obj.status] if obj.status else None,
        "lifeSource": obj.life_source,
        # 1.1: the URL, and the same Location embedded as locationObject.
        "location": object_url("location", obj.location_id) if obj.location_id else None,
        "locationObject": location(obj.location, embedded=True) if obj.location_id else None,
        "web": _web(obj.get_absolute_url()),
        **_times(obj),
    }
    if obj.contact_public:
        data["email"] = [obj.email] if obj.email else None
        data["phone"] = [obj.phone] if obj.phone else None
    if not omit_internal:
        data["membership"] = [membership(m, embedded=True) for m in obj.oparl_memberships]
    return compact(data)


def membership(obj: Membership, *, embedded=False, omit_internal=False) -> dict:
    return compact(
        {
            **_head("membership", obj),
            "person": None if embedded else object_url("person", obj.person_id),
            "organization": object_url("organization", obj.organization_id),
            "role": obj.role,
            "votingRight": obj.voting_right,
            "startDate": date(obj.start_date),
            "endDate": date(obj.end_date),
            "onBehalfOf": object_url("organization", obj.on_behalf_of_id) if obj.on_behalf_of_id else None,
            **_times(obj),
        }
    )


FILE_ROLES = FileRole.values


def meeting(obj: Meeting, *, embedded=False, omit_internal=False) -> dict:
    files = obj.oparl_files
    by_role = {role: [f for f in files if f.role == role] for role in FILE_ROLES}
    special = {FileRole.INVITATION, FileRole.RESULTS_PROTOCOL, FileRole.VERBATIM_PROTOCOL}
    data = {
        **_head("meeting", obj),
        "name": obj.title,
        "meetingState": obj.state_text or MEETING_STATES.get(obj.state),
        "cancelled": True if obj.state == MeetingState.CANCELLED else None,
        "start": date_time(obj.start),
        "end": date_time(obj.end),
        "location": location(obj.location, embedded=True) if obj.location_id else None,
        "organization": [object_url("organization", obj.organization_id)],
        "participant": [object_url("person", pk) for pk in obj.oparl_participant_ids],
        "invitation": _first_file(by_role[FileRole.INVITATION]),
        "resultsProtocol": _first_file(by_role[FileRole.RESULTS_PROTOCOL]),
        "verbatimProtocol": _first_file(by_role[FileRole.VERBATIM_PROTOCOL]),
        "web": _web(obj.get_absolute_url()),
        **_times(obj),
    }
    if not omit_internal:
        extra = [file(f, embedded=True) for f in files if f.role not in special]
        # OParl has one invitation and one protocol per meeting; a Nachtrag, a geänderte Einladung
        # or a further protocol goes into auxiliaryFile and says what it is in our extension.
        extra += [{**file(f, embedded=True), "ris:role": f.role} for role in special for f in by_role[role][1:]]
        data["auxiliaryFile"] = extra
        data["agendaItem"] = [agenda_item(item, embedded=True) for item in obj.oparl_agenda_items]
    return compact(data)


def _first_file(files: list[File]) -> dict | None:
    return file(files[0], embedded=True) if files else None


def agenda_item(obj: AgendaItem, *, embedded=False, omit_internal=False) -> dict:
    files = obj.oparl_files
    resolution = next((f for f in files if f.role == FileRole.RESOLUTION), None)
    data = {
        **_head("agendaItem", obj),
        "meeting": None if embedded else object_url("meeting", obj.meeting_id),
        "number": obj.number,
        # The 0-based position in the meeting's agenda (spec 1.1), not our stored sort key.
        "order": getattr(obj, "oparl_position", obj.order),
        "name": obj.name,
        "public": obj.public,
        "consultation": object_url("consultation", obj.oparl_consultation_id) if obj.oparl_consultation_id else None,
        "result": obj.result_text or _label(Result, obj.result),
        "resolutionText": obj.resolution_text,
        "resolutionFile": file(resolution, embedded=True) if resolution else None,
        "start": date_time(obj.start),
        "end": date_time(obj.end),
        "ris:vote": [_vote(v) for v in obj.oparl_votes],
        **_times(obj),
    }
    if not omit_internal:
        data["auxiliaryFile"] = [file(f, embedded=True) for f in files if f is not resolution]
    return compact(data)


def _vote(vote) -> dict:
    return compact(
        {
            "subject": vote.subject,
            "yes": vote.yes,
            "no": vote.no,
            "abstain": vote.abstain,
            "unanimous": vote.unanimous,
            "named": vote.named or None,
            "result": _label(Result, vote.result),
            "source": vote.source_text,
            "byOrganization": [
                {
                    "organization": object_url("organization", g.organization_id),
                    "yes": g.yes,
                    "no": g.no,
                    "abstain": g.abstain,
                }
                for g in vote.oparl_group_counts
            ],
        }
    )


def paper(obj: Paper, *, embedded=False, omit_internal=False) -> dict:
    files = obj.oparl_files
    main = next((f for f in files if f.role == FileRole.MAIN), None)
    links = obj.oparl_links
    data = {
        **_head("paper", obj),
        "body": object_url("body", obj.body_id),
        "name": obj.name,
        "reference": obj.reference,
        "date": date(obj.date),
        "paperType": obj.paper_type_text or _ours(obj, _label(PaperType, obj.paper_type)),
        "relatedPaper": [object_url("paper", pk) for pk in links["related"]],
        "superordinatedPaper": [object_url("paper", pk) for pk in links["super"]],
        "subordinatedPaper": [object_url("paper", pk) for pk in links["sub"]],
        "mainFile": file(main, embedded=True) if main else None,
        "originatorPerson": [object_url("person", pk) for pk in links["persons"]],
        "originatorOrganization": [object_url("organization", pk) for pk in links["organizations"]],
        "underDirectionOf": [object_url("organization", obj.lead_unit_id)] if obj.lead_unit_id else None,
        "consultation": [consultation(c, embedded=True) for c in obj.oparl_consultations],
        "web": _web(obj.get_absolute_url()),
        "ris:state": _label(PaperState, obj.state),
        "ris:answerDeadline": date(obj.answer_deadline),
        **_times(obj),
    }
    if not omit_internal:
        data["auxiliaryFile"] = [file(f, embedded=True) for f in files if f is not main]
        data["location"] = [location(loc, embedded=True) for loc in obj.oparl_locations]
    return compact(data)


def consultation(obj: Consultation, *, embedded=False, omit_internal=False) -> dict:
    return compact(
        {
            **_head("consultation", obj),
            "paper": None if embedded else object_url("paper", obj.paper_id),
            "agendaItem": object_url("agendaItem", obj.oparl_agenda_item_id) if obj.oparl_agenda_item_id else None,
            "meeting": object_url("meeting", obj.oparl_meeting_id) if obj.oparl_meeting_id else None,
            "organization": [object_url("organization", obj.organization_id)],
            "authoritative": obj.authoritative,
            "role": obj.role_text or _label(ConsultationRole, obj.role),
            "ris:result": _label(Result, obj.result),
            **_times(obj),
        }
    )


def file_access_url(obj: File) -> str:
    return f"{object_url('file', obj.pk)}/access"


def file_download_url(obj: File) -> str:
    return f"{object_url('file', obj.pk)}/download"


def _text_if_loaded(obj) -> str | None:
    """A file's text when it was read: on the file's own URL, not in lists or embedded rows; the
    redacted public version's text where there is one (docs/privacy.md)."""
    field = "public_text" if getattr(obj, "public_version", False) else "text"
    if isinstance(obj, File):
        return None if field in obj.get_deferred_fields() else getattr(obj, field)
    return getattr(obj, field, None)


def file(obj: File, *, embedded=False, omit_internal=False) -> dict:
    data = {
        **_head("file", obj),
        "name": obj.name,
        "fileName": obj.file_name,
        "mimeType": obj.media_type,
        "date": date(obj.date),
        # The original's size and checksum describe a file the public does not get (and would let
        # guesses about redacted words be confirmed): left out for a redacted public version.
        "size": None if obj.public_version else obj.size,
        "sha512Checksum": None if obj.public_version else obj.sha512,
        "text": _text_if_loaded(obj),
        "accessUrl": file_access_url(obj),
        "downloadUrl": file_download_url(obj) if (obj.public_file if obj.public_version else obj.file) else None,
        "web": _web(_file_web_path(get_script_prefix(), get_urlconf()).format(pk=obj.pk)),
        **_times(obj),
    }
    if not embedded:
        data["paper"] = [object_url("paper", obj.paper_id)] if obj.paper_id else None
        data["meeting"] = [object_url("meeting", obj.meeting_id)] if obj.meeting_id else None
        data["agendaItem"] = [object_url("agendaItem", obj.agenda_item_id)] if obj.agenda_item_id else None
    return compact(data)


def location(obj: Location, *, embedded=False, omit_internal=False, back_references=None) -> dict:
    data = {
        **_head("location", obj),
        "description": obj.description or str(obj),
        "streetAddress": obj.street_address,
        "room": obj.room,
        "postalCode": obj.postal_code,
        "locality": obj.locality,
        "geojson": _feature(obj.geojson),
        **_times(obj),
    }
    for kind, pks in (back_references or {}).items():
        data[f"{kind}s" if kind != "body" else "bodies"] = [object_url(kind, pk) for pk in pks]
    return compact(data)


def _feature(geojson) -> dict | None:
    """A GeoJSON Feature always has ``properties`` (RFC 7946 §3.2: an object or null)."""
    if not geojson:
        return None
    if geojson.get("type") == "Feature" and not isinstance(geojson.get("properties"), dict):
        return {**geojson, "properties": {}}
    return geojson


SERIALIZERS = {
    Body: body,
    LegislativeTerm: legislative_term,
    Organization: organization,
    Person: person,
    Membership: membership,
    Meeting: meeting,
    AgendaItem: agenda_item,
    Paper: paper,
    Consultation: consultation,
    File: file,
    Location: location,
}
