"""What the analyst reads after a command: the verdicts of a run, the version in use, and no noise when the
output is cut short (`status | head`) or a template goes into a folder."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys

import pytest

from tests.builders import cz_book, moment, project_row

pytestmark = pytest.mark.alleen_html  # no test here reads the PDF or the Word file


def test_run_ends_with_the_verdicts_and_status_names_the_version_in_use(project, capsys):
    cz_book().write(project.raw / "cz.xlsx", received_at=moment(1))
    cz_book(projects=[project_row("CZ-1", "Zeeland", Hoofdrubriek="Onzin")]).write(
        project.raw / "cz-fout.xlsx", received_at=moment(2))
    (project.raw / "rommel.xlsx").write_bytes(b"geen werkmap")
    project.run()
    lines = capsys.readouterr().out.splitlines()
    assert lines[-4:] == [
        "Oordelen van deze run (3 bestanden):",
        "  zorgkantoor onbekend, zonder leesbare peildatum: 1 afgewezen (rommel.xlsx)",
        "  CZ, okt-20: 1 geaccepteerd, 1 afgewezen (cz-fout.xlsx)",
        f"Terugkoppeling per bestand staat in: {project.reports / 'zonder-peildatum' / 'terugkoppeling'}, "
        f"{project.reports / '2020-10' / 'terugkoppeling'}",
    ]
    cz_book(zorgkantoor="VGZ").write(project.raw / "vgz.xlsx", received_at=moment(3))
    project.run()
    assert capsys.readouterr().out.splitlines()[-3:-1] == ["Oordelen van deze run (1 bestand):",
                                                          "  VGZ, okt-20: 1 afgewezen (vgz.xlsx)"]

    assert project.cli("status") == 0
    kenmerk = hashlib.sha256((project.raw / "cz.xlsx").read_bytes()).hexdigest()[:16]
    assert f"  CZ: cz.xlsx (kenmerk {kenmerk})" in capsys.readouterr().out.splitlines()


def test_feedback_of_many_peildata_is_named_by_its_pattern(project, capsys):
    """A first run over years of history ended with one line naming every peildatum's folder."""
    for day, peildatum in enumerate(("31-10-2018", "31-03-2019", "31-10-2019", "31-03-2020", "31-10-2020"), 1):
        cz_book(peildatum=peildatum).write(project.raw / f"cz-{day}.xlsx", received_at=moment(day))
    (project.raw / "rommel.xlsx").write_bytes(b"geen werkmap")
    project.run()
    last = capsys.readouterr().out.splitlines()[-1]
    assert last == (f"Terugkoppeling per bestand staat per peildatum in "
                    f"{project.reports / '<peildatum>' / 'terugkoppeling'} (5 peildata, okt-18 tot en met okt-20), "
                    f"en in {project.reports / 'zonder-peildatum' / 'terugkoppeling'}")
    assert (project.reports / "2018-10" / "terugkoppeling").is_dir()

    # `wir-monitor status | head`: the reader goes away; that is no error and gets no message.
    status = subprocess.Popen(
        [sys.executable, "-m", "pipeline.cli", "--raw-dir", str(project.raw), "--warehouse", str(project.warehouse),
         "--reports-dir", str(project.reports), "status"],
        cwd=project.root, env={**os.environ, "DAGSTER_HOME": str(project.root)},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    status.stdout.close()
    assert status.wait(timeout=120) == 0
    assert status.stderr.read() == b""


def test_template_into_a_folder_gets_its_own_name_and_leaves_no_partial(project, capsys):
    folder = project.root / "templates"
    folder.mkdir(parents=True)
    assert project.cli("template", "--zorgkantoor", "CZ", "--peildatum", "2021-03", "-o", str(folder)) == 0
    assert [p.name for p in folder.iterdir()] == ["aanlevertemplate-cz-2021-03.xlsx"]
    new = project.root / "nieuw"
    assert project.cli("template", "--zorgkantoor", "VGZ", "--peildatum", "2021-03", "-o", f"{new}/") == 0
    assert [p.name for p in new.iterdir()] == ["aanlevertemplate-vgz-2021-03.xlsx"]

    blocker = project.root / "een-bestand"
    blocker.write_text("geen map")
    capsys.readouterr()
    assert project.cli("template", "--zorgkantoor", "CZ", "--peildatum", "2021-03", "-o",
                       str(blocker / "cz.xlsx")) == 2
    assert "een deel van het pad is een bestand en geen map" in capsys.readouterr().err
    assert not list(project.root.rglob("*.partial"))
