"""The demo: the five seed documents (`demo/demo_data/`, copied from shared/seeds) as real records.

Everything a seed says is recorded as it says it: the bodies, organizations and persons it names,
the papers with their references, dates, Beratungsfolge, results and votes, and each seed's full
text attached as a generated PDF. What the seeds do not say is either left empty (no invented
dates for papers) or, where the demo needs it to show a feature, added as clearly marked demo
records: a few upcoming meetings, and non-public records that show the access policy at work.

``load_demo`` is idempotent: records are looked up by their natural keys and PDFs are
deterministic, so a second run changes nothing.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from motions.document_dates import document_dates_apply
from motions.models import (
    Consultation,
    ConsultationRole,
    File,
    FileRole,
    Paper,
    PaperState,
    PaperType,
    ReferencePattern,
)
from motions.services import file_create
from ris.pdf_render import render_text_pdf
from sessions.models import (
    AgendaItem,
    Body,
    LegislativeTerm,
    Meeting,
    MeetingState,
    Membership,
    Organization,
    OrganizationType,
    Person,
    Result,
)
from sessions.votes import vote_record

DATA = Path(__file__).resolve().parent / "demo_data"
BERLIN = ZoneInfo("Europe/Berlin")
DEMO_ADMIN_PASSWORD = "demo-admin-2026"  # noqa: S105 - demo only, documented in the README
DEMO_STAFF_PASSWORD = "demo-staff-2026"  # noqa: S105


def _seed(name: str) -> str:
    text = (DATA / name).read_text(encoding="utf-8")
    return text.replace("**", "").replace("*", "").replace("\u00a0", " ")


def _html(text: str) -> str:
    """Plain paragraphs → the rich-text HTML Wagtail stores (escaped)."""
    from django.utils.html import escape

    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    return "".join(f"<p>{escape(p).replace(chr(10), '<br/>')}</p>" for p in paragraphs)


def _at(day: str, hour: int = 17, minute: int = 0) -> datetime.datetime:
    d = datetime.date.fromisoformat(day)
    return datetime.datetime(d.year, d.month, d.day, hour, minute, tzinfo=BERLIN)


def _body(name: str, slug: str, **fields) -> Body:
    body, _ = Body.objects.get_or_create(slug=slug, defaults={"name": name, **fields})
    group, _ = Group.objects.get_or_create(name=f"Verwaltung {name}")
    if body.staff_group_id != group.pk:
        body.staff_group = group
        body.save(update_fields=["staff_group"])
    return body


def _org(body: Body, name: str, kind=OrganizationType.COMMITTEE, **fields) -> Organization:
    org, _ = Organization.objects.get_or_create(body=body, name=name, defaults={"organization_type": kind, **fields})
    return org


def _person(body: Body, name: str, **fields) -> Person:
    person, _ = Person.objects.get_or_create(body=body, name=name, defaults=fields)
    return person


def _membership(person: Person, org: Organization, **fields) -> Membership:
    m, _ = Membership.objects.get_or_create(person=person, organization=org, defaults=fields)
    return m


def _publish(obj) -> None:
    """Publish through a Wagtail revision, so the demo has history like real records."""
    if obj.live and obj.live_revision_id:
        return
    revision = obj.save_revision()
    revision.publish()
    obj.refresh_from_db()


def _paper(body: Body, *, key: dict, publish: bool = True, **fields) -> Paper:
    paper = Paper.objects.filter(body=body, **key).first()
    if paper is None:
        paper = Paper(body=body, live=False, **key, **fields)
        paper.save()
    if publish:
        _publish(paper)
    return paper


def _meeting(org: Organization, start: datetime.datetime, publish: bool = True, **fields) -> Meeting:
    meeting = Meeting.objects.filter(organization=org, start=start).first()
    if meeting is None:
        meeting = Meeting(organization=org, start=start, live=False, **fields)
        meeting.save()
    if publish:
        _publish(meeting)
    return meeting


def _item(meeting: Meeting, number: str, name: str, order: int, **fields) -> AgendaItem:
    item, _ = AgendaItem.objects.get_or_create(
        meeting=meeting, number=number, defaults={"name": name, "order": order, **fields}
    )
    return item


def _consult(paper: Paper, org: Organization, order: int, role: str, **fields) -> Consultation:
    c, _ = Consultation.objects.update_or_create(
        paper=paper, organization=org, defaults={"order": order, "role": role, **fields}
    )
    return c


def _attach(
    paper: Paper | None,
    *,
    body: Body,
    name: str,
    text: str,
    file_name: str,
    role=FileRole.MAIN,
    meeting=None,
    agenda_item=None,
):
    content = render_text_pdf(title=name, text=text, author=body.name)
    existing = File.objects.filter(
        body=body, file_name=file_name, paper=paper, meeting=meeting, agenda_item=agenda_item
    ).first()
    if existing:
        return existing
    return file_create(
        body=body,
        name=name,
        content=content,
        file_name=file_name,
        role=role,
        paper=paper,
        meeting=meeting,
        agenda_item=agenda_item,
    )


def _vote(item: AgendaItem, **fields):
    if not item.votes.exists():
        vote_record(agenda_item=item, **fields)


def load_aschersleben() -> Body:
    body = _body(
        "Stadt Aschersleben",
        "aschersleben",
        short_name="Aschersleben",
        ags="15089015",
        classification="Stadt",
        website="https://www.aschersleben.de",
    )
    LegislativeTerm.objects.get_or_create(body=body, name="VII", defaults={"start_date": datetime.date(2019, 7, 1)})
    for ptype, pattern in [
        (PaperType.MOTION, "A/{nr:04}/{year}"),
        (PaperType.AMENDMENT, "ÄA/{nr:04}/{year}"),
        (PaperType.RESOLUTION_PROPOSAL, "{term}/{nr:04}/{yy}"),
        (PaperType.INFORMATION, "{term}/{nr:04}/{yy}"),
    ]:
        ReferencePattern.objects.get_or_create(body=body, paper_type=ptype, defaults={"pattern": pattern})

    council = _org(body, "Stadtrat", classification="Rat", short_name="SR", seats=37)
    finance = _org(body, "Finanz- und Verwaltungsausschuss", classification="Ausschuss", short_name="FVA", seats=11)
    dezernat = _org(body, "Dezernat I", OrganizationType.ADMINISTRATION, classification="Dezernat")
    _org(body, "Amt 21", OrganizationType.ADMINISTRATION, classification="Amt", parent=dezernat)
    mayor_office = _org(body, "Oberbürgermeister", OrganizationType.ADMINISTRATION, classification="Verwaltungsspitze")
    mayor = _person(body, "Michelmann", family_name="Michelmann", status="Oberbürgermeister")
    _membership(mayor, mayor_office, role="Oberbürgermeister", voting_right=False)
    _membership(mayor, council, role="Oberbürgermeister", voting_right=True)

    # A/0006/2019: the seed shows only what the mayor's amendment says about the motion.
    motion = _paper(
        body,
        key={"reference": "A/0006/2019"},
        paper_type=PaperType.MOTION,
        name="Einführung des Sachsen-Anhalt-Melders auf der Internetpräsenz der Stadt",
        reasoning=_html(
            "Antrag auf Einführung des Behördenmelders des Landes (Sachsen-Anhalt-Melder) auf der Homepage der "
            "Stadt Aschersleben zum 1. März 2020. (Demo: Inhalt nach dem Änderungsantrag des Oberbürgermeisters "
            "vom 05.11.2019 wiedergegeben; der Antragstext selbst liegt nicht vor.)"
        ),
        state=PaperState.IN_CONSULTATION,
    )
    _consult(motion, council, 1, ConsultationRole.DECISION, authoritative=True)
    amendment_text = _seed("aschersleben_aenderungsantrag_A-0006-2019.txt")
    reasoning = amendment_text.split("Begründung:", 1)[1].split("Deckungsvorschlag:", 1)[0]
    amendment = _paper(
        body,
        key={"amends": motion, "paper_type": PaperType.AMENDMENT},
        name="Änderungsantrag des Oberbürgermeisters zum Antrag A/0006/2019",
        date=datetime.date(2019, 11, 5),
        resolution_proposal=_html("Die Stadt Aschersleben lehnt den Antrag A/0006/2019 ab."),
        reasoning=_html(reasoning),
        state=PaperState.IN_CONSULTATION,
    )
    amendment.originator_persons.add(mayor)
    amendment.originator_organizations.add(mayor_office)
    _consult(amendment, council, 1, ConsultationRole.DECISION, authoritative=True)
    _attach(
        amendment,
        body=body,
        name="Änderungsantrag des Oberbürgermeisters zum Antrag A/0006/2019",
        text=amendment_text,
        file_name="Aenderungsantrag_A-0006-2019.pdf",
    )

    # VII/0680/24 with both votes of its Beratungsfolge.
    vorlage_text = _seed("aschersleben_VII-0680-24.txt")
    facts = vorlage_text.split("Arbeitspapier zur weiteren Digitalisierung der Verwaltung", 1)[1].split(
        "Beschlussvorschlag:", 1
    )[0]
    proposal = vorlage_text.split("Beschlussvorschlag:", 1)[1].split("Oberbürgermeister", 1)[0]
    paper = _paper(
        body,
        key={"reference": "VII/0680/24"},
        paper_type=PaperType.RESOLUTION_PROPOSAL,
        name="Arbeitspapier zur weiteren Digitalisierung der Verwaltung",
        lead_unit=dezernat,
        file_number="D I/mi-au",
        facts=_html(facts),
        resolution_proposal=_html(proposal),
        state=PaperState.ADOPTED,
    )
    paper.originator_organizations.add(mayor_office)
    _attach(paper, body=body, name="Vorlage VII/0680/24", text=vorlage_text, file_name="Vorlage_VII-0680-24.pdf")
    fva_meeting = _meeting(finance, _at("2024-02-21"), state=MeetingState.HELD)
    sr_meeting = _meeting(council, _at("2024-02-28"), state=MeetingState.HELD)
    fva_item = _item(fva_meeting, "Ö 1", paper.name, 1, result=Result.ADOPTED)
    sr_item = _item(sr_meeting, "Ö 1", paper.name, 1, result=Result.ADOPTED)
    _vote(fva_item, result=Result.ADOPTED, yes=9, no=0, abstain=0)
    _vote(sr_item, result=Result.ADOPTED, unanimous=True)
    _consult(
        paper,
        finance,
        1,
        ConsultationRole.PRELIMINARY,
        meeting=fva_meeting,
        agenda_item=fva_item,
        result=Result.ADOPTED,
    )
    _consult(
        paper,
        council,
        2,
        ConsultationRole.DECISION,
        authoritative=True,
        meeting=sr_meeting,
        agenda_item=sr_item,
        result=Result.ADOPTED,
    )

    # The article on e-government in Sachsen-Anhalt, kept as a public information document.
    article = _seed("egovernment_sachsen-anhalt.txt")
    info = _paper(
        body,
        key={
            "paper_type": PaperType.NOTICE,
            "name": "E-Government in Sachsen-Anhalt: Enge Zusammenarbeit zwischen Land und Kommunen",
        },
        facts=_html(article.split("\n", 1)[1]),
        state=PaperState.SETTLED,
    )
    _attach(
        info,
        body=body,
        name="E-Government in Sachsen-Anhalt (Artikel)",
        text=article,
        file_name="E-Government_Sachsen-Anhalt.pdf",
    )

    # Demo additions: a non-public matter in the same Stadtrat meeting and a draft paper.
    secret = _paper(
        body,
        key={"reference": "VII/0681/24"},
        paper_type=PaperType.RESOLUTION_PROPOSAL,
        name="Grundstücksangelegenheit Flurstück 17/3 (Demo, nichtöffentlich)",
        public=False,
        facts=_html("Vertrauliche Verhandlung über den Verkauf eines städtischen Grundstücks. (Demo-Datensatz)"),
        state=PaperState.ADOPTED,
    )
    secret_item = _item(sr_meeting, "N 1", secret.name, 10, public=False, result=Result.ADOPTED)
    _consult(
        secret,
        council,
        1,
        ConsultationRole.DECISION,
        authoritative=True,
        meeting=sr_meeting,
        agenda_item=secret_item,
        result=Result.ADOPTED,
    )
    _attach(
        secret,
        body=body,
        name="Wertgutachten Flurstück 17/3 (Demo, nichtöffentlich)",
        text="Wertgutachten für das Flurstück 17/3. Vertraulich. (Demo-Datensatz)",
        file_name="Wertgutachten_17-3.pdf",
        role=FileRole.ATTACHMENT,
    )
    _paper(
        body,
        key={"name": "Entwurf: Satzung über die Digitalisierung der Ratsarbeit (Demo, unveröffentlicht)"},
        paper_type=PaperType.RESOLUTION_PROPOSAL,
        publish=False,
    )
    _meeting(council, _at("2026-12-16"), state=MeetingState.INVITED, name="Sitzung des Stadtrates (Demo)")
    return body


def load_luebeck() -> Body:
    body = _body(
        "Hansestadt Lübeck",
        "luebeck",
        short_name="Lübeck",
        ags="01003000",
        classification="Kreisfreie Stadt",
        website="https://www.luebeck.de",
    )
    ReferencePattern.objects.get_or_create(
        body=body, paper_type=PaperType.INQUIRY, defaults={"pattern": "VO/{year}/{nr:05}"}
    )
    ReferencePattern.objects.get_or_create(
        body=body, paper_type=PaperType.RESOLUTION_PROPOSAL, defaults={"pattern": "VO/{year}/{nr:05}"}
    )
    senate = _org(body, "Senat", classification="Senat")
    committee = _org(body, "Hauptausschuss", classification="Ausschuss", short_name="HA", seats=15)
    _org(body, "Bürgerschaft", classification="Rat")
    unit = _org(body, "1.201 - Haushalt und Steuerung", OrganizationType.ADMINISTRATION, classification="Bereich")
    saxe = _person(
        body, "Bernd Saxe", given_name="Bernd", family_name="Saxe", title="Bürgermeister", status="Bürgermeister"
    )
    uhlig = _person(body, "Manfred Uhlig", given_name="Manfred", family_name="Uhlig")
    dedow = _person(body, "Oliver Dedow", given_name="Oliver", family_name="Dedow", status="Bürgerschaftsmitglied")
    _membership(saxe, senate, role="Bürgermeister")
    _membership(uhlig, unit, role="Bearbeiter", voting_right=False)

    text = _seed("luebeck_VO-2014-01919.txt")
    reasoning = text.split("Begründung", 1)[1].split("Anlagen", 1)[0]
    paper = _paper(
        body,
        key={"reference": "VO/2014/01919"},
        paper_type=PaperType.INQUIRY,
        name="Anfrage BM Oliver Dedow bzgl. online Bürgerbüro",
        date=datetime.date(2014, 7, 15),
        lead_unit=unit,
        responsible_person=saxe,
        clerk=uhlig,
        resolution_proposal=_html("Anfrage BM Oliver Dedow bzgl. online Bürgerbüro"),
        reasoning=_html(reasoning),
        state=PaperState.NOTED,
    )
    paper.originator_persons.add(dedow)
    _attach(paper, body=body, name="Vorlage VO/2014/01919", text=text, file_name="VO-2014-01919.pdf")
    meeting = _meeting(
        committee, _at("2014-09-16", 16), number=18, name="18. Sitzung des Hauptausschusses", state=MeetingState.HELD
    )
    item = _item(meeting, "Ö 7", paper.name, 7, result=Result.NOTED)
    _consult(paper, senate, 1, ConsultationRole.ADMINISTRATION)
    _consult(paper, committee, 2, ConsultationRole.NOTICE, meeting=meeting, agenda_item=item, result=Result.NOTED)
    _meeting(committee, _at("2026-12-08", 16), name="Sitzung des Hauptausschusses (Demo)", state=MeetingState.SCHEDULED)
    return body


def load_altenburg() -> Body:
    body = _body(
        "Stadt Altenburg",
        "altenburg",
        short_name="Altenburg",
        ags="16077001",
        classification="Stadt",
        website="https://www.altenburg.eu",
        answer_deadline_days=28,
    )
    council = _org(body, "Stadtrat", classification="Rat", seats=37)
    faction = _org(body, "SPD-Grüne-Fraktion", OrganizationType.FACTION, classification="Fraktion")
    office = _org(
        body, "Büro Oberbürgermeister, Stadtrat und Archiv", OrganizationType.ADMINISTRATION, classification="Büro"
    )
    rist = _person(body, "Torsten Rist", given_name="Torsten", family_name="Rist", form_of_address="Herr")
    neumann = _person(body, "Neumann", family_name="Neumann", status="Oberbürgermeister")
    _membership(rist, faction, role="Mitglied")
    _membership(rist, council, role="Stadtratsmitglied", on_behalf_of=faction)
    _membership(neumann, office, role="Oberbürgermeister", voting_right=False)

    answer_text = _seed("altenburg_antwort_digitalisierung.txt")
    questions = re.findall(r"^\d\. (.+)$", answer_text, flags=re.M)
    inquiry = _paper(
        body,
        key={"paper_type": PaperType.INQUIRY, "date": datetime.date(2021, 2, 28)},
        name="Anfrage der SPD-Grüne-Fraktion: Digitalisierung",
        reasoning=_html("\n\n".join(questions)),
        state=PaperState.ANSWERED,
    )
    inquiry.originator_organizations.add(faction)
    inquiry.originator_persons.add(rist)
    _consult(inquiry, office, 1, ConsultationRole.ADMINISTRATION)
    answer = _paper(
        body,
        key={"paper_type": PaperType.ANSWER, "answers": inquiry},
        name="Digitalisierung – Antwort auf die Anfrage der SPD-Grüne-Fraktion vom 28. Februar 2021",
        date=datetime.date(2021, 3, 8),
        file_number="11.01.06-001/21-SPDG",
        facts=_html(answer_text.split("Sehr geehrter Herr Rist,", 1)[1].split("Mit freundlichen Grüßen", 1)[0]),
        state=PaperState.SETTLED,
    )
    answer.originator_persons.add(neumann)
    answer.originator_organizations.add(office)
    _attach(
        answer,
        body=body,
        name="Antwortschreiben vom 8. März 2021",
        text=answer_text,
        file_name="Antwort_Digitalisierung_2021-03-08.pdf",
    )
    _meeting(council, _at("2026-12-10", 17), name="Sitzung des Stadtrates (Demo)", state=MeetingState.INVITED)
    return body


def _german_admin(user) -> None:
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(user)
    if profile.preferred_language != "de":
        profile.preferred_language = "de"
        profile.save(update_fields=["preferred_language"])


def _reviewer(body: Body, staff_group) -> None:
    """A member of the body's staff who also approves papers in the Freigabe workflow."""
    User = get_user_model()
    username = f"freigabe-{body.slug}"
    if not User.objects.filter(username=username).exists():
        user = User.objects.create_user(username, f"{username}@example.org", DEMO_STAFF_PASSWORD)
        user.groups.add(staff_group, Group.objects.get_or_create(name="Freigabe")[0])
    _german_admin(User.objects.get(username=username))


def load_users(bodies: list[Body]) -> None:
    User = get_user_model()
    if not User.objects.filter(username="admin").exists():
        User.objects.create_superuser("admin", "admin@example.org", DEMO_ADMIN_PASSWORD)
    _german_admin(User.objects.get(username="admin"))
    access_admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    for body in bodies:
        group = body.staff_group
        group.permissions.add(access_admin)
        for model in ("paper", "consultation", "file", "referencepattern"):
            group.permissions.add(
                *Permission.objects.filter(content_type__app_label="motions", content_type__model=model).exclude(
                    codename="publish_paper"  # staff submit papers for Freigabe; reviewers publish
                )
            )
        for model in (
            "meeting",
            "agendaitem",
            "vote",
            "organization",
            "person",
            "membership",
            "legislativeterm",
            "location",
        ):
            group.permissions.add(
                *Permission.objects.filter(content_type__app_label="council_sessions", content_type__model=model)
            )
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="members", content_type__model="resolutiontracking")
        )
        username = f"verwaltung-{body.slug}"
        if not User.objects.filter(username=username).exists():
            user = User.objects.create_user(username, f"{username}@example.org", DEMO_STAFF_PASSWORD)
            user.groups.add(group)
        _german_admin(User.objects.get(username=username))
        _reviewer(body, group)


def load_demo() -> list[Body]:
    with transaction.atomic():
        bodies = [load_aschersleben(), load_luebeck(), load_altenburg()]
        # The seeds' own dates, not the load time, on every surface that says when something happened.
        document_dates_apply(
            papers=Paper.objects.filter(body__in=bodies), meetings=Meeting.objects.filter(organization__body__in=bodies)
        )
        load_users(bodies)
        from demo.accounts import load_member_accounts
        from web.content import content_pages_ensure
        from web.demo_look import demo_looks_ensure

        load_member_accounts()
        content_pages_ensure()
        from privacy.demo import load_privacy_demo

        load_privacy_demo(bodies)
        from demo.meeting_documents import load_meeting_documents

        load_meeting_documents(bodies)
        demo_looks_ensure()
    return bodies
