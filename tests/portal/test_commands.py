"""`wir-monitor gebruiker toevoegen|wachtwoord|token` as the contract has them, with Dutch messages."""

from __future__ import annotations

import io

import pytest

from pipeline.cli import main
from pipeline.portal.models import ApiToken, User

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _environment(folders, monkeypatch):
    monkeypatch.setenv("WIR_PORTAL_SECRET_KEY", "test")  # setup_django would otherwise keep one in the folder


def test_add_set_password_and_token(monkeypatch, capsys):
    assert main(["gebruiker", "toevoegen", "--email", "J.Jansen@CZ.nl", "--rol", "zorgkantoor",
                 "--zorgkantoor", "cz"]) == 0
    user = User.objects.get(email="j.jansen@cz.nl")
    assert (user.rol, user.zorgkantoor, user.has_usable_password()) == ("zorgkantoor", "CZ", False)
    monkeypatch.setattr("sys.stdin", io.StringIO("een lang wachtwoord 42\n"))
    assert main(["gebruiker", "wachtwoord", "--email", "j.jansen@cz.nl"]) == 0
    user.refresh_from_db()
    assert user.check_password("een lang wachtwoord 42")
    capsys.readouterr()
    assert main(["gebruiker", "token", "--email", "j.jansen@cz.nl"]) == 0
    token = capsys.readouterr().out.strip()
    assert ApiToken.objects.get(user=user).key_hash == ApiToken.hash(token)
    assert token not in ApiToken.objects.get(user=user).key_hash


@pytest.mark.parametrize(("args", "message"), [
    (["--rol", "zorgkantoor", "--zorgkantoor", "Atlantis"], "Geef met --zorgkantoor een van deze zorgkantoren op"),
    (["--rol", "zorgkantoor"], "Geef met --zorgkantoor"),
    (["--rol", "analist", "--zorgkantoor", "CZ"], "--zorgkantoor hoort alleen bij --rol zorgkantoor"),
])
def test_add_refuses_with_a_dutch_message(args, message, capsys):
    assert main(["gebruiker", "toevoegen", "--email", "a@example.nl", *args]) == 1
    assert message in capsys.readouterr().err
    assert not User.objects.exists()


def test_a_weak_password_is_refused(monkeypatch, capsys):
    main(["gebruiker", "toevoegen", "--email", "a@example.nl", "--rol", "lezer"])
    monkeypatch.setattr("sys.stdin", io.StringIO("kort\n"))
    assert main(["gebruiker", "wachtwoord", "--email", "a@example.nl"]) == 1
    assert "te kort" in capsys.readouterr().err
    assert not User.objects.get().has_usable_password()


def test_an_unknown_account(capsys):
    assert main(["gebruiker", "token", "--email", "niemand@example.nl"]) == 1
    assert "Er is geen account met e-mailadres niemand@example.nl" in capsys.readouterr().err
