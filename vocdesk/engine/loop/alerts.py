"""Alert rules (placeholder until the rules land)."""

from __future__ import annotations

import pandas as pd
from sqlite_utils import Database


def evaluate_rows(db: Database, tags: pd.DataFrame, analysis: pd.DataFrame) -> None:
    return None
