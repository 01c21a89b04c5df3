"""Timeliness against the deadline of a peildatum, as status and the data-quality table show it."""

import datetime as dt

from pipeline.deadlines import timeliness
from pipeline.reference import load_reference


def test_timeliness():
    """Moments are UTC; the deadline is a Dutch date (UTC+1 in winter, UTC+2 in summer)."""
    deadline = dt.date(2020, 11, 30)
    assert timeliness(dt.datetime(2020, 11, 30, 22, 59), deadline) == "op tijd"  # 23:59 in the Netherlands
    assert timeliness(dt.datetime(2020, 11, 30, 23, 30), deadline) == "te laat (1 dag)"  # 00:30 the day after
    assert timeliness(dt.datetime(2021, 5, 31, 21, 59), dt.date(2021, 5, 31)) == "op tijd"
    assert timeliness(dt.datetime(2021, 5, 31, 22, 1), dt.date(2021, 5, 31)) == "te laat (1 dag)"
    assert timeliness(dt.datetime(2020, 12, 14, 9), deadline) == "te laat (14 dagen)"
    assert timeliness(None, deadline) == "ontbreekt"
    assert timeliness(dt.datetime(2020, 12, 14, 9), None) == "geen deadline"


def test_every_half_year_has_a_deadline_after_its_peildatum():
    deadlines = load_reference().deadlines
    assert {"2019-03", "2019-10", "2020-03", "2020-10", "2021-03"} <= set(deadlines)
    assert all(dt.date(int(key[:4]), int(key[5:]), 28) < day for key, day in deadlines.items())
