"""OParl 1.0/1.1 objects → field values of our models, with the repairs real servers need.

Pure functions: no database, no network. References (URLs to other objects) are resolved by
``oparl.importer.run``. Repairs, each seen in real data (shared/oparl/NOTES.md §8.2): ``ags``
with a dropped leading zero or a ninth digit, GeoJSON points given as ``[lat, lon]``, websites
without scheme, trailing whitespace, placeholder values such as ``"N/A"`` or ``" "``,
``File.date`` as a date-time, ``mimeType`` as a bare extension.
"""

from __future__ import annotations

import datetime
import mimetypes
import re

from motions.models import ConsultationRole, FileRole, PaperState, PaperType
from oparl.formats import BERLIN
from oparl.importer import results
from ris.choices import choice_labels
from sessions.models import MeetingState, OrganizationType

PLACEHOLDERS = {"n/a", "-", "--", "k.a.", "null", "none"}


def text(value, max_length: int | None = None) -> str:
    if not isinstance(value, str):
        return "" if value is None or isinstance(value, dict | list) else str(value)
    value = " ".join(value.split()) if "\n" not in value else value.strip()
    if value.lower() in PLACEHOLDERS:
        return ""
    return value[:max_length] if max_length else value


def verbatim(value, max_length: int) -> str:
    """A free-text value exactly as the source gave it (only cut to the column's length)."""
    return value[:max_length] if isinstance(value, str) and value.strip() else ""


def long_text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def parse_date(value) -> datetime.date | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return datetime.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def parse_date_time(value) -> datetime.datetime | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        parsed = datetime.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        day = parse_date(value)
        return datetime.datetime(day.year, day.month, day.day, tzinfo=BERLIN) if day else None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=BERLIN)


def source_dates(data: dict) -> dict:
    """The object's own created/modified, kept beside ours (``ris.models.Record``)."""
    return {
        "source_created": parse_date_time(data.get("created")),
        "source_modified": parse_date_time(data.get("modified")),
    }


def website(value) -> str:
    value = text(value, 200)
    if value and not re.match(r"^https?://", value):
        value = f"https://{value}"
    return value if re.match(r"^https?://[^\s/]+\.[^\s]+$", value or "") else ""


def ags(value) -> str:
    """Eight digits; servers drop the leading zero (7 digits) or add a ninth."""
    digits = re.sub(r"\D", "", str(value or ""))
    if not digits:
        return ""
    if len(digits) < 8:
        return digits.zfill(8)
    return digits[:8]


def geojson(value) -> dict | None:
    """A GeoJSON Feature with ``[lon, lat]``; points in Germany given as ``[lat, lon]`` are swapped."""
    if not isinstance(value, dict):
        return None
    feature = value if value.get("type") == "Feature" else {"type": "Feature", "geometry": value, "properties": {}}
    geometry = feature.get("geometry")
    if not isinstance(geometry, dict):
        return None
    coordinates = geometry.get("coordinates")
    if geometry.get("type") == "Point" and isinstance(coordinates, list) and len(coordinates) >= 2:
        first, second = coordinates[:2]
        if (
            isinstance(first, int | float)
            and isinstance(second, int | float)
            and 47 <= first <= 56
            and 5 <= second <= 16
        ):
            feature = {**feature, "geometry": {**geometry, "coordinates": [second, first, *coordinates[2:]]}}
    return feature


def first_of(value):
    """Servers send an object where an array belongs and vice versa; always a list of dicts/strings."""
    if value is None or value == "":
        return []
    if isinstance(value, list):
        return [v for v in value if v not in (None, "")]
    return [value]


def _choice(label: str, choices: dict, default: str = "") -> str:
    label = label.lower()
    for needle, value in choices.items():
        if needle in label:
            return value
    return default


PAPER_TYPES = {
    "änderungsantrag": PaperType.AMENDMENT,
    "antrag": PaperType.MOTION,
    "anfrage": PaperType.INQUIRY,
    "antwort": PaperType.ANSWER,
    "stellungnahme": PaperType.ANSWER,
    "beantwortung": PaperType.ANSWER,
    "beschlussvorlage": PaperType.RESOLUTION_PROPOSAL,
    "informationsvorlage": PaperType.INFORMATION,
    "mitteilung": PaperType.NOTICE,
    "niederschrift": PaperType.MINUTES,
    "einladung": PaperType.INVITATION,
    "vorlage": PaperType.RESOLUTION_PROPOSAL,
}
ORGANIZATION_TYPES = {
    "fraktion": OrganizationType.FACTION,
    "partei": OrganizationType.PARTY,
    "verwaltung": OrganizationType.ADMINISTRATION,
    "gremium": OrganizationType.COMMITTEE,
    "sonstig": OrganizationType.OTHER,
    "institution": OrganizationType.OTHER,
}
CONSULTATION_ROLES = {
    "vorberat": ConsultationRole.PRELIMINARY,
    "entscheid": ConsultationRole.DECISION,
    "beschl": ConsultationRole.DECISION,
    "kenntnis": ConsultationRole.NOTICE,
    "verwaltung": ConsultationRole.ADMINISTRATION,
}
MEETING_STATES = {
    "eingeladen": MeetingState.INVITED,
    "durchgef": MeetingState.HELD,
    "terminiert": MeetingState.SCHEDULED,
}
FILE_ROLES = {
    "mainFile": FileRole.MAIN,
    "auxiliaryFile": FileRole.ATTACHMENT,
    "invitation": FileRole.INVITATION,
    "resultsProtocol": FileRole.RESULTS_PROTOCOL,
    "verbatimProtocol": FileRole.VERBATIM_PROTOCOL,
    "resolutionFile": FileRole.RESOLUTION,
}


def result(value) -> str:
    """One of our results named in a label (our own ``ris:result``/``ris:vote`` labels read back)."""
    return results.keyword_result(text(value))


def paper_state(value) -> str | None:
    """Our own ``ris:state`` label read back; None when absent or not ours."""
    label = text(value).lower()
    if not label:
        return None
    for code, name in choice_labels(PaperState, "de").items():
        if label in (code, name.lower()):
            return code
    return None


def body_fields(data: dict) -> dict:
    return {
        **source_dates(data),
        "name": text(data.get("name"), 255) or text(data.get("shortName"), 255) or "Körperschaft",
        "short_name": text(data.get("shortName"), 100),
        "ags": ags(data.get("ags")),
        "rgs": re.sub(r"\D", "", str(data.get("rgs") or ""))[:12],
        "classification": text(data.get("classification"), 100),
        "website": website(data.get("website")),
        "contact_email": _email(data.get("contactEmail")),
        "contact_name": text(data.get("contactName"), 255),
    }


def _email(value) -> str:
    value = text(value, 254)
    return value if re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", value) else ""


def legislative_term_fields(data: dict) -> dict:
    return {
        **source_dates(data),
        "name": text(data.get("name"), 100) or "Wahlperiode",
        "start_date": parse_date(data.get("startDate") or data.get("start_date")),
        "end_date": parse_date(data.get("endDate") or data.get("end_date")),
    }


def location_fields(data: dict) -> dict:
    return {
        **source_dates(data),
        "description": text(data.get("description"), 500),
        "street_address": text(data.get("streetAddress") or data.get("street_address"), 255),
        "room": text(data.get("room"), 255),
        "postal_code": text(data.get("postalCode") or data.get("postal_code"), 10),
        "locality": text(data.get("locality"), 255),
        "geojson": geojson(data.get("geojson")),
    }


def organization_fields(data: dict) -> dict:
    kind = text(data.get("organizationType"))
    return {
        **source_dates(data),
        "name": text(data.get("name"), 255) or text(data.get("shortName"), 255) or "Gruppierung",
        "short_name": text(data.get("shortName"), 100),
        # Our classification (the site lists committees by it); the source's word is kept beside it.
        "organization_type": _choice(kind, ORGANIZATION_TYPES, OrganizationType.COMMITTEE)
        if kind
        else OrganizationType.COMMITTEE,
        "organization_type_text": verbatim(data.get("organizationType"), 255),
        "classification": text(data.get("classification"), 100),
        "start_date": parse_date(data.get("startDate")),
        "end_date": parse_date(data.get("endDate")),
        "website": website(data.get("website")),
    }


def person_fields(data: dict) -> dict:
    emails = [e for e in (_email(v) for v in first_of(data.get("email"))) if e]
    phones = [text(v, 50) for v in first_of(data.get("phone")) if text(v)]
    return {
        **source_dates(data),
        "name": text(data.get("name"), 255)
        or " ".join(filter(None, [text(data.get("givenName")), text(data.get("familyName"))]))[:255]
        or "Person",
        "family_name": text(data.get("familyName"), 150),
        "given_name": text(data.get("givenName"), 150),
        "form_of_address": text(data.get("formOfAddress"), 50),
        "title": ", ".join(text(v) for v in first_of(data.get("title")) if text(v))[:100],
        "affix": text(data.get("affix"), 100),
        "gender": text(data.get("gender"), 20),
        "status": ", ".join(text(v) for v in first_of(data.get("status")) if text(v))[:255],
        "email": emails[0] if emails else "",
        "phone": phones[0] if phones else "",
        "contact_public": bool(emails or phones),
        "life_source": text(data.get("lifeSource"), 255),
    }


def membership_fields(data: dict) -> dict:
    voting = data.get("votingRight")
    return {
        **source_dates(data),
        "role": text(data.get("role"), 255),
        "voting_right": voting if isinstance(voting, bool) else True,
        "start_date": parse_date(data.get("startDate")),
        "end_date": parse_date(data.get("endDate")),
    }


def meeting_fields(data: dict) -> dict:
    state = MeetingState.CANCELLED if data.get("cancelled") is True else None
    return {
        **source_dates(data),
        "name": text(data.get("name"), 255),
        "start": parse_date_time(data.get("start")),
        "end": parse_date_time(data.get("end")),
        # No meetingState in the source: unknown, not "terminiert" (a meeting of 2007 was not "scheduled").
        "state": state or _choice(text(data.get("meetingState")), MEETING_STATES, ""),
        "state_text": verbatim(data.get("meetingState"), 100),
    }


def agenda_item_fields(data: dict, position: int) -> dict:
    order = data.get("order")
    public = data.get("public")
    return {
        **source_dates(data),
        "number": text(data.get("number"), 20),
        "order": order if isinstance(order, int) and 0 <= order < 2**31 else position,
        "name": text(data.get("name"), 1000) or text(data.get("number"), 1000) or "Tagesordnungspunkt",
        "public": public if isinstance(public, bool) else True,
        "result": results.parse(data.get("result")).result,
        "result_text": verbatim(data.get("result"), 10000),
        "resolution_text": long_text(data.get("resolutionText")),
        "start": parse_date_time(data.get("start")),
        "end": parse_date_time(data.get("end")),
    }


def paper_fields(data: dict) -> dict:
    return {
        **source_dates(data),
        "name": text(data.get("name"), 1000) or text(data.get("reference"), 1000) or "Drucksache",
        "reference": text(data.get("reference"), 100),
        "date": parse_date(data.get("date")),
        # Our own classification; the type string served is the source's, kept verbatim.
        "paper_type": _choice(text(data.get("paperType")), PAPER_TYPES, PaperType.OTHER),
        "paper_type_text": verbatim(data.get("paperType"), 255),
        **({"state": state} if (state := paper_state(data.get("ris:state"))) else {}),
    }


def consultation_fields(data: dict, position: int) -> dict:
    authoritative = data.get("authoritative")
    role = text(data.get("role"))
    return {
        **source_dates(data),
        # What the source does not say stays unknown: no role, authoritative None.
        "role": _choice(role, CONSULTATION_ROLES, "") if role else "",
        "role_text": verbatim(data.get("role"), 255),
        "authoritative": authoritative if isinstance(authoritative, bool) else None,
        "order": position,
        "result": result(data.get("ris:result")),
    }


def media_type(value, file_name: str) -> str:
    value = text(value, 100).split(";")[0].strip().lower()
    if "/" in value:
        return value
    guessed = mimetypes.guess_type(f"x.{value}")[0] if value else None
    return guessed or mimetypes.guess_type(file_name)[0] or "application/octet-stream"


def file_fields(data: dict, role: str) -> dict:
    file_name = text(data.get("fileName"), 255)
    access = data.get("accessUrl") if isinstance(data.get("accessUrl"), str) else ""
    if not file_name and access:
        file_name = access.rstrip("/").rsplit("/", 1)[-1].split("?")[0][:255]
    size = data.get("size")
    return {
        **source_dates(data),
        "name": text(data.get("name"), 500) or file_name or "Datei",
        "file_name": file_name,
        "media_type": media_type(data.get("mimeType"), file_name),
        "date": parse_date(data.get("date")),
        # Our own servers name a further invitation or protocol among the auxiliary files (``ris:role``).
        "role": data["ris:role"] if data.get("ris:role") in FileRole.values else role,
        "external_url": (access or (data.get("downloadUrl") if isinstance(data.get("downloadUrl"), str) else ""))[
            :1000
        ],
        "size": size if isinstance(size, int) and size > 0 else None,
        "sha512": text(data.get("sha512Checksum"), 128).lower(),
    }


COMMON_FIELDS = {"id", "type", "created", "modified", "deleted"}
# What the importer reads (or deliberately rebuilds, such as list URLs and back-references) per
# type; any other property of the source is recorded once per run as an import problem, so that
# nothing is dropped silently (``oparl.importer.run.Importer._note_fields``).
KNOWN_FIELDS = {
    "Body": {
        *("system", "name", "shortName", "ags", "rgs", "classification", "website", "contactEmail"),
        *("contactName", "location", "legislativeTerm", "organization", "person", "meeting", "paper"),
        *("agendaItem", "consultation", "file", "locationList", "legislativeTermList", "membership"),
    },
    "LegislativeTerm": {"body", "name", "startDate", "endDate", "start_date", "end_date"},
    "Organization": {
        *("body", "name", "shortName", "organizationType", "classification", "startDate", "endDate"),
        *("website", "location", "subOrganizationOf", "membership", "meeting", "consultation"),
    },
    "Person": {
        *("body", "name", "familyName", "givenName", "formOfAddress", "title", "affix", "gender", "status"),
        *("email", "phone", "lifeSource", "membership", "location", "locationObject"),
    },
    "Membership": {"person", "organization", "role", "votingRight", "startDate", "endDate", "onBehalfOf"},
    "Meeting": {
        *("body", "name", "start", "end", "meetingState", "cancelled", "location", "organization"),
        *("agendaItem", "invitation", "resultsProtocol", "verbatimProtocol", "auxiliaryFile", "participant"),
    },
    "AgendaItem": {
        *("meeting", "number", "order", "name", "public", "result", "resolutionText", "resolutionFile"),
        *("auxiliaryFile", "start", "end", "consultation", "ris:vote"),
    },
    "Paper": {
        *("body", "name", "reference", "date", "paperType", "mainFile", "auxiliaryFile", "underDirectionOf"),
        *("consultation", "originatorPerson", "originatorOrganization", "location", "relatedPaper"),
        *("superordinatedPaper", "subordinatedPaper", "ris:state", "ris:answerDeadline"),
    },
    "Consultation": {"paper", "agendaItem", "meeting", "organization", "authoritative", "role", "ris:result"},
    "File": {
        *("name", "fileName", "mimeType", "date", "size", "sha512Checksum", "sha1Checksum", "text"),
        *("accessUrl", "downloadUrl", "paper", "meeting", "agendaItem", "ris:role"),
    },
    "Location": {
        *("description", "streetAddress", "street_address", "room", "postalCode", "postal_code", "locality"),
        *("geojson", "bodies", "organizations", "persons", "meetings", "papers"),
    },
}


def dropped_fields(type_name: str, data: dict) -> set[str]:
    """The properties of ``data`` the importer does not take over (empty values say nothing)."""
    known = KNOWN_FIELDS.get(type_name)
    if known is None:
        return set()
    return {key for key, value in data.items() if value not in (None, "", [], {}) and key not in known} - COMMON_FIELDS
