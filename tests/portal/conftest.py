"""Fixtures: a project folder (raw, warehouse, reports, archive) per test, accounts, and workbooks."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.test import Client

from pipeline.portal.accounts import add_user, new_token, set_password
from pipeline.reference import load_reference
from tests.builders import SubmissionBook, cz_book, cz_regions, project_row, region_row

PASSWORD = "een lang wachtwoord 42"


@dataclass
class Folders:
    root: Path

    @property
    def raw(self) -> Path:
        return self.root / "raw"

    @property
    def warehouse(self) -> Path:
        return self.root / "data" / "warehouse.duckdb"

    @property
    def reports(self) -> Path:
        return self.root / "reports"

    @property
    def archive(self) -> Path:
        return self.root / "data" / "archief"

    @property
    def portal(self) -> Path:
        return self.root / "data" / "portaal"


@pytest.fixture
def folders(tmp_path, monkeypatch, settings) -> Folders:
    found = Folders(tmp_path)
    monkeypatch.setenv("WIR_RAW_DIR", str(found.raw))
    monkeypatch.setenv("WIR_WAREHOUSE", str(found.warehouse))
    monkeypatch.setenv("WIR_REPORTS_DIR", str(found.reports))
    monkeypatch.delenv("WIR_ARCHIVE_DIR", raising=False)
    settings.PORTAL_DIR = found.portal
    settings.UPLOAD_DIR = str(found.portal / "ontvangst")
    settings.WIR_PORTAL_SYNC_SECONDS = 0
    return found


def vgz_regions() -> list[dict]:
    return [region_row(r.regio) for r in load_reference().regions_of("VGZ")]


def faulty_book() -> SubmissionBook:
    """The two near misses of the issue: 'Afgerond' and 'Fase 5: Strategische keuze'."""
    return cz_book(regions=[region_row("Zeeland", visie="Fase 5: Strategische keuze"), *cz_regions()[1:]],
                   projects=[project_row("CZ-1", "Zeeland", Projectstatus="Afgerond"),
                             project_row("CZ-2", "Haaglanden")])


def corrected_book() -> SubmissionBook:
    return cz_book(regions=[region_row("Zeeland", visie="Fase 5: Strategische keuzes"), *cz_regions()[1:]],
                   projects=[project_row("CZ-1", "Zeeland", Projectstatus="Afgerond en succesvol verlopen"),
                             project_row("CZ-2", "Haaglanden")])


def vgz_book() -> SubmissionBook:
    return SubmissionBook(zorgkantoor="VGZ", regions=vgz_regions(), projects=[])


@pytest.fixture(scope="session")
def workbooks(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("werkmappen")
    return {name: book.write(folder / f"{name}.xlsx") for name, book in {
        "fout": faulty_book(), "goed": corrected_book(), "vgz": vgz_book()}.items()}


@dataclass
class Account:
    user: object
    token: str

    def client(self) -> Client:
        client = Client()
        client.force_login(self.user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    def api(self) -> Client:
        return Client(HTTP_AUTHORIZATION=f"Token {self.token}")


def account(email: str, rol: str, zorgkantoor: str | None = None, password: bool = False) -> Account:
    """An account made as the CLI makes it; a password (Argon2, deliberately slow) only where a test logs in."""
    user = add_user(email, rol, zorgkantoor)
    if password:
        set_password(user, PASSWORD)
    return Account(user, new_token(user))


@pytest.fixture
def cz(db) -> Account:
    return account("cz@example.nl", "zorgkantoor", "CZ")


@pytest.fixture
def vgz(db) -> Account:
    return account("vgz@example.nl", "zorgkantoor", "VGZ")


@pytest.fixture
def analist(db) -> Account:
    return account("analist@example.nl", "analist")


class QuickArgon2(Argon2PasswordHasher):
    """Argon2 with small parameters for in-process tests only; the portal itself uses Django's defaults."""

    time_cost = 1
    memory_cost = 1024
    parallelism = 1


@pytest.fixture(autouse=True)
def _quick_hashing(settings):
    settings.PASSWORD_HASHERS = ["tests.portal.conftest.QuickArgon2"]
