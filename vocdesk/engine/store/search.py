"""Exact substring search over feedback text, for queries of any length.

Why not the usual FTS set-ups: SQLite's trigram tokenizer returns nothing for queries shorter
than three characters (most Chinese VoC queries are two: 退款, 物流, 客服), and a jieba-word
index misses 不满意 when the text was cut as 不/满意. Here every character of the lowercased
text is one FTS5 token and a query is a phrase of the same tokens, so a phrase match is
exactly a substring match (``query.lower() in text.lower()``).

Tokens: ASCII letters/digits and CJK unified ideographs (U+4E00–U+9FFF) stand for themselves;
every other character (spaces, punctuation, emoji, other scripts) becomes ``x<hex code>``,
one multi-letter token no single character can equal. So the mapping character → token is
one-to-one and unicode61 never drops or folds a character of ours.

The index is filled lazily: :func:`sync_index` indexes rows with an id above the recorded
``last_id`` (feedback rows are only ever appended). :func:`search_ids` syncs first when it
can; if another connection holds the write lock it scans the not-yet-indexed tail in Python
instead, so a result is never stale.
"""

from __future__ import annotations

import functools
import re
import sqlite3

import numpy as np
from sqlite_utils import Database

from vocdesk.engine.store.ids import id_array

_BATCH = 20000


def _token(c: str) -> str:
    if ("a" <= c <= "z") or ("0" <= c <= "9") or ("\u4e00" <= c <= "\u9fff"):
        return c
    return f"x{ord(c):x}"


_TABLE = {chr(i): _token(chr(i)) for i in range(0x80)}

#: Ranges whose characters :func:`_spaced` maps (ASCII, CJK punctuation, unified
#: ideographs, full-width forms): what nearly every Chinese or English text is made of.
_RANGES = ((0, 0x80), (0x3000, 0x3040), (0x4E00, 0xA000), (0xFF00, 0x10000))


@functools.cache
def _spaced() -> dict[int, str]:
    """Each covered character → its token and a space, for ``str.translate`` (in C); built
    on first use (21k entries: not at every CLI start)."""
    return {i: _token(chr(i)) + " " for lo, hi in _RANGES for i in range(lo, hi)}


_OUTSIDE = re.compile("[^" + "".join(f"\\U{lo:08x}-\\U{hi - 1:08x}" for lo, hi in _RANGES)
                      + "]")


def char_tokens(text: str) -> str:
    """The indexed form of a text: its lowercased characters as space-separated tokens.

    Why two paths: a Python step per character was half the cost of indexing an import;
    texts made only of the covered ranges are mapped by one ``translate``, the rest
    character by character (both give exactly the same tokens)."""
    low = text.lower()
    if not _OUTSIDE.search(low):
        return low.translate(_spaced())[:-1]
    t = _TABLE
    return " ".join([t[c] if c in t else _token(c) for c in low])


def phrase(query: str) -> str:
    """The FTS5 MATCH expression of a query (a quoted phrase of character tokens)."""
    return f'"{char_tokens(query)}"'


def last_indexed_id(db: Database) -> int:
    row = db.execute("SELECT last_id FROM search_state WHERE id = 1").fetchone()
    return int(row[0]) if row else 0


def pending_count(db: Database) -> int:
    """How many feedback rows are not indexed yet."""
    return db.execute("SELECT count(*) FROM feedback WHERE id > ?",
                      [last_indexed_id(db)]).fetchone()[0]


def sync_index(db: Database, progress=None, batch: int = _BATCH) -> int:
    """Index every feedback row added since the last sync; returns how many rows were indexed.

    Each batch is its own transaction, so a cancel keeps what was done and stays consistent
    (``last_id`` moves with the rows it covers). Raises sqlite3.OperationalError if the
    database is locked for longer than the busy timeout.
    """
    done = 0
    total = None
    while True:
        last = last_indexed_id(db)
        rows = db.execute("SELECT id, text FROM feedback WHERE id > ? ORDER BY id LIMIT ?",
                          [last, batch]).fetchall()
        if not rows:
            return done
        if progress is not None:
            if total is None:
                total = pending_count(db)
                progress.start(total, "indexing text")
            progress.check()
        with db.atomic():
            db.conn.executemany("INSERT INTO feedback_chars (rowid, chars) VALUES (?, ?)",
                                [(i, char_tokens(t or "")) for i, t in rows])
            db.execute("UPDATE search_state SET last_id = ? WHERE id = 1", [rows[-1][0]])
        done += len(rows)
        if progress is not None:
            progress.update(done, total)


def search_ids(db: Database, query: str, *, sync: bool = True) -> np.ndarray:
    """Ids (sorted int64) of the rows whose text contains ``query`` (case-insensitive).

    An empty query matches every row. Exactly equal to ``query.lower() in text.lower()``.
    """
    if query == "":
        return id_array(db, "SELECT id FROM feedback ORDER BY id")
    if sync:
        try:
            if pending_count(db):
                sync_index(db)
        except sqlite3.OperationalError:   # a job holds the write lock: scan the tail instead
            pass
    last = last_indexed_id(db)
    found = id_array(db, "SELECT rowid AS id FROM feedback_chars WHERE feedback_chars MATCH ? "
                         "ORDER BY rowid", [phrase(query)])
    q = query.lower()
    tail = [i for i, t in db.execute("SELECT id, text FROM feedback WHERE id > ? ORDER BY id",
                                     [last]) if q in (t or "").lower()]
    if tail:
        found = np.concatenate([found, np.asarray(tail, dtype=np.int64)])
    return found
