"""The report library for ZN and team WIR: every peildatum's report, concept or vastgesteld, with its provenance;
ZN approves or asks for changes here, team WIR vaststelt or heropent here (through the CLI's code)."""

from __future__ import annotations

from csp.decorators import csp_update
from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from pipeline import periods
from pipeline.portal import approval, audit, intake
from pipeline.portal.access import reader_required
from pipeline.portal.models import Actie, WarehouseState
from pipeline.portal.views import XLSX, _refresh
from pipeline.reference import load_reference
from pipeline.report.files import report_html_path, report_pdf_path
from pipeline.tables.workbook import tables_workbook_path

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# kind: (label, content type, attachment)
KINDS = {
    "html": ("Rapportage (pagina)", "text/html; charset=utf-8", False),
    "pdf": ("Rapportage (PDF)", "application/pdf", True),
    "docx": ("Rapportage (Word)", DOCX, True),
    "xlsx": ("Tabellenboek (Excel)", XLSX, True),
}


def report_files(peildatum: str) -> dict[str, object]:
    """The report files of a peildatum that exist, by kind (a DOCX only where the report writes one)."""
    reports = intake.locations().reports_dir
    html = report_html_path(reports, peildatum)
    paths = {"html": html, "pdf": report_pdf_path(reports, peildatum), "docx": html.with_suffix(".docx"),
             "xlsx": tables_workbook_path(reports, peildatum)}
    return {kind: path for kind, path in paths.items() if path.is_file()}


def _peildata() -> list[str]:
    return sorted((key for key in load_reference().deadlines if "html" in report_files(key)), reverse=True)


def _lock(peildatum: str) -> str | None:
    state = WarehouseState.objects.filter(pk=1).first()
    return state.locks.get(peildatum) if state else None


@reader_required
def library(request):
    _refresh()
    rows = [{"key": key, "label": periods.long_label(key), "lock": _lock(key), "files": report_files(key),
             "latest": approval.history(key).first()} for key in _peildata()]
    return render(request, "portal/rapporten.html", {"rows": rows, "kinds": KINDS})


def _known(peildatum: str) -> None:
    if peildatum not in _peildata():
        raise Http404("Geen rapportage voor deze peildatum.")


@reader_required
@csp_update({"frame-src": ["'self'"]})
def report(request, peildatum: str):
    _known(peildatum)
    _refresh()
    lock = _lock(peildatum)
    state = WarehouseState.objects.filter(pk=1).first()
    return render(request, "portal/rapport.html", {
        "key": peildatum, "label": periods.long_label(peildatum), "lock": lock, "kinds": KINDS,
        "lock_reason": state.lock_reasons.get(peildatum) if state and lock else None,
        "files": report_files(peildatum), "history": approval.history(peildatum),
        "approval": approval.standing_approval(peildatum)})


@reader_required
@xframe_options_sameorigin
@csp_update({"style-src": ["'unsafe-inline'"], "img-src": ["data:"], "frame-ancestors": ["'self'"]})
def report_file(request, peildatum: str, kind: str):
    _known(peildatum)
    path = report_files(peildatum).get(kind)
    if path is None:
        raise Http404("Dit bestand is er (nog) niet.")
    label, content_type, attachment = KINDS[kind]
    audit.record(Actie.DOWNLOAD, request, peildatum=peildatum, detail=f"{label.lower()} {peildatum}")
    return FileResponse(open(path, "rb"), content_type=content_type, as_attachment=attachment,
                        filename=path.name)


def _act(request, peildatum: str, action) -> object:
    _known(peildatum)
    try:
        said = action()
    except approval.DecisionRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, said)
    return redirect("portal:rapport", peildatum=peildatum)


@reader_required
@require_POST
def decide(request, peildatum: str):
    def act():
        step = approval.decide(peildatum, request.user, request.POST.get("besluit", ""),
                               request.POST.get("toelichting", ""), request)
        return f"Uw besluit is vastgelegd: {step.get_besluit_display()}. Team WIR ziet het op deze pagina."
    return _act(request, peildatum, act)


@reader_required
@require_POST
def vaststellen(request, peildatum: str):
    return _act(request, peildatum, lambda: approval.vaststellen(peildatum, request.user,
                                                                 request.POST.get("reden", ""), request))


@reader_required
@require_POST
def heropenen(request, peildatum: str):
    return _act(request, peildatum, lambda: approval.heropenen(peildatum, request.user,
                                                               request.POST.get("reden", ""), request))
