"""Control characters made visible: every writer (Excel, HTML, terminal) accepts any text a submission carries.

A vertical tab pasted into Excel (stored as `_x000B_`), a bell or an escape sequence in a value or a file name
is shown as `[U+000B]`: visible to the reader in any font (a control picture such as ␋ shows as an empty box
in many), harmless to openpyxl (which refuses most C0 characters) and to a terminal (which would act on
them). A line break and a tab stay: a line break is how a long explanation is typed in a cell.
"""

from __future__ import annotations

import re

# C0 except tab and line feed, then DEL and C1.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _picture(match: re.Match[str]) -> str:
    return f"[U+{ord(match.group()):04X}]"


def visible(text: str) -> str:
    """`text` with every control character but tab and line feed replaced by a visible stand-in."""
    return CONTROL.sub(_picture, text) if CONTROL.search(text) else text


def control_codes(text: str) -> list[str]:
    """The distinct control characters in `text` other than tab, line feed and carriage return, as U+000B.

    Those three are whitespace a cell may hold (a Windows line break is CR LF); the others are no text.
    """
    return sorted({f"U+{ord(c):04X}" for c in CONTROL.findall(text) if c != "\r"})
