"""Id columns of queries as numpy arrays, for the million-row id sets of search and browse."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import numpy as np
from sqlite_utils import Database


def id_array(db: Database, sql: str, params: Sequence[Any] = ()) -> np.ndarray:
    """The ``id`` column of a query as an int64 array, without a Python object per row.

    SQLite joins the ids into one string and numpy parses it: several times faster than
    iterating rows, which matters for the million-row snapshots of the explorer.
    """
    text = db.execute(f"SELECT group_concat(id, ' ') FROM ({sql})", list(params)).fetchone()[0]
    if not text:
        return np.zeros(0, dtype=np.int64)
    return np.fromstring(text, dtype=np.int64, sep=" ")


#: Ids per ``IN (…)`` list: below SQLite's default bound-variable limit (999) with room for
#: a few other parameters in the same statement.
CHUNK = 900


def rows_in(db: Database, sql: str, ids: Iterable[Any], params: Sequence[Any] = (),
            after: Sequence[Any] = ()) -> Iterator[tuple]:
    """Run ``sql`` once per chunk of ``ids`` and yield every row of every chunk.

    ``sql`` holds ``{ids}`` where the ``?, ?, …`` list of one chunk goes; ``params`` are bound
    before the chunk's ids and ``after`` behind them. Why one helper: the chunk loop was
    copied ten times, each with its own constant; one place keeps the limit right.
    """
    id_list = list(ids)
    for i in range(0, len(id_list), CHUNK):
        part = id_list[i:i + CHUNK]
        yield from db.execute(sql.format(ids=", ".join("?" * len(part))),
                              [*params, *part, *after]).fetchall()


def execute_in(db: Database, sql: str, ids: Iterable[Any], params: Sequence[Any] = ()) -> None:
    """:func:`rows_in` for statements that return nothing (``DELETE … WHERE id IN ({ids})``)."""
    for _ in rows_in(db, sql, ids, params):
        pass
