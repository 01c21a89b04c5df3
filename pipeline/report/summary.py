"""The written summary (samenvatting): Dutch sentences whose every number comes from ReportFacts."""

from __future__ import annotations

from pipeline.dutch import dutch_list
from pipeline.periods import short_label
from pipeline.report.facts import ReportFacts
from pipeline.report.formatting import agree, nl_count, nl_int, nl_percent, share

REGIOS = "regio's"
PHASE_NOUNS = {"afspraken": "afspraken en convenanten", "dynamiek": "samenwerkingsdynamiek",
               "visie": "regionale visie"}


def _projects(count: int) -> str:
    return nl_count(count, "project", "projecten")


def _phase_label(label: str) -> str:
    """'Fase 4: Implementatiefase' → 'fase 4 (implementatiefase)'."""
    number, _, name = label.partition(":")
    return f"{number.lower()} ({name.strip().lower()})" if name else label


def _regions_with_data(delivered: int, regions: int) -> str:
    """'de regio heeft gegevens', 'alle 6 regio's hebben gegevens', '4 van de 6 regio's hebben gegevens'."""
    if regions == 1:
        return "de regio heeft gegevens" if delivered else "de regio heeft nog geen gegevens"
    if delivered == regions:
        return f"alle {nl_int(regions)} regio's hebben gegevens"
    if not delivered:
        return f"geen van de {nl_int(regions)} regio's heeft gegevens"
    return f"{nl_int(delivered)} van de {nl_int(regions)} regio's {agree(delivered, 'heeft', 'hebben')} gegevens"


def delivery_sentence(facts: ReportFacts) -> str:
    if facts.scope is not None:  # one zorgkantoor: not '1 van de 1 zorgkantoren'
        accepted = "een" if any(d.delivered for d in facts.deliveries) else "nog geen"
        return (f"{facts.scope} heeft voor deze peildatum {accepted} geaccepteerde aanlevering; "
                f"{_regions_with_data(facts.regions_delivered, facts.regions)}.")
    reporting = [d for d in facts.deliveries if d.in_rapportage]
    missing = [d.zorgkantoor for d in reporting if not d.delivered]
    delivered = len(reporting) - len(missing)
    text = (f"Voor deze peildatum {agree(delivered, 'heeft', 'hebben')} {nl_int(delivered)} van de "
            f"{nl_int(len(reporting))} zorgkantoren een geaccepteerde aanlevering; {nl_int(facts.regions_delivered)} "
            f"van de {nl_int(facts.regions)} regio's {agree(facts.regions_delivered, 'heeft', 'hebben')} gegevens.")
    if missing:
        text += f" Nog niet aangeleverd: {dutch_list(missing)}."
    return text


def _moves(risen: int, fallen: int) -> str:
    """'is geen regio gestegen of gedaald', 'zijn 3 regio's gestegen en is geen regio gedaald',
    'zijn 7 regio's gestegen en 2 gedaald': each count with its own verb, 0 as 'geen regio'."""
    if not risen and not fallen:
        return "is geen regio gestegen of gedaald"
    if risen and fallen and agree(risen, "is", "zijn") == agree(fallen, "is", "zijn"):
        return f"{agree(risen, 'is', 'zijn')} {nl_count(risen, 'regio', REGIOS)} gestegen en {nl_int(fallen)} gedaald"

    def clause(count: int, participle: str) -> str:
        if not count:
            return f"is geen regio {participle}"
        return f"{agree(count, 'is', 'zijn')} {nl_count(count, 'regio', REGIOS)} {participle}"

    return f"{clause(risen, 'gestegen')} en {clause(fallen, 'gedaald')}"


def phase_sentences(facts: ReportFacts) -> list[str]:
    sentences = []
    previous = short_label(facts.previous_phase_period) if facts.previous_phase_period else None
    for dimensie, phase in facts.phases.items():
        text = (f"Voor {PHASE_NOUNS[dimensie]} {agree(phase.in_top, 'is', 'zijn')} {nl_int(phase.in_top)} van de "
                f"{nl_int(phase.regions)} regio's ({nl_percent(share(phase.in_top, phase.regions))}) in "
                f"{_phase_label(phase.top_label)}")
        if previous is not None:
            text += (f", tegen {nl_int(phase.in_top_before)} in {previous}. Sinds {previous} "
                     f"{_moves(phase.risen, phase.fallen)}")
        sentences.append(text + ".")
    return sentences


def project_sentences(facts: ReportFacts) -> list[str]:
    projects = facts.projects
    if projects is None or not projects.total:
        return ["Voor deze peildatum zijn geen projecten geregistreerd."]
    year = facts.peildatum[:4]
    previous = short_label(facts.previous_project_period) if facts.previous_project_period else None
    total = f"Er {agree(projects.total, 'is', 'zijn')} {_projects(projects.total)} geregistreerd"
    total += f" (in {previous}: {nl_int(projects.total_before)})." if previous else "."
    sentences = [total]
    completed = (f"Er {agree(projects.completed, 'is', 'zijn')} {nl_int(projects.completed)} van de "
                 f"{nl_int(projects.total)} projecten afgerond")
    if projects.completed:
        completed += (f"; {nl_int(projects.successful)} daarvan "
                      f"({nl_percent(share(projects.successful, projects.completed))}) succesvol")
        if previous and projects.completed_before:
            completed += (f", tegen {nl_percent(share(projects.successful_before, projects.completed_before))} "
                          f"in {previous}")
    sentences.append(completed + ".")
    sentences.append(
        f"{_projects(projects.running)} ({nl_percent(share(projects.running, projects.total))}) "
        f"{agree(projects.running, 'loopt', 'lopen')}, "
        f"{nl_int(projects.not_started)} {agree(projects.not_started, 'is', 'zijn')} nog niet gestart en "
        f"{nl_int(projects.stopped)} {agree(projects.stopped, 'is', 'zijn')} vroegtijdig gestopt of helemaal niet "
        "gestart.")
    if projects.new:
        top_share = nl_percent(share(projects.top_new, projects.new))
        sentences.append(
            f"{_projects(projects.new)} {agree(projects.new, 'start', 'starten')} in {year} of later; de grootste "
            f"hoofdrubriek daarvan is {projects.top_new_label} ({nl_int(projects.top_new)}, {top_share}).")
    sentences.append(
        f"Voor {_projects(projects.shareable)} zijn er al resultaten om te delen; voor "
        f"{_projects(projects.shareable_soon)} wordt dat in de nabije toekomst verwacht.")
    sentences.append(
        f"{_projects(projects.scalable)} ({nl_percent(share(projects.scalable, projects.total))}) "
        f"{agree(projects.scalable, 'wordt', 'worden')} als opschaalbaar ingeschat, waarvan "
        f"{nl_int(projects.nationally_scalable)} landelijk.")
    return sentences


def summary(facts: ReportFacts) -> list[str]:
    return [delivery_sentence(facts), *phase_sentences(facts), *project_sentences(facts)]
