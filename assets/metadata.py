"""Metadata helpers so the Dagster UI tells an analyst what happened."""

from __future__ import annotations

import dagster as dg
import pandas as pd

PREVIEW_ROWS = 20


def table_preview(frame: pd.DataFrame, rows: int = PREVIEW_ROWS) -> dg.MetadataValue:
    shown = frame.head(rows).astype(object).where(frame.head(rows).notna(), "")
    text = shown.to_markdown(index=False) if len(shown) else "_(leeg)_"
    if len(frame) > rows:
        text += f"\n\n_… en nog {len(frame) - rows} rijen_"
    return dg.MetadataValue.md(text)
