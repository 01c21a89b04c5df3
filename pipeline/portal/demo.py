"""Demo accounts for `make portal`: one per zorgkantoor of the demo, an analyst and a ZN reader.

The passwords are new random ones on every call and are printed here only; they are never stored in clear.
"""

from __future__ import annotations

import secrets

DOMAIN = "demo.wir-monitor.nl"


def main() -> None:
    from pipeline.portal.commands import setup_django

    setup_django()
    from pipeline.naming import slug
    from pipeline.portal.accounts import add_user, new_token, set_password
    from pipeline.portal.models import User
    from pipeline.reference import load_reference

    wanted = [(f"{slug(holder)}@{DOMAIN}", "zorgkantoor", holder) for holder in load_reference().concessiehouders]
    wanted += [(f"analist@{DOMAIN}", "analist", None), (f"lezer@{DOMAIN}", "lezer", None)]
    print("Demo-accounts van het portaal (wachtwoorden gelden tot de volgende 'make portal'):")
    for email, rol, zorgkantoor in wanted:
        user = User.objects.filter(email=email).first() or add_user(email, rol, zorgkantoor, goedkeuren=rol == "lezer")
        password = secrets.token_urlsafe(12)
        set_password(user, password)
        print(f"  {email:<40} {password}   ({rol}{f', {zorgkantoor}' if zorgkantoor else ''})")
    token = new_token(User.objects.get(email=f"cz@{DOMAIN}"))
    print(f"API-token van cz@{DOMAIN}: {token}")


if __name__ == "__main__":
    main()
