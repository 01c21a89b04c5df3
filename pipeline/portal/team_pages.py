"""Team WIR's overview per peildatum (figures, runs, starting a run) and the audit log with its xlsx export."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from pipeline import periods
from pipeline.portal import audit, auditlog, dashboard, runs
from pipeline.portal.access import analist_required
from pipeline.portal.deadline import open_peildatum
from pipeline.portal.models import Actie, WarehouseState
from pipeline.portal.views import XLSX, _refresh
from pipeline.reference import load_reference

AUDIT_PAGE = 200  # lines shown; the export has them all


def _choices(reference, today) -> list[str]:
    return dashboard.peildata(reference, today, WarehouseState.objects.filter(pk=1).first())


@analist_required
def overview(request):
    _refresh()
    reference = load_reference()
    today = timezone.localdate()
    choices = _choices(reference, today)
    current = open_peildatum(reference, today)
    chosen = request.GET.get("peildatum") or (current.key if current else (choices[0] if choices else ""))
    if chosen not in choices:
        raise Http404("Onbekende peildatum.")
    started = runs.latest_started()
    return render(request, "portal/team_overzicht.html", {
        "o": dashboard.overview(reference, chosen, today), "choices": [(k, periods.long_label(k)) for k in choices],
        "runs": runs.recent_runs(chosen), "started": started,
        "running": started is not None and started.running, "dagster_url": settings.WIR_DAGSTER_URL})


@analist_required
@require_POST
def start_run(request, peildatum: str):
    if peildatum not in _choices(load_reference(), timezone.localdate()):
        raise Http404("Onbekende peildatum.")
    try:
        runs.start(peildatum, request.user.email)
    except runs.RunRefused as refused:
        messages.error(request, str(refused))
    else:
        audit.record(Actie.VERWERKING, request, peildatum=peildatum,
                     detail=f"wir-monitor run --peildatum {peildatum}")
        messages.success(request, f"De verwerking van {periods.long_label(peildatum)} is gestart. De runs staan "
                                  "hieronder en in Dagster; ververs de pagina om de stand te zien.")
    return redirect(f"{reverse('portal:overzicht')}?peildatum={peildatum}")


def _filter(request) -> auditlog.AuditFilter:
    return auditlog.AuditFilter(request.GET or None, list(load_reference().concessiehouders))


@analist_required
def audit_log(request):
    form = _filter(request)
    lines = auditlog.filtered(form)
    return render(request, "portal/team_logboek.html", {
        "form": form, "lines": lines[:AUDIT_PAGE], "total": lines.count(), "page": AUDIT_PAGE,
        "query": request.GET.urlencode()})


@analist_required
def audit_export(request):
    form = _filter(request)
    audit.record(Actie.DOWNLOAD, request, detail=f"logboek (xlsx) {request.GET.urlencode()}".strip())
    name = f"logboek-{timezone.localtime():%Y%m%d-%H%M}.xlsx"
    return HttpResponse(auditlog.workbook_bytes(auditlog.filtered(form)), content_type=XLSX,
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})
