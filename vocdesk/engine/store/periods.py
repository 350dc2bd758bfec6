"""Integer day / week / month of each feedback row in the workspace's time zone.

Why: "month" used to mean ``substr(created_at)`` (the writer's clock) in one place and the
workspace-zone timestamp in another. One definition, stored as indexed integers, lets every
aggregate group by period with a covering index and agree with every other:

- ``day_n``: days since 1970-01-01 of the local date;
- ``week_n``: ``(day_n + 3) // 7``, weeks starting on Monday (1970-01-01 was a Thursday);
- ``month_n``: ``year * 12 + month - 1``.

Imports fill new rows; a change of the workspace zone refills every row
(:func:`ensure_periods`), so the columns always follow the zone the settings name.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
from sqlite_utils import Database

from vocdesk.engine.store.settings import get_setting, set_setting

PERIODS_TZ_SETTING = "periods_timezone"
_BATCH = 50_000


def local_periods(ts: np.ndarray, tz: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(day_n, week_n, month_n) of UTC epoch seconds ``ts`` in zone ``tz`` (vectorised)."""
    local = pd.to_datetime(np.asarray(ts, dtype="float64"), unit="s", utc=True).tz_convert(tz)
    naive = local.tz_localize(None)
    day = (naive.normalize() - pd.Timestamp("1970-01-01")).days.to_numpy().astype(np.int64)
    month = (naive.year.to_numpy().astype(np.int64) * 12 + naive.month.to_numpy() - 1)
    return day, (day + 3) // 7, month


def day_label(day_n: int) -> str:
    """``YYYY-MM-DD`` of a ``day_n``."""
    return date.fromordinal(date(1970, 1, 1).toordinal() + int(day_n)).isoformat()


def week_label(week_n: int) -> str:
    """The Monday (``YYYY-MM-DD``) that starts week ``week_n``."""
    return day_label(int(week_n) * 7 - 3)


def month_label(month_n: int) -> str:
    """``YYYY-MM`` of a ``month_n``."""
    return f"{int(month_n) // 12:04d}-{int(month_n) % 12 + 1:02d}"


PERIOD_COLUMNS = {"day": "day_n", "week": "week_n", "month": "month_n"}
PERIOD_LABELS = {"day": day_label, "week": week_label, "month": month_label}


def fill_periods(db: Database, tz: str, *, everything: bool = False) -> int:
    """Write the period columns of rows that lack them (or of every row); returns rows written.

    Call inside the write transaction of the import (or migration) that added the rows. If the
    stored periods were computed in another zone, every row is refilled.
    """
    everything = everything or get_setting(db, PERIODS_TZ_SETTING) != tz
    where = "created_ts IS NOT NULL" if everything else "day_n IS NULL AND created_ts IS NOT NULL"
    last, written = 0, 0
    while True:
        rows = db.execute(f"SELECT id, created_ts FROM feedback WHERE {where} AND id > ? "
                          f"ORDER BY id LIMIT {_BATCH}", [last]).fetchall()
        if not rows:
            break
        arr = np.asarray(rows, dtype="float64")
        ids = arr[:, 0].astype(np.int64)
        day, week, month = local_periods(arr[:, 1], tz)
        db.conn.executemany("UPDATE feedback SET day_n = ?, week_n = ?, month_n = ? WHERE id = ?",
                            zip(day.tolist(), week.tolist(), month.tolist(), ids.tolist(),
                                strict=True))
        written += len(rows)
        last = int(ids[-1])
    set_setting(db, PERIODS_TZ_SETTING, tz)
    return written


def periods_stale(db: Database, tz: str) -> bool:
    """Whether some rows lack periods or the periods were computed in another zone."""
    if get_setting(db, PERIODS_TZ_SETTING) != tz:
        return db.execute("SELECT 1 FROM feedback WHERE created_ts IS NOT NULL LIMIT 1"
                          ).fetchone() is not None
    return db.execute("SELECT 1 FROM feedback WHERE day_n IS NULL AND created_ts IS NOT NULL "
                      "LIMIT 1").fetchone() is not None


def ensure_periods(db: Database, tz: str) -> int:
    """Bring the period columns up to date for zone ``tz`` (a write; its own transaction).

    A read-only connection is left alone: its periods are those of its last writable open.
    """
    if db.execute("PRAGMA query_only").fetchone()[0] or not periods_stale(db, tz):
        return 0
    with db.atomic():
        return fill_periods(db, tz)
