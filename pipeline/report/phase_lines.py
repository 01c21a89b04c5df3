"""A region's phases over every peildatum as a small inline SVG line chart.

Plain SVG drawn here rather than a plotly chart: a report holds a page per region (34, at 10× scale over a
hundred), and a hundred plotly charts take seconds to draw when the page opens; SVG costs the browser nothing,
prints as vectors in the PDF, and needs no script. Hovering a point shows its exact phase (the point's <title>).
Every text is escaped.
"""

from __future__ import annotations

import markupsafe

from pipeline.report.blocks import RegionPageBlock

WIDTH, HEIGHT = 640, 200
LEFT, RIGHT, TOP, BOTTOM = 52, 16, 34, 30
MOST_PHASES = 5  # visie has five phases, afspraken and dynamiek four
OFFSET = 4  # px: lines on the same phase lie just apart instead of on top of each other
MOST_X_LABELS = 14  # more peildata: every n-th label
COLOURS = ("#1f4e79", "#c4452d", "#2e8540")  # dark enough on white for thin lines and small marks
MARKERS = ("circle", "square", "diamond")  # one shape per dimension: not told apart by colour alone


def _marker(shape: str, x: float, y: float, colour: str, title: str) -> str:
    tip = f"<title>{markupsafe.escape(title)}</title>"
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="{colour}">{tip}</circle>'
    if shape == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}">{tip}</rect>'
    return (f'<path d="M{x:.1f} {y - 5.5:.1f}L{x + 5.5:.1f} {y:.1f}L{x:.1f} {y + 5.5:.1f}L{x - 5.5:.1f} {y:.1f}Z" '
            f'fill="{colour}">{tip}</path>')


def phase_lines_svg(block: RegionPageBlock) -> markupsafe.Markup:
    history = block.history
    if not history:
        return markupsafe.Markup("")
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    count = len(history)

    def x_of(index: int) -> float:
        return LEFT + plot_width / 2 if count == 1 else LEFT + 10 + (plot_width - 20) * index / (count - 1)

    def y_of(phase: int) -> float:
        return TOP + plot_height * (MOST_PHASES - phase) / (MOST_PHASES - 1)

    parts = [f'<svg class="fasenlijn" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
             f'role="img" aria-labelledby="{block.anchor}-grafiek-titel" xmlns="http://www.w3.org/2000/svg">',
             f'<title id="{block.anchor}-grafiek-titel">Fasen van {markupsafe.escape(block.regio)} per peildatum'
             "</title>"]
    for phase in range(1, MOST_PHASES + 1):
        y = y_of(phase)
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" class="raster"/>'
                     f'<text x="{LEFT - 8}" y="{y + 4:.1f}" text-anchor="end" class="as">Fase {phase}</text>')
    step = max(1, -(-count // MOST_X_LABELS))
    for index, period in enumerate(history):
        if index % step == 0 or index == count - 1:
            parts.append(f'<text x="{x_of(index):.1f}" y="{HEIGHT - 10}" text-anchor="middle" class="as">'
                         f"{markupsafe.escape(period.label)}</text>")
    names = [name for name, _, _ in history[0].phases]
    legend_x = LEFT
    for position, name in enumerate(names):
        colour, shape = COLOURS[position % len(COLOURS)], MARKERS[position % len(MARKERS)]
        parts.append(_marker(shape, legend_x + 5, 14, colour, name))
        parts.append(f'<text x="{legend_x + 14}" y="18" class="legenda">{markupsafe.escape(name)}</text>')
        legend_x += 30 + 7.2 * len(name)
    for position, name in enumerate(names):
        colour, shape = COLOURS[position % len(COLOURS)], MARKERS[position % len(MARKERS)]
        shift = (position - (len(names) - 1) / 2) * OFFSET
        points = [(x_of(i), y_of(period.phases[position][1]) + shift) for i, period in enumerate(history)]
        if count > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2.5"/>')
        for (x, y), period in zip(points, history, strict=True):
            _, _, label = period.phases[position]
            parts.append(_marker(shape, x, y, colour, f"{name}, {period.label}: {label}"))
    parts.append("</svg>")
    return markupsafe.Markup("".join(parts))
