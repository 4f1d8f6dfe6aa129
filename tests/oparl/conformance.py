"""An OParl 1.1 conformance checker: crawls an API and reports every breach of schema or spec.

The official schema (shared/oparl/schema/1.1) is JSON-Schema-like, not JSON Schema: embedded
objects are named with ``"schema": "File.json"``, URLs with ``"format": "url"``, references with
``"references": "<Type>"``. ``load_schemas`` turns it into draft-07 schemas for ``jsonschema``;
the crawler adds what the schema cannot say and the spec text requires (NOTES.md §7.4):
created/modified everywhere, Body's six 1.1 lists, exact date-time format, no null/""/[],
canonical ids, back-references only on stand-alone objects, list pages and their links,
references that resolve to the right type and appear in some list, file bytes that match
size and checksum, and the JSON/CORS headers.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from collections import defaultdict
from pathlib import Path

from jsonschema import Draft7Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

NS = "https://schema.oparl.org/1.1/"
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATE_TIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$")
URL_RE = re.compile(r"^https?://[^\s/]+(/\S*)?$")
BODY_LISTS_11 = ("agendaItem", "consultation", "file", "locationList", "legislativeTermList", "membership")
# Back-references that an embedded object leaves out and a stand-alone one carries (spec ch. 2.3).
BACK_REFERENCES = {
    "AgendaItem": ["meeting"],
    "Consultation": ["paper"],
    "Membership": ["person"],
    "LegislativeTerm": ["body"],
    "File": [],
    "Location": [],
}
OPTIONAL_BACK_REFERENCES = {
    "File": ["meeting", "agendaItem", "paper"],
    "Location": ["bodies", "organizations", "persons", "meetings", "papers"],
}
# Served on the object's own URL only, never in lists (issue 14; ``text`` is optional in OParl 1.1).
ONLY_STAND_ALONE = {"File": ["text"]}
REQUIRED_ARRAYS = {("Body", "legislativeTerm")}
OMIT_INTERNAL = {
    "Body": ["legislativeTerm"],
    "Person": ["membership"],
    "Meeting": ["agendaItem", "auxiliaryFile"],
    "AgendaItem": ["auxiliaryFile"],
    "Paper": ["auxiliaryFile", "location"],
}


def shared_oparl_dir() -> Path:
    """``shared/oparl`` beside the repository (as in CI), else the development machine's /work/shared."""
    beside = Path(__file__).resolve().parents[3] / "shared" / "oparl"
    return beside if beside.exists() else Path("/work/shared/oparl")


def _schema_dir() -> Path:
    return shared_oparl_dir() / "schema" / "1.1"


def _convert(node):
    if isinstance(node, dict):
        if "schema" in node and isinstance(node["schema"], str):
            return {"$ref": node["schema"]}
        return {k: _convert(v) for k, v in node.items() if k not in ("description", "references")}
    if isinstance(node, list):
        return [_convert(v) for v in node]
    return node


def load_schemas() -> tuple[dict, dict, Registry]:
    """(raw schemas by type, draft-07 schemas by type, registry resolving "X.json")."""
    raw, converted = {}, {}
    for path in sorted(_schema_dir().glob("*.json")):
        name = path.stem
        raw[name] = json.loads(path.read_text(encoding="utf-8"))
        converted[name] = _convert(copy.deepcopy(raw[name]))
    registry = Registry().with_resources(
        (f"{name}.json", Resource.from_contents(schema, default_specification=DRAFT7))
        for name, schema in converted.items()
    )
    return raw, converted, registry


def _format_checker() -> FormatChecker:
    checker = FormatChecker(formats=())
    checker.checks("url")(lambda v: not isinstance(v, str) or bool(URL_RE.match(v)))
    checker.checks("date")(lambda v: not isinstance(v, str) or bool(DATE_RE.match(v)))
    checker.checks("date-time")(lambda v: not isinstance(v, str) or bool(DATE_TIME_RE.match(v)))
    return checker


class Checker:
    """Crawl an OParl API through ``fetch(url) -> (status, headers, bytes)`` and collect problems."""

    def __init__(self, fetch, base: str):
        self.fetch = fetch
        self.base = base
        self.raw, schemas, registry = load_schemas()
        checker = _format_checker()
        self.validators = {
            name: Draft7Validator(schema, registry=registry, format_checker=checker) for name, schema in schemas.items()
        }
        self.problems: list[str] = []
        self.objects: dict[str, dict] = {}  # id → stand-alone object as listed
        self.listed_ids: set[str] = set()
        self.references: dict[str, set[str]] = defaultdict(set)  # id → expected types
        self.counts: dict[str, int] = defaultdict(int)
        self.requests = 0

    def problem(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    # -- HTTP -------------------------------------------------------------------------------
    def get_json(self, url: str):
        self.requests += 1
        status, headers, content = self.fetch(url)
        if headers.get("Access-Control-Allow-Origin") != "*":
            self.problem(url, "Access-Control-Allow-Origin: * fehlt")
        if (
            "application/json" not in headers.get("Content-Type", "")
            or "utf-8" not in headers.get("Content-Type", "").lower()
        ):
            self.problem(url, f"Content-Type {headers.get('Content-Type')!r} ist nicht JSON/UTF-8")
        if content.startswith(b"\xef\xbb\xbf"):
            self.problem(url, "BOM vor dem JSON")
        try:
            data = json.loads(content.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            self.problem(url, f"kein gültiges UTF-8-JSON: {exc}")
            return status, None
        if re.search(r"&(amp|lt|gt|quot|#\d+);", content.decode("utf-8")):
            self.problem(url, "HTML-Entities in Zeichenketten")
        return status, data

    # -- objects ----------------------------------------------------------------------------
    def check_object(self, obj, expected: str, where: str, *, embedded: bool = False) -> None:
        if not isinstance(obj, dict):
            self.problem(where, f"{expected} ist kein Objekt")
            return
        type_name = str(obj.get("type", "")).removeprefix(NS)
        if type_name != expected:
            self.problem(where, f"type {obj.get('type')!r}, erwartet {NS}{expected}")
            return
        self.counts[expected] += 1
        oid = obj.get("id", "?")
        where = f"{where} → {oid}"
        if obj.get("deleted") is True:
            for key in ("id", "type", "created", "modified"):
                if key not in obj:
                    self.problem(where, f"gelöschtes Objekt ohne {key}")
            return
        for error in self.validators[expected].iter_errors(obj):
            self.problem(where, f"Schema: {'/'.join(map(str, error.absolute_path))}: {error.message}")
        if not str(oid).startswith(self.base):
            self.problem(where, "id liegt nicht unter der kanonischen Basis-URL")
        for key in ("created", "modified"):
            if key not in obj:
                self.problem(where, f"{key} fehlt (Pflicht in 1.1 für jedes Objekt)")
        if "created" in obj and "modified" in obj and obj["modified"] < obj["created"]:
            self.problem(where, "modified liegt vor created")
        if expected == "Body":
            for key in BODY_LISTS_11:
                if key not in obj:
                    self.problem(where, f"Body.{key} fehlt (ZWINGEND in 1.1)")
        if expected == "Location" and "geojson" in obj:
            self.check_geojson(obj["geojson"], where)
        self.check_values(obj, expected, where)
        for key in BACK_REFERENCES.get(expected, []):
            if embedded and key in obj:
                self.problem(where, f"eingebettetes {expected} mit Rückreferenz {key}")
            if not embedded and key not in obj:
                self.problem(where, f"einzeln abgerufenes {expected} ohne Rückreferenz {key}")
        if embedded:
            for key in OPTIONAL_BACK_REFERENCES.get(expected, []):
                if key in obj:
                    self.problem(where, f"eingebettetes {expected} mit Rückreferenz {key}")
        self.walk_properties(obj, expected, where)

    def check_values(self, obj: dict, type_name: str, where: str) -> None:
        for key, value in obj.items():
            if value is None:
                self.problem(where, f"{key} ist null")
            elif value == "":
                self.problem(where, f"{key} ist eine leere Zeichenkette")
            elif value == [] and (type_name, key) not in REQUIRED_ARRAYS:
                self.problem(where, f"{key} ist eine leere Liste")

    def check_geojson(self, value, where: str) -> None:
        if not isinstance(value, dict) or value.get("type") != "Feature" or "geometry" not in value:
            self.problem(where, "geojson ist kein GeoJSON-Feature")
            return
        geometry = value["geometry"] or {}
        if geometry.get("type") == "Point":
            lon, lat = geometry.get("coordinates", [0, 0])[:2]
            if not (5 <= lon <= 16 and 47 <= lat <= 56):
                self.problem(where, f"Koordinaten {lon}, {lat} liegen nicht in Deutschland (vertauscht?)")

    def walk_properties(self, obj: dict, type_name: str, where: str) -> None:
        props = self.raw[type_name]["properties"]
        for key, value in obj.items():
            spec = props.get(key)
            if spec is None:
                if ":" not in key:
                    self.problem(where, f"unbekannte Eigenschaft {key}")
                continue
            items = spec.get("items", {})
            if spec.get("references") == "externalList":
                continue
            if "schema" in spec:
                self.check_object(value, spec["schema"].removesuffix(".json"), f"{where}.{key}", embedded=True)
            elif "schema" in items and isinstance(value, list):
                for i, inner in enumerate(value):
                    self.check_object(
                        inner, items["schema"].removesuffix(".json"), f"{where}.{key}[{i}]", embedded=True
                    )
            else:
                target = spec.get("references") or items.get("references")
                if target and target != "externalList":
                    for url in value if isinstance(value, list) else [value]:
                        if isinstance(url, str):
                            self.references[url].add(target)

    # -- lists ------------------------------------------------------------------------------
    def crawl_list(self, url: str, expected: str, *, modified_since: bool = False) -> list[dict]:
        seen_pages, items, per_page = set(), [], None
        page_url = url
        while page_url:
            if page_url in seen_pages:
                self.problem(url, f"links.next kehrt zu {page_url} zurück")
                break
            seen_pages.add(page_url)
            status, page = self.get_json(page_url)
            if status != 200 or not isinstance(page, dict):
                self.problem(page_url, f"Liste antwortet mit {status}")
                break
            for key in ("data", "pagination", "links"):
                if key not in page:
                    self.problem(page_url, f"Listenseite ohne {key}")
            data = page.get("data", [])
            links = page.get("links", {})
            if links.get("next") and per_page is not None and len(data) != per_page:
                self.problem(page_url, "elementsPerPage nicht konstant")
            per_page = page.get("pagination", {}).get("elementsPerPage", per_page)
            for obj in data:
                self.check_object(obj, expected, page_url)
                if isinstance(obj, dict) and "id" in obj:
                    if obj.get("deleted") and not modified_since:
                        self.problem(page_url, f"gelöschtes Objekt {obj['id']} ohne modified_since gelistet")
                    items.append(obj)
            page_url = links.get("next")
        total = page.get("pagination", {}).get("totalElements") if isinstance(page, dict) else None
        if total is not None and total != len(items):
            self.problem(url, f"totalElements {total}, geliefert {len(items)}")
        return items

    def crawl(self) -> None:
        """The whole API from the System object down, then every object and reference by URL."""
        status, system = self.get_json(f"{self.base}/system")
        if status != 200:
            self.problem("system", f"System antwortet mit {status}")
            return
        self.check_object(system, "System", "system")
        self.listed_ids.add(system.get("id"))
        for body in self.crawl_list(system["body"], "Body"):
            self.remember(body)
            for key, spec in self.raw["Body"]["properties"].items():
                if spec.get("references") == "externalList" and key in body:
                    target = spec["items"]["schema"].removesuffix(".json")
                    for obj in self.crawl_list(body[key], target):
                        self.remember(obj)
        for obj in [o for o in self.objects.values() if o["type"] == NS + "Organization"]:
            for key in ("meeting", "consultation"):
                if key in obj:
                    self.crawl_list(obj[key], key.capitalize())
        self.check_stand_alone()
        self.check_references()

    def remember(self, obj: dict) -> None:
        self.objects[obj["id"]] = obj
        self.listed_ids.add(obj["id"])

    def check_stand_alone(self) -> None:
        for oid, listed in list(self.objects.items()):
            status, alone = self.get_json(oid)
            if status != 200:
                self.problem(oid, f"einzeln abgerufen: Status {status}")
                continue
            if alone.get("id") != oid:
                self.problem(oid, f"id {alone.get('id')!r} ist nicht die abgerufene URL")
            kind = listed["type"].removeprefix(NS)
            extra = set(OPTIONAL_BACK_REFERENCES.get(kind, [])) | set(ONLY_STAND_ALONE.get(kind, []))
            if {k: v for k, v in alone.items() if k not in extra} != {
                k: v for k, v in listed.items() if k not in extra
            }:
                self.problem(oid, "einzeln abgerufen anders als in der Liste")

    def check_references(self) -> None:
        embedded_ids = set()

        def collect(value):
            if isinstance(value, dict):
                if "id" in value and "type" in value:
                    embedded_ids.add(value["id"])
                for inner in value.values():
                    collect(inner)
            elif isinstance(value, list):
                for inner in value:
                    collect(inner)

        collect(list(self.objects.values()))
        for oid in sorted(embedded_ids - self.listed_ids):
            self.problem(oid, "eingebettet, aber in keiner externen Liste des Body")
        for url, types in sorted(self.references.items()):
            status, target = self.get_json(url)
            if status != 200 or not isinstance(target, dict):
                self.problem(url, f"verlinkt, aber Status {status}")
                continue
            if target.get("type", "").removeprefix(NS) not in types:
                self.problem(url, f"verlinkt als {types}, ist aber {target.get('type')}")
            if url not in self.listed_ids and url not in embedded_ids:
                self.problem(url, "verlinkt, aber in keiner Liste (ObjectNotInList)")

    def check_files(self, fetch_raw) -> int:
        """accessUrl inline, downloadUrl as attachment, size and sha512 match the bytes."""
        checked = 0
        for obj in self.objects.values():
            if obj.get("type") != NS + "File" or obj.get("deleted"):
                continue
            status, headers, content = fetch_raw(obj["accessUrl"])
            if status != 200:
                self.problem(obj["id"], f"accessUrl antwortet mit {status}")
                continue
            if "attachment" in headers.get("Content-Disposition", ""):
                self.problem(obj["id"], "accessUrl sendet Content-Disposition: attachment")
            if obj.get("size") != len(content):
                self.problem(obj["id"], f"size {obj.get('size')} ≠ {len(content)} Bytes")
            if obj.get("sha512Checksum") != hashlib.sha512(content).hexdigest():
                self.problem(obj["id"], "sha512Checksum passt nicht zum Inhalt")
            if "downloadUrl" in obj:
                status, headers, _ = fetch_raw(obj["downloadUrl"])
                if status != 200 or not headers.get("Content-Disposition", "").startswith("attachment; filename="):
                    self.problem(obj["id"], "downloadUrl ohne Content-Disposition: attachment; filename=")
            checked += 1
        return checked
