"""Who may see what: a zorgkantoor account sees only its own zorgkantoor; anything else is 404, never 403."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404

from pipeline.portal.models import Rol, Submission, User


def zorgkantoor_required(view):
    """Pages about a zorgkantoor's own data: only for zorgkantoor accounts."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_zorgkantoor:
            raise Http404("Deze pagina is voor zorgkantoren.")
        return view(request, *args, **kwargs)

    return wrapped


def analist_required(view):
    """Pages of team WIR: only for analyst accounts; anyone else gets 404."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.user.rol != Rol.ANALIST:
            raise Http404("Deze pagina is voor team WIR.")
        return view(request, *args, **kwargs)

    return wrapped


def reader_required(view):
    """The report library: for ZN's readers and team WIR; a zorgkantoor gets 404."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.user.rol not in (Rol.LEZER, Rol.ANALIST):
            raise Http404("Deze pagina is voor ZN en team WIR.")
        return view(request, *args, **kwargs)

    return wrapped


def own_submission(user: User, kenmerk: str) -> Submission:
    return get_object_or_404(Submission, kenmerk=kenmerk, zorgkantoor=user.zorgkantoor)
