"""Rebuilding the feedback table under a new definition (SQLite cannot alter a constraint).

Why a module of its own: a rebuild must run with foreign keys off — with them on, dropping
the old table deletes every row of it and cascades to every tag, analysis and mark — and
that switch only works outside a transaction. This follows SQLite's documented procedure
("Making Other Kinds Of Table Schema Changes"): new table, copy, drop, rename, indexes,
``foreign_key_check``, all in one transaction, foreign keys back on afterwards.
"""

from __future__ import annotations

from sqlite_utils import Database


def rebuild_feedback(db: Database, create_sql: str, extra_indexes: list[str],
                     drop_indexes: tuple[str, ...] = ()) -> None:
    """Replace ``feedback`` by ``create_sql`` (which creates ``feedback_new`` with the same
    column names), keeping every row, id and secondary index but ``drop_indexes``; then
    create ``extra_indexes``.

    Raises RuntimeError when called inside a transaction (foreign keys could not be turned
    off, and the drop would cascade).
    """
    conn = db.conn
    if conn.in_transaction:
        raise RuntimeError("the feedback table can only be rebuilt outside a transaction")
    fk = conn.execute("PRAGMA foreign_keys").fetchone()[0]
    conn.execute("PRAGMA foreign_keys = OFF")
    if conn.execute("PRAGMA foreign_keys").fetchone()[0]:
        raise RuntimeError("foreign keys could not be turned off for the rebuild")
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            cols = [r[1] for r in conn.execute("PRAGMA table_info(feedback)")]
            indexes = [sql for (name, sql) in conn.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = "
                "'feedback' AND sql IS NOT NULL") if name not in drop_indexes]
            conn.execute(create_sql)
            names = ", ".join(cols)
            conn.execute(f"INSERT INTO feedback_new ({names}) SELECT {names} FROM feedback")
            conn.execute("DROP TABLE feedback")
            conn.execute("ALTER TABLE feedback_new RENAME TO feedback")
            for sql in [*indexes, *extra_indexes]:
                conn.execute(sql)
            broken = conn.execute("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise RuntimeError(f"foreign keys broken by the rebuild: {broken[:5]}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    finally:
        conn.execute(f"PRAGMA foreign_keys = {'ON' if fk else 'OFF'}")


__all__ = ["rebuild_feedback"]
