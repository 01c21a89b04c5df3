"""The zorgkantoor's pages. Thin: the work is in intake.py (the pipeline's intake) and warehouse.py."""

from __future__ import annotations

import itertools
from pathlib import Path

from csp.decorators import csp_update
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from pipeline import periods
from pipeline.intake import layout
from pipeline.intake.messages import finding
from pipeline.intake.workbook import FORMAT_NAMES
from pipeline.naming import slug
from pipeline.portal import audit, intake, warehouse
from pipeline.portal.access import own_submission, zorgkantoor_required
from pipeline.portal.deadline import next_peildatum, open_peildatum
from pipeline.portal.forms import LoginForm, UploadForm
from pipeline.portal.models import Actie, Bron, Submission, WarehouseState
from pipeline.portal.uploads import looks_like_workbook
from pipeline.reference import load_reference
from pipeline.report.files import zorgkantoor_html_path
from pipeline.template.writer import build_template
from pipeline.warehouse.lock import WarehouseBusy, warehouse_lock

SHEET_ORDER = (layout.SHEET_AANLEVERING, layout.SHEET_REGIOS, layout.SHEET_PROJECTEN)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Feedback and report pages carry their own stylesheet inline; they still run no script.
FILE_PAGE_CSP = {"style-src": ["'unsafe-inline'"]}


class LoginView(auth_views.LoginView):
    template_name = "portal/inloggen.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


def _refresh() -> None:
    warehouse.refresh(intake.locations().warehouse, load_reference())


def start(request):
    if not request.user.is_authenticated:
        return redirect("portal:inloggen")
    if not request.user.is_zorgkantoor:
        return render(request, "portal/team.html")
    _refresh()
    reference = load_reference()
    today = timezone.localdate()
    current = open_peildatum(reference, today)
    state = WarehouseState.objects.filter(pk=1).first()
    zorgkantoor = request.user.zorgkantoor
    latest = Submission.objects.filter(zorgkantoor=zorgkantoor, peildatum=current.key).first() if current else None
    status = (state.status.get(current.key, {}).get(zorgkantoor) if state and current else None) or {}
    following = next_peildatum(reference, current.key, today) if current else None
    return render(request, "portal/start.html", {
        "open": current, "next": following, "next_label": periods.long_label(following.key) if following else None,
        "latest": latest, "status": status,  # the warehouse's status row of this zorgkantoor (status_overview)
        "lock": state.locks.get(current.key) if state and current else None,
        "refreshed_at": state.refreshed_at if state else None,
        "label": periods.long_label(current.key) if current else None,
    })


@zorgkantoor_required
def template_download(request, peildatum: str):
    reference = load_reference()
    if peildatum not in reference.deadlines:
        raise Http404("Onbekende peildatum.")
    zorgkantoor = request.user.zorgkantoor
    audit.record(Actie.DOWNLOAD, request, peildatum=peildatum, detail=f"aanlevertemplate {peildatum}")
    name = f"aanlevering-{slug(zorgkantoor)}-{peildatum}.xlsx"
    return HttpResponse(_template_bytes(reference, zorgkantoor, peildatum), content_type=XLSX,
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _template_bytes(reference, zorgkantoor: str, peildatum: str) -> bytes:
    """Prefilled from the warehouse when it is free; while a run holds it, the last one made (or an empty one)."""
    from pipeline.excel import save_deterministic
    from pipeline.template.prefill import prefill_content

    cache = Path(settings.PORTAL_DIR) / "templates" / f"{slug(zorgkantoor)}-{peildatum}.xlsx"
    where = intake.locations().warehouse
    try:
        with warehouse_lock(where, exclusive=False, timeout=0):  # prefill_content's own lock is then re-entrant
            content, _ = prefill_content(where, zorgkantoor, peildatum)
    except WarehouseBusy:
        if cache.exists():
            return cache.read_bytes()
        content = None
    cache.parent.mkdir(parents=True, exist_ok=True)
    partial = cache.with_name(cache.name + ".partial")
    save_deterministic(build_template(reference, zorgkantoor, peildatum, content), partial)
    partial.replace(cache)
    return cache.read_bytes()


def _wants_json(request) -> bool:
    return request.headers.get("X-Requested-With") == "XMLHttpRequest"


def _refusal(request, melding: str, status: int):
    audit.record(Actie.GEWEIGERD, request, detail=melding)
    if _wants_json(request):
        return JsonResponse({"melding": melding}, status=status)
    return render(request, "portal/aanleveren.html", {"form": UploadForm(), "melding": melding,
                                                       **_upload_context()}, status=status)


def _upload_context() -> dict:
    return {"max_mb": settings.MAX_FILE_BYTES // 2**20}


def refusal_for(request, form: UploadForm) -> tuple[str, int] | None:
    """Why an upload is refused before it is kept, with the HTTP status; None if it may go on."""
    if getattr(request, "upload_too_large", False):
        limit = settings.MAX_FILE_BYTES / 2**20
        return (f"Het bestand is groter dan {limit:.0f} MB en is niet ontvangen. Verwijder overbodige tabbladen, "
                "afbeeldingen en opmaak, of gebruik het aanlevertemplate.", 413)
    if not form.is_valid():
        return " ".join(message for errors in form.errors.values() for message in errors), 400
    if not looks_like_workbook(form.cleaned_data["bestand"].head):
        return finding("bestand.formaat", format=FORMAT_NAMES["text"]).message + " " + \
            finding("bestand.formaat", format="").action, 415
    return None


@zorgkantoor_required
@require_http_methods(["GET", "POST"])
def upload(request):
    if request.method == "GET":
        return render(request, "portal/aanleveren.html", {"form": UploadForm(), **_upload_context()})
    form = UploadForm(request.POST, request.FILES)
    refused = refusal_for(request, form)
    if refused:
        return _refusal(request, *refused)
    received = form.cleaned_data["bestand"]
    if form.cleaned_data["controle"]:
        judged = intake.check_only(received, request.user)
        audit.record(Actie.CONTROLE, request, detail=f"{judged.status}, {len(judged.findings)} bevinding(en)")
        context = {"judged": judged, "groups": _grouped(intake.finding_rows(judged.findings))}
        if _wants_json(request):
            return JsonResponse({"html": render_to_string("portal/_controle.html", context, request)})
        return render(request, "portal/aanleveren.html", {"form": UploadForm(), **context, **_upload_context()})
    record, created = intake.submit(received, request.user, Bron.PORTAAL)
    audit.record(Actie.AANLEVERING, request, kenmerk=record.kenmerk,
                 detail=f"{record.status}{'' if created else ' (al eerder ontvangen)'}")
    url = reverse("portal:aanlevering", args=[record.kenmerk])
    if _wants_json(request):
        return JsonResponse({"url": url})
    return redirect(url)


def _grouped(rows: list[dict]) -> list[tuple[str, list[dict]]]:
    """Findings per sheet, in the workbook's order; findings about the file itself first."""
    def order(row):
        sheet = row["tabblad"]
        return (SHEET_ORDER.index(sheet) + 1 if sheet in SHEET_ORDER else (0 if not sheet else 9), sheet)

    ordered = sorted(rows, key=lambda r: (*order(r), r["ernst"] != "fout", r["rij"] or 0))
    return [(sheet or "Het bestand", list(items))
            for sheet, items in itertools.groupby(ordered, key=lambda r: r["tabblad"])]


@zorgkantoor_required
def history(request):
    _refresh()
    return render(request, "portal/geschiedenis.html", {
        "submissions": Submission.objects.filter(zorgkantoor=request.user.zorgkantoor)})


@zorgkantoor_required
def detail(request, kenmerk: str):
    _refresh()
    record = own_submission(request.user, kenmerk)
    rows = list(record.findings.values("ernst", "tabblad", "rij", "kolom", "waarde", "melding", "wat_te_doen"))
    return render(request, "portal/aanlevering.html", {"s": record, "groups": _grouped(rows),
                                                       "label": periods.long_label(record.peildatum)
                                                       if record.peildatum else "onbekend"})


@zorgkantoor_required
@csp_update(FILE_PAGE_CSP)
def feedback(request, kenmerk: str, extension: str):
    record = own_submission(request.user, kenmerk)
    path = intake.feedback_file(record, extension)
    if path is None:
        raise Http404("Geen terugkoppeling gevonden.")
    audit.record(Actie.DOWNLOAD, request, kenmerk=record.kenmerk, detail=f"terugkoppeling .{extension}")
    name = f"terugkoppeling-{record.kenmerk}.{extension}"
    return FileResponse(open(path, "rb"), as_attachment=extension == "xlsx", filename=name,
                        content_type=XLSX if extension == "xlsx" else "text/html; charset=utf-8")


def _own_reports(zorgkantoor: str) -> list[tuple[str, str]]:
    reports = intake.locations().reports_dir
    keys = sorted((key for key in load_reference().deadlines
                   if zorgkantoor_html_path(reports, key, zorgkantoor).exists()), reverse=True)
    return [(key, periods.long_label(key)) for key in keys]


@zorgkantoor_required
def reports(request):
    return render(request, "portal/rapportage.html", {"reports": _own_reports(request.user.zorgkantoor)})


@zorgkantoor_required
@csp_update({**FILE_PAGE_CSP, "img-src": ["data:"]})
def report(request, peildatum: str):
    if peildatum not in dict(_own_reports(request.user.zorgkantoor)):
        raise Http404("Geen rapportage voor deze peildatum.")
    audit.record(Actie.DOWNLOAD, request, peildatum=peildatum, detail=f"zorgkantoorrapportage {peildatum}")
    path = zorgkantoor_html_path(intake.locations().reports_dir, peildatum, request.user.zorgkantoor)
    return FileResponse(open(path, "rb"), content_type="text/html; charset=utf-8")
