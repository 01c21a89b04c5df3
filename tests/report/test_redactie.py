"""`wir-monitor redactie`: a new peildatum starts from the previous one's texts, or from the skeleton."""

from __future__ import annotations

from pipeline.report.redactie import COVER_FILE, fingerprint, load_texts, skeleton_dir

SEED_CHAPTERS = ["Samenvatting", "Inleiding", "Procesresultaten zorgkantoorregio's",
                 "Verbinding met het kwaliteitskader", "Analyse transitieplannen",
                 "Kennisuitwisseling en rol zorgkantoren", "Doorkijk naar de volgende periode"]


def test_the_first_peildatum_starts_from_the_skeleton_of_seed_003(project, capsys):
    root = project.root / "teksten"
    assert project.cli("--redactie-dir", str(root), "redactie", "--peildatum", "2020-10") == 0
    folder = root / "2020-10"
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in skeleton_dir().glob("*.md"))
    assert "standaardsjabloon" in capsys.readouterr().out
    texts = load_texts(root, "2020-10")
    titles = [source.text.splitlines()[0].removeprefix("# ").removesuffix(" {-}") for source in texts.chapters]
    assert titles[:len(SEED_CHAPTERS)] == SEED_CHAPTERS
    assert all(title.startswith("Bijlage") for title in titles[len(SEED_CHAPTERS):])
    assert texts.from_analysts and texts.cover["afzender"] == "Zorgverzekeraars Nederland"


def test_the_next_peildatum_carries_the_texts_over_and_never_overwrites(project, monkeypatch, capsys):
    root = project.root / "redactie"
    monkeypatch.setenv("WIR_REDACTIE_DIR", str(root))
    assert project.cli("redactie", "--peildatum", "2020-10") == 0
    edited = "# Inleiding\n\nOnze eigen inleiding over {{ peildatum }}.\n"
    (root / "2020-10" / "02-inleiding.md").write_text(edited, encoding="utf-8")
    (root / "2020-10" / "11-bijlage-4.md").write_text("# Bijlage 4: Team WIR\n\nHet team.\n", encoding="utf-8")
    (root / "2021-03").mkdir()
    own = "# Inleiding\n\nAl begonnen aan maart.\n"
    (root / "2021-03" / "02-inleiding.md").write_text(own, encoding="utf-8")
    capsys.readouterr()

    assert project.cli("redactie", "--peildatum", "2021-03") == 0
    assert "de teksten van 2020-10" in capsys.readouterr().out
    new = root / "2021-03"
    assert (new / "02-inleiding.md").read_text(encoding="utf-8") == own  # not overwritten
    assert (new / "11-bijlage-4.md").read_text(encoding="utf-8") == "# Bijlage 4: Team WIR\n\nHet team.\n"
    assert (new / COVER_FILE).read_bytes() == (root / "2020-10" / COVER_FILE).read_bytes()
    # A later peildatum takes the latest earlier one; running it again changes nothing.
    before = fingerprint(root, "2021-03")
    assert project.cli("redactie", "--peildatum", "2021-03") == 0
    assert fingerprint(root, "2021-03") == before
    assert project.cli("redactie", "--peildatum", "2021-10") == 0
    assert (root / "2021-10" / "02-inleiding.md").read_text(encoding="utf-8") == own


def test_without_a_folder_the_report_texts_are_the_skeleton_marked_as_such(tmp_path):
    texts = load_texts(tmp_path / "leeg", "2020-10")
    assert not texts.from_analysts
    assert texts.chapters[0].name == "standaardsjabloon/01-samenvatting.md"


def test_a_changed_chapter_changes_the_fingerprint(tmp_path):
    (tmp_path / "2020-10").mkdir()
    chapter = tmp_path / "2020-10" / "02-inleiding.md"
    chapter.write_text("# Inleiding\n", encoding="utf-8")
    first = fingerprint(tmp_path, "2020-10")
    chapter.write_text("# Inleiding\n\nMeer.\n", encoding="utf-8")
    assert fingerprint(tmp_path, "2020-10") != first
