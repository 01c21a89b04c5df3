"""Django's minimum-length rule with its message in Dutch: Django 5.2's Dutch catalogue lacks this text."""

from __future__ import annotations

from django.contrib.auth import password_validation


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return f"Dit wachtwoord is te kort: het moet minstens {self.min_length} tekens hebben."

    def get_help_text(self) -> str:
        return f"Uw wachtwoord moet minstens {self.min_length} tekens hebben."
