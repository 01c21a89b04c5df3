"""Team WIR's review of a received submission: returning an accepted one to its zorgkantoor with a comment.

A returned submission keeps counting (the warehouse still uses it) until the zorgkantoor delivers a corrected
one, which replaces it as any later accepted submission does: the figures never fall back to nothing.
"""

from __future__ import annotations

from django.db import transaction

from pipeline.portal import audit
from pipeline.portal.models import Actie, Beoordeling, Review, Submission, User

MAX_COMMENT = 4000


class ReviewRefused(ValueError):
    """A review step that is not allowed; the message is Dutch and says what to do."""


def can_return(submission: Submission) -> bool:
    return submission.verdict == "geaccepteerd" and submission.handed_to_pipeline


def return_submission(submission: Submission, by: User, comment: str, request=None) -> Review:
    """Return an accepted submission ter correctie; the comment is kept with the submission and shown to it."""
    comment = comment.strip()
    if not comment:
        raise ReviewRefused("Schrijf in de toelichting wat het zorgkantoor moet corrigeren.")
    if len(comment) > MAX_COMMENT:
        raise ReviewRefused(f"De toelichting is te lang: maximaal {MAX_COMMENT} tekens.")
    if not can_return(submission):
        raise ReviewRefused("Alleen een geaccepteerde aanlevering kan worden teruggestuurd ter correctie.")
    with transaction.atomic():
        step = Review.objects.create(submission=submission, state=Beoordeling.TERUGGESTUURD, comment=comment,
                                     by=by, by_email=by.email)
        audit.record(Actie.TERUGGESTUURD, request, user=by, zorgkantoor=submission.zorgkantoor,
                     kenmerk=submission.kenmerk, detail=comment)
    from pipeline.portal.notices import notify_return  # the zorgkantoor's users hear of it by e-mail

    notify_return(step)  # a failing mail server is logged, never an error here (mail.py)
    return step
