"""Reads behind the PDF evidence packs: one scan per question, filtered in numpy.

Why a scan and not ``WHERE id IN (...)``: a pack's scope can hold a million ids, and chunked IN
lists of 900 would be a thousand queries; one pass over the table, masked by the scope's ids,
is a single query whatever the scope.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sqlite_utils import Database


def row_facts(db: Database, facet: str = "sentiment") -> pd.DataFrame:
    """Per feedback row: ``id``, local ``day`` (YYYY-MM-DD as the source's clock wrote it, '' when undated),
    ``value`` (the effective value of single-value ``facet``, '' when none) and ``version``
    (the analysis version, '' when not analysed) and ``customer`` ('' when unknown)."""
    cur = db.execute(
        "SELECT f.id, coalesce(substr(f.created_at, 1, 10), ''), "
        "coalesce(nullif(h.value, ''), t.value, ''), coalesce(a.version, ''), "
        "coalesce(f.customer_id, '') "
        "FROM feedback f "
        "LEFT JOIN human_tags h ON h.feedback_id = f.id AND h.facet = ? "
        "LEFT JOIN auto_tags t ON t.feedback_id = f.id AND t.facet = ? AND h.feedback_id IS NULL "
        "LEFT JOIN analysis a ON a.feedback_id = f.id", [facet, facet])
    frame = pd.DataFrame(cur.fetchall(), columns=["id", "day", "value", "version", "customer"])
    frame["id"] = frame["id"].astype(np.int64)
    # a multi-valued tag would repeat the row: keep one value per row (the first by value)
    return frame.sort_values(["id", "value"]).drop_duplicates("id").reset_index(drop=True)


def facet_pairs(db: Database, facet: str) -> pd.DataFrame:
    """(``id``, ``value``) of every effective tag of ``facet`` (a row may have several)."""
    cur = db.execute("SELECT feedback_id, value FROM effective_tags WHERE facet = ? "
                     "ORDER BY feedback_id, value", [facet])
    frame = pd.DataFrame(cur.fetchall(), columns=["id", "value"])
    frame["id"] = frame["id"].astype(np.int64)
    return frame


def model_versions(db: Database) -> dict[str, str]:
    """facet → version of the learned model in use (only facets that have one)."""
    return {f: v for f, v in db.execute("SELECT facet, version FROM models ORDER BY facet")}
