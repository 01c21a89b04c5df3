"""Every call of the API (spec/portaal.md) and every error code, against real workbooks."""

from __future__ import annotations

import pytest

from pipeline.portal.models import ApiToken, Submission

URL = "/api/v1/aanleveringen"
pytestmark = pytest.mark.django_db


def post(client, path, name=None, query=""):
    with open(path, "rb") as handle:
        return client.post(URL + query, {"bestand": handle} if name is None else
                           {"bestand": _named(handle.read(), name)})


def _named(content: bytes, name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def test_a_faulty_workbook_is_rejected_with_located_findings(folders, cz, workbooks):
    response = post(cz.api(), workbooks["fout"])
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "afgewezen" and body["fouten"] == 2 and body["waarschuwingen"] == 0
    assert set(body) >= {"kenmerk", "status", "fouten", "waarschuwingen", "bevindingen"}
    by_column = {f["kolom"]: f for f in body["bevindingen"]}
    assert set(by_column["Projectstatus"]) == {"ernst", "tabblad", "rij", "kolom", "waarde", "melding", "wat_te_doen"}
    assert by_column["Projectstatus"]["tabblad"] == "Projecten" and by_column["Projectstatus"]["rij"] == 2
    assert by_column["Regiovisie"]["melding"].endswith("Bedoelt u 'Fase 5: Strategische keuzes'?")


def test_a_correct_workbook_is_accepted_archived_and_handed_to_the_pipeline(folders, cz, workbooks):
    response = post(cz.api(), workbooks["goed"])
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "geaccepteerd" and body["fouten"] == 0
    record = Submission.objects.get(kenmerk=body["kenmerk"])
    assert (record.uploaded_by, record.bron, record.original_name) == (cz.user, "api", "goed.xlsx")
    raw = list(folders.raw.rglob("*.xlsx"))
    assert [p.relative_to(folders.raw).as_posix() for p in raw] == [f"portaal/cz/{record.kenmerk}/portaal-cz.xlsx"]
    assert record.kenmerk == record.sha256[:16]  # the kenmerk its feedback document shows
    assert raw[0].read_bytes() == workbooks["goed"].read_bytes()
    assert [p.name for p in folders.archive.rglob("*.xlsx")] == [f"{record.sha256}.xlsx"]
    # received time: when the upload completed, also as the raw file's time the pipeline reads
    assert abs(raw[0].stat().st_mtime - record.received_at.timestamp()) < 1


def test_the_same_file_again_changes_nothing(folders, cz, workbooks):
    first = post(cz.api(), workbooks["goed"]).json()
    again = post(cz.api(), workbooks["goed"])
    assert again.status_code == 200 and again.json()["kenmerk"] == first["kenmerk"]
    assert Submission.objects.count() == 1


def test_check_only_keeps_nothing(folders, cz, workbooks):
    response = post(cz.api(), workbooks["fout"], query="?controle=1")
    assert response.status_code == 200
    body = response.json()
    assert body["kenmerk"] is None and body["status"] == "afgewezen" and len(body["bevindingen"]) == 2
    assert not Submission.objects.exists()
    assert not list(folders.raw.rglob("*")) and not list(folders.archive.rglob("*.xlsx"))
    assert not [p for p in (folders.portal / "ontvangst").glob("*") if p.is_file()]


def test_list_newest_first_and_one_with_findings(folders, cz, workbooks):
    first = post(cz.api(), workbooks["fout"]).json()["kenmerk"]
    second = post(cz.api(), workbooks["goed"]).json()["kenmerk"]
    assert first != second
    listed = cz.api().get(URL)
    assert listed.status_code == 200
    assert [s["kenmerk"] for s in listed.json()["aanleveringen"]] == [second, first]
    one = cz.api().get(f"{URL}/{first}")
    assert one.status_code == 200 and one.json()["status"] == "afgewezen" and len(one.json()["bevindingen"]) == 2


@pytest.mark.parametrize("header", [None, "Token", "Token verkeerd", "Bearer x", "token x"])
def test_no_or_a_wrong_token_is_401(folders, cz, header, workbooks):
    from django.test import Client

    client = Client(HTTP_AUTHORIZATION=header) if header else Client()
    for response in (client.get(URL), client.get(f"{URL}/0123456789abcdef"), post(client, workbooks["goed"])):
        assert response.status_code == 401
        assert "API-token" in response.json()["melding"]
    assert not Submission.objects.exists()


def test_a_new_token_replaces_the_old(folders, cz):
    old = cz.api()
    cz.token = ApiToken.issue(cz.user)
    assert old.get(URL).status_code == 401
    assert cz.api().get(URL).status_code == 200


def test_a_session_without_token_is_not_enough(folders, cz):
    assert cz.client().get(URL).status_code == 401


def test_another_zorgkantoors_submission_is_404(folders, cz, vgz, workbooks):
    kenmerk = post(cz.api(), workbooks["goed"]).json()["kenmerk"]
    response = vgz.api().get(f"{URL}/{kenmerk}")
    assert response.status_code == 404 and response.json()["melding"]
    assert vgz.api().get(URL).json() == {"aanleveringen": []}
    assert cz.api().get(f"{URL}/0123456789abcdef").status_code == 404  # unknown is the same answer


def test_no_file_is_400(folders, cz):
    response = cz.api().post(URL, {})
    assert response.status_code == 400 and "Kies een bestand" in response.json()["melding"]


def test_not_a_workbook_is_415(folders, cz):
    response = cz.api().post(URL, {"bestand": _named(b"Zorgkantoor;Peildatum\nCZ;2020-10-31\n", "aanlevering.xlsx")})
    assert response.status_code == 415 and "geen Excel-werkmap" in response.json()["melding"]
    assert not Submission.objects.exists()


def test_too_large_is_413_and_nothing_is_kept(folders, cz, workbooks, settings):
    settings.MAX_FILE_BYTES = workbooks["goed"].stat().st_size - 1
    response = post(cz.api(), workbooks["goed"])
    assert response.status_code == 413 and "MB" in response.json()["melding"]
    assert not Submission.objects.exists() and not list(folders.raw.rglob("*"))
    assert not [p for p in (folders.portal / "ontvangst").glob("*") if p.is_file()]


def test_an_analyst_token_cannot_upload_403(folders, analist, workbooks):
    assert post(analist.api(), workbooks["goed"]).status_code == 403


def test_other_methods_are_405(folders, cz):
    assert cz.api().delete(URL).status_code == 405
    assert cz.api().put(f"{URL}/0123456789abcdef").status_code == 405


def test_a_damaged_workbook_is_judged_not_a_crash(folders, cz):
    response = cz.api().post(URL, {"bestand": _named(b"PK\x03\x04" + b"\x00kapot" * 500, "kapot.xlsx")})
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "afgewezen"
    assert [f["melding"] for f in body["bevindingen"]] == [
        "Het bestand is geen leesbare Excel-werkmap: het bestand is beschadigd of onvolledig."]
