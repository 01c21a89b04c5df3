"""The published figures of seed 003 (ZN Voortgangsrapportage, januari 2021; peildatum 31 oktober 2020).

Transcribed by hand from `/work/shared/seeds/003_cb9578c68a09ffe7.txt`; nothing here is computed.
Rows are keyed by the vocabulary LABEL of `pipeline/reference/vocabulaire.csv` (where the seed prints
an alias, the label is used and the alias noted); columns by the Dutch period label (`okt-20`).
Only the rows the seed prints are listed: a vocabulary label that is absent (e.g. `Nog onbekend` in
Tabel 11 or in the Impact block of Tabel 12) is 0 in the seed.
"""

from __future__ import annotations

PERIODEN = ("mrt-19", "okt-19", "mrt-20", "okt-20")
PROJECT_PERIODEN = ("mrt-20", "okt-20")

# --- Hoofdstuk 2: processtatus van de 34 (sub)regio's ------------------------------------------------

# Tabel 1: Stand van zaken fasering plan- en projectontwikkeling in zorgkantoorregio's.
AFSPRAKEN = {
    "Fase 1: Voorbereidingsfase": {"mrt-19": 1, "okt-19": 0, "mrt-20": 0, "okt-20": 0},
    "Fase 2: Inventarisatiefase": {"mrt-19": 7, "okt-19": 7, "mrt-20": 3, "okt-20": 0},
    "Fase 3: Plan van aanpak": {"mrt-19": 10, "okt-19": 6, "mrt-20": 4, "okt-20": 2},
    "Fase 4: Implementatiefase": {"mrt-19": 16, "okt-19": 21, "mrt-20": 27, "okt-20": 32},
}

# Tabel 2: Ontwikkeling van de samenwerkingsdynamiek verpleeghuizen in de regio.
DYNAMIEK = {
    "Fase 1: Autonome organisaties": {"mrt-19": 2, "okt-19": 1, "mrt-20": 0, "okt-20": 0},
    "Fase 2: Samenwerking vanwege ontwikkelplannen": {"mrt-19": 14, "okt-19": 12, "mrt-20": 4, "okt-20": 0},
    "Fase 3: Intrinsieke motivatie": {"mrt-19": 17, "okt-19": 19, "mrt-20": 13, "okt-20": 11},
    "Fase 4: Samenwerking vanuit visie": {"mrt-19": 1, "okt-19": 2, "mrt-20": 17, "okt-20": 23},
}

# Tabel 3: Stand van zaken ontwikkeling regionale visies.
VISIE = {
    "Fase 1: Nog geen afspraak over": {"mrt-19": 4, "okt-19": 0, "mrt-20": 0, "okt-20": 0},
    "Fase 2: Alleen als afspraak / actie vastgelegd": {"mrt-19": 15, "okt-19": 11, "mrt-20": 4, "okt-20": 0},
    "Fase 3: Voorbereidingen getroffen": {"mrt-19": 13, "okt-19": 8, "mrt-20": 6, "okt-20": 2},
    "Fase 4: Dialoogsessie": {"mrt-19": 2, "okt-19": 13, "mrt-20": 16, "okt-20": 14},
    "Fase 5: Strategische keuzes": {"mrt-19": 0, "okt-19": 2, "mrt-20": 8, "okt-20": 18},
}

# The Totaal row under each of Tabel 1–3.
REGIO_TOTAAL = {"mrt-19": 34, "okt-19": 34, "mrt-20": 34, "okt-20": 34}

# --- Hoofdstuk 4: analyse transitieplannen ------------------------------------------------------------

# Number of projects per peildatum (Totaal rows of Tabel 6, 8, 10, 11; text: "268" and "318 projecten").
PROJECTEN = {"mrt-20": 268, "okt-20": 318}

# Tabel 4: Verdeling transitieplannen over concessiehouders (okt-20).
RAPPORTAGEGROEPEN = ("CZ", "Zilveren Kruis (De Friesland)", "ENO", "Menzis", "VGZ", "Zilveren Kruis", "Z&Z")
_T4_COLUMNS = (*RAPPORTAGEGROEPEN, "Totaal")
_T4_ROWS = {
    "Anders opleiden / samenwerking met onderwijs": (6, 0, 1, 2, 10, 3, 3, 25),
    "Anders werken": (5, 0, 0, 2, 1, 5, 2, 15),
    "Behandelfunctie / SOG": (4, 0, 0, 2, 9, 8, 1, 24),
    "Efficiënt werken": (0, 0, 0, 0, 0, 0, 0, 0),
    "Leren en verbeteren": (3, 1, 0, 2, 0, 8, 2, 16),
    "Nieuwe professionals aantrekken": (8, 1, 0, 9, 12, 3, 2, 35),
    "Persoonsgerichte zorg": (5, 0, 0, 3, 5, 8, 3, 24),
    "Professionals behouden": (7, 1, 0, 13, 12, 5, 1, 39),
    "Regionale strategievorming": (1, 2, 2, 4, 11, 16, 0, 36),
    "Samenwerking in de keten": (14, 7, 3, 1, 4, 27, 2, 58),
    "Technologie": (12, 2, 1, 5, 12, 12, 2, 46),
}
RUBRIEK_X_CONCESSIEHOUDER = {
    rubriek: dict(zip(_T4_COLUMNS, counts, strict=True)) for rubriek, counts in _T4_ROWS.items()
}
RUBRIEK_TOTAAL = dict(zip(_T4_COLUMNS, (65, 14, 7, 43, 76, 95, 18, 318), strict=True))

# Tabel 5: Betrokkenheid zorgaanbieders. The seed's row "Meer dan 10" is the vocabulary's "10 of meer".
BETROKKENHEID = {
    "1 tot 3": {"mrt-20": 24, "okt-20": 20},
    "4 tot 6": {"mrt-20": 92, "okt-20": 95},
    "7 tot 9": {"mrt-20": 92, "okt-20": 122},
    "10 of meer": {"mrt-20": 60, "okt-20": 61},
}
# NOT printed in the seed, derived: the columns sum to 268 (mrt-20) and 298 (okt-20) while there are
# 268 and 318 projects, so 318 - 298 = 20 projects of okt-20 have an unknown number of organisations.
BETROKKENHEID_ONBEKEND = {"mrt-20": 0, "okt-20": 20}

# Tabel 6: Projectstatus plannen.
PROJECTSTATUS = {
    "Afgerond en niet succesvol verlopen": {"mrt-20": 5, "okt-20": 7},
    "Afgerond en succesvol verlopen": {"mrt-20": 12, "okt-20": 31},
    "Lopend": {"mrt-20": 237, "okt-20": 244},
    "Nog niet gestart": {"mrt-20": 8, "okt-20": 30},
    "Vroegtijdig gestopt of helemaal niet gestart": {"mrt-20": 6, "okt-20": 6},
}

# Tabel 7: Verschuiving thema's nieuwe projecten (okt-20). Column names as in the monitor's output
# (the seed prints "Start in 2021" and "Aanvang 2018-2019"); percentages as printed (3,5% → 0.035).
NIEUWE_PROJECTEN_KOLOMMEN = (
    "Start 2020", "Start 2021", "Totaal 2020 - 2021", "Procentueel", "Aanvang 2018 - 2019", "Procentueel (aanvang)",
)
_T7_ROWS = {
    "Anders opleiden / samenwerking met onderwijs": (2, 2, 4, 0.035, 21, 0.1024),
    "Anders werken": (8, 1, 9, 0.080, 6, 0.0293),
    "Behandelfunctie / SOG": (3, 1, 4, 0.035, 20, 0.0976),
    "Efficiënt werken": (0, 0, 0, 0.000, 0, 0.0000),
    "Leren en verbeteren": (1, 2, 3, 0.027, 13, 0.0634),
    "Nieuwe professionals aantrekken": (5, 2, 7, 0.062, 28, 0.1366),
    "Persoonsgerichte zorg": (9, 4, 13, 0.115, 11, 0.0537),
    "Professionals behouden": (9, 1, 10, 0.088, 29, 0.1415),
    "Regionale strategievorming": (16, 3, 19, 0.168, 17, 0.0829),
    "Samenwerking in de keten": (17, 12, 29, 0.257, 29, 0.1415),
    "Technologie": (13, 2, 15, 0.133, 31, 0.1512),
}
NIEUWE_PROJECTEN = {
    rubriek: dict(zip(NIEUWE_PROJECTEN_KOLOMMEN, values, strict=True)) for rubriek, values in _T7_ROWS.items()
}
NIEUWE_PROJECTEN_TOTAAL = dict(zip(NIEUWE_PROJECTEN_KOLOMMEN, (83, 30, 113, 1.000, 205, 1.0000), strict=True))
# Printed precision of the two percentage columns, in decimals of the fraction (3,5% / 10,24%).
NIEUWE_PROJECTEN_PRECISIE = {"Procentueel": 3, "Procentueel (aanvang)": 4}

# Tabel 8: Impact projecten.
IMPACT = {
    "Op kleine schaal met beperkte betekenis": {"mrt-20": 38, "okt-20": 40},
    "Op kleine schaal met veel betekenis": {"mrt-20": 41, "okt-20": 54},
    "Op gemiddelde schaal met beperkte betekenis": {"mrt-20": 26, "okt-20": 27},
    "Op gemiddelde schaal met veel betekenis": {"mrt-20": 80, "okt-20": 111},
    "Op grote schaal met beperkte betekenis": {"mrt-20": 8, "okt-20": 12},
    "Op grote schaal met grote betekenis": {"mrt-20": 67, "okt-20": 74},
    "Nog onbekend": {"mrt-20": 8, "okt-20": 0},
}

# Tabel 10: Deelbare resultaten. (The seed has no Tabel 9.)
DELEN = {
    "Nee, geen resultaten te delen": {"mrt-20": 48, "okt-20": 69},
    "Nee, werk in uitvoering, wel in de nabije toekomst": {"mrt-20": 103, "okt-20": 93},
    "Ja, vanwege meerdere redenen": {"mrt-20": 100, "okt-20": 156},
    "Nog onbekend": {"mrt-20": 17, "okt-20": 0},
}

# Tabel 11: Analyse opschaalbaarheid (no "Nog onbekend" row: 0 in both periods).
OPSCHAALBAARHEID = {
    "Niet zinvol om op te schalen": {"mrt-20": 44, "okt-20": 54},
    "Nee, is nog niet zinvol": {"mrt-20": 98, "okt-20": 86},
    "Ja, alleen in deze regio": {"mrt-20": 34, "okt-20": 58},
    "Ja naar enkele andere regio's": {"mrt-20": 62, "okt-20": 77},
    "Ja, landelijk opschaalbaar": {"mrt-20": 30, "okt-20": 43},
}

# Tabel 12: Ontwikkeling thema technologie (the projects of hoofdrubriek Technologie).
THEMA_TECHNOLOGIE = {
    "Impact": {
        "Op kleine schaal met beperkte betekenis": {"mrt-20": 5, "okt-20": 5},
        "Op kleine schaal met veel betekenis": {"mrt-20": 4, "okt-20": 5},
        "Op gemiddelde schaal met beperkte betekenis": {"mrt-20": 3, "okt-20": 2},
        "Op gemiddelde schaal met veel betekenis": {"mrt-20": 16, "okt-20": 18},
        "Op grote schaal met beperkte betekenis": {"mrt-20": 1, "okt-20": 1},
        "Op grote schaal met grote betekenis": {"mrt-20": 12, "okt-20": 15},
    },
    "Resultaten te delen": {
        "Nee, geen resultaten te delen": {"mrt-20": 3, "okt-20": 5},
        "Nee, werk in uitvoering, wel in de nabije toekomst": {"mrt-20": 21, "okt-20": 16},
        "Ja, vanwege meerdere redenen": {"mrt-20": 14, "okt-20": 25},
        "Nog onbekend": {"mrt-20": 3, "okt-20": 0},
    },
    "Opschaalbaar": {
        "Niet zinvol om op te schalen": {"mrt-20": 4, "okt-20": 2},
        "Nee, is nog niet zinvol": {"mrt-20": 16, "okt-20": 12},
        "Ja, alleen in deze regio": {"mrt-20": 3, "okt-20": 8},
        "Ja naar enkele andere regio's": {"mrt-20": 8, "okt-20": 11},
        "Ja, landelijk opschaalbaar": {"mrt-20": 10, "okt-20": 13},
    },
}
# The Totaal row of each block.
THEMA_TECHNOLOGIE_TOTAAL = {"mrt-20": 41, "okt-20": 46}

# --- Bijlage 1: processtatus per regio, okt-20 ---------------------------------------------------------
# (Zorgkantoorregio, Afspraken / Convenanten, Stip op de Horizon (= visie), Ontwikkelfase (= dynamiek)),
# verbatim incl. the seed's spellings ("AM- Regio …", "Zuid - Limburg", "Dialogosessie" next to "Dialoogsessie").
BIJLAGE_1 = [
    ("AM - Regio Zeeland", "Fase 4: Implementatiefase", "Fase 5: Strategische keuzes",
     "Fase 4: Samenwerking vanuit visie"),
    ("AM - Regio West-Brabant", "Fase 4: Implementatiefase", "Fase 5: Strategische keuzes",
     "Fase 4: Samenwerking vanuit visie"),
    ("AM- Regio Zuid-Hollandse Eilanden", "Fase 4: Implementatiefase", "Fase 4: Dialogosessie",
     "Fase 3: Intrinsieke motivatie"),
    ("AM - Regio Haaglanden", "Fase 4: Implementatiefase", "Fase 4: Dialogosessie",
     "Fase 3: Intrinsieke motivatie"),
    ("AM - Regio Zuid - Limburg", "Fase 4: Implementatiefase", "Fase 4: Dialogosessie",
     "Fase 3: Intrinsieke motivatie"),
    ("AM - Regio Zuid- Oost-Brabant", "Fase 4: Implementatiefase", "Fase 4: Dialogosessie",
     "Fase 4: Samenwerking vanuit visie"),
    ("AM - Regio Friesland", "Fase 4: Implementatiefase", "Fase 5: Strategische keuzes",
     "Fase 4: Samenwerking vanuit visie"),
    ("AM - Regio Midden-IJssel", "Fase 4: Implementatiefase", "Fase 5: Strategische keuzes",
     "Fase 4: Samenwerking vanuit visie"),
    ("AM - Regio Groningen", "Fase 4: Implementatiefase", "Fase 5: Strategische keuzes",
     "Fase 4: Samenwerking vanuit visie"),
    ("AM - Regio Twente", "Fase 4: Implementatiefase", "Fase 4: Dialogosessie",
     "Fase 4: Samenwerking vanuit visie"),
    ("AM - Regio Arnhem (subregio Arnhem)", "Fase 4: Implementatiefase", "Fase 4: Dialogosessie",
     "Fase 3: Intrinsieke motivatie"),
    ("AM - Regio Arnhem (subregio Food Valley)", "Fase 4: Implementatiefase", "Fase 5: Strategische keuzes",
     "Fase 3: Intrinsieke motivatie"),
    ("AM - Regio Arnhem (subregio Achterhoek)", "Fase 4: Implementatiefase", "Fase 4: Dialogosessie",
     "Fase 4: Samenwerking vanuit visie"),
    ("AM - Regio Waardenland", "Fase 4: Implementatiefase", "Fase 5: Strategische keuzes",
     "Fase 4: Samenwerking vanuit visie"),
    ("AM - Regio Midden-Holland", "Fase 4: Implementatiefase", "Fase 5: Strategische keuzes",
     "Fase 4: Samenwerking vanuit visie"),
    ("AM - Regio Midden-Brabant", "Fase 4: Implementatiefase", "Fase 5: Strategische keuzes",
     "Fase 4: Samenwerking vanuit visie"),
    ("AM - Regio Noord- Oost-Brabant", "Fase 4: Implementatiefase", "Fase 4: Dialogosessie",
     "Fase 4: Samenwerking vanuit visie"),
    ("AM - Regio Noord-Holland Noord", "Fase 4: Implementatiefase", "Fase 5: Strategische keuzes",
     "Fase 4: Samenwerking vanuit visie"),
    ("AM - Regio Noord-Midden-Limburg", "Fase 4: Implementatiefase", "Fase 4: Dialogosessie",
     "Fase 4: Samenwerking vanuit visie"),
    ("AM - Regio Nijmegen (subregio Nijmegen)", "Fase 4: Implementatiefase", "Fase 5: Strategische keuzes",
     "Fase 4: Samenwerking vanuit visie"),
    ("AM - Regio Nijmegen (subregio Rivierenland)", "Fase 4: Implementatiefase", "Fase 4: Dialoogsessie",
     "Fase 3: Intrinsieke motivatie"),
    ("AM - Regio Amstelland/Meerlanden", "Fase 4: Implementatiefase", "Fase 3: Voorbereidingen getroffen",
     "Fase 3: Intrinsieke motivatie"),
    ("AM - Regio Zuid-HollandNoord", "Fase 4: Implementatiefase", "Fase 3: Voorbereidingen getroffen",
     "Fase 3: Intrinsieke motivatie"),
    ("AM - Regio Rotterdam", "Fase 4: Implementatiefase", "Fase 5: Strategische keuzes",
     "Fase 4: Samenwerking vanuit visie"),
    ("AM - Regio Rotterdam (subregio Capelle / Krimpen)", "Fase 4: Implementatiefase",
     "Fase 5: Strategische keuzes", "Fase 4: Samenwerking vanuit visie"),
    ("AM - Regio Drenthe", "Fase 4: Implementatiefase", "Fase 5: Strategische keuzes",
     "Fase 4: Samenwerking vanuit visie"),
    ("AM - Regio Groot Amsterdam", "Fase 4: Implementatiefase", "Fase 5: Strategische keuzes",
     "Fase 4: Samenwerking vanuit visie"),
    ("AM - Regio Zwolle", "Fase 3: Plan van aanpak", "Fase 4: Dialoogsessie", "Fase 3: Intrinsieke motivatie"),
    ("AM - Regio Apeldoorn/Zutphen", "Fase 3: Plan van aanpak", "Fase 4: Dialoogsessie",
     "Fase 3: Intrinsieke motivatie"),
    ("AM - Regio Flevoland", "Fase 4: Implementatiefase", "Fase 4: Dialoogsessie",
     "Fase 4: Samenwerking vanuit visie"),
    ("AM - Regio Kennemerland", "Fase 4: Implementatiefase", "Fase 5: Strategische keuzes",
     "Fase 4: Samenwerking vanuit visie"),
    ("AM - Regio Zaanstreek/Waterland", "Fase 4: Implementatiefase", "Fase 5: Strategische keuzes",
     "Fase 4: Samenwerking vanuit visie"),
    ("AM - Regio Utrecht", "Fase 4: Implementatiefase", "Fase 5: Strategische keuzes",
     "Fase 3: Intrinsieke motivatie"),
    ("AM - Regio 't Gooi", "Fase 4: Implementatiefase", "Fase 4: Dialoogsessie",
     "Fase 4: Samenwerking vanuit visie"),
]
