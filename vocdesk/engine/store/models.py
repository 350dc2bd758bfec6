"""Per-workspace learned models, stored as bytes beside their validation metrics."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlite_utils import Database


def save_model(db: Database, facet: str, version: str, n_labels: int, chosen: str,
               metrics: dict[str, Any], blob: bytes | None) -> None:
    db.execute("INSERT OR REPLACE INTO models (facet, version, trained_at, n_labels, chosen, "
               "metrics, blob) VALUES (?,?,?,?,?,?,?)",
               [facet, version, datetime.now(UTC).isoformat(timespec="seconds"),
                n_labels, chosen, json.dumps(metrics, ensure_ascii=False), blob])


def load_models(db: Database) -> dict[str, dict[str, Any]]:
    out = {}
    for facet, version, trained_at, n, chosen, metrics, blob in db.execute(
            "SELECT facet, version, trained_at, n_labels, chosen, metrics, blob FROM models"):
        out[facet] = {"version": version, "trained_at": trained_at, "n_labels": n,
                      "chosen": chosen, "metrics": json.loads(metrics or "{}"), "blob": blob}
    return out


def delete_model(db: Database, facet: str) -> None:
    db.execute("DELETE FROM models WHERE facet = ?", [facet])
