"""Report: the half-year progress report in Dutch, as HTML, PDF and per-zorgkantoor views."""
