"""Customers: optional business data keyed by customer_id, joined to feedback for impact."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlite_utils import Database

from vocdesk.engine.store.settings import set_setting

#: A token renewed by every write of the customers table: the cached outcome arrays compare
#: it (``insight_queries.customer_outcome_codes``).
CUSTOMERS_GENERATION = "customers_generation"

CUSTOMER_COLUMNS = ("customer_id", "segment", "region", "orders", "repurchase", "churned",
                    "lifetime_value", "first_seen", "attributes", "source_id", "updated_at")


def upsert_customers(db: Database, rows: Sequence[tuple]) -> int:
    """Insert or replace customers (tuples in CUSTOMER_COLUMNS order). Returns rows written."""
    cols = ", ".join(CUSTOMER_COLUMNS)
    marks = ", ".join("?" for _ in CUSTOMER_COLUMNS)
    updates = ", ".join(f"{c} = excluded.{c}" for c in CUSTOMER_COLUMNS[1:])
    before = db.conn.total_changes
    db.conn.executemany(
        f"INSERT INTO customers ({cols}) VALUES ({marks}) "
        f"ON CONFLICT(customer_id) DO UPDATE SET {updates}", rows)
    written = db.conn.total_changes - before
    set_setting(db, CUSTOMERS_GENERATION, uuid.uuid4().hex)
    return written


def customer(db: Database, customer_id: str) -> dict[str, Any] | None:
    cur = db.execute("SELECT * FROM customers WHERE customer_id = ?", [customer_id])
    row = cur.fetchone()
    if row is None:
        return None
    return dict(zip([d[0] for d in cur.description], row, strict=True))
