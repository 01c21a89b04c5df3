"""Property-based tests (hypothesis) for the normalisation of names, labels, numbers and dates."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from pipeline.dutch import dutch_number
from pipeline.intake.values import EXCEL_EPOCH, clean_text, parse_amount, parse_date, parse_whole
from pipeline.reference import load_reference
from pipeline.reference.keys import match_key

REFERENCE = load_reference()
SPACES = st.sampled_from([" ", "  ", "\u00a0", "\t", "\u2009", "\u200b", ""])
PHASE_DIMENSIONS = ("afspraken", "dynamiek", "visie")


@st.composite
def respelled(draw, text: str) -> str:
    """The same text as a person might type it: other case, extra or missing spaces, NBSP."""
    out = []
    for char in text:
        char = char.upper() if draw(st.booleans()) else char.lower()
        if char == " ":
            char = draw(SPACES.filter(bool))
        out.append(char + (draw(SPACES) if char in "-/" else ""))
    return draw(SPACES) + "".join(out) + draw(SPACES)


@given(st.data())
def test_any_region_name_or_alias_respelled_resolves(data):
    region = data.draw(st.sampled_from(REFERENCE.regions))
    prefix = data.draw(st.sampled_from(["", "AM - Regio ", "Regio ", "am- regio "]))
    name = data.draw(st.sampled_from([prefix + region.regio, *region.aliassen]))  # aliases carry their own
    typed = data.draw(respelled(name))
    assert REFERENCE.resolve_region(typed).value == region.regio


@given(st.data())
def test_any_label_or_alias_respelled_resolves_to_its_code(data):
    term = data.draw(st.sampled_from(REFERENCE.terms))
    typed = data.draw(respelled(data.draw(st.sampled_from([term.label, *term.aliassen]))))
    assert REFERENCE.resolve_term(term.dimensie, typed).value == term.code


@given(st.sampled_from(PHASE_DIMENSIONS), st.data())
def test_a_phase_as_fase_n_or_bare_number(dimensie, data):
    code = data.draw(st.sampled_from(REFERENCE.codes(dimensie)))
    typed = data.draw(st.sampled_from([f"Fase {code}", f"fase{code}", code, int(code), float(code), f" {code} "]))
    assert REFERENCE.resolve_term(dimensie, typed).value == code


@given(st.sampled_from(PHASE_DIMENSIONS), st.integers(min_value=6, max_value=10_000))
def test_a_phase_number_outside_the_scale_is_not_a_phase(dimensie, number):
    assert REFERENCE.resolve_term(dimensie, number) is None
    assert REFERENCE.resolve_term(dimensie, f"Fase {number}") is None


@given(st.text())
def test_match_key_ignores_case_and_whitespace(text):
    assert match_key(text) == match_key(f"  {text.upper()}\u00a0") == match_key(text.lower().replace(" ", ""))


@given(st.integers(min_value=-10**12, max_value=10**12), st.data())
def test_whole_numbers_in_every_typed_form(number, data):
    forms = [number, float(number), str(number), f" {number} ", f"{number}.0", f"{number},0"]
    typed = data.draw(st.sampled_from(forms))
    assert parse_whole(typed)[0] == number


@given(st.integers(min_value=1000, max_value=10**12), st.data())
def test_whole_numbers_with_dutch_thousands_separators(number, data):
    dutch = f"{number:,}".replace(",", ".")
    typed = data.draw(st.sampled_from([dutch, f"{dutch},0", f" {dutch} ", f"-{dutch}"]))
    assert parse_whole(typed) == (-number if typed.startswith("-") else number, False)
    assert parse_amount(dutch)[0] == number  # the same text means the same number in either column


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=1, max_value=99).filter(lambda n: n % 10),
       st.sampled_from([".", ","]))
def test_a_decimal_fraction_typed_as_text_is_not_a_whole_number(units, fraction, separator):
    assert parse_whole(f"{units}{separator}{fraction}")[0] is None


@given(st.floats(allow_nan=False, allow_infinity=False).filter(lambda f: not f.is_integer()))
def test_a_fraction_is_not_a_whole_number(value):
    assert parse_whole(value)[0] is None


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=99))
def test_amounts_in_dutch_and_plain_notation(euros, cents):
    dutch = f"{euros:,}".replace(",", ".") + f",{cents:02d}"
    plain = f"{euros}.{cents:02d}"
    expected = euros + cents / 100
    assert abs(parse_amount(dutch)[0] - expected) < 1e-6
    assert abs(parse_amount(plain)[0] - expected) < 1e-6
    assert abs(parse_amount(f"€ {dutch}")[0] - expected) < 1e-6


@given(st.integers(min_value=1000, max_value=10**9), st.integers(min_value=0, max_value=999))
def test_three_decimals_after_four_or_more_digits_are_decimals(units, fraction):
    # Only groups of at most three digits before a dot make it a thousands separator: 2019.000 is 2019.
    assert parse_amount(f"{units}.{fraction:03d}")[0] == units + fraction / 1000


@given(st.floats(min_value=-1e15, max_value=1e15, allow_nan=False), st.booleans())
def test_a_number_in_a_message_reads_back_as_the_same_number(value, cents):
    # What a message shows (1.500,50; -250,75) is Dutch notation the intake itself reads as the same number.
    shown = dutch_number(value, cents=cents)
    assert "e" not in shown and (shown.count(",") <= 1)
    assert parse_amount(shown)[0] == value
    if value.is_integer():
        assert parse_whole(dutch_number(value, grouped=False))[0] == value


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_dates_in_every_plausible_form(date):
    forms = [date, dt.datetime.combine(date, dt.time(12, 30)), date.isoformat(), date.strftime("%d-%m-%Y"),
             date.strftime("%d/%m/%Y"), date.strftime("%d.%m.%Y"), float((date - EXCEL_EPOCH).days),
             (date - EXCEL_EPOCH).days, str((date - EXCEL_EPOCH).days)]
    assert all(parse_date(form) == date for form in forms)


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_clean_text_is_idempotent_and_has_no_control_characters(text):
    cleaned = clean_text(text)
    assert clean_text(cleaned) == cleaned
    assert not any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in cleaned)
    assert cleaned == cleaned.strip()
