"""The one intake path: what the portal takes in, `wir-monitor run` takes in from the raw folder with the same
verdicts and findings, and the portal reads the pipeline's verdict back; while a run holds the warehouse, the
portal goes on without waiting for it."""

from __future__ import annotations

import subprocess
import sys

import pytest

from pipeline.portal import intake, warehouse
from pipeline.portal.models import Submission
from pipeline.reference import load_reference
from pipeline.warehouse.connection import connect
from tests.conftest import PROJECT_ROOT, make_project

pytestmark = pytest.mark.django_db
URL = "/api/v1/aanleveringen"
HOLD = """
import sys
from pathlib import Path
from pipeline.warehouse.lock import warehouse_lock
with warehouse_lock(Path(sys.argv[1]), exclusive=True):
    print("vast", flush=True)
    sys.stdin.read()
"""


def post(client, path):
    with open(path, "rb") as handle:
        return client.post(URL, {"bestand": handle}).json()


def test_uploads_go_through_the_pipeline_and_the_portal_never_waits_for_it(folders, cz, workbooks, monkeypatch):
    with connect(folders.warehouse):
        pass  # an empty warehouse, as before the first run
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(folders.warehouse)], cwd=PROJECT_ROOT,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "vast"  # a run holds the warehouse from here on
        faulty, good = post(cz.api(), workbooks["fout"]), post(cz.api(), workbooks["goed"])
        assert (faulty["status"], good["status"]) == ("afgewezen", "geaccepteerd")
        for page in ("/", "/aanleveringen/", f"/aanleveringen/{good['kenmerk']}/", "/template/2020-10/"):
            assert cz.client().get(page).status_code == 200, page
        assert warehouse.refresh(folders.warehouse, load_reference(), force=True) is False
        assert holder.poll() is None  # all of it answered while the lock was still held: nothing waited
        assert not Submission.objects.get(kenmerk=good["kenmerk"]).compared_with_history
    finally:
        holder.communicate("")
    project = make_project(folders.root, monkeypatch)
    project.run()
    judged = project.query("SELECT sha256, file_name, status FROM submissions ORDER BY received_at, submission_id")
    records = {s.sha256: s for s in Submission.objects.all()}
    assert {(r.sha256, r.status) for r in judged.itertuples()} == {(s, r.status) for s, r in records.items()}
    assert set(judged["file_name"]) == {"portaal-cz.xlsx"}
    # the same judgement code: the same findings, located the same
    for sha256, record in records.items():
        pipeline_findings = project.query(
            """SELECT rule, sheet, excel_row, column_name, message FROM findings f JOIN submissions s
               USING (submission_id) WHERE s.sha256 = ? ORDER BY finding_no""", [sha256])
        portal = list(record.findings.values_list("regel", "tabblad", "rij", "kolom", "melding"))
        assert [tuple(r) for r in pipeline_findings.astype(object).itertuples(index=False)] == portal
    # the portal reads the pipeline's verdict back, and serves the pipeline's own feedback
    shown = cz.api().get(f"{URL}/{good['kenmerk']}").json()
    assert shown["verwerkt"] is True and shown["in_gebruik"] is True
    assert cz.api().get(f"{URL}/{faulty['kenmerk']}").json()["in_gebruik"] is False
    feedback = cz.client().get(f"/aanleveringen/{good['kenmerk']}/terugkoppeling.html")
    assert feedback.status_code == 200
    assert intake.feedback_file(Submission.objects.get(kenmerk=good["kenmerk"]), "html").is_relative_to(folders.reports)
    served = b"".join(feedback.streaming_content).decode()
    assert "deze aanlevering wordt gebruikt voor de rapportage" in served
    # its own zorgkantoor report, as a page without script
    assert "oktober 2020" in cz.client().get("/rapportage/").content.decode()
    report = cz.client().get("/rapportage/2020-10/")
    assert report.status_code == 200 and "CZ" in b"".join(report.streaming_content).decode()
    script = next(p for p in report["Content-Security-Policy"].split(";") if p.strip().startswith("script-src"))
    assert "unsafe" not in script
    assert cz.client().get("/rapportage/2019-10/").status_code == 404
