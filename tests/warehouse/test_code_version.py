"""Which code changes make a run redo every peildatum: those that can change a table, feedback or report."""

from __future__ import annotations

from pipeline.warehouse.processed import source_digest


def test_a_portal_change_redoes_nothing_a_table_change_redoes_everything(tmp_path):
    package = tmp_path / "pipeline"
    for name in ("portal/views.py", "portal/templates/portal/start.html", "tables/phases.py"):
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_text("# 1\n")
    before = source_digest([package])
    (package / "portal" / "views.py").write_text("# 2\n")
    (package / "portal" / "templates" / "portal" / "start.html").write_text("<p>2</p>\n")
    assert source_digest([package]) == before
    (package / "tables" / "phases.py").write_text("# 2\n")
    assert source_digest([package]) != before


def test_a_change_in_the_mail_jobs_redoes_nothing(tmp_path):
    package = tmp_path / "assets"
    for name in ("mail.py", "tables.py"):
        package.mkdir(exist_ok=True)
        (package / name).write_text("# 1\n")
    before = source_digest([package])
    (package / "mail.py").write_text("# 2\n")
    assert source_digest([package]) == before
    (package / "tables.py").write_text("# 2\n")
    assert source_digest([package]) != before
