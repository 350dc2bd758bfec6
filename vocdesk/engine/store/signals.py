"""Weak-signal counts: per analysed row its combinations, per (day, combination) a count.

Why two tables: the counts make detection over a million rows an aggregation, and the per-row
record lets re-analysis take a row's old contribution out before adding the new one, so the
counts never drift from the rows. Call the write functions inside a transaction.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

from sqlite_utils import Database

from vocdesk.engine.store.ids import execute_in, rows_in


def created_ts(db: Database, ids: Sequence[int]) -> dict[int, float]:
    """``created_ts`` (epoch seconds) of rows that have one."""
    return dict(rows_in(db, "SELECT id, created_ts FROM feedback WHERE created_ts IS NOT NULL "
                            "AND id IN ({ids})", ids))


def replace_row_combos(db: Database, ids: Sequence[int],
                       rows: Iterable[tuple[int, int, list[str]]]) -> None:
    """Replace the contributions of rows ``ids`` by ``rows`` = (feedback_id, day, combos)."""
    ids = list(ids)
    minus: Counter = Counter()
    for day, combos in rows_in(db, "SELECT day, combos FROM signal_rows WHERE feedback_id "
                                   "IN ({ids})", ids):
        for c in combos.split("\n") if combos else ():
            minus[(day, c)] += 1
    execute_in(db, "DELETE FROM signal_rows WHERE feedback_id IN ({ids})", ids)
    plus: Counter = Counter()
    new_rows = []
    for fid, day, combos in rows:
        new_rows.append((fid, day, "\n".join(combos)))
        for c in combos:
            plus[(day, c)] += 1
    delta = plus
    delta.subtract(minus)
    db.conn.executemany("INSERT INTO signal_rows (feedback_id, day, combos) VALUES (?,?,?)",
                        new_rows)
    db.conn.executemany(
        "INSERT INTO signal_counts (day, combo, n) VALUES (?,?,?) "
        "ON CONFLICT(day, combo) DO UPDATE SET n = n + excluded.n",
        [(d, c, n) for (d, c), n in delta.items() if n])
    if minus:
        db.execute("DELETE FROM signal_counts WHERE n <= 0")


def clear(db: Database) -> None:
    """Forget every count (before a full recount)."""
    db.execute("DELETE FROM signal_rows")
    db.execute("DELETE FROM signal_counts")


def window_counts(db: Database, start: int, recent_start: int, end: int, min_total: int
                  ) -> list[tuple[str, int, int]]:
    """(combo, recent count, baseline count) over days [recent_start, end) and
    [start, recent_start), for combinations with at least ``min_total`` in both together."""
    return db.execute(
        "SELECT combo, SUM(CASE WHEN day >= ? THEN n ELSE 0 END) AS k_r, "
        "SUM(CASE WHEN day < ? THEN n ELSE 0 END) AS k_b FROM signal_counts "
        "WHERE day >= ? AND day < ? GROUP BY combo HAVING k_r + k_b >= ?",
        [recent_start, recent_start, start, end, min_total]).fetchall()


def window_counts_multi(db: Database, end: int, recents: Sequence[int], baseline: int,
                        min_total: int) -> list[tuple]:
    """One pass for several recent windows ending at ``end`` (each with ``baseline`` days
    before it): rows (combo, k_r1, k_b1, k_r2, k_b2, …), keeping combinations whose total in
    some window reaches ``min_total``. One scan instead of one per window (3× at 1M rows)."""
    cols, params = [], []
    for r in recents:
        r0, b0 = end - r, end - r - baseline
        cols.append("SUM(CASE WHEN day >= ? THEN n ELSE 0 END)")
        cols.append("SUM(CASE WHEN day >= ? AND day < ? THEN n ELSE 0 END)")
        params += [r0, b0, r0]
    start = end - max(recents) - baseline
    having = " OR ".join(f"(c{2 * i} + c{2 * i + 1}) >= ?" for i in range(len(recents)))
    named = ", ".join(f"{c} AS c{i}" for i, c in enumerate(cols))
    return db.execute(f"SELECT combo, {named} FROM signal_counts WHERE day >= ? AND day < ? "
                      f"GROUP BY combo HAVING {having}",
                      [*params, start, end, *([min_total] * len(recents))]).fetchall()


def day_totals(db: Database, start: int, end: int) -> dict[int, int]:
    """Analysed rows with a date per local day in [start, end)."""
    return dict(db.execute("SELECT day, COUNT(*) FROM signal_rows WHERE day >= ? AND day < ? "
                           "GROUP BY day", [start, end]).fetchall())


def last_day(db: Database) -> int | None:
    row = db.execute("SELECT MAX(day) FROM signal_rows").fetchone()
    return row[0] if row else None


def series(db: Database, combos: Sequence[str], start: int, end: int
           ) -> list[tuple[str, int, int]]:
    """(combo, day, n) of the given combinations over [start, end)."""
    return list(rows_in(db, "SELECT combo, day, n FROM signal_counts WHERE day >= ? AND day < ? "
                            "AND combo IN ({ids})", combos, params=[start, end]))


def first_days(db: Database, combos: Sequence[str]) -> dict[str, int]:
    """The first day each combination was counted."""
    return dict(rows_in(db, "SELECT combo, MIN(day) FROM signal_counts WHERE combo IN "
                            "({ids}) GROUP BY combo", combos))


def example_ids(db: Database, combo: str, start: int, end: int, limit: int = 5) -> list[int]:
    """The latest rows in [start, end) that carry the combination."""
    rows = db.execute("SELECT feedback_id, combos FROM signal_rows WHERE day >= ? AND day < ? "
                      "AND instr(combos, ?) > 0 ORDER BY day DESC, feedback_id DESC",
                      [start, end, combo]).fetchall()
    return [fid for fid, combos in rows if combo in combos.split("\n")][:limit]


def window_rows(db: Database, combo: str, start: int, end: int) -> list[tuple[int, int, str | None]]:
    """(feedback_id, day, customer_id) of the rows in [start, end) carrying the combination,
    latest first (examples and distinct customers from one scan)."""
    rows = db.execute("SELECT s.feedback_id, s.day, s.combos, f.customer_id FROM signal_rows s "
                      "JOIN feedback f ON f.id = s.feedback_id WHERE s.day >= ? AND s.day < ? "
                      "AND instr(s.combos, ?) > 0 ORDER BY s.day DESC, s.feedback_id DESC",
                      [start, end, combo]).fetchall()
    return [(fid, day, cust) for fid, day, combos, cust in rows if combo in combos.split("\n")]


def rows_with(db: Database, combo: str) -> list[int]:
    """Every row that carries the combination (for outreach)."""
    rows = db.execute("SELECT feedback_id, combos FROM signal_rows WHERE instr(combos, ?) > 0 "
                      "ORDER BY feedback_id", [combo]).fetchall()
    return [fid for fid, combos in rows if combo in combos.split("\n")]


def set_state(db: Database, combo: str, state: str | None, who: str | None = None,
              note: str | None = None) -> None:
    """Watch or dismiss a combination; ``None`` clears the state."""
    if state is None:
        db.execute("DELETE FROM signal_state WHERE combo = ?", [combo])
        return
    db.execute("INSERT INTO signal_state (combo, state, who, at, note) VALUES (?,?,?,?,?) "
               "ON CONFLICT(combo) DO UPDATE SET state = excluded.state, who = excluded.who, "
               "at = excluded.at, note = excluded.note",
               [combo, state, who, datetime.now(UTC).isoformat(timespec="seconds"), note])


def states(db: Database) -> dict[str, str]:
    return dict(db.execute("SELECT combo, state FROM signal_state").fetchall())


def analysed_batches(db: Database, batch: int = 5000):
    """(ids, {id: keywords_json}, {id: {facet: [values]}}) of analysed rows, in id pages."""
    last = 0
    while True:
        rows = db.execute("SELECT feedback_id, keywords FROM analysis WHERE feedback_id > ? "
                          "ORDER BY feedback_id LIMIT ?", [last, batch]).fetchall()
        if not rows:
            return
        last = rows[-1][0]
        ids = [r[0] for r in rows]
        tags: dict[int, dict[str, list[str]]] = {}
        for fid, facet, value in rows_in(
                db, "SELECT feedback_id, facet, value FROM effective_tags WHERE feedback_id IN "
                    "({ids})", ids):
            tags.setdefault(fid, {}).setdefault(facet, []).append(value)
        yield ids, dict(rows), tags
