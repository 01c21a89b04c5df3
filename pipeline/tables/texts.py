"""Sheet names, titles and header texts of the tables workbook (Outputs v1), in one place."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TableText:
    sheet: str
    title: str
    dimension: str


TEXTS = {
    "afspraken": TableText("Afspraken", "Stand van zaken fasering plan- en projectontwikkeling "
                           "(afspraken en convenanten) in de regio's", "Afspraken / convenanten"),
    "dynamiek": TableText("Dynamiek", "Ontwikkeling van de samenwerkingsdynamiek in de regio's",
                          "Samenwerkingsdynamiek"),
    "visie": TableText("Visie", "Stand van zaken ontwikkeling regionale visie (stip op de horizon)",
                       "Regiovisie"),
    "rubriek_x_concessiehouder": TableText("Rubriek x concessiehouder",
                                           "Verdeling transitieplannen over hoofdrubrieken en concessiehouders",
                                           "Hoofdrubriek"),
    "betrokkenheid": TableText("Betrokkenheid", "Betrokkenheid zorgaanbieders: aantal betrokken "
                               "zorgorganisaties per project", "Aantal betrokken zorgorganisaties"),
    "projectstatus": TableText("Projectstatus", "Projectstatus van alle projecten", "Projectstatus"),
    "nieuwe_projecten": TableText("Nieuwe projecten", "Verschuiving thema's: projecten naar startjaar",
                                  "Hoofdrubriek"),
    "impact": TableText("Impact", "Mate van impact van de projecten", "Mate van impact"),
    "delen": TableText("Delen resultaten", "Deelbare resultaten", "Delen van resultaten"),
    "opschaalbaarheid": TableText("Opschaalbaarheid", "Analyse opschaalbaarheid", "Opschaalbaarheid"),
    "opschaalbaarheid_x_rubriek": TableText("Opschaalbaarheid x rubriek", "Opschaalbaarheid per hoofdrubriek",
                                            "Hoofdrubriek"),
    "begroting_x_rubriek": TableText("Begroting x rubriek", "Begroting van de projecten per hoofdrubriek",
                                     "Hoofdrubriek"),
    "begroting_x_concessiehouder": TableText("Begroting x concessiehouder",
                                             "Begroting van de projecten per concessiehouder", "Concessiehouder"),
    "trend_fasen": TableText("Ontwikkeling fasen", "Aandeel regio's in de hoogste fase, per peildatum",
                             "Hoogste fase"),
    "trend_projectstatus": TableText("Ontwikkeling projectstatus", "Projecten naar status, per peildatum",
                                     "Projectstatus"),
    "regios": TableText("Regio's", "Fase van ontwikkeling per regio", "Regio"),
    "datakwaliteit": TableText("Datakwaliteit", "Aanleveringen per zorgkantoor", "Zorgkantoor"),
}

# The column order of the concessiehouder table as the report has always printed it (Outputs v1).
RAPPORTAGEGROEP_ORDER = ("CZ", "Zilveren Kruis (De Friesland)", "ENO", "Menzis", "VGZ", "Zilveren Kruis", "Z&Z")

THEME_SHEET = "Thema {label}"
THEME_TITLE = "Ontwikkeling thema {label}"
THEME_BLOCKS = {"impact": "Impact", "delen": "Resultaten te delen", "opschaalbaarheid": "Opschaalbaar"}
PUBLISHED_THEME = "TE"  # Technologie: the theme profile the workbook carries

NOT_DELIVERED = "Niet aangeleverd"
PERCENTAGE = "Procentueel"
PHASE_COLUMNS = {"afspraken": "Afspraken / convenanten", "dynamiek": "Samenwerkingsdynamiek",
                 "visie": "Regiovisie"}
QUALITY_COLUMNS = ("Status", "Ontvangen op", "Tijdigheid", "Fouten", "Waarschuwingen", "Regio's aangeleverd",
                   "Regio's verwacht")
STATUS_IN_FORCE = "geaccepteerd"
STATUS_IN_FORCE_NEWER_REJECTED = "geaccepteerd; nieuwere versie afgewezen"
STATUS_REJECTED = "afgewezen"
STATUS_MISSING = "niet ontvangen"
OUTSIDE_NOTE = "buiten de landelijke tabellen"  # after the name of a zorgkantoor without reporting regions
