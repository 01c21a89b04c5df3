"""Every Dutch text of the intake findings, in one place so the wording can be reviewed at once.

Each rule has a message (what is wrong, may use {placeholders}) and an action (what to do).
"""

from __future__ import annotations

from pipeline.intake.findings import FOUT, WAARSCHUWING, Finding
from pipeline.intake.values import lookalike_hint

RULES: dict[str, tuple[str, str, str]] = {
    # --- the file itself ---------------------------------------------------------------
    "bestand.onleesbaar": (
        FOUT,
        "Het bestand is geen leesbare Excel-werkmap: het bestand is beschadigd of onvolledig.",
        "Open het bestand in Excel, sla het op als Excel-werkmap (.xlsx) en lever het opnieuw aan.",
    ),
    "bestand.versleuteld": (
        FOUT,
        "Het bestand is beveiligd met een wachtwoord en kan niet worden gelezen.",
        "Verwijder de wachtwoordbeveiliging (Bestand > Info > Werkmap beveiligen) en lever opnieuw aan.",
    ),
    "bestand.formaat": (
        FOUT,
        "Het bestand is een {format}, geen Excel-werkmap.",
        "Vul het aanlevertemplate in en sla het op als Excel-werkmap (.xlsx).",
    ),
    "bestand.te_groot": (
        FOUT,
        "Het bestand is {size} MB; de grens is {limit} MB.",
        "Verwijder overbodige tabbladen, afbeeldingen en opmaak, of lever de gegevens in het aanlevertemplate aan.",
    ),
    "bestand.uitgepakt_te_groot": (
        FOUT,
        "Het bestand pakt uit tot {size} MB (grens {limit} MB){detail}; zo groot is een aanlevering nooit.",
        "Kopieer alleen de gegevens naar een nieuw aanlevertemplate en lever dat aan.",
    ),
    "blad.te_groot": (
        FOUT,
        "Het tabblad '{sheet}' loopt tot cel {value}: {rows} rijen en {cells} cellen; de grens is {max_rows} rijen "
        "en {max_cells} cellen. Het tabblad is daarom niet gelezen.",
        "Maak cel {value} en andere overbodige cellen rechts en onderaan het tabblad leeg, of verwijder die rijen en "
        "kolommen (Ctrl+End toont de laatste gebruikte cel), en lever opnieuw aan.",
    ),
    "bestand.dubbel_onderdeel": (
        FOUT,
        "Het bestand bevat het onderdeel '{value}' {count} keer; welke versie geldt, is niet te zeggen. Zo'n "
        "bestand maakt Excel niet; het is door een ander programma gemaakt of bewerkt.",
        "Open het bestand in Excel, controleer de gegevens, sla het op als Excel-werkmap (.xlsx) en lever het "
        "opnieuw aan.",
    ),
    "bestand.leesfout": (
        FOUT,
        "Het lezen van het bestand brak onverwacht af; het bestand is daarom niet beoordeeld.",
        "Open het bestand in Excel, sla het op als Excel-werkmap (.xlsx) en lever het opnieuw aan. Gebeurt dit "
        "weer, neem dan contact op met team WIR en noem het kenmerk van het bestand.",
    ),
    "bestand.te_traag": (
        FOUT,
        "Het lezen van het bestand duurde langer dan {limit} seconden en is afgebroken; een ingevuld template "
        "is in een paar seconden gelezen.",
        "Kopieer alleen de gegevens naar een nieuw aanlevertemplate en lever dat aan.",
    ),
    "bestand.geheugen": (
        FOUT,
        "Het lezen van het bestand vroeg meer dan {limit} MB werkgeheugen en is afgebroken; een ingevuld "
        "template heeft daar een fractie van nodig.",
        "Kopieer alleen de gegevens naar een nieuw aanlevertemplate en lever dat aan.",
    ),
    "bestand.ander_formaat": (
        WAARSCHUWING,
        "Het bestand is een {format}; het is gelezen, maar macro's zijn niet uitgevoerd.",
        "Lever voortaan aan als Excel-werkmap (.xlsx), op basis van het aanlevertemplate.",
    ),
    # --- structure -----------------------------------------------------------------------
    "blad.ontbreekt": (
        FOUT,
        "Het tabblad '{sheet}' ontbreekt.",
        "Gebruik het aanlevertemplate: dat bevat de tabbladen Aanlevering, Regio's en Projecten.",
    ),
    "blad.dubbel": (
        FOUT,
        "Het tabblad '{sheet}' staat er twee keer, als '{value}' en als '{other}'; welk van de twee geldt, is niet "
        "te zeggen.",
        "Houd één tabblad '{sheet}' over: verwijder of hernoem het andere.",
    ),
    "blad.naam": (
        WAARSCHUWING,
        "Het tabblad heet '{found}' in plaats van '{sheet}'; het is herkend.",
        "Geen actie nodig; gebruik bij voorkeur de naam uit het template.",
    ),
    "blad.verborgen": (
        WAARSCHUWING,
        "Het tabblad '{sheet}' is verborgen; het is wel gelezen.",
        "Geen actie nodig; maak het tabblad bij voorkeur zichtbaar (rechtsklik op een tabblad > Zichtbaar maken).",
    ),
    "rij.verborgen": (
        WAARSCHUWING,
        "Rij {row} is verborgen, maar telt gewoon mee{also}.",
        "Controleer of deze rij mee moet tellen; verwijder een rij die niet meetelt in plaats van hem te verbergen.",
    ),
    "cel.samengevoegd": (
        FOUT,
        "De cellen {value} zijn samengevoegd; alleen de eerste cel heeft dan een waarde.",
        "Maak de samenvoeging ongedaan (Start > Samenvoegen en centreren) en vul elke cel apart in.",
    ),
    "cel.formule_zonder_waarde": (
        FOUT,
        "De cel bevat een formule zonder berekende waarde; het bestand is niet in Excel opgeslagen.",
        "Open het bestand in Excel en sla het op, zodat de formule wordt berekend; of typ de waarde zelf in.",
    ),
    "cel.excel_fout": (
        FOUT,
        "De cel bevat de Excel-fout {value}{dutch} in plaats van een waarde.",
        "Vervang de formule door de waarde zelf, of herstel de formule zodat er geen {value} meer uitkomt. Is de "
        "waarde onbekend en is de kolom niet verplicht, maak de cel dan leeg.",
    ),
    "kolom.ontbreekt": (
        FOUT,
        "De verplichte kolom '{column}' ontbreekt op tabblad '{sheet}'.",
        "Voeg de kolom '{column}' toe in de kopregel, zoals in het aanlevertemplate.",
    ),
    "kolom.dubbel": (
        FOUT,
        "De kolom '{column}' staat twee keer in de kopregel.",
        "Verwijder een van de twee kolommen '{column}'.",
    ),
    "kolom.naam": (
        WAARSCHUWING,
        "Kolomkop '{found}' is gelezen als '{column}'.",
        "Geen actie nodig; gebruik bij voorkeur de kolomkop uit het template.",
    ),
    "kopregel.positie": (
        WAARSCHUWING,
        "De kopregel staat op rij {row} in plaats van rij 1; de rijen erboven zijn overgeslagen.",
        "Geen actie nodig; zet bij voorkeur de kopregel op rij 1.",
    ),
    "sleutel.ontbreekt": (
        FOUT,
        "Op tabblad 'Aanlevering' ontbreekt '{column}' in kolom A.",
        "Vul in kolom A '{column}' in en in kolom B de waarde, zoals in het aanlevertemplate.",
    ),
    "sleutel.naam": (
        WAARSCHUWING,
        "'{value}' is gelezen als '{key}'.",
        "Geen actie nodig; gebruik bij voorkeur de tekst '{key}' uit het template.",
    ),
    "sleutel.dubbel": (
        FOUT,
        "'{key}' staat twee keer in kolom A, op rij {first} ('{first_value}') en op rij {row} ('{value}'); "
        "welke waarde geldt, is niet te zeggen.",
        "Houd één rij '{key}' over, met de juiste waarde.",
    ),
    "sleutel.herhaald": (
        WAARSCHUWING,
        "'{key}' staat twee keer in kolom A, op rij {first} en op rij {row}, met dezelfde waarde; die is "
        "gebruikt.",
        "Geen actie nodig; verwijder bij voorkeur de tweede rij '{key}'.",
    ),
    "zorgkantoor.ontbreekt": (
        FOUT,
        "Het zorgkantoor ontbreekt.",
        "Vul in cel B{row} uw zorgkantoor in, een van deze: {allowed}.",
    ),
    "zorgkantoor.onbekend": (
        FOUT,
        "Zorgkantoor '{value}' is onbekend.{hint}",
        "Vul een van deze zorgkantoren in: {allowed}.",
    ),
    "zorgkantoor.ander_account": (  # the portal: a file uploaded by another zorgkantoor's account
        FOUT,
        "Dit bestand is van {value}, maar u levert aan namens {zorgkantoor}; het is niet ingediend.",
        "Lever alleen het bestand van {zorgkantoor} aan. Gebruik het template van {zorgkantoor} van de startpagina "
        "van het portaal; daarin staat uw zorgkantoor al in cel B{row}.",
    ),
    "peildatum.ontbreekt": (
        FOUT,
        "De peildatum ontbreekt.",
        "Vul in cel B{row} de peildatum in, bijvoorbeeld 31-10-2020.",
    ),
    "peildatum.onleesbaar": (
        FOUT,
        "De peildatum '{value}' is geen datum.",
        "Vul de peildatum in als datum, bijvoorbeeld 31-10-2020 of 2020-10-31.",
    ),
    "peildatum.toekomst": (
        FOUT,
        "De peildatum {value} ligt meer dan een jaar in de toekomst.",
        "Vul de peildatum in waarover u rapporteert, bijvoorbeeld 31-10-2020.",
    ),
    "peildatum.te_vroeg": (
        FOUT,
        "De peildatum {value} ligt vóór de start van het programma in {first}.",
        "Vul de peildatum in waarover u rapporteert, bijvoorbeeld 31-10-2020.",
    ),
    "peildatum.bestandsnaam": (
        WAARSCHUWING,
        "De bestandsnaam noemt peildatum {named}, maar op dit tabblad staat {value}; {value} is gebruikt.",
        "Controleer de peildatum. Klopt die, geef het bestand dan voortaan een naam met de juiste peildatum.",
    ),
    "templateversie.ontbreekt": (
        FOUT,
        "De templateversie ontbreekt.",
        "Vul in cel B{row} de templateversie in: {version}.",
    ),
    "templateversie.onbekend": (
        FOUT,
        "Templateversie '{value}' wordt niet ondersteund.",
        "Gebruik het actuele aanlevertemplate (versie 1): vraag het op bij team WIR.",
    ),
    # --- values ------------------------------------------------------------------------
    "waarde.verplicht": (
        FOUT,
        "De kolom '{column}' is niet ingevuld.",
        "Vul '{column}' in voor deze rij.",
    ),
    "waarde.vocabulaire": (
        FOUT,
        "'{value}' is geen toegestane waarde voor '{column}'.{hint}",
        "Kies een waarde uit de keuzelijst: {allowed}.",
    ),
    "waarde.geen_getal": (
        FOUT,
        "'{value}' is geen geheel getal.",
        "Vul in '{column}' een geheel getal in, zonder tekst.",
    ),
    "waarde.geen_bedrag": (
        FOUT,
        "'{value}' is geen bedrag.",
        "Vul in '{column}' een bedrag in euro's in, alleen cijfers (bijvoorbeeld 25000).",
    ),
    "waarde.bereik": (
        FOUT,
        "{value} valt buiten het toegestane bereik ({low} t/m {high}).",
        "Vul in '{column}' een waarde van {low} t/m {high} in.",
    ),
    "waarde.minimum": (
        FOUT,
        "{value} is kleiner dan {low}.",
        "Vul in '{column}' een waarde van minimaal {low} in, of laat de cel leeg als het onbekend is.",
    ),
    "waarde.maximum": (
        FOUT,
        "{value} is groter dan {high}; dat kan niet kloppen.",
        "Vul in '{column}' een waarde van hoogstens {high} in, of laat de cel leeg als het onbekend is.",
    ),
    "waarde.te_lang": (
        FOUT,
        "De tekst is {length} tekens lang; de grens is {limit} tekens.",
        "Kort de tekst in '{column}' in tot hoogstens {limit} tekens; stuur een langere uitleg apart mee.",
    ),
    "waarde.te_veel_cijfers": (
        FOUT,
        "Het getal heeft {digits} cijfers; zo'n getal kan in '{column}' niet kloppen{also}.",
        "Vul in '{column}' het juiste getal in.",
    ),
    "waarde.stuurteken": (
        WAARSCHUWING,
        "De waarde bevat een onzichtbaar stuurteken, hier getoond als {shown}; het is gelezen als spatie{also}.",
        "Geen actie nodig; typ de waarde bij voorkeur opnieuw in plaats van haar te plakken.",
    ),
    "waarde.genormaliseerd": (
        WAARSCHUWING,
        "'{value}' is gelezen als '{canonical}'{also}.",
        "Geen actie nodig; kies bij voorkeur de waarde uit de keuzelijst.",
    ),
    "waarde.getal_als_tekst": (
        WAARSCHUWING,
        "'{value}' stond als tekst of kommagetal en is gelezen als {canonical}{also}.",
        "Geen actie nodig; vul bij voorkeur een getal in.",
    ),
    # --- regions and projects -------------------------------------------------------------
    "regio.onbekend": (
        FOUT,
        "Regio '{value}' is onbekend.{hint}",
        "Kies een regio uit de keuzelijst: {allowed}.",
    ),
    "regio.ander_zorgkantoor": (
        FOUT,
        "Regio '{value}' hoort bij {owner}, niet bij {zorgkantoor}.",
        "Lever alleen de regio's van {zorgkantoor} aan: {allowed}.",
    ),
    "regio.dubbel": (
        FOUT,
        "Regio '{value}' staat meer dan één keer op dit tabblad.",
        "Houd per regio één rij over.",
    ),
    "regio.ontbreekt": (
        WAARSCHUWING,
        "Regio '{value}' van {zorgkantoor} ontbreekt op tabblad 'Regio's'.",
        "Voeg een rij toe voor '{value}' met de drie fasen; zonder die rij telt de regio als niet aangeleverd.",
    ),
    "regio.fase_omlaag": (
        WAARSCHUWING,
        "De fase voor '{column}' is gedaald van {previous} ({previous_peildatum}) naar {value}.",
        "Controleer of dit klopt; {explain}",
    ),
    "regio.fase_sprong": (
        WAARSCHUWING,
        "De fase voor '{column}' is {steps} stappen gestegen, van {previous} ({previous_peildatum}) naar {value}.",
        "Controleer of dit klopt: een regio stijgt zelden meer dan één fase per half jaar; {explain}",
    ),
    "project.id_dubbel": (
        FOUT,
        "Project-ID '{value}' staat meer dan één keer op dit tabblad.",
        "Geef elk project een eigen Project-ID; houd het ID gelijk aan dat van eerdere peildata.",
    ),
    "project.id_lijkt_dubbel": (
        FOUT,
        "Project-ID '{value}' verschilt van '{other}' (rij {other_row}) alleen in {difference}; zijn het twee "
        "projecten of één, dat is niet te zeggen.",
        "Geef elk project een duidelijk eigen Project-ID en typ het ID opnieuw in plaats van het te plakken; "
        "houd het ID gelijk aan dat van eerdere peildata.",
    ),
    "project.ontbreekt": (
        WAARSCHUWING,
        "Project '{value}' ({name}) stond in de aanlevering van {previous_peildatum} maar ontbreekt nu.",
        "Neem het project weer op met dezelfde Project-ID; is het gestopt, kies dan de passende projectstatus.",
    ),
    "project.status_terug": (
        WAARSCHUWING,
        "De projectstatus is teruggegaan van '{previous}' ({previous_peildatum}) naar '{value}'.",
        "Controleer de projectstatus; een afgerond project blijft normaal afgerond.",
    ),
    # --- processing: whatever goes wrong with one file becomes its finding, never the end of the run --------
    "bestand.verwerkingsfout": (
        FOUT,
        "Bij het {stage} van dit bestand liep de WIR-monitor vast; het bestand is daarom niet gebruikt.",
        "Sla het bestand opnieuw op vanuit het aanlevertemplate en lever het opnieuw aan. Gebeurt dit weer, neem "
        "dan contact op met team WIR en noem het kenmerk van het bestand.",
    ),
    "terugkoppeling.niet_geschreven": (
        WAARSCHUWING,
        "De terugkoppeling van dit bestand kon niet volledig worden geschreven; het oordeel staat vast.",
        "Team WIR: voer 'wir-monitor run' opnieuw uit; lukt het dan nog niet, stuur het zorgkantoor het "
        "oordeel en de bevindingen uit 'wir-monitor status' zelf.",
    ),
}


# Excel stores an error value by its English name; a Dutch-language Excel shows it by its Dutch name.
EXCEL_ERRORS_NL = {"#N/A": "#N/B", "#DIV/0!": "#DEEL/0!", "#VALUE!": "#WAARDE!", "#REF!": "#VERW!",
                   "#NAME?": "#NAAM?", "#NUM!": "#GETAL!", "#NULL!": "#LEEG!"}


# The end of the action of a phase change: asking for an explanation only where there is none yet.
EXPLAIN = "is het juist, licht het dan toe in de kolom Toelichting."
EXPLAINED = "u heeft de verandering toegelicht in de kolom Toelichting: is het juist, dan is geen actie nodig."

# A near miss of a vocabulary value: the likely labels instead of the whole drop-down list (intake/suggest.py).
NEAR_MISS_HINT = " Bedoelt u {labels}?"
NEAR_MISS_ACTION = "Kies {labels} uit de keuzelijst, of een andere waarde uit de keuzelijst als u iets anders bedoelt."


def near_miss_texts(labels: list[str]) -> dict[str, str]:
    """The hint and action of a waarde.vocabulaire finding for the labels the value probably meant."""
    quoted = " of ".join(f"'{label}'" for label in labels)
    return {"hint": NEAR_MISS_HINT.format(labels=quoted), "action": NEAR_MISS_ACTION.format(labels=quoted)}


def excel_error_name(error: str) -> str:
    """The Dutch name of an Excel error value as a parenthetical for a message, or ''."""
    dutch = EXCEL_ERRORS_NL.get(error.upper())
    return f" (in een Nederlandstalige Excel: {dutch})" if dutch else ""


def finding(rule: str, **fields: object) -> Finding:
    """Build the finding of a rule; location and value go into the finding, the rest into the text."""
    severity, message, action = RULES[rule]
    location = {key: fields.get(key) for key in ("sheet", "row", "column")}
    texts = _Texts({key: ("" if value is None else value) for key, value in fields.items()})
    value = fields.get("value")
    texts.setdefault("hint", lookalike_hint(value))
    return Finding(
        severity=severity,
        rule=rule,
        message=message.format_map(texts),
        action=action.format_map(texts),
        sheet=location["sheet"],
        row=location["row"],
        column=location["column"],
        value=None if value is None else str(value),
        covers=tuple(fields.get("covers") or ()),
    )


class _Texts(dict):
    """Placeholders a caller does not fill stay empty rather than failing."""

    def __missing__(self, key: str) -> str:
        return ""
