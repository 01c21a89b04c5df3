from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path

from pipeline.portal import api, library, team, team_pages, views

KENMERK = r"(?P<kenmerk>[0-9a-f]{16})"
PEILDATUM = r"(?P<peildatum>\d{4}-\d{2})"

portal = [
    path("", views.start, name="start"),
    path("inloggen/", views.LoginView.as_view(), name="inloggen"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="uitloggen"),
    path("aanleveren/", views.upload, name="aanleveren"),
    path("aanleveringen/", views.history, name="geschiedenis"),
    re_path(rf"^aanleveringen/{KENMERK}/$", views.detail, name="aanlevering"),
    re_path(rf"^aanleveringen/{KENMERK}/terugkoppeling\.(?P<extension>html|xlsx)$", views.feedback,
            name="terugkoppeling"),
    re_path(rf"^template/{PEILDATUM}/$", views.template_download, name="template"),
    path("rapportage/", views.reports, name="rapportages"),
    re_path(rf"^rapportage/{PEILDATUM}/$", views.report, name="rapportage"),
    path("team/aanleveringen/", team.submissions, name="team_aanleveringen"),
    path("team/aanleveringen/<int:pk>/", team.submission, name="team_aanlevering"),
    path("team/aanleveringen/<int:pk>/terugsturen/", team.return_for_correction, name="terugsturen"),
    path("team/overzicht/", team_pages.overview, name="overzicht"),
    re_path(rf"^team/overzicht/{PEILDATUM}/verwerken/$", team_pages.start_run, name="verwerken"),
    path("team/logboek/", team_pages.audit_log, name="logboek"),
    path("team/logboek/logboek.xlsx", team_pages.audit_export, name="logboek_export"),
    path("rapporten/", library.library, name="rapporten"),
    re_path(rf"^rapporten/{PEILDATUM}/$", library.report, name="rapport"),
    re_path(rf"^rapporten/{PEILDATUM}/bestand\.(?P<kind>html|pdf|docx|xlsx)$", library.report_file,
            name="rapportbestand"),
    re_path(rf"^rapporten/{PEILDATUM}/besluit/$", library.decide, name="besluit"),
    re_path(rf"^rapporten/{PEILDATUM}/vaststellen/$", library.vaststellen, name="vaststellen"),
    re_path(rf"^rapporten/{PEILDATUM}/heropenen/$", library.heropenen, name="heropenen"),
    path("api/v1/aanleveringen", api.submissions, name="api_aanleveringen"),
    re_path(rf"^api/v1/aanleveringen/{KENMERK}$", api.submission, name="api_aanlevering"),
]

admin.site.site_header = "WIR-monitor beheer"
admin.site.site_title = "WIR-monitor beheer"
admin.site.index_title = "Accounts en logboek"

urlpatterns = [
    path("beheer/", admin.site.urls),
    path("", include((portal, "portal"))),
]
