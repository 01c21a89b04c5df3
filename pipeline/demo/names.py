"""Dutch project names from elderly-care practice, per hoofdrubriek code, and short place names."""

from __future__ import annotations

import re

NAMES = {
    "AO": ("Leerplatform REIN", "Praktijkleren BBL-academie", "Ketenstage MBO-V", "Regionale leerwerkplaats",
           "Leren is Werken, Werken is Leren", "Opleiden in de wijk", "Scholing digitale vaardigheden"),
    "AW": ("Regionale flexpool", "Zelforganiserende teams", "Nieuwe functiemix VVT", "Anders roosteren",
           "Zorgassistent in de huiskamer", "Inzet gastvrouwen en -heren"),
    "BF": ("Duurzame medische zorg SO", "Regioverpleegkundige ANW", "Gezamenlijke ANW-dienst SO",
           "Verpleegkundig specialist in de eerste lijn", "Consultatieteam probleemgedrag",
           "Expertisecentrum dementie"),
    "EW": ("Slimme planning wijkzorg", "Minder administratieve lasten", "Gezamenlijke inkoop hulpmiddelen"),
    "LV": ("Teamreflectie en veerkracht", "Lerend netwerk kwaliteit", "Regionale leercirkels",
           "Intervisie verpleeghuizen", "Kwaliteitsplan in de praktijk"),
    "NP": ("Zij-instroomtraject verzorgenden", "Regionale wervingscampagne zorg", "Traineeship verpleegkundigen",
           "Herintreders in de ouderenzorg", "Statushouders in de zorg", "Zorgbaan op proef",
           "Gastlessen op scholen"),
    "PZ": ("Leefstijlcoach", "Zinvolle daginvulling", "Verpleeghuiszorg thuis", "Familieparticipatie",
           "Onbegrepen gedrag", "Levensverhaal centraal"),
    "PB": ("Werkcoach in de zorg", "Loopbaanplein VVT", "Vitaal aan het werk", "Behoud van leerlingen",
           "Landingsbaan nieuwe medewerkers", "Mentorprogramma startende verpleegkundigen",
           "Goed werkgeverschap"),
    "RS": ("Regiovisie 2030", "Regioanalyse capaciteit ouderenzorg", "Toekomstscenario's verpleeghuiszorg",
           "Stip op de horizon", "Regionaal capaciteitsplan", "Woonzorgvisie met gemeenten"),
    "SK": ("Coördinatiepunt ELV", "Transmurale zorg ouderen", "Juiste zorg op de juiste plaats",
           "Crisisbedden Wlz", "Regionale wachtlijstbemiddeling", "Samenwerking huisarts en SO",
           "Ketenzorg dementie", "Medicatieveiligheid met apotheken"),
    "TE": ("Spraakgestuurd ECD", "Slimme bril in de zorg", "Domotica en leefcirkels",
           "Beeldbellen met mantelzorgers", "Innovatielab zorgtechnologie", "Sensoren in de nachtzorg",
           "Zorgrobot in de huiskamer"),
}
GENERIC = ("Regionaal project ouderenzorg", "Samen werken aan kwaliteit", "Pilot verpleeghuiszorg")
_SUBREGION = re.compile(r"\(subregio ([^)]+)\)")


def place(regio: str) -> str:
    """'Nijmegen (subregio Rivierenland)' → 'Rivierenland'."""
    match = _SUBREGION.search(regio)
    return match.group(1) if match else regio


def unique_name(base: str, regio: str, taken: set[str]) -> str:
    """A name not yet used by this zorgkantoor: a repeated project is a 'vervolg'."""
    name = f"{base} {place(regio)}"
    candidate, follow_up = name, 1
    while candidate in taken:
        candidate = f"{name}, vervolg" + (f" {follow_up}" if follow_up > 1 else "")
        follow_up += 1
    taken.add(candidate)
    return candidate
