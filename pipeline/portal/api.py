"""The JSON API of the contract (/api/v1/), for zorgkantoren that upload from their own systems.

Authorization: Token <token>. No or a wrong token: 401; another zorgkantoor's kenmerk: 404, never 403.
Errors are JSON with a Dutch `melding`.
"""

from __future__ import annotations

from functools import wraps

from django.http import Http404, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from pipeline.portal import audit, intake, warehouse
from pipeline.portal.access import own_submission
from pipeline.portal.forms import UploadForm
from pipeline.portal.models import Actie, ApiToken, Bron, Submission
from pipeline.portal.views import refusal_for
from pipeline.reference import load_reference


def error(melding: str, status: int) -> JsonResponse:
    return JsonResponse({"melding": melding}, status=status)


def token_required(view):
    """Token authentication only: the session cookie is ignored, so CSRF does not apply (csrf_exempt)."""

    @csrf_exempt
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        scheme, _, key = request.headers.get("Authorization", "").partition(" ")
        token = ApiToken.objects.select_related("user").filter(key_hash=ApiToken.hash(key.strip())).first() \
            if scheme == "Token" and key.strip() else None
        if token is None or not token.user.is_active:
            response = error("Geen geldig API-token. Stuur de kopregel 'Authorization: Token <token>' mee; een token "
                             "vraagt u aan bij team WIR.", 401)
            response["WWW-Authenticate"] = "Token"
            return response
        if not token.user.is_zorgkantoor:
            return error("Alleen een account van een zorgkantoor kan aanleveren.", 403)
        request.user = token.user
        try:
            return view(request, *args, **kwargs)
        except Http404:
            return error("Deze aanlevering bestaat niet.", 404)

    return wrapped


def finding_json(row: dict) -> dict:
    return {"ernst": row["ernst"], "tabblad": row["tabblad"] or None, "rij": row["rij"],
            "kolom": row["kolom"] or None, "waarde": row["waarde"] or None, "melding": row["melding"],
            "wat_te_doen": row["wat_te_doen"]}


def submission_json(record: Submission, with_findings: bool) -> dict:
    body = {
        "kenmerk": record.kenmerk, "zorgkantoor": record.zorgkantoor, "peildatum": record.peildatum or None,
        "ontvangen_op": record.received_at.isoformat(), "bestandsnaam": record.original_name,
        "status": record.verdict, "fouten": record.errors, "waarschuwingen": record.warnings,
        "verwerkt": bool(record.pipeline_status), "in_gebruik": record.in_force,
    }
    if with_findings:
        body["bevindingen"] = [finding_json(row) for row in record.findings.values(
            "ernst", "tabblad", "rij", "kolom", "waarde", "melding", "wat_te_doen")]
    return body


def _not_allowed(allowed: str) -> JsonResponse:
    response = error(f"Deze methode kan hier niet; gebruik {allowed}.", 405)
    response["Allow"] = allowed
    return response


@token_required
def submissions(request):
    if request.method not in ("GET", "POST"):
        return _not_allowed("GET, POST")
    if request.method == "GET":
        warehouse.refresh(intake.locations().warehouse, load_reference())
        return JsonResponse({"aanleveringen": [submission_json(s, False) for s in
                                               Submission.objects.filter(zorgkantoor=request.user.zorgkantoor)]})
    form = UploadForm(request.POST, request.FILES)
    refused = refusal_for(request, form)
    if refused:
        audit.record(Actie.GEWEIGERD, request, detail=f"API: {refused[0]}")
        return error(*refused)
    received = form.cleaned_data["bestand"]
    if request.GET.get("controle") in ("1", "ja", "true"):
        judged = intake.check_only(received, request.user)
        audit.record(Actie.CONTROLE, request, detail=f"API: {judged.status}")
        rows = intake.finding_rows(judged.findings)
        return JsonResponse({"kenmerk": None, "status": judged.status,
                             "fouten": sum(r["ernst"] == "fout" for r in rows),
                             "waarschuwingen": sum(r["ernst"] != "fout" for r in rows),
                             "bevindingen": [finding_json(r) for r in rows]}, status=200)
    record, created = intake.submit(received, request.user, Bron.API)
    audit.record(Actie.AANLEVERING, request, kenmerk=record.kenmerk, detail=f"API: {record.status}")
    return JsonResponse(submission_json(record, True), status=201 if created else 200)


@token_required
def submission(request, kenmerk: str):
    if request.method != "GET":
        return _not_allowed("GET")
    warehouse.refresh(intake.locations().warehouse, load_reference())
    return JsonResponse(submission_json(own_submission(request.user, kenmerk), True))
