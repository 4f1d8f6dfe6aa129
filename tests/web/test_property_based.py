"""Property-based tests (hypothesis, issue 14): whatever a client sends to the search API, the
OParl list filters, the public list filters and the public forms, the answer is never a 500.

The example counts are modest (``max_examples``) so the suite stays fast; hypothesis remembers
failing examples in ``.hypothesis/`` and replays them first."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import ConsultationFactory, MeetingFactory, PaperFactory, UserFactory

pytestmark = pytest.mark.django_db

FAST = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Any text, with the characters attackers like best a little more likely.
NASTY = st.one_of(
    st.text(max_size=60),
    st.sampled_from(["", "0", "-1", "99999999999999999999", "1e309", "NaN", "%00", "\x00", "'\"<>", "2024-13-45"]),
    st.text(alphabet=st.characters(max_codepoint=0x20), max_size=8),
)
DATE_LIKE = st.one_of(
    NASTY,
    st.datetimes().map(lambda d: d.isoformat()),
    st.dates().map(str),
    st.from_regex(r"\A\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}\Z"),
)


@pytest.fixture
def archive():
    paper = PaperFactory(name="Haushaltssatzung 2025")
    meeting = MeetingFactory(organization__body=paper.body)
    ConsultationFactory(paper=paper, organization=meeting.organization, meeting=meeting)
    UserFactory(username="ratsfrau", email="ratsfrau@example.org")
    return paper


def _params(names):
    return st.fixed_dictionaries({}, optional={name: NASTY for name in names})


def _ok(response):
    assert response.status_code < 500, response.status_code


@FAST
@given(
    params=_params(
        [
            "q",
            "page",
            "kind",
            "type",
            "body",
            "organization",
            "originator",
            "year",
            "date_from",
            "date_to",
            "sort",
            "limit",
        ]
    )
)
def test_search_api_never_answers_500(client, archive, params):
    _ok(client.get("/api/search", params))


@FAST
@given(params=_params(["q", "seite", "type", "year", "sort", "organization"]))
def test_search_page_never_answers_500(client, archive, params):
    _ok(client.get("/suche/", params))


@FAST
@given(
    params=st.fixed_dictionaries(
        {},
        optional={
            "modified_since": DATE_LIKE,
            "created_since": DATE_LIKE,
            "modified_until": DATE_LIKE,
            "created_until": DATE_LIKE,
            "page": NASTY,
            "limit": NASTY,
            "omit_internal": NASTY,
        },
    ),
    kind=st.sampled_from(["paper", "meeting", "organization", "person", "file", "agendaItem", "consultation"]),
)
def test_oparl_list_filters_never_answer_500(client, archive, params, kind):
    response = client.get(f"/oparl/v1.1/body/{archive.body.pk}/{kind}", params)
    _ok(response)
    assert response["Content-Type"].startswith("application/json")


@FAST
@given(params=_params(["q", "art", "stand", "gremium", "koerperschaft", "jahr", "seite", "sortierung"]))
def test_paper_list_filters_never_answer_500(client, archive, params):
    _ok(client.get("/vorlagen/", params))


@FAST
@given(params=_params(["q", "gremium", "koerperschaft", "status", "jahr", "zeit", "seite"]))
def test_meeting_list_filters_never_answer_500(client, archive, params):
    _ok(client.get("/sitzungen/", params))


@FAST
@given(params=_params(["monat", "gremium"]), list_view=st.booleans())
def test_calendar_never_answers_500(client, archive, params, list_view):
    _ok(client.get("/kalender/liste/" if list_view else "/kalender/", params))


@FAST
@given(params=_params(["name", "koerperschaft", "fraktion", "gremium", "art", "aufgeloeste", "seite"]))
def test_directory_filters_never_answer_500(client, archive, params):
    _ok(client.get("/personen/", params))
    _ok(client.get("/gremien/", params))


@FAST
@given(
    form=st.sampled_from(
        [
            ("/anmelden/", ["username", "password", "next"]),
            ("/registrieren/", ["email", "password1", "password2"]),
            ("/passwort/vergessen/", ["email"]),
            ("/sprache/setlang/", ["language", "next"]),
            ("/folgen/", ["kind", "target", "query", "next"]),
        ]
    ),
    data=st.data(),
    address=st.ip_addresses(v=4).map(str),
)
def test_public_forms_never_answer_500(client, archive, form, data, address):
    url, fields = form
    values = data.draw(_params(fields))
    _ok(client.post(url, values, REMOTE_ADDR=address))
