"""The written summary (samenvatting): Dutch sentences whose every number comes from ReportFacts."""

from __future__ import annotations

from pipeline.periods import short_label
from pipeline.report.facts import ReportFacts
from pipeline.report.formatting import nl_int, nl_list, nl_percent, share

PHASE_NOUNS = {"afspraken": "afspraken en convenanten", "dynamiek": "samenwerkingsdynamiek",
               "visie": "regionale visie"}


def _phase_label(label: str) -> str:
    """'Fase 4: Implementatiefase' → 'fase 4 (implementatiefase)'."""
    number, _, name = label.partition(":")
    return f"{number.lower()} ({name.strip().lower()})" if name else label


def delivery_sentence(facts: ReportFacts) -> str:
    reporting = [d for d in facts.deliveries if d.in_rapportage]
    missing = [d.zorgkantoor for d in reporting if not d.delivered]
    text = (f"Voor deze peildatum hebben {nl_int(len(reporting) - len(missing))} van de {nl_int(len(reporting))} "
            f"zorgkantoren een geaccepteerde aanlevering; {nl_int(facts.regions_delivered)} van de "
            f"{nl_int(facts.regions)} regio's hebben gegevens.")
    if missing:
        text += f" Nog niet aangeleverd: {nl_list(missing)}."
    return text


def phase_sentences(facts: ReportFacts) -> list[str]:
    sentences = []
    previous = short_label(facts.previous_phase_period) if facts.previous_phase_period else None
    for dimensie, phase in facts.phases.items():
        text = (f"Voor {PHASE_NOUNS[dimensie]} zijn {nl_int(phase.in_top)} van de {nl_int(phase.regions)} regio's "
                f"({nl_percent(share(phase.in_top, phase.regions))}) in {_phase_label(phase.top_label)}")
        if previous is not None:
            text += (f", tegen {nl_int(phase.in_top_before)} in {previous}. Sinds {previous} zijn "
                     f"{nl_int(phase.risen)} regio's gestegen en {nl_int(phase.fallen)} gedaald")
        sentences.append(text + ".")
    return sentences


def project_sentences(facts: ReportFacts) -> list[str]:
    projects = facts.projects
    if projects is None or not projects.total:
        return ["Voor deze peildatum zijn geen projecten geregistreerd."]
    year = facts.peildatum[:4]
    previous = short_label(facts.previous_project_period) if facts.previous_project_period else None
    total = f"Er zijn {nl_int(projects.total)} projecten geregistreerd"
    total += f" (in {previous}: {nl_int(projects.total_before)})." if previous else "."
    sentences = [total]
    completed = (f"Er zijn {nl_int(projects.completed)} van de {nl_int(projects.total)} projecten afgerond")
    if projects.completed:
        completed += (f"; {nl_int(projects.successful)} daarvan "
                      f"({nl_percent(share(projects.successful, projects.completed))}) succesvol")
        if previous and projects.completed_before:
            completed += (f", tegen {nl_percent(share(projects.successful_before, projects.completed_before))} "
                          f"in {previous}")
    sentences.append(completed + ".")
    sentences.append(
        f"{nl_int(projects.running)} projecten ({nl_percent(share(projects.running, projects.total))}) lopen, "
        f"{nl_int(projects.not_started)} zijn nog niet gestart en {nl_int(projects.stopped)} zijn vroegtijdig "
        f"gestopt of helemaal niet gestart.")
    if projects.new:
        top_share = nl_percent(share(projects.top_new, projects.new))
        sentences.append(
            f"{nl_int(projects.new)} projecten starten in {year} of later; de grootste hoofdrubriek daarvan is "
            f"{projects.top_new_label} ({nl_int(projects.top_new)}, {top_share}).")
    sentences.append(
        f"Voor {nl_int(projects.shareable)} projecten zijn er al resultaten om te delen; voor "
        f"{nl_int(projects.shareable_soon)} projecten wordt dat in de nabije toekomst verwacht.")
    sentences.append(
        f"{nl_int(projects.scalable)} projecten ({nl_percent(share(projects.scalable, projects.total))}) worden als "
        f"opschaalbaar ingeschat, waarvan {nl_int(projects.nationally_scalable)} landelijk.")
    return sentences


def summary(facts: ReportFacts) -> list[str]:
    return [delivery_sentence(facts), *phase_sentences(facts), *project_sentences(facts)]
