"""The report's charts as PNG images (for Word), drawn by the same plotly.js in the Chromium that prints the PDF.

All charts of a document go into one page; `Plotly.toImage` draws each to a PNG data URL that the page
writes into its DOM, and `--dump-dom` hands the DOM back. One Chromium start for all charts, no network,
and the images look exactly like the charts in the HTML and PDF. A folder keeps the images of the last call,
by their figure: charts that did not change since (a corrected remark changes none) are not drawn again.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import tempfile
from pathlib import Path

from pipeline.report.charts import plotly_basic_js, plotly_basic_version
from pipeline.report.pdf import FLAGS, PdfError, find_chromium, run_chromium

WIDTH = 800  # CSS pixels: the width of a chart on an A4 page at 16 cm
SCALE = 2  # image pixels per CSS pixel: sharp in print
_RESULT = re.compile(r'<pre id="beeld-(\d+)">(data:image/png;base64,[A-Za-z0-9+/=]+)</pre>')


def _page(figures: list[dict]) -> str:
    # JSON in a <script> is safe once '<' cannot close it.
    payload = json.dumps([{"data": f["data"], "layout": {**f["layout"], "width": WIDTH}} for f in figures])
    payload = payload.replace("<", "\\u003c")
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>
<script>{plotly_basic_js()}</script>
<script>
const figures = {payload};
figures.forEach(function (figure, index) {{
  Plotly.toImage(figure, {{format: "png", width: {WIDTH}, height: figure.layout.height, scale: {SCALE}}})
    .then(function (url) {{
      const out = document.createElement("pre");
      out.id = "beeld-" + index;
      out.textContent = url;
      document.body.appendChild(out);
    }});
}});
</script></body></html>"""


def chart_images(figures: list[dict], timeout: float = 120) -> list[bytes]:
    """PNG bytes of each figure, in order."""
    if not figures:
        return []
    chromium = find_chromium()
    with tempfile.TemporaryDirectory(prefix="wir-grafieken-", ignore_cleanup_errors=True) as work:
        page = Path(work) / "grafieken.html"
        page.write_text(_page(figures), encoding="utf-8")
        command = [chromium, *FLAGS, f"--user-data-dir={Path(work) / 'profiel'}", "--dump-dom", page.as_uri()]
        _, dom, _ = run_chromium(command, timeout, f"Chromium was na {timeout:g} seconden nog niet klaar met de "
                                 "grafieken voor Word.")
    images = {int(index): url for index, url in _RESULT.findall(dom)}
    if sorted(images) != list(range(len(figures))):
        raise PdfError(f"Chromium tekende {len(images)} van de {len(figures)} grafieken voor Word.")
    return [base64.b64decode(images[i].split(",", 1)[1]) for i in range(len(figures))]


def _key(figure: dict) -> str:
    """What the image depends on: the figure, the plotly.js that draws it and the size it is drawn at."""
    drawn = json.dumps([figure, plotly_basic_version(), WIDTH, SCALE], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(drawn.encode()).hexdigest()


def kept_chart_images(figures: list[dict], folder: Path, timeout: float = 120) -> list[bytes]:
    """As `chart_images`, drawing only the figures whose image is not in `folder`; afterwards `folder` holds
    exactly the images of these figures."""
    keys = [_key(figure) for figure in figures]
    folder.mkdir(parents=True, exist_ok=True)
    kept = {path.stem: path for path in folder.glob("*.png")}
    new = {key: figure for key, figure in zip(keys, figures, strict=True) if key not in kept}
    for key, image in zip(new, chart_images(list(new.values()), timeout), strict=True):
        partial = folder / f".{key}.partial"
        partial.write_bytes(image)
        os.replace(partial, folder / f"{key}.png")
    for stale in set(kept) - set(keys):
        kept[stale].unlink(missing_ok=True)
    return [(folder / f"{key}.png").read_bytes() for key in keys]
