"""The admin for team WIR: accounts, submissions (read only) and the audit log (read only)."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm

from pipeline.portal.models import AuditEvent, Finding, Rol, SentMail, Submission, User
from pipeline.reference import load_reference


class RoleCheck:
    """A zorgkantoor account names one known zorgkantoor; other roles name none."""

    def clean(self):
        data = super().clean()
        holders = load_reference().concessiehouders
        if data.get("rol") == Rol.ZORGKANTOOR and data.get("zorgkantoor") not in holders:
            self.add_error("zorgkantoor", f"Kies een van deze zorgkantoren: {', '.join(holders)}.")
        if data.get("rol") != Rol.ZORGKANTOOR and data.get("zorgkantoor"):
            self.add_error("zorgkantoor", "Alleen een account met de rol zorgkantoor hoort bij een zorgkantoor.")
        return data


class UserForm(RoleCheck, UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"


class UserCreation(RoleCheck, AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("email", "naam", "rol", "zorgkantoor")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserForm
    add_form = UserCreation
    ordering = ["email"]
    list_display = ["email", "naam", "rol", "zorgkantoor", "is_active", "last_login"]
    list_filter = ["rol", "zorgkantoor", "is_active"]
    search_fields = ["email", "naam"]
    fieldsets = [
        (None, {"fields": ["email", "naam", "password"]}),
        ("Rol", {"fields": ["rol", "zorgkantoor", "mag_goedkeuren", "is_active", "is_staff", "is_superuser"]}),
        ("Tijden", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "naam", "rol", "zorgkantoor", "usable_password",
                                                             "password1", "password2"]})]
    readonly_fields = ["last_login", "date_joined"]


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class FindingInline(admin.TabularInline):
    model = Finding
    fields = ["ernst", "tabblad", "rij", "kolom", "waarde", "melding"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Submission)
class SubmissionAdmin(ReadOnly):
    list_display = ["kenmerk", "zorgkantoor", "peildatum", "received_at", "bron", "status", "pipeline_status",
                    "errors", "warnings"]
    list_filter = ["zorgkantoor", "peildatum", "status", "bron"]
    search_fields = ["kenmerk", "original_name", "sha256"]
    inlines = [FindingInline]


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnly):
    list_display = ["at", "email", "actie", "zorgkantoor", "kenmerk", "detail", "ip"]
    list_filter = ["actie", "zorgkantoor"]
    search_fields = ["email", "kenmerk", "detail"]
    date_hierarchy = "at"


@admin.register(SentMail)
class SentMailAdmin(ReadOnly):
    """Every e-mail that went out, once per notice (mail.py)."""

    list_display = ["at", "zorgkantoor", "subject", "recipients"]  # the kind and peildatum are in the subject
    list_filter = ["soort", "peildatum", "zorgkantoor"]
    search_fields = ["recipients", "subject", "key"]
    date_hierarchy = "at"
