from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "pipeline.portal"
    label = "portal"
    verbose_name = "WIR-monitor portaal"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from pipeline.portal import audit  # noqa: F401  (connects the login and account signals)
