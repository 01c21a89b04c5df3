"""The portal's forms: log in and upload."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm


class LoginForm(AuthenticationForm):
    username = forms.EmailField(label="E-mailadres", widget=forms.EmailInput(attrs={"autofocus": True,
                                                                                     "autocomplete": "username"}))
    password = forms.CharField(label="Wachtwoord", strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    error_messages = {
        "invalid_login": "Het e-mailadres of het wachtwoord klopt niet. Let op hoofdletters. Na vijf mislukte "
                         "pogingen wordt het account een uur geblokkeerd.",
        "inactive": "Dit account is niet actief. Neem contact op met team WIR.",
    }


class UploadForm(forms.Form):
    bestand = forms.FileField(label="Bestand", error_messages={
        "required": "Kies een bestand (het ingevulde aanlevertemplate, .xlsx).",
        "empty": "Het bestand is leeg. Kies het ingevulde aanlevertemplate.",
    })
    controle = forms.BooleanField(required=False)
