"""Auto tags, human tags and their append-only log; the effective tag of a row.

Analysis only ever writes ``auto_tags``; people (or imported coding) only ever write
``human_tags``. The ``effective_tags`` view lets a human tag of a facet hide every auto tag of
that facet, so re-analysis can never undo a correction. ``tag_effective`` holds the view's rows
materialised for aggregates; both writers below refresh the rows they touched from the view in
the same transaction, so the table can never disagree with it (a correction always wins).
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlite_utils import Database

from vocdesk.engine.store.settings import set_setting

_CHUNK = 900


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _marks(n: int) -> str:
    return ", ".join("?" * n)


# --- auto tags -------------------------------------------------------------------------------

def replace_auto_tags(db: Database, feedback_ids: Sequence[int], tags: Iterable[tuple],
                      analysis_rows: Iterable[tuple]) -> None:
    """Swap in a batch's analysis: delete old auto tags of the rows, insert the new ones.

    ``tags``: (feedback_id, facet, value, score, origin, spans_json);
    ``analysis_rows``: (feedback_id, version, analyzed_at, sentiment_score, keywords_json).
    """
    ids = list(feedback_ids)
    for i in range(0, len(ids), _CHUNK):
        part = ids[i:i + _CHUNK]
        db.execute(f"DELETE FROM auto_tags WHERE feedback_id IN ({_marks(len(part))})", part)
    db.conn.executemany("INSERT OR REPLACE INTO auto_tags (feedback_id, facet, value, score, "
                        "origin, spans) VALUES (?,?,?,?,?,?)", tags)
    db.conn.executemany("INSERT OR REPLACE INTO analysis (feedback_id, version, analyzed_at, "
                        "sentiment_score, keywords) VALUES (?,?,?,?,?)", analysis_rows)
    for i in range(0, len(ids), _CHUNK):
        _refresh_effective_rows(db, ids[i:i + _CHUNK])
    set_setting(db, AUTO_TAGS_GENERATION, uuid.uuid4().hex)   # cached aggregates reload


#: A token renewed by every analysis write: caches of tags and scores compare it (store/facts).
AUTO_TAGS_GENERATION = "auto_tags_generation"


_EFFECTIVE_COLUMNS = "feedback_id, facet, value, score, origin_kind"


def _refresh_effective_rows(db: Database, ids: Sequence[int]) -> None:
    """Recompute the materialised effective tags of some rows (all facets) from the view."""
    marks = _marks(len(ids))
    db.execute(f"DELETE FROM tag_effective WHERE feedback_id IN ({marks})", list(ids))
    db.execute(f"INSERT OR IGNORE INTO tag_effective ({_EFFECTIVE_COLUMNS}) SELECT "
               f"{_EFFECTIVE_COLUMNS} FROM effective_tags WHERE feedback_id IN ({marks})",
               list(ids))


def _refresh_effective_facet(db: Database, feedback_id: int, facet: str) -> None:
    """Recompute the materialised effective tags of one row's facet (after a human edit)."""
    db.execute("DELETE FROM tag_effective WHERE feedback_id = ? AND facet = ?",
               [feedback_id, facet])
    db.execute(f"INSERT OR IGNORE INTO tag_effective ({_EFFECTIVE_COLUMNS}) SELECT "
               f"{_EFFECTIVE_COLUMNS} FROM effective_tags WHERE feedback_id = ? AND facet = ?",
               [feedback_id, facet])


# --- human tags ------------------------------------------------------------------------------

@dataclass(frozen=True)
class TagChange:
    """One row's values of one facet before and after a human edit (for undo and the log)."""

    feedback_id: int
    facet: str
    old: tuple[str, ...] | None     # None: there was no human tag (auto tags showed)
    new: tuple[str, ...] | None     # None: remove the human tag (auto tags show again)


def human_values(db: Database, feedback_ids: Sequence[int], facet: str
                 ) -> dict[int, tuple[str, ...]]:
    """Current human values per row for a facet ('' entries mean "explicitly none")."""
    out: dict[int, list[str]] = defaultdict(list)
    ids = list(feedback_ids)
    for i in range(0, len(ids), _CHUNK):
        part = ids[i:i + _CHUNK]
        for fid, value in db.execute(
                f"SELECT feedback_id, value FROM human_tags WHERE facet = ? AND feedback_id IN "
                f"({_marks(len(part))}) ORDER BY position", [facet, *part]).fetchall():
            out[fid].append(value)
    return {k: tuple(v) for k, v in out.items()}


def apply_human_changes(db: Database, changes: Sequence[TagChange], who: str | None,
                        origin: str, batch: str | None = None, note: str | None = None) -> None:
    """Write human tag changes and append them to the log (call inside a transaction)."""
    at = _now()
    log = []
    for ch in changes:
        db.execute("DELETE FROM human_tags WHERE feedback_id = ? AND facet = ?",
                   [ch.feedback_id, ch.facet])
        if ch.new is not None:
            values = ch.new if ch.new else ("",)
            db.conn.executemany(
                "INSERT OR IGNORE INTO human_tags (feedback_id, facet, value, who, at, origin, "
                "position) VALUES (?,?,?,?,?,?,?)",
                [(ch.feedback_id, ch.facet, v, who, at, origin, pos)
                 for pos, v in enumerate(values)])
        _refresh_effective_facet(db, ch.feedback_id, ch.facet)
        log.append((ch.feedback_id, ch.facet,
                    None if ch.old is None else json.dumps(list(ch.old), ensure_ascii=False),
                    None if ch.new is None else json.dumps(list(ch.new), ensure_ascii=False),
                    who, at, origin, batch, note))
    db.conn.executemany("INSERT INTO human_tag_log (feedback_id, facet, old_values, new_values, "
                        "who, at, origin, batch, note) VALUES (?,?,?,?,?,?,?,?,?)", log)


def human_tag_log(db: Database, feedback_id: int | None = None) -> list[dict[str, Any]]:
    q = "SELECT * FROM human_tag_log"
    params: list[Any] = []
    if feedback_id is not None:
        q += " WHERE feedback_id = ?"
        params.append(feedback_id)
    cur = db.execute(q + " ORDER BY id", params)
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def human_labels(db: Database, facet: str) -> dict[int, list[str]]:
    """Rows with a human tag for ``facet`` and their values (training data for learned models)."""
    out: dict[int, list[str]] = defaultdict(list)
    for fid, value in db.execute("SELECT feedback_id, value FROM human_tags WHERE facet = ? "
                                 "ORDER BY feedback_id, position", [facet]).fetchall():
        if value:
            out[fid].append(value)
        else:
            out.setdefault(fid, [])
    return dict(out)


def human_label_counts(db: Database) -> dict[str, int]:
    return dict(db.execute("SELECT facet, count(DISTINCT feedback_id) FROM human_tags "
                           "GROUP BY facet").fetchall())


# --- effective tags --------------------------------------------------------------------------

def effective_tags(db: Database, feedback_ids: Sequence[int]) -> dict[int, dict[str, list[dict]]]:
    """Per row, per facet: the effective tags, most confident first, with origin and spans."""
    out: dict[int, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    ids = list(feedback_ids)
    for i in range(0, len(ids), _CHUNK):
        part = ids[i:i + _CHUNK]
        for fid, facet, value, score, kind, origin, spans in db.execute(
                f"SELECT feedback_id, facet, value, score, origin_kind, origin, spans "
                f"FROM effective_tags WHERE feedback_id IN ({_marks(len(part))}) "
                f"ORDER BY feedback_id, facet, score DESC, value", part).fetchall():
            out[fid][facet].append({"value": value, "score": score, "origin_kind": kind,
                                    "origin": origin,
                                    "spans": json.loads(spans) if spans else []})
    return {k: dict(v) for k, v in out.items()}


def auto_tags_for(db: Database, feedback_id: int) -> list[dict[str, Any]]:
    cur = db.execute("SELECT facet, value, score, origin, spans FROM auto_tags "
                     "WHERE feedback_id = ? ORDER BY facet, score DESC", [feedback_id])
    return [{"facet": f, "value": v, "score": s, "origin": o,
             "spans": json.loads(sp) if sp else []} for f, v, s, o, sp in cur.fetchall()]


def effective_values_for_facets(db: Database, feedback_ids: Sequence[int], facets: Sequence[str]
                                ) -> dict[int, dict[str, list[str]]]:
    """Effective values (no details) of some facets, for derivations inside analysis."""
    out: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    ids = list(feedback_ids)
    fmarks = _marks(len(facets))
    for i in range(0, len(ids), _CHUNK):
        part = ids[i:i + _CHUNK]
        for fid, facet, value in db.execute(
                f"SELECT feedback_id, facet, value FROM human_tags WHERE value <> '' AND facet IN "
                f"({fmarks}) AND feedback_id IN ({_marks(len(part))})", [*facets, *part]).fetchall():
            out[fid][facet].append(value)
    return out


def human_facets_of(db: Database, feedback_ids: Sequence[int]) -> dict[int, set[str]]:
    """Which facets of each row carry a human tag (derivations must respect them)."""
    out: dict[int, set[str]] = defaultdict(set)
    ids = list(feedback_ids)
    for i in range(0, len(ids), _CHUNK):
        part = ids[i:i + _CHUNK]
        for fid, facet in db.execute(
                f"SELECT DISTINCT feedback_id, facet FROM human_tags WHERE feedback_id IN "
                f"({_marks(len(part))})", part).fetchall():
            out[fid].add(facet)
    return out
