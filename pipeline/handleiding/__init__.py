"""The 'Handleiding aanleveren' for the zorgkantoren: one Markdown master, rendered to HTML and an A4 PDF.

The master text is package data (`handleiding-aanleveren.md`), so an installed package can print it;
`docs/handleiding-aanleveren.md` is a copy of it for reading in the repository (a test keeps the two equal). Its
screenshots of the portal are package data too (`img/*.png`, copied to `docs/img/`), embedded in the page.
"""

from pipeline.handleiding.render import (
    MASTER,
    handleiding_markdown,
    image_names,
    render_handleiding_html,
    write_handleiding_html,
    write_handleiding_pdf,
)

__all__ = ["MASTER", "handleiding_markdown", "image_names", "render_handleiding_html", "write_handleiding_html",
           "write_handleiding_pdf"]
