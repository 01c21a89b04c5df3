"""File names as the file system has them (bytes) and as people read them (text).

An unzipped Windows attachment can carry a name that is not valid UTF-8 (e.g. 'café' in cp1252). Such a name
is kept losslessly as bytes (in the manifest), and shown with the odd bytes as \\xNN escapes: text that any
writer (DuckDB, xlsx, HTML, terminal) accepts.
"""

from __future__ import annotations


def readable(name: bytes) -> str:
    """The name as text: valid UTF-8 as is, any other byte as a visible \\xNN escape."""
    return name.decode("utf-8", errors="backslashreplace")
