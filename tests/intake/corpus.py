"""The bad-input corpus: workbooks as thirty outside organisations might send them, each with what it must produce.

Every case is written by code (no binary fixtures), goes through one real `wir-monitor run` together with good
files of other zorgkantoren, and names the exact findings it must get: (rule, sheet, Excel row, column[, value]).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import load_workbook

from tests.builders import PROJECT_HEADERS, REGION_HEADERS, SubmissionBook, cz_book, cz_regions, project_row, region_row
from tests.hostile_files import PROJECTEN_XML, entity_bomb, million_rows, rewrite, zeros

P, R, A = "Projecten", "Regio's", "Aanlevering"
AANTAL, BEGROTING = "Aantal betrokken zorgorganisaties", "Begroting (EUR)"
REJECTED, ACCEPTED = "afgewezen", "geaccepteerd"
CYRILLIC_E, RLM, RLO = "\u0435", "\u200f", "\u202e"


@dataclass(frozen=True)
class Case:
    name: str
    write: Callable[[Path], object]
    status: str  # afgewezen | geaccepteerd
    findings: tuple[tuple, ...] = ()  # (rule, sheet, row, column) or with the value as fifth element
    message_contains: tuple[str, ...] = ()  # in a message or an action
    stored_names: tuple[str, ...] = field(default=())  # project names the warehouse must hold, as stored


def _book(**fields) -> Callable[[Path], object]:
    return cz_book(**fields).write


def _projects(**overrides) -> list[dict]:
    return [project_row("CZ-1", "Zeeland", **overrides), project_row("CZ-2", "Haaglanden")]


def _bytes(content: bytes) -> Callable[[Path], object]:
    return lambda path: path.write_bytes(content)


def _truncated(path: Path) -> None:
    cz_book().write(path)
    path.write_bytes(path.read_bytes()[:1500])


def _half_sheet(path: Path) -> None:
    """A zip that opens, with a sheet cut off halfway (an interrupted save or upload)."""
    plain = cz_book().write(path.with_suffix(".plain"))
    with zipfile.ZipFile(plain) as archive:
        xml = archive.read(PROJECTEN_XML)
    rewrite(plain, path, {PROJECTEN_XML: xml[: len(xml) // 2]})
    plain.unlink()


def _plain_zip(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notities.txt", "geen werkmap")


def _encrypted(path: Path) -> None:
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = cz_book().write(path.with_suffix(".plain"))
    with open(plain, "rb") as source, open(path, "wb") as target:
        OOXMLFile(source).encrypt("geheim", target)
    plain.unlink()


def _legacy_xls(path: Path, book: SubmissionBook | None = None) -> None:
    import xlwt

    workbook = xlwt.Workbook()
    date_style = xlwt.easyxf(num_format_str="DD-MM-YYYY")
    for name, rows in (book or cz_book()).sheets().items():
        sheet = workbook.add_sheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, dt.date):
                    sheet.write(r, c, value, date_style)
                elif value is not None:
                    sheet.write(r, c, value)
    workbook.save(str(path))


def _ods(path: Path) -> None:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P as Paragraph

    document = OpenDocumentSpreadsheet()
    for name, rows in cz_book().sheets().items():
        table = Table(name=name)
        for row in rows:
            table_row = TableRow()
            for value in row:
                if isinstance(value, dt.date):
                    cell = TableCell(valuetype="date", datevalue=value.isoformat())
                elif isinstance(value, int | float) and not isinstance(value, bool):
                    cell = TableCell(valuetype="float", value=value)
                else:
                    cell = TableCell(valuetype="string")
                if value is not None:
                    cell.addElement(Paragraph(text=str(value)))
                table_row.addElement(cell)
            table.addElement(table_row)
        document.spreadsheet.addElement(table)
    document.save(str(path))


def _macro_workbook(path: Path) -> None:
    plain = cz_book().write(path.with_suffix(".plain"))
    with zipfile.ZipFile(plain) as archive:
        types = archive.read("[Content_Types].xml").replace(
            b"openxmlformats-officedocument.spreadsheetml.sheet.main+xml", b"ms-excel.sheet.macroEnabled.main+xml"
        ).replace(
            b"<Default ", b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/><Default ', 1)
    rewrite(plain, path, {"[Content_Types].xml": types,
                          "xl/vbaProject.bin": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024)})
    plain.unlink()


def _patched_cells(book: SubmissionBook, cells: dict[str, str | tuple[str, str]], part: str = PROJECTEN_XML
                   ) -> Callable[[Path], object]:
    """Write the book, then replace each cell holding a marker text by the given cell XML (formulas), optionally
    with attributes for the cell element (t="e": an error value)."""

    def write(path: Path) -> None:
        plain = book.write(path.with_suffix(".plain"))
        with zipfile.ZipFile(plain) as archive:
            xml = archive.read(part).decode()
        for marker, inner in cells.items():
            attributes, inner = inner if isinstance(inner, tuple) else ("", inner)
            xml = re.sub(rf'<c r="([A-Z]+\d+)"[^>]*t="inlineStr"><is><t>{marker}</t></is></c>',
                         rf'<c r="\1"{attributes}>{inner}</c>', xml)
        rewrite(plain, path, {part: xml.encode()})
        plain.unlink()

    return write


def _edited(book: SubmissionBook, edit: Callable) -> Callable[[Path], object]:
    """Write the book, then change it the way a person would in Excel (hide, merge)."""

    def write(path: Path) -> None:
        book.write(path)
        workbook = load_workbook(path)
        edit(workbook)
        workbook.save(path)

    return write


def _hide_row(workbook) -> None:
    workbook[P].row_dimensions[3].hidden = True


def _hide_sheet(workbook) -> None:
    workbook[R].sheet_state = "hidden"


def _merge_regions(workbook) -> None:
    workbook[P]["C3"].value = None
    workbook[P].merge_cells("C2:C3")


def _million(path: Path) -> None:
    plain = cz_book().write(path.with_suffix(".plain"))
    rewrite(plain, path, {PROJECTEN_XML: million_rows()})
    plain.unlink()


def _bomb(path: Path) -> None:
    plain = cz_book().write(path.with_suffix(".plain"))
    rewrite(plain, path, {"xl/media/image1.png": zeros(1024)})
    plain.unlink()


def _entities(path: Path) -> None:
    plain = cz_book().write(path.with_suffix(".plain"))
    rewrite(plain, path, {PROJECTEN_XML: entity_bomb()})
    plain.unlink()


def _far_cell(reference: str) -> Callable[[Path], object]:
    """A good workbook with one value far out on the Projecten sheet: a reader would allocate the whole grid."""

    def write(path: Path) -> None:
        plain = cz_book().write(path.with_suffix(".plain"))
        with zipfile.ZipFile(plain) as archive:
            xml = archive.read(PROJECTEN_XML).decode()
        row = re.sub(r"[A-Z]", "", reference)
        xml = xml.replace("</sheetData>", f'<row r="{row}"><c r="{reference}" t="inlineStr"><is><t>x</t></is></c>'
                                          "</row></sheetData>")
        rewrite(plain, path, {PROJECTEN_XML: xml.encode()})
        plain.unlink()

    return write


def _tags_in_comment(path: Path) -> None:
    """Tags repeated inside XML comments: `<sheet name="x"` three thousand times in the workbook part (a
    backtracking pattern needed 70 s for a thousand, and grows with the cube), cell tags in a sheet."""
    plain = cz_book().write(path.with_suffix(".plain"))
    with zipfile.ZipFile(plain) as archive:
        workbook, sheet = archive.read("xl/workbook.xml").decode(), archive.read(PROJECTEN_XML).decode()
    rewrite(plain, path, {
        "xl/workbook.xml": workbook.replace("<sheets>", "<!--" + '<sheet name="x" ' * 3000 + "--><sheets>", 1).encode(),
        PROJECTEN_XML: sheet.replace("<sheetData>", "<!--" + '<c r="A1"><f>' * 5000 + "--><sheetData>", 1).encode()})
    plain.unlink()


def _duplicate_part(path: Path) -> None:
    """The Projecten part twice in the zip, the second with other data: which one is read is undefined."""
    import warnings

    plain = cz_book().write(path.with_suffix(".plain"))
    shutil.copyfile(plain, path)
    other = cz_book(projects=_projects(Projectnaam="Andere inhoud")).write(path.with_suffix(".other"))
    with zipfile.ZipFile(other) as archive:
        xml = archive.read(PROJECTEN_XML)
    with warnings.catch_warnings(), zipfile.ZipFile(path, "a") as archive:
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate name: that is the point
        archive.writestr(PROJECTEN_XML, xml)
    plain.unlink()
    other.unlink()


def _second_projecten_sheet(workbook) -> None:
    workbook.copy_worksheet(workbook[P]).title = "projecten "


def _xlsx_bytes(path: Path) -> None:
    """A real .xlsx, whatever its name says (with its own content: a byte-identical file is taken in once)."""
    plain = cz_book(projects=_projects(Projectnaam="Een xlsx met de naam xls")).write(path.with_suffix(".plain"))
    plain.replace(path)


def _xls_bytes(path: Path) -> None:
    """A real .xls (BIFF), whatever its name says."""
    plain = path.with_suffix(".plain")
    _legacy_xls(plain, cz_book(projects=_projects(Projectnaam="Een xls met de naam xlsx")))
    plain.replace(path)


def _peildatum(value, status=ACCEPTED, rule=None) -> tuple:
    findings = ((rule, A, 2, "B"),) if rule else ()
    return _book(peildatum=value), status, findings


def _vocabulary_cases() -> list[Case]:
    near_misses = {  # one near-miss per vocabulary column: what is typed when the drop-down was removed
        "Afspraken / convenanten": ("regions", "afspraken", "Implementatiefse"),
        "Samenwerkingsdynamiek": ("regions", "dynamiek", "Intrinsiek gemotiveerd"),
        "Regiovisie": ("regions", "visie", "Dialoog"),
        "Hoofdrubriek": ("projects", "Hoofdrubriek", "Technologi"),
        "Projectstatus": ("projects", "Projectstatus", "loopt nog"),
        "Mate van impact": ("projects", "Mate van impact", "Groot"),
        "Delen van resultaten": ("projects", "Delen van resultaten", "Ja"),
        "Opschaalbaarheid": ("projects", "Opschaalbaarheid", "Misschien"),
    }
    cases = []
    for column, (where, key, value) in near_misses.items():
        if where == "regions":
            book = cz_book(regions=[region_row("Zeeland", **{key: value}), *cz_regions()[1:]])
            location = ("waarde.vocabulaire", R, 2, column, value)
        else:
            book = cz_book(projects=_projects(**{key: value}))
            location = ("waarde.vocabulaire", P, 2, column, value)
        slug = re.sub(r"[^a-z]+", "_", column.lower()).strip("_")
        cases.append(Case(f"bijna_{slug}.xlsx", book.write, REJECTED, (location,)))
    return cases


def _case(name, write, status, findings=(), **extra) -> Case:
    return Case(name, write, status, tuple(findings), **extra)


def build_cases() -> list[Case]:
    long_text = "Samen leren en werken in de wijk. " * 300  # 10,199 characters once trimmed
    cases = [
        # --- not a workbook, or not one we can read -----------------------------------------------------------
        _case("geen_zip.xlsx", _bytes(b"Regio;Fase\nZeeland;4\n"), REJECTED, [("bestand.formaat", None, None, None)]),
        _case("html_als_xlsx.xlsx", _bytes(b"<html><body><table><tr><td>CZ</td></tr></table></body></html>"),
              REJECTED, [("bestand.formaat", None, None, None)]),
        _case("leeg_bestand.xlsx", _bytes(b""), REJECTED, [("bestand.formaat", None, None, None)]),
        _case("afgebroken.xlsx", _truncated, REJECTED, [("bestand.onleesbaar", None, None, None)],
              message_contains=("het bestand is beschadigd of onvolledig",)),
        _case("blad_half.xlsx", _half_sheet, REJECTED, [("bestand.onleesbaar", None, None, None)],
              message_contains=("het bestand is beschadigd of onvolledig",)),
        _case("zip_zonder_werkmap.xlsx", _plain_zip, REJECTED, [("bestand.formaat", None, None, None)]),
        _case("wachtwoord.xlsx", _encrypted, REJECTED, [("bestand.versleuteld", None, None, None)]),
        _case("aanlevering.csv", _bytes(b"Zorgkantoor;CZ\nPeildatum;31-10-2020\n"), REJECTED,
              [("bestand.formaat", None, None, None)]),
        _case("oud_formaat.xls", _legacy_xls, ACCEPTED, [("bestand.ander_formaat", None, None, None)]),
        _case("met_macro.xlsm", _macro_workbook, ACCEPTED, [("bestand.ander_formaat", None, None, None)],
              message_contains=("macro's zijn niet uitgevoerd",)),
        _case("rekenblad.ods", _ods, ACCEPTED, [("bestand.ander_formaat", None, None, None)]),
        _case("zipbom.xlsx", _bomb, REJECTED, [("bestand.uitgepakt_te_groot", None, None, None)]),
        _case("entiteiten.xlsx", _entities, REJECTED, [("bestand.onleesbaar", None, None, None)]),
        _case("miljoen_rijen.xlsx", _million, REJECTED, [("blad.te_groot", P, 1_000_000, "A", "A1000000")]),
        # --- sheets and headers --------------------------------------------------------------------------------
        _case("blad_ontbreekt.xlsx", _book(sheet_names={P: None}), REJECTED, [("blad.ontbreekt", P, None, None)]),
        _case("blad_hernoemd.xlsx", _book(sheet_names={P: "Projecten (2)"}), REJECTED,
              [("blad.ontbreekt", P, None, None)]),
        _case("blad_andere_schrijfwijze.xlsx", _book(sheet_names={P: "PROJECTEN "}), ACCEPTED,
              [("blad.naam", P, None, None)]),
        _case("kolom_ontbreekt.xlsx", _book(project_headers=[h for h in PROJECT_HEADERS if h != "Hoofdrubriek"]),
              REJECTED, [("kolom.ontbreekt", P, None, "Hoofdrubriek")]),
        # A missing or doubled column rejects the file, but every other error of the sheet is reported with it.
        _case("kolom_ontbreekt_en_andere_fouten.xlsx", _book(
            project_headers=[h for h in PROJECT_HEADERS if h != "Startjaar"],
            projects=[project_row("CZ-1", "Zeeland", Projectstatus="Bezig"),
                      project_row("CZ-2", "Atlantis", Hoofdrubriek="Tecnologie")]), REJECTED,
              [("kolom.ontbreekt", P, None, "Startjaar"), ("waarde.vocabulaire", P, 2, "Projectstatus", "Bezig"),
               ("regio.onbekend", P, 3, "Regio", "Atlantis"),
               ("waarde.vocabulaire", P, 3, "Hoofdrubriek", "Tecnologie")]),
        _case("regiokolom_ontbreekt_en_fout.xlsx", _book(
            region_headers=[h for h in REGION_HEADERS if h != "Regio"],
            regions=[region_row("Zeeland", afspraken="Fase 9"), *cz_regions()[1:]]), REJECTED,
              [("kolom.ontbreekt", R, None, "Regio"),
               ("waarde.vocabulaire", R, 2, "Afspraken / convenanten", "Fase 9")]),
        _case("kolom_dubbel_en_fout.xlsx", _book(
            region_headers=[*REGION_HEADERS, "Regiovisie"],
            regions=[region_row("Zeeland", dynamiek="Fase 7"), *cz_regions()[1:]]), REJECTED,
              [("kolom.dubbel", R, 1, "Regiovisie", "Regiovisie"),
               ("waarde.vocabulaire", R, 2, "Samenwerkingsdynamiek", "Fase 7")]),
        _case("kolom_dubbel.xlsx", _book(region_headers=[*REGION_HEADERS, "Regio"]), REJECTED,
              [("kolom.dubbel", R, 1, "Regio", "Regio")]),
        _case("kopregel_op_rij_3.xlsx", _book(rows_above_header=2), ACCEPTED,
              [("kopregel.positie", R, 3, None), ("kopregel.positie", P, 3, None)]),
        _case("samengevoegde_cellen.xlsx", _edited(cz_book(projects=_projects()), _merge_regions), REJECTED,
              [("cel.samengevoegd", P, 2, "Regio", "C2:C3")]),
        _case("formule_met_waarde.xlsx", _patched_cells(cz_book(projects=_projects(Startjaar="§F§")),
                                                        {"§F§": "<f>2018+2</f><v>2020</v>"}), ACCEPTED),
        _case("formule_zonder_waarde.xlsx", _patched_cells(cz_book(projects=_projects(Startjaar="§F§")),
                                                           {"§F§": "<f>2018+2</f><v></v>"}), REJECTED,
              [("cel.formule_zonder_waarde", P, 2, "Startjaar")]),
        # An error value (#N/A of a VLOOKUP that found nothing), which calamine reads as an empty cell.
        _case("aantal_excel_fout.xlsx", _book(projects=_projects(**{AANTAL: "#N/A"})), REJECTED,
              [("cel.excel_fout", P, 2, AANTAL, "#N/A")],
              message_contains=("De cel bevat de Excel-fout #N/A (in een Nederlandstalige Excel: #N/B)",)),
        _case("begroting_formule_fout.xlsx", _patched_cells(cz_book(projects=_projects(**{BEGROTING: "§F§"})),
                                                            {"§F§": (' t="e"', "<f>1/0</f><v>#DIV/0!</v>")}),
              REJECTED, [("cel.excel_fout", P, 2, BEGROTING, "#DIV/0!")]),
        _case("verplicht_excel_fout.xlsx", _patched_cells(
            cz_book(projects=[project_row("CZ-1", "Zeeland", Projectnaam="§R§", Hoofdrubriek="§N§"),
                              project_row("CZ-2", "Haaglanden", Startjaar="§V§")]),
            {"§R§": (' t="e"', "<f>Namen!#REF!</f><v>#REF!</v>"), "§N§": (' t="e"', "<f>RUBRIEK(A2)</f><v>#NAME?</v>"),
             "§V§": (' t="e"', '<f>A3+"x"</f><v>#VALUE!</v>')}), REJECTED,
              [("cel.excel_fout", P, 2, "Projectnaam", "#REF!"), ("cel.excel_fout", P, 2, "Hoofdrubriek", "#NAME?"),
               ("cel.excel_fout", P, 3, "Startjaar", "#VALUE!")],
              message_contains=("De cel bevat de Excel-fout #REF! (in een Nederlandstalige Excel: #VERW!)",)),
        _case("zorgkantoor_excel_fout.xlsx", _book(zorgkantoor="#N/A"), REJECTED,
              [("cel.excel_fout", A, 1, "B", "#N/A")]),
        _case("verborgen_rij.xlsx", _edited(cz_book(projects=_projects()), _hide_row), ACCEPTED,
              [("rij.verborgen", P, 3, None)]),
        _case("verborgen_blad.xlsx", _edited(cz_book(), _hide_sheet), ACCEPTED, [("blad.verborgen", R, None, None)]),
        _case("keuzelijst_weg_vrije_tekst.xlsx", _book(projects=_projects(Projectstatus="Bijna klaar, nog even")),
              REJECTED, [("waarde.vocabulaire", P, 2, "Projectstatus", "Bijna klaar, nog even")]),
        # --- identity -------------------------------------------------------------------------------------------
        _case("sleutel_andere_schrijfwijze.xlsx", _book(aanlevering_rows=[
            ("zorgkantoor ", "CZ"), ("PEILDATUM", dt.date(2020, 10, 31)), ("Templateversie", 1)]), ACCEPTED,
              [("sleutel.naam", A, 1, "A", "zorgkantoor "), ("sleutel.naam", A, 2, "A", "PEILDATUM")],
              message_contains=("'zorgkantoor ' is gelezen als 'Zorgkantoor'.",
                                "'PEILDATUM' is gelezen als 'Peildatum'.")),
        _case("templateversie_leeg.xlsx", _book(version=None), REJECTED, [("templateversie.ontbreekt", A, 3, "B")],
              message_contains=("De templateversie ontbreekt.", "Vul in cel B3 de templateversie in: 1.")),
        _case("zorgkantoor_leeg.xlsx", _book(zorgkantoor="  "), REJECTED, [("zorgkantoor.ontbreekt", A, 1, "B")],
              message_contains=("Het zorgkantoor ontbreekt.",)),
        _case("templateversie_2.xlsx", _book(version=2), REJECTED, [("templateversie.onbekend", A, 3, "B", "2")]),
        _case("zorgkantoor_onbekend.xlsx", _book(zorgkantoor="Achmea"), REJECTED,
              [("zorgkantoor.onbekend", A, 1, "B", "Achmea")]),
        _case("zorgkantoor_homoglief.xlsx", _book(zorgkantoor="\u0421Z"), REJECTED,
              [("zorgkantoor.onbekend", A, 1, "B", "\u0421Z")], message_contains=("Cyrillische letter",)),
        # --- regions --------------------------------------------------------------------------------------------
        _case("regio_onbekend.xlsx", _book(regions=[*cz_regions(), region_row("Atlantis")]), REJECTED,
              [("regio.onbekend", R, 8, "Regio", "Atlantis")]),
        _case("regio_homoglief.xlsx", _book(regions=[region_row(f"Ze{CYRILLIC_E}land"), *cz_regions()[1:]]),
              REJECTED, [("regio.onbekend", R, 2, "Regio", f"Ze{CYRILLIC_E}land")],
              message_contains=("Cyrillische letter",)),
        _case("regio_ander_zorgkantoor.xlsx", _book(regions=[*cz_regions(), region_row("Twente")]), REJECTED,
              [("regio.ander_zorgkantoor", R, 8, "Regio", "Twente")]),
        _case("project_regio_ander_zorgkantoor.xlsx", _book(projects=[project_row("CZ-1", "Groningen")]), REJECTED,
              [("regio.ander_zorgkantoor", P, 2, "Regio", "Groningen")]),
        _case("regio_dubbel.xlsx", _book(regions=[*cz_regions(), region_row("AM - Regio Zeeland")]), REJECTED,
              [("regio.dubbel", R, 2, "Regio", "Zeeland"), ("regio.dubbel", R, 8, "Regio", "AM - Regio Zeeland")]),
        _case("regio_onzichtbaar_teken.xlsx", _book(regions=[region_row(f"{RLM}Zeeland"), *cz_regions()[1:]]),
              ACCEPTED, [("waarde.genormaliseerd", R, 2, "Regio")]),
        _case("regio_ontbreekt.xlsx", _book(regions=cz_regions()[:5]), ACCEPTED,
              [("regio.ontbreekt", R, None, "Regio", "Waardenland")]),
        # --- project IDs ----------------------------------------------------------------------------------------
        _case("project_id_dubbel.xlsx", _book(projects=[project_row("CZ-1", "Zeeland"),
                                                        project_row("CZ-1", "Haaglanden")]), REJECTED,
              [("project.id_dubbel", P, 2, "Project-ID", "CZ-1"), ("project.id_dubbel", P, 3, "Project-ID", "CZ-1")]),
        _case("project_id_leeg.xlsx", _book(projects=[project_row(None, "Zeeland"), project_row("CZ-2", "Zeeland")]),
              REJECTED, [("waarde.verplicht", P, 2, "Project-ID", None)]),
        # --- numbers ----------------------------------------------------------------------------------------------
        _case("startjaar_in_woorden.xlsx", _book(projects=_projects(Startjaar="tweeduizend twintig")), REJECTED,
              [("waarde.geen_getal", P, 2, "Startjaar", "tweeduizend twintig")]),
        _case("startjaar_negatief.xlsx", _book(projects=_projects(Startjaar=-2020)), REJECTED,
              [("waarde.bereik", P, 2, "Startjaar", "-2020")]),
        _case("startjaar_gebroken.xlsx", _book(projects=_projects(Startjaar=2019.5)), REJECTED,
              [("waarde.geen_getal", P, 2, "Startjaar", "2019,5")],
              message_contains=("'2019,5' is geen geheel getal.",)),
        _case("startjaar_absurd.xlsx", _book(projects=_projects(Startjaar=20200)), REJECTED,
              [("waarde.bereik", P, 2, "Startjaar", "20200")]),
        _case("aantal_in_woorden.xlsx", _book(projects=_projects(**{AANTAL: "vijf"})), REJECTED,
              [("waarde.geen_getal", P, 2, AANTAL, "vijf")]),
        _case("aantal_tienduizend_als_tekst.xlsx", _book(projects=_projects(**{AANTAL: "10.000"})), REJECTED,
              [("waarde.maximum", P, 2, AANTAL, "10.000")]),
        _case("aantal_decimaal_als_tekst.xlsx", _book(projects=_projects(**{AANTAL: "1.5"})), REJECTED,
              [("waarde.geen_getal", P, 2, AANTAL, "1.5")]),
        _case("startjaar_decimaal_als_tekst.xlsx", _book(projects=_projects(Startjaar="2019,5")), REJECTED,
              [("waarde.geen_getal", P, 2, "Startjaar", "2019,5")]),
        _case("aantal_negatief.xlsx", _book(projects=_projects(**{AANTAL: -3})), REJECTED,
              [("waarde.minimum", P, 2, AANTAL, "-3")]),
        _case("aantal_gebroken.xlsx", _book(projects=_projects(**{AANTAL: 2.5})), REJECTED,
              [("waarde.geen_getal", P, 2, AANTAL, "2,5")]),
        _case("aantal_absurd.xlsx", _book(projects=_projects(**{AANTAL: 1_000_000})), REJECTED,
              [("waarde.maximum", P, 2, AANTAL, "1.000.000")],
              message_contains=("1.000.000 is groter dan 1.000;",)),
        _case("begroting_absurd.xlsx", _book(projects=_projects(**{BEGROTING: 1e13})), REJECTED,
              [("waarde.maximum", P, 2, BEGROTING, "10.000.000.000.000")]),
        _case("begroting_in_woorden.xlsx", _book(projects=_projects(**{BEGROTING: "ongeveer een ton"})), REJECTED,
              [("waarde.geen_bedrag", P, 2, BEGROTING, "ongeveer een ton")]),
        _case("begroting_negatief_met_centen.xlsx", _book(projects=_projects(**{BEGROTING: -250.75})), REJECTED,
              [("waarde.minimum", P, 2, BEGROTING, "-250,75")], message_contains=("-250,75 is kleiner dan 0.",)),
        _case("begroting_als_tekst.xlsx", _book(projects=[
            project_row("CZ-1", "Zeeland", **{BEGROTING: "25.000"}),
            project_row("CZ-2", "Haaglanden", **{BEGROTING: "€ 1.500,50"}),
            project_row("CZ-3", "Zeeland", **{BEGROTING: "25,000"})]), ACCEPTED,
              [("waarde.getal_als_tekst", P, 2, BEGROTING, "25.000"),
               ("waarde.getal_als_tekst", P, 3, BEGROTING, "€ 1.500,50"),
               ("waarde.getal_als_tekst", P, 4, BEGROTING, "25,000")],
              message_contains=("'25.000' stond als tekst of kommagetal en is gelezen als 25.000.",
                                "'€ 1.500,50' stond als tekst of kommagetal en is gelezen als 1.500,50.",
                                "'25,000' stond als tekst of kommagetal en is gelezen als 25.")),
        _case("begroting_negatief.xlsx", _book(projects=_projects(**{BEGROTING: -500})), REJECTED,
              [("waarde.minimum", P, 2, BEGROTING, "-500")]),
        # --- text -------------------------------------------------------------------------------------------------
        _case("tienduizend_tekens_naam.xlsx", _book(projects=_projects(Projectnaam=long_text)), REJECTED,
              [("waarde.te_lang", P, 2, "Projectnaam")],
              message_contains=("De tekst is 10.199 tekens lang; de grens is 250 tekens.",)),
        _case("tienduizend_tekens_toelichting.xlsx", _book(projects=_projects(Toelichting=long_text)), REJECTED,
              [("waarde.te_lang", P, 2, "Toelichting")]),
        _case("stuurtekens.xlsx", _patched_cells(cz_book(projects=_projects(Projectnaam="§C§")),
                                                 {"§C§": '<is><t xml:space="preserve">Ouderen\tin\n_x0007_de '
                                                         'wijk</t></is>'}), ACCEPTED,
              stored_names=("Ouderen in de wijk",)),
        _case("rtl_en_emoji.xlsx", _book(projects=_projects(Projectnaam=f"{RLO}Samen 🚀 sterk")), ACCEPTED,
              stored_names=(f"{RLO}Samen 🚀 sterk",)),
        _case("formule_als_tekst.xlsx", _book(projects=_projects(Projectnaam='=HYPERLINK("http://x.nl","klik")')),
              ACCEPTED, stored_names=('=HYPERLINK("http://x.nl","klik")',)),
        # --- issue 14: files that broke the run -----------------------------------------------------------------
        # 1: one value in the far corner (XFD1048576) aborted the process (rc 134); at XFD3000 it cost 1.6 GB.
        _case("cel_in_verste_hoek.xlsx", _far_cell("XFD1048576"), REJECTED,
              [("blad.te_groot", P, 1_048_576, "XFD", "XFD1048576")],
              message_contains=("loopt tot cel XFD1048576", "Maak cel XFD1048576")),
        _case("cel_xfd3000.xlsx", _far_cell("XFD3000"), REJECTED, [("blad.te_groot", P, 3000, "XFD", "XFD3000")]),
        # 2: a vertical tab pasted in Excel, in a value and in the file name, stopped the feedback workbook.
        _case("verticale_tab.xlsx", _patched_cells(cz_book(projects=_projects(Projectnaam="§C§")),
                                                   {"§C§": "<is><t>Ouderen_x000B_in de wijk</t></is>"}), ACCEPTED,
              [("waarde.stuurteken", P, 2, "Projectnaam", "Ouderen[U+000B]in de wijk")],
              message_contains=("onzichtbaar stuurteken, hier getoond als [U+000B]; het is gelezen als spatie",),
              stored_names=("Ouderen in de wijk",)),
        _case("naam_met_\x0bstuurteken.xlsx", _book(projects=_projects(Projectnaam="Naam met stuurteken")), ACCEPTED),
        _case("zorgkantoor_met_stuurteken.xlsx", _patched_cells(cz_book(zorgkantoor="§Z§"),
                                                                {"§Z§": "<is><t>CZ_x0007_</t></is>"},
                                                                part="xl/worksheets/sheet1.xml"), REJECTED,
              [("zorgkantoor.onbekend", A, 1, "B", "CZ[U+0007]")],
              message_contains=("Zorgkantoor 'CZ[U+0007]' is onbekend", "stuurteken, hier getoond als [U+0007]")),
        # 3: a number typed with thousands of digits raised Python's int-conversion ValueError.
        _case("getal_van_5000_cijfers.xlsx", _book(projects=_projects(**{AANTAL: "9" * 5000})), REJECTED,
              [("waarde.te_veel_cijfers", P, 2, AANTAL)], message_contains=("Het getal heeft 5.000 cijfers",)),
        _case("bedrag_van_5000_cijfers.xlsx", _book(projects=_projects(**{BEGROTING: "1" * 5000})), REJECTED,
              [("waarde.te_veel_cijfers", P, 2, BEGROTING)]),
        # 5: tags repeated inside a comment made the XML scan super-linear (78 s for 16 KB).
        _case("tags_in_commentaar.xlsx", _tags_in_comment, ACCEPTED),
        # 7: the reader follows the content, not the name.
        _case("xlsx_met_naam_xls.xls", _xlsx_bytes, ACCEPTED),
        _case("xls_met_naam_xlsx.xlsx", _xls_bytes, ACCEPTED, [("bestand.ander_formaat", None, None, None)]),
        # 9: what is given twice is never silently first-wins.
        _case("peildatum_twee_keer.xlsx", _book(aanlevering_rows=[
            ("Zorgkantoor", "CZ"), ("Peildatum", dt.date(2020, 10, 31)), ("Templateversie", 1),
            ("Peildatum", "31-03-2021")]), REJECTED, [("sleutel.dubbel", A, 4, "B", "31-03-2021")],
              message_contains=("'Peildatum' staat twee keer in kolom A, op rij 2",)),
        _case("zorgkantoor_herhaald.xlsx", _book(aanlevering_rows=[
            ("Zorgkantoor", "CZ"), ("Peildatum", dt.date(2020, 10, 31)), ("Templateversie", 1),
            ("Zorgkantoor", "CZ")]), ACCEPTED, [("sleutel.herhaald", A, 4, "B", "CZ")]),
        _case("blad_twee_keer.xlsx", _edited(cz_book(), _second_projecten_sheet), REJECTED,
              [("blad.dubbel", P, None, None, "Projecten")], message_contains=("als 'Projecten' en als 'projecten '",)),
        _case("zip_onderdeel_twee_keer.xlsx", _duplicate_part, REJECTED,
              [("bestand.dubbel_onderdeel", None, None, None, PROJECTEN_XML)]),
        _case("project_id_hoofdletters.xlsx", _book(projects=[project_row("CZ-1a", "Zeeland"),
                                                              project_row("cz-1A", "Haaglanden")]), REJECTED,
              [("project.id_lijkt_dubbel", P, 3, "Project-ID", "cz-1A")],
              message_contains=("alleen in hoofdletters en kleine letters",)),
        _case("project_id_nulbreedte.xlsx", _book(projects=[project_row("CZ-1", "Zeeland"),
                                                            project_row("CZ-\u200b1", "Haaglanden")]), REJECTED,
              [("project.id_lijkt_dubbel", P, 3, "Project-ID", "CZ-\u200b1")],
              message_contains=("alleen in een onzichtbaar teken",)),
        _case("project_id_cyrillisch.xlsx", _book(projects=[project_row("CZ-1", "Zeeland"),
                                                            project_row("\u0421Z-1", "Haaglanden")]), REJECTED,
              [("project.id_lijkt_dubbel", P, 3, "Project-ID", "\u0421Z-1")],
              message_contains=("een letter uit een ander schrift die op een gewone letter lijkt",)),
    ]
    # --- peildatum: every plausible way of writing 31 October 2020, and impossible ones ---------------------------
    for name, value in {"slashes": "31/10/2020", "punten": "31.10.2020", "voluit": "31 oktober 2020",
                        "afgekort": "31 okt 2020", "maand_jaar": "oktober 2020", "iso_maand": "2020-10",
                        "compact": "20201031", "kort_jaar": "31-10-20", "met_tijd": dt.datetime(2020, 10, 31, 17, 30),
                        "serienummer_tekst": "44135", "iso_met_t": "2020-10-31T00:00:00"}.items():
        cases.append(_case(f"peildatum_{name}.xlsx", *_peildatum(value)))
    for name, value in {"31_februari": "31-02-2020", "maand_13": "2020-13-01", "amerikaans": "10/31/2020",
                        "nullen": "00-00-0000"}.items():
        cases.append(_case(f"peildatum_{name}.xlsx", *_peildatum(value, REJECTED, "peildatum.onleesbaar")))
    cases += [
        _case("peildatum_toekomst.xlsx", *_peildatum(dt.date(2099, 10, 31), REJECTED, "peildatum.toekomst")),
        _case("peildatum_te_vroeg.xlsx", *_peildatum("31-10-2015", REJECTED, "peildatum.te_vroeg")),
        _case("peildatum_leeg.xlsx", *_peildatum(None, REJECTED, "peildatum.ontbreekt")),
        _case("cz-2021-03.xlsx", *_peildatum("31-10-2020", ACCEPTED, "peildatum.bestandsnaam"),
              message_contains=("mrt-21",)),
    ]
    return [*cases, *_vocabulary_cases()]


CASES = {case.name: case for case in build_cases()}


def write_case(case: Case, folder: Path) -> Path:
    path = folder / case.name
    path.parent.mkdir(parents=True, exist_ok=True)
    case.write(path)
    return path


def copy_as(source: Path, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return target
