"""The personal-data check of a paper: what would become public, run through ``privacy.detect``.

What is checked is what the public would read: the paper's text sections as the public version
has them (``Paper.public_texts``), and the public text of its files' pages — for a paper the
public may see at all (a non-public paper publishes nothing to the public, so it has nothing to
check). Names the system knows (the body's persons: members, officials, staff) and the addresses
of its places are no findings.

Findings are kept (``privacy.Finding``): a decision (redacted, dismissed with a reason) stays
with the text it was made for; open findings whose text is gone are removed.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.html import strip_tags

from motions.models import File, Paper
from privacy.detect import find
from privacy.models import Finding, FindingStatus, PaperTextField
from sessions.models import Location, Person


def known_names(body_id: int) -> list[str]:
    return list(Person.objects.filter(body_id=body_id, deleted=False).values_list("name", flat=True))


def known_addresses() -> list[str]:
    return [a for a in Location.objects.filter(deleted=False).values_list("street_address", flat=True) if a]


def _candidates(paper: Paper) -> list[dict]:
    names, addresses = known_names(paper.body_id), known_addresses()
    found = []
    for field, text in [("name", paper.name), *zip(Paper.TEXT_FIELDS, paper.public_text_sections(), strict=True)]:
        plain = strip_tags(text or "")
        for f in find(plain, known_names=names, known_addresses=addresses):
            found.append({"file": None, "page": None, "field": field, "category": f.category, "text": f.text[:1000]})
    files = File.objects.filter(paper=paper, deleted=False).prefetch_related("pages")
    for file in files:
        for page in file.pages.all():
            text = page.public_text if file.public_version else page.text
            for f in find(text or "", known_names=names, known_addresses=addresses):
                found.append(
                    {"file": file, "page": page.number, "field": "", "category": f.category, "text": f.text[:1000]}
                )
    return found


@transaction.atomic
def paper_check(*, paper: Paper) -> list[Finding]:
    """Run the check and return the paper's open findings (decided ones are kept as decided)."""
    current = _candidates(paper)
    keys = set()
    for item in current:
        key = (item["file"].pk if item["file"] else None, item["page"], item["field"], item["category"], item["text"])
        if key in keys:
            continue
        keys.add(key)
        Finding.objects.get_or_create(
            paper=paper,
            file=item["file"],
            page=item["page"],
            field=item["field"],
            category=item["category"],
            text=item["text"],
        )
    for finding in Finding.objects.filter(paper=paper, status=FindingStatus.OPEN):
        if (finding.file_id, finding.page, finding.field, finding.category, finding.text) not in keys:
            finding.delete()
    return open_findings(paper=paper)


def open_findings(*, paper: Paper) -> list[Finding]:
    return list(Finding.objects.filter(paper=paper, status=FindingStatus.OPEN).select_related("file"))


def field_label(field: str) -> str:
    return str(PaperTextField(field).label) if field in PaperTextField.values else ""
