"""The store: the only layer that speaks SQL. One workspace = one SQLite file (WAL).

Modules hold plain functions over a ``sqlite_utils.Database``: feedback, sources, customers,
taxonomy, tags, models, settings, stats. Migrations define the schema.
"""

from vocdesk.engine.store.database import (
    applied_migrations,
    copy_database,
    create_database,
    open_database,
    transaction,
)

__all__ = ["create_database", "open_database", "transaction", "copy_database",
           "applied_migrations"]
