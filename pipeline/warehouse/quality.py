"""Data-quality rule groups over the findings, as shown in Dagster's asset checks."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from pipeline.intake.findings import FOUT, WAARSCHUWING


@dataclass(frozen=True)
class RuleGroup:
    name: str
    description: str
    rules: tuple[str, ...]  # rule identifiers or prefixes ending in '.'
    blocking_severity: bool  # True: the group's errors (the file is rejected); False: its warnings

    @property
    def severity(self) -> str:
        return FOUT if self.blocking_severity else WAARSCHUWING

    def matches(self, rule: str, severity: str) -> bool:
        """A finding counts against the group when its rule is listed and its severity is the group's."""
        return severity == self.severity and any(
            rule == r or (r.endswith(".") and rule.startswith(r)) for r in self.rules)


RULE_GROUPS = (
    RuleGroup("bestand_en_structuur", "Elk bestand is een leesbare werkmap binnen de grenzen, met de tabbladen, "
              "kolommen en sleutels van het aanleverformat, een bekend zorgkantoor en een leesbare peildatum.",
              ("bestand.", "blad.", "kolom.", "sleutel.", "zorgkantoor.", "peildatum.", "templateversie."), True),
    RuleGroup("cellen_leesbaar", "Elke cel met gegevens is een gewone cel: niet samengevoegd, geen formule "
              "zonder opgeslagen waarde en geen Excel-fout zoals #N/A.", ("cel.",), True),
    RuleGroup("verplichte_velden", "Elke verplichte cel is ingevuld.", ("waarde.verplicht",), True),
    RuleGroup("vocabulaire", "Elke keuzewaarde staat in de vocabulaire.", ("waarde.vocabulaire",), True),
    RuleGroup("getallen_en_bereik", "Getallen en bedragen zijn getallen binnen hun bereik; teksten zijn niet "
              "langer dan hun grens.",
              ("waarde.geen_getal", "waarde.geen_bedrag", "waarde.bereik", "waarde.minimum", "waarde.maximum",
               "waarde.te_lang", "waarde.te_veel_cijfers"), True),
    RuleGroup("regio_s", "Elke regio is bekend, hoort bij het zorgkantoor en staat er één keer.",
              ("regio.onbekend", "regio.ander_zorgkantoor", "regio.dubbel"), True),
    RuleGroup("unieke_project_ids", "Elke Project-ID komt één keer voor, ook als hoofdletters, onzichtbare tekens en "
              "letters die op elkaar lijken niet meetellen.", ("project.id_dubbel", "project.id_lijkt_dubbel"), True),
    RuleGroup("ontwikkeling_sinds_vorige_peildatum", "Geen ontbrekende regio's of projecten, dalende fasen "
              "of afgeronde projecten die weer lopen ten opzichte van de vorige peildatum.",
              ("regio.ontbreekt", "regio.fase_omlaag", "regio.fase_sprong", "project.ontbreekt",
               "project.status_terug"), False),
)


def latest_findings(connection: duckdb.DuckDBPyConnection, peildatum: str) -> pd.DataFrame:
    """Findings of the latest file per zorgkantoor (and of every file without one) of a peildatum.

    An older rejected file that has since been corrected no longer counts against the peildatum.
    """
    return connection.execute(
        """WITH latest AS (
               SELECT * FROM submissions WHERE peildatum = ?
               QUALIFY zorgkantoor IS NULL OR row_number() OVER (
                   PARTITION BY zorgkantoor ORDER BY received_at DESC, submission_id DESC) = 1)
           SELECT l.file_name AS bestand, l.zorgkantoor, f.rule, f.severity, f.sheet AS tabblad, f.excel_row AS rij,
                  f.column_name AS kolom, f.value AS waarde, f.message AS melding
           FROM latest l JOIN findings f USING (submission_id)
           ORDER BY l.received_at, l.submission_id, f.finding_no""",
        [peildatum]).df()


def failures(findings: pd.DataFrame, group: RuleGroup) -> pd.DataFrame:
    if not len(findings):
        return findings
    mask = [group.matches(rule, severity) for rule, severity in zip(findings["rule"], findings["severity"],
                                                                    strict=True)]
    return findings[mask]
