"""Every Dutch text of the submission template, in one place so the wording can be reviewed at once."""

from __future__ import annotations

from pipeline.intake import layout
from pipeline.periods import long_label

SHEET_INSTRUCTIE = "Instructie"
SHEET_LIJSTEN = "Lijsten"

AANLEVERING_HINT = "Vooraf ingevuld; niet wijzigen."

LIST_ERROR_TITLE = "Ongeldige waarde"
LIST_ERROR = "Kies een waarde uit de keuzelijst."
REGION_ERROR = "Kies een regio van uw zorgkantoor uit de keuzelijst."
START_YEAR_ERROR = "Vul een jaartal in van {low} t/m {high}."
INVOLVED_ERROR = "Vul een geheel getal van {low} t/m {high} in, of laat de cel leeg als het onbekend is."
BUDGET_ERROR = "Vul een bedrag in euro's in van {low} t/m {high}, alleen cijfers."
NUMBER_ERROR_TITLE = "Ongeldig getal"
TEXT_ERROR = "Deze tekst is te lang: hoogstens {limit} tekens. Kort de tekst in."
TEXT_ERROR_TITLE = "Tekst te lang"
# Shown when a cell is selected (Excel's input message), so the limits are known before typing.
START_YEAR_PROMPT_TITLE = "Startjaar"
START_YEAR_PROMPT = "Een jaartal van {low} t/m {high}."
INVOLVED_PROMPT_TITLE = "Geheel getal"
INVOLVED_PROMPT = "Een geheel getal van {low} t/m {high}; laat de cel leeg als het onbekend is."
BUDGET_PROMPT_TITLE = "Bedrag in euro's"
BUDGET_PROMPT = "Een bedrag van {low} t/m {high} euro, alleen cijfers; laat de cel leeg als het onbekend is."
TEXT_PROMPT_TITLE = "Tekst"
TEXT_PROMPT = "Hoogstens {limit} tekens."


def instruction_lines(zorgkantoor: str, peildatum: str) -> list[tuple[str, str]]:
    """(style, text) per row of the Instructie sheet; style is title, heading or text."""
    required = ", ".join(c.header for c in layout.PROJECT_COLUMNS if c.required)
    return [
        ("title", f"Aanlevering WIR-monitor: {zorgkantoor}, peildatum {long_label(peildatum)}"),
        ("text", "Met dit bestand levert u twee keer per jaar de stand van zaken van de regionale "
                 "samenwerking en de regionale projecten aan bij team WIR."),
        ("heading", "Wat vult u in?"),
        ("text", f"Tabblad '{layout.SHEET_AANLEVERING}': zorgkantoor, peildatum en templateversie zijn "
                 "al ingevuld. Wijzig deze niet."),
        ("text", f"Tabblad '{layout.SHEET_REGIOS}': één rij per (sub)regio van uw zorgkantoor. De regio's "
                 "staan al klaar. Kies per regio de drie fasen uit de keuzelijsten; de toelichting is "
                 "optioneel."),
        ("text", f"Tabblad '{layout.SHEET_PROJECTEN}': één rij per regionaal project. Verplicht zijn: "
                 f"{required}. Heeft u (nog) geen projectregistratie, laat het tabblad dan leeg."),
        ("heading", "Let op"),
        ("text", "Geef elk project een vast Project-ID en gebruik dat ID bij elke volgende peildatum "
                 "opnieuw (bijvoorbeeld CZ-0007). Een nieuw project krijgt een nieuw ID; een afgerond of "
                 "gestopt project blijft staan met de passende projectstatus."),
        ("text", "Lege optionele cellen betekenen 'Nog onbekend' (bij het aantal betrokken "
                 "zorgorganisaties: onbekend)."),
        ("text", "Kies waarden uit de keuzelijsten. Plakt u gegevens uit een ander bestand, controleer "
                 "dan of de waarden in de keuzelijst voorkomen."),
        ("heading", "Versturen"),
        ("text", "Sla het bestand op als Excel-werkmap (.xlsx) en stuur het naar team WIR. De uiterste "
                 "aanleverdatum staat niet in dit bestand: die ontvangt u van team WIR."),
        ("text", "U krijgt op elke aanlevering een terugkoppeling: geaccepteerd of afgewezen, met de "
                 "punten die aandacht vragen. Een verbeterde versie kunt u opnieuw sturen; de nieuwste "
                 "geaccepteerde versie telt."),
    ]
