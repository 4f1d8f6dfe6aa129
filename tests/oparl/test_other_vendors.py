"""Issue 18: real objects of other vendors than SD.NET through the importer.

Data (shared/oparl/SOURCE.md): a Somacos SessionNet meeting of Wuppertal whose organizations
answer 404, with its System and Body (meine-stadt-transparent ``testdata/oparl-missing``), and
an ALLRIS 4 meeting of Bonn (``importer/tests/test_cc_egov.py``): ``auxiliaryFile`` as an object,
``mimeType`` "pdf", ``File.date`` as date-time, ``downloadUrl: ""``, ``size: 0``,
``order`` 100001.
"""

import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from motions.models import File
from oparl.models import ImportProblem
from sessions.models import AgendaItem, Meeting, Organization
from tests.oparl.conformance import shared_oparl_dir
from tests.oparl.fixture_server import FixtureServer
from tests.oparl.test_importer import page, run_import

pytestmark = pytest.mark.django_db
DATA = shared_oparl_dir() / "fixtures" / "meine-stadt-transparent-testdata"
WUPPERTAL = "http://oparl.wuppertal.de/oparl/"
BONN = "https://www.bonn.sitzung-online.de/public/oparl/"


@pytest.fixture
def server():
    instance = FixtureServer().start()
    yield instance
    instance.stop()


def _load(server, name: str) -> dict:
    text = (DATA / name).read_text(encoding="utf-8")
    return json.loads(text.replace(WUPPERTAL, f"{server.base}/w/").replace(BONN, f"{server.base}/b/"))


def test_sessionnet_and_allris_meetings_import_with_their_quirks_recorded(server):
    system = _load(server, "oparl-missing-wuppertal/system.json")
    body = _load(server, "oparl-missing-wuppertal/body.json")
    wuppertal = _load(server, "oparl-missing-wuppertal/meeting.json")
    bonn = _load(server, "bonn-allris-meeting-auxiliaryFile-quirk.json")
    server.add("/w/system", json.dumps(system))
    server.add("/w/bodies", page(body))
    server.add("/w/bodies/0001/meetings", page(wuppertal, bonn))
    for name in ("organizations", "people", "papers"):
        server.add(f"/w/bodies/0001/{name}", page())
    run_import(f"{server.base}/w/system", download_files=False)

    assert Meeting.objects.count() == 2
    placeholders = Organization.objects.filter(name="(nicht abrufbar)")
    assert placeholders.count() == 3  # two of Wuppertal, one of Bonn: every link answers 404
    allris = Meeting.objects.get(oparl_id=bonn["id"])
    assert allris.state_text == "eingeladen"
    item = AgendaItem.objects.get(meeting=allris)
    assert item.order == 100001
    served = Client().get(f"/oparl/v1.1/meeting/{allris.pk}").json()
    assert served["agendaItem"][0]["order"] == 0 and served["meetingState"] == "eingeladen"
    files = File.objects.filter(meeting=allris)
    assert files.exists() and all("/" in f.media_type for f in files)
    reasons = set(ImportProblem.objects.values_list("reason", flat=True))
    assert "order nicht je Sitzung von 0 an gezählt (1×), behandelt" in reasons
    assert any(r.startswith("verlinkt, aber nicht abrufbar") for r in reasons)

    server.ignore_filters = True  # SessionNet-like: the filter is not honoured, everything comes again
    problems = ImportProblem.objects.count()
    with CaptureQueriesContext(connection) as queries:
        run_import(f"{server.base}/w/system", download_files=False)
    writes = [q["sql"] for q in queries if q["sql"].split()[0] in ("INSERT", "UPDATE", "DELETE")]
    assert writes == [q for q in writes if "oparl_syncstate" in q]
    assert ImportProblem.objects.count() == problems
