"""Team WIR's pages: the received submissions and their review (returning one ter correctie)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from pipeline import periods
from pipeline.portal.access import analist_required
from pipeline.portal.models import Submission
from pipeline.portal.review import ReviewRefused, can_return, return_submission
from pipeline.portal.views import _grouped, _refresh


@analist_required
def submissions(request):
    _refresh()
    chosen = request.GET.get("peildatum", "")
    found = Submission.objects.filter(handed_to_pipeline=True).prefetch_related("reviews")
    peildatums = sorted({p for p in found.values_list("peildatum", flat=True) if p}, reverse=True)
    if chosen:
        found = found.filter(peildatum=chosen)
    return render(request, "portal/team_aanleveringen.html", {
        "submissions": found, "peildatums": [(p, periods.long_label(p)) for p in peildatums], "chosen": chosen})


@analist_required
def submission(request, pk: int):
    _refresh()
    record = get_object_or_404(Submission, pk=pk)
    rows = list(record.findings.values("ernst", "tabblad", "rij", "kolom", "waarde", "melding", "wat_te_doen"))
    return render(request, "portal/team_aanlevering.html", {
        "s": record, "groups": _grouped(rows), "reviews": record.reviews.all(), "can_return": can_return(record),
        "label": record.peildatum_label})


@analist_required
@require_POST
def return_for_correction(request, pk: int):
    record = get_object_or_404(Submission, pk=pk)
    try:
        return_submission(record, request.user, request.POST.get("toelichting", ""), request)
    except ReviewRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"Aanlevering {record.kenmerk} van {record.zorgkantoor} is teruggestuurd ter "
                                  "correctie. Het zorgkantoor ziet uw toelichting op zijn startpagina.")
    return redirect("portal:team_aanlevering", pk=record.pk)
