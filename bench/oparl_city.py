"""A generated city-size OParl 1.1 record, written as a folder of saved list pages.

About 14,000 papers (each with one or two consultations and a main file, every second with an
attachment), 2,600 meetings (invitation and minutes, about 7.3 agenda items each, every item
with a resolution file and a free-text result), 60 organizations and 600 persons with
memberships: 19,000 agenda items and about 48,000 files. Served by ``tests.oparl.fixture_server``
under ``/c/`` like the Hürtgenwald crawl. No module-level ``main``: ``bench.oparl`` uses it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

BASE = "https://city.example.org/oparl/v1.1/"
NS = "https://schema.oparl.org/1.1/"
# ``OPARL_CITY_SCALE`` (default 1) shrinks or grows the record, e.g. 0.1 for a quick profile.
SCALE = float(os.environ.get("OPARL_CITY_SCALE", "1"))
ORGANIZATIONS, PERSONS = 60, 600
PAGE = 100
RESULTS = ("einstimmig, 0 Enthaltungen", "5 Ja-Stimmen; 6 Nein-Stimmen, 1 Enthaltung", "ohne", "zur Kenntnis genommen")
STAMP = {"created": "2019-03-01T10:00:00+01:00", "modified": "2020-05-04T12:00:00+02:00"}


def _file(n: int, name: str) -> dict:
    return {
        "id": f"{BASE}file/{n}",
        "type": NS + "File",
        "name": name,
        "fileName": f"{n}.pdf",
        "mimeType": "application/pdf",
        "accessUrl": f"{BASE}files/{n}.pdf",
        **STAMP,
    }


def _write(folder: Path, name: str, objects: list[dict]) -> None:
    pages = max(1, -(-len(objects) // PAGE))
    for page in range(1, pages + 1):
        data = {"data": objects[(page - 1) * PAGE : page * PAGE], "pagination": {}, "links": {}}
        if page < pages:
            data["links"]["next"] = f"{BASE}body/1/{name}?page={page + 1}"
        target = folder / "body" / "1" / (f"{name}.json" if page == 1 else f"{name}_page-{page}.json")
        target.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def generate(folder: Path, scale: float = SCALE) -> dict[str, int]:
    """Write the record (``scale`` times the city's size) into ``folder``; returns the counts per type."""
    PAPERS, MEETINGS, ITEMS = round(14_000 * scale), round(2_600 * scale), round(19_000 * scale)  # noqa: N806
    (folder / "body" / "1").mkdir(parents=True, exist_ok=True)
    body = {
        "id": f"{BASE}body/1",
        "type": NS + "Body",
        "name": "Stadt Beispielstadt",
        "legislativeTerm": [],
        **{name: f"{BASE}body/1/{name}" for name in ("organization", "person", "meeting", "paper")},
        **STAMP,
    }
    (folder / "system.json").write_text(
        json.dumps({"id": f"{BASE}system", "type": NS + "System", "body": f"{BASE}body", **STAMP}), encoding="utf-8"
    )
    (folder / "body.json").write_text(json.dumps({"data": [body], "pagination": {}, "links": {}}), encoding="utf-8")
    orgs = [
        {"id": f"{BASE}organization/{o}", "type": NS + "Organization", "name": f"Ausschuss {o}", **STAMP}
        for o in range(1, ORGANIZATIONS + 1)
    ]
    persons = [
        {
            "id": f"{BASE}person/{p}",
            "type": NS + "Person",
            "name": f"Person {p}",
            "membership": [
                {
                    "id": f"{BASE}membership/{p}-{k}",
                    "type": NS + "Membership",
                    "organization": f"{BASE}organization/{(p + k) % ORGANIZATIONS + 1}",
                    **STAMP,
                }
                for k in range(2)
            ],
            **STAMP,
        }
        for p in range(1, PERSONS + 1)
    ]
    file_number = 0

    def next_file(name):
        nonlocal file_number
        file_number += 1
        return _file(file_number, name)

    meetings, item_ids = [], []
    for m in range(1, MEETINGS + 1):
        count = ITEMS * m // MEETINGS - ITEMS * (m - 1) // MEETINGS
        items = []
        for i in range(count):
            number = len(item_ids) + 1
            item = {
                "id": f"{BASE}agendaItem/{number}",
                "type": NS + "AgendaItem",
                "number": f"Ö {i + 1}",
                "order": i,
                "name": f"Tagesordnungspunkt {number}",
                "result": RESULTS[number % len(RESULTS)],
                **STAMP,
            }
            item["resolutionFile"] = next_file("Beschluss")
            items.append(item)
            item_ids.append((m, item["id"]))
        meetings.append(
            {
                "id": f"{BASE}meeting/{m}",
                "type": NS + "Meeting",
                "name": f"{m}. Sitzung",
                "start": f"{2010 + m % 14}-{m % 12 + 1:02d}-{m % 27 + 1:02d}T17:00:00+01:00",
                "organization": [f"{BASE}organization/{m % ORGANIZATIONS + 1}"],
                "invitation": next_file("Einladung"),
                "resultsProtocol": next_file("Niederschrift"),
                "agendaItem": items,
                **STAMP,
            }
        )
    papers = []
    for p in range(1, PAPERS + 1):
        consultations = []
        for k in range(1 + p % 2):
            meeting, item = item_ids[(p * 2 + k) % len(item_ids)]
            consultations.append(
                {
                    "id": f"{BASE}consultation/{p}-{k}",
                    "type": NS + "Consultation",
                    "meeting": f"{BASE}meeting/{meeting}",
                    "agendaItem": item,
                    "organization": [f"{BASE}organization/{meeting % ORGANIZATIONS + 1}"],
                    **STAMP,
                }
            )
        paper = {
            "id": f"{BASE}paper/{p}",
            "type": NS + "Paper",
            "name": f"Vorlage {p}",
            "reference": f"VO/{2010 + p % 14}/{p:05d}",
            "paperType": ("Beschlussvorlage", "Mitteilungsvorlage", "Antrag", "Anfrage")[p % 4],
            "date": f"{2010 + p % 14}-{p % 12 + 1:02d}-{p % 27 + 1:02d}",
            "consultation": consultations,
            "mainFile": next_file("Vorlage"),
            **STAMP,
        }
        if p % 2:
            paper["auxiliaryFile"] = [next_file("Anlage")]
        if p % 5 == 0:
            paper.setdefault("auxiliaryFile", []).append(next_file("Anlage"))
        papers.append(paper)
    for name, objects in (("organization", orgs), ("person", persons), ("meeting", meetings), ("paper", papers)):
        _write(folder, name, objects)
    consultations = sum(len(p["consultation"]) for p in papers)
    return {
        "papers": PAPERS,
        "meetings": MEETINGS,
        "agenda items": len(item_ids),
        "consultations": consultations,
        "files": file_number,
    }
