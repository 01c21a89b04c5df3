"""The audit log for team WIR: filtered by kind, user, zorgkantoor, peildatum and date range, and exported to
xlsx with every text stored as text (pipeline/excel.py: never a formula)."""

from __future__ import annotations

import datetime as dt
import io

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from pipeline.excel import put_text
from pipeline.portal.models import Actie, AuditEvent

COLUMNS = ("Tijdstip", "Actie", "Gebruiker", "Zorgkantoor", "Peildatum", "Kenmerk", "Toelichting", "IP-adres")
WIDTHS = (18, 34, 30, 16, 10, 18, 80, 16)


class AuditFilter(forms.Form):
    actie = forms.ChoiceField(label="Soort", required=False, choices=[("", "alle"), *Actie.choices])
    gebruiker = forms.CharField(label="Gebruiker", required=False, max_length=254)
    zorgkantoor = forms.ChoiceField(label="Zorgkantoor", required=False)
    peildatum = forms.RegexField(label="Peildatum", required=False, regex=r"^\d{4}-\d{2}$",
                                 error_messages={"invalid": "Geef de peildatum als JJJJ-MM, bijvoorbeeld 2020-10."})
    van = forms.DateField(label="Van", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    tot = forms.DateField(label="Tot en met", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, data, zorgkantoren: list[str]):
        super().__init__(data)
        self.fields["zorgkantoor"].choices = [("", "alle"), *((z, z) for z in zorgkantoren)]

    def clean(self):
        data = super().clean()
        if data.get("van") and data.get("tot") and data["van"] > data["tot"]:
            self.add_error("tot", "De einddatum ligt vóór de begindatum.")
        return data


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def filtered(form: AuditFilter) -> QuerySet[AuditEvent]:
    """The lines the filter asks for (all lines when it is empty or invalid), newest first."""
    lines = AuditEvent.objects.all()
    if not form.is_valid():
        return lines.none() if form.is_bound and form.errors else lines
    data = form.cleaned_data
    if data["actie"]:
        lines = lines.filter(actie=data["actie"])
    if data["gebruiker"]:
        lines = lines.filter(email__icontains=data["gebruiker"].strip())
    if data["zorgkantoor"]:
        lines = lines.filter(zorgkantoor=data["zorgkantoor"])
    if data["peildatum"]:
        lines = lines.filter(peildatum=data["peildatum"])
    if data["van"]:
        lines = lines.filter(at__gte=_day_start(data["van"]))
    if data["tot"]:  # up to and including that day, in Dutch time
        lines = lines.filter(at__lt=_day_start(data["tot"] + dt.timedelta(days=1)))
    return lines


def workbook_bytes(lines: QuerySet[AuditEvent]) -> bytes:
    """The lines as an xlsx workbook: one sheet, a header, text cells that stay text."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Logboek"
    for column, (title, width) in enumerate(zip(COLUMNS, WIDTHS, strict=True), start=1):
        put_text(sheet.cell(row=1, column=column), title).font = Font(bold=True)
        sheet.column_dimensions[sheet.cell(row=1, column=column).column_letter].width = width
    sheet.freeze_panes = "A2"
    labels = dict(Actie.choices)
    for number, line in enumerate(lines.iterator(), start=2):
        moment = sheet.cell(row=number, column=1, value=timezone.localtime(line.at).replace(tzinfo=None))
        moment.number_format = "dd-mm-yyyy hh:mm:ss"
        values = (labels.get(line.actie, line.actie), line.email, line.zorgkantoor, line.peildatum, line.kenmerk,
                  line.detail, line.ip or "")
        for column, value in enumerate(values, start=2):
            put_text(sheet.cell(row=number, column=column), value)
    sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
