"""Reads behind the PDF evidence packs: a few index scans per question, joined in pandas.

Why scans and not ``WHERE id IN (...)``: a pack's scope can hold a million ids, and chunked IN
lists of 900 would be a thousand queries; a pass over a covering index, masked by the scope's
ids, is one query whatever the scope. Why not the ``effective_tags`` view: its per-row NOT
EXISTS costs seconds on a million rows; reading auto and human tags apart and letting the human
tag win in pandas gives the same answer (a human tag of a facet hides every auto tag of it).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sqlite_utils import Database


def _frame(db: Database, sql: str, params: list, columns: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame(db.execute(sql, params).fetchall(), columns=columns)
    frame["id"] = frame["id"].astype(np.int64)
    return frame


def facet_pairs(db: Database, facet: str) -> pd.DataFrame:
    """(``id``, ``value``, ``origin``) of every effective tag of ``facet`` (a row may have
    several), sorted by id then value; '' (explicitly none) is left out. ``origin`` is the
    auto tag's rule or model version, or ``human``."""
    auto = _frame(db, "SELECT feedback_id, value, origin FROM auto_tags WHERE facet = ?",
                  [facet], ["id", "value", "origin"])
    human = _frame(db, "SELECT feedback_id, value, 'human' FROM human_tags WHERE facet = ?",
                   [facet], ["id", "value", "origin"])
    auto = auto[~auto["id"].isin(human["id"].unique())]
    both = pd.concat([auto, human[human["value"] != ""]], ignore_index=True)
    return both.sort_values(["id", "value"], kind="stable").reset_index(drop=True)


def row_facts(db: Database, facet: str = "sentiment") -> pd.DataFrame:
    """Per feedback row, ascending id: ``id``, local ``day`` (YYYY-MM-DD as the source's clock
    wrote it, '' when undated), ``value`` (the effective value of single-value ``facet``, ''
    when none; the first by value if a row has several), ``version`` (the analysis version,
    '' when not analysed), ``customer`` ('' when unknown) and ``origin`` (what set ``value``:
    a model version or ``human``; '' when none)."""
    rows = _frame(db, "SELECT id, coalesce(substr(created_at, 1, 10), ''), "
                      "coalesce(customer_id, '') FROM feedback ORDER BY id", [],
                  ["id", "day", "customer"])
    values = facet_pairs(db, facet).drop_duplicates("id")
    versions = _frame(db, "SELECT feedback_id, version FROM analysis", [], ["id", "version"])
    out = rows.merge(values, on="id", how="left").merge(versions, on="id", how="left")
    out["value"] = out["value"].fillna("")
    out["version"] = out["version"].fillna("")
    out["origin"] = out["origin"].fillna("")
    return out[["id", "day", "value", "version", "customer", "origin"]]


def model_versions(db: Database) -> dict[str, str]:
    """facet → version of the learned model in use (only facets that have one)."""
    return {f: v for f, v in db.execute("SELECT facet, version FROM models ORDER BY facet")}
