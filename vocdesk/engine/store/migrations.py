"""Numbered schema migrations of a workspace file: the only place where the schema is defined.

Never edit a migration once released; add ``m0002_...`` instead. The schema is laid out for the
whole road (journey, signals, closed-loop actions, search) so later features add little DDL.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

MIGRATIONS = Migrations("vocdesk")


@MIGRATIONS()
def m0001_initial(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT                      -- JSON
        );

        -- One row per import (or demo build): where the rows came from, with what mapping.
        CREATE TABLE sources (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL DEFAULT 'feedback',   -- feedback | customers
            file_name TEXT NOT NULL,
            file_path TEXT,
            file_hash TEXT,
            file_size INTEGER,
            format TEXT,
            encoding TEXT,
            channel TEXT,
            mapping TEXT,                   -- JSON {field: column}
            options TEXT,                   -- JSON
            imported_at TEXT NOT NULL,
            imported_by TEXT,
            rows_read INTEGER NOT NULL DEFAULT 0,
            rows_imported INTEGER NOT NULL DEFAULT 0,
            rows_duplicate INTEGER NOT NULL DEFAULT 0,
            rows_bad INTEGER NOT NULL DEFAULT 0,
            redactions TEXT,                -- JSON {kind: count}
            problems TEXT                   -- JSON list of the first problems
        );

        CREATE TABLE feedback (
            id INTEGER PRIMARY KEY,
            source_id INTEGER REFERENCES sources(id),
            source_row INTEGER,
            external_id TEXT,
            dedupe_key INTEGER NOT NULL UNIQUE,   -- 64-bit digest of the identity (see importers)
            text TEXT NOT NULL,             -- after redaction
            created_at TEXT,                -- ISO 8601 with offset, as the customer's clock said
            created_ts REAL,                -- epoch seconds (UTC) for ranges and ordering
            channel TEXT,
            customer_id TEXT,
            respondent_id TEXT,
            store TEXT,
            region TEXT,
            product TEXT,
            rating REAL,
            nps INTEGER CHECK (nps IS NULL OR nps BETWEEN 0 AND 10),
            csat REAL,
            ces REAL,
            language TEXT,
            content_hash TEXT NOT NULL,
            source_format TEXT,
            question TEXT,                  -- the survey question this answer belongs to
            attributes TEXT                 -- JSON: every other column of the source row
        );
        CREATE INDEX feedback_created_ts ON feedback(created_ts);
        CREATE INDEX feedback_channel ON feedback(channel, created_ts);
        CREATE INDEX feedback_customer ON feedback(customer_id);
        CREATE INDEX feedback_source ON feedback(source_id);

        CREATE TABLE customers (
            customer_id TEXT PRIMARY KEY,
            segment TEXT,
            region TEXT,
            orders INTEGER,
            repurchase INTEGER,             -- 0/1
            churned INTEGER,                -- 0/1
            lifetime_value REAL,
            first_seen TEXT,
            attributes TEXT,                -- JSON: any other business columns
            source_id INTEGER REFERENCES sources(id),
            updated_at TEXT
        );

        -- The taxonomy travels with the workspace.
        CREATE TABLE facets (
            name TEXT PRIMARY KEY,
            label_zh TEXT,
            label_en TEXT,
            multi INTEGER NOT NULL DEFAULT 0,
            kind TEXT NOT NULL DEFAULT 'rules',      -- rules | dictionary | model | derived
            position INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE facet_values (
            facet TEXT NOT NULL REFERENCES facets(name) ON DELETE CASCADE,
            value TEXT NOT NULL,
            label_zh TEXT,
            label_en TEXT,
            department TEXT,                -- owning department (a value of facet 'department')
            parent TEXT,                    -- e.g. the stage of a touchpoint
            terms TEXT,                     -- JSON list of dictionary terms
            position INTEGER NOT NULL DEFAULT 0,
            added_by TEXT NOT NULL DEFAULT 'default',   -- default | imported | analyst
            added_at TEXT,
            PRIMARY KEY (facet, value)
        );
        CREATE TABLE rules (
            id TEXT PRIMARY KEY,
            facet TEXT NOT NULL,
            value TEXT NOT NULL,
            expr TEXT NOT NULL,
            enabled INTEGER NOT NULL DEFAULT 1,
            note TEXT,
            updated_at TEXT,
            FOREIGN KEY (facet, value) REFERENCES facet_values(facet, value)
                ON DELETE CASCADE ON UPDATE CASCADE
        );
        CREATE INDEX rules_facet_value ON rules(facet, value);

        -- Machine tags: rewritten by every analysis of a row.
        CREATE TABLE auto_tags (
            feedback_id INTEGER NOT NULL REFERENCES feedback(id) ON DELETE CASCADE,
            facet TEXT NOT NULL,
            value TEXT NOT NULL,
            score REAL,
            origin TEXT NOT NULL,           -- rule id, model version or derivation
            spans TEXT,                     -- JSON [[start, end], ...] in code points
            PRIMARY KEY (feedback_id, facet, value)
        ) WITHOUT ROWID;
        CREATE INDEX auto_tags_facet_value ON auto_tags(facet, value);

        -- Human tags: never touched by analysis. value '' means "explicitly none".
        CREATE TABLE human_tags (
            feedback_id INTEGER NOT NULL REFERENCES feedback(id) ON DELETE CASCADE,
            facet TEXT NOT NULL,
            value TEXT NOT NULL,
            who TEXT,
            at TEXT NOT NULL,
            origin TEXT NOT NULL,           -- analyst | imported
            position INTEGER NOT NULL DEFAULT 0,   -- the order the person gave the values
            PRIMARY KEY (feedback_id, facet, value)
        ) WITHOUT ROWID;
        CREATE INDEX human_tags_facet_value ON human_tags(facet, value);

        CREATE TABLE human_tag_log (
            id INTEGER PRIMARY KEY,
            feedback_id INTEGER NOT NULL,
            facet TEXT NOT NULL,
            old_values TEXT,                -- JSON list
            new_values TEXT,                -- JSON list
            who TEXT,
            at TEXT NOT NULL,
            origin TEXT NOT NULL,
            batch TEXT,                     -- one id per user action (a bulk edit is one batch)
            note TEXT
        );
        CREATE INDEX human_tag_log_feedback ON human_tag_log(feedback_id);
        CREATE TRIGGER human_tag_log_append_only_u BEFORE UPDATE ON human_tag_log
        BEGIN SELECT RAISE(ABORT, 'human_tag_log is append-only'); END;
        CREATE TRIGGER human_tag_log_append_only_d BEFORE DELETE ON human_tag_log
        BEGIN SELECT RAISE(ABORT, 'human_tag_log is append-only'); END;

        -- What analysis knows of each row beyond tags.
        CREATE TABLE analysis (
            feedback_id INTEGER PRIMARY KEY REFERENCES feedback(id) ON DELETE CASCADE,
            version TEXT NOT NULL,
            analyzed_at TEXT NOT NULL,
            sentiment_score REAL,           -- P(positive), 0..1
            keywords TEXT                   -- JSON list, most salient first
        );
        CREATE INDEX analysis_version ON analysis(version);

        -- Per-workspace learned models (weights as npz bytes, never pickles).
        CREATE TABLE models (
            facet TEXT PRIMARY KEY,
            version TEXT NOT NULL,
            trained_at TEXT NOT NULL,
            n_labels INTEGER NOT NULL,
            chosen TEXT NOT NULL,           -- learned | blend | baseline
            metrics TEXT,                   -- JSON TrainReport
            blob BLOB
        );

        -- The road ahead: saved views, closed-loop actions.
        CREATE TABLE saved_views (
            name TEXT PRIMARY KEY,
            filter TEXT NOT NULL,           -- JSON
            created_at TEXT NOT NULL
        );
        CREATE TABLE actions (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            description TEXT,
            owner TEXT,
            department TEXT,
            status TEXT NOT NULL DEFAULT 'open',   -- open | in_progress | done | escalated
            scope TEXT,                     -- JSON filter of the feedback it addresses
            created_at TEXT NOT NULL,
            due_at TEXT,
            sla_hours REAL NOT NULL DEFAULT 24,
            escalated_at TEXT,
            closed_at TEXT,
            baseline TEXT,                  -- JSON metrics at creation
            effect TEXT                     -- JSON before/after check
        );
        CREATE TABLE action_events (
            id INTEGER PRIMARY KEY,
            action_id INTEGER NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
            at TEXT NOT NULL,
            who TEXT,
            kind TEXT NOT NULL,
            note TEXT
        );

        -- Effective tags: a human tag for (row, facet) hides every auto tag of that facet.
        CREATE VIEW effective_tags AS
            SELECT h.feedback_id, h.facet, h.value, 1.0 - h.position * 0.001 AS score,
                   'human' AS origin_kind, h.origin AS origin, NULL AS spans
              FROM human_tags h WHERE h.value <> ''
            UNION ALL
            SELECT a.feedback_id, a.facet, a.value, a.score,
                   'auto' AS origin_kind, a.origin, a.spans
              FROM auto_tags a
             WHERE NOT EXISTS (SELECT 1 FROM human_tags h
                                WHERE h.feedback_id = a.feedback_id AND h.facet = a.facet);
        """
    )


def known_names() -> list[str]:
    """Names of the migrations this version of vocdesk knows, in order."""
    return [m.name for m in MIGRATIONS._migrations]


@MIGRATIONS()
def m0002_search_index(db: Database) -> None:
    """Per-character full-text index (exact substring search) and indexes for filtering.

    ``feedback_chars`` holds, for each feedback row (rowid = feedback.id), its lowercased text
    with every character as one token (see ``store/search.py``); a query is a phrase of the
    same tokens, so a match is exactly a substring match, for queries of any length. The
    index is contentless (the text lives in ``feedback``) and filled lazily: rows with an id
    above ``search_state.last_id`` are indexed before a search (and after import jobs).
    """
    db.executescript(
        """
        CREATE VIRTUAL TABLE feedback_chars USING fts5(
            chars, tokenize = 'unicode61 remove_diacritics 0', content = '', columnsize = 0
        );
        CREATE TABLE search_state (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            last_id INTEGER NOT NULL
        );
        INSERT INTO search_state (id, last_id) VALUES (1, 0);
        CREATE INDEX customers_segment ON customers(segment);
        CREATE INDEX human_tags_facet ON human_tags(facet, feedback_id);
        CREATE INDEX feedback_rating ON feedback(rating) WHERE rating IS NOT NULL;
        CREATE INDEX feedback_nps ON feedback(nps) WHERE nps IS NOT NULL;
        CREATE INDEX feedback_csat ON feedback(csat) WHERE csat IS NOT NULL;
        CREATE INDEX feedback_ces ON feedback(ces) WHERE ces IS NOT NULL;
        """
    )


@MIGRATIONS()
def m0003_order_cache(db: Database) -> None:
    """The explorer's date-ordered id snapshot, saved with the file.

    Building it from the date index reads the whole index (≈0.5 s for a million rows from a
    cold disk, most of the explorer's first paint); reading the saved array takes ≈0.06 s.
    It is valid while ``max_id`` is the table's largest id: rows are only ever appended and
    their dates never change. Imports refresh it.
    """
    db.executescript(
        """
        CREATE TABLE order_cache (
            name TEXT PRIMARY KEY,
            max_id INTEGER NOT NULL,
            ids BLOB NOT NULL               -- int64 little-endian feedback ids, in order
        );
        """
    )


@MIGRATIONS()
def m0006_hashes_of_redacted_text(db: Database) -> None:
    """Recompute ``content_hash`` and ``dedupe_key`` from the stored text; pseudonymise ids.

    Why: both were computed from the text *before* redaction, so a redacted phone number
    could be recovered from the hash in seconds by anyone knowing four of its digits. The
    stored text is the redacted one, so hashing it again removes what the hash gave away.
    Ids (external, customer, respondent) holding a phone number or an e-mail in rows of
    imports made with redaction on become the keyed pseudonym a new import would give them
    (see :mod:`vocdesk.engine.text.pii_fields`), in feedback and customers alike.
    Rows whose new key would collide with another row's (two rows that differed only in
    their redacted number) get a key derived from their id: no row is lost.
    """
    import hashlib
    import json

    from vocdesk.engine.importers.feedback_import import content_hash, dedupe_key
    from vocdesk.engine.store.settings import get_setting, set_setting
    from vocdesk.engine.text.pii_fields import SECRET_SETTING, new_secret, protect_id

    redacted = {sid for sid, opts in db.execute("SELECT id, options FROM sources").fetchall()
                if json.loads(opts or "{}").get("redact", True)}
    secret = get_setting(db, SECRET_SETTING)
    if secret is None:
        secret = new_secret()
        set_setting(db, SECRET_SETTING, secret)

    def protect(v: str | None, sid: int | None) -> str | None:
        return protect_id(v, secret) if v and sid in redacted else v

    rows = db.execute("SELECT id, source_id, text, external_id, customer_id, respondent_id, "
                      "channel, created_at, dedupe_key FROM feedback ORDER BY id").fetchall()
    taken: set[int] = set()
    updates = []
    for fid, sid, text, ext, cust, resp, channel, created_at, old_key in rows:
        ext, cust, resp = protect(ext, sid), protect(cust, sid), protect(resp, sid)
        chash = content_hash(text or "")
        key = dedupe_key(ext, channel, chash, created_at) if (text or ext) else old_key
        if key in taken:
            key = int.from_bytes(hashlib.blake2b(f"r\x1f{fid}".encode(), digest_size=8)
                                 .digest(), "big", signed=True)
        taken.add(key)
        updates.append((chash, key, ext, cust, resp, fid))
    db.conn.executemany("UPDATE feedback SET content_hash = ?, dedupe_key = ?, external_id = ?, "
                        "customer_id = ?, respondent_id = ? WHERE id = ?", updates)
    for cid, sid in db.execute("SELECT customer_id, source_id FROM customers").fetchall():
        new = protect(cid, sid)
        if new != cid:
            db.execute("UPDATE OR IGNORE customers SET customer_id = ? WHERE customer_id = ?",
                       [new, cid])


@MIGRATIONS()
def m0009_analytics(db: Database) -> None:
    """Materialised effective tags, integer periods in the workspace zone, journey versions.

    Why: every aggregate (explorer counts, charts, journey, metrics, breakpoints) filters and
    groups by effective tags; computing the ``effective_tags`` view per query took 45–58 s for
    a facet × value count at a million rows. ``tag_effective`` holds the same rows, kept up to
    date by :mod:`vocdesk.engine.store.tags` in the transaction that writes auto or human tags
    (a human tag of a facet hides every auto tag of that facet, as in the view).
    ``day_n`` / ``week_n`` / ``month_n`` are the local day (days since 1970-01-01), the
    Monday-based week (``(day_n + 3) // 7``) and ``year * 12 + month - 1`` of ``created_ts`` in
    the workspace's time zone (``store/periods.py``), so "month" means one thing everywhere.
    ``journey_versions`` keeps every saved journey definition; a map names the one it used.
    """
    from vocdesk.engine.store.periods import fill_periods
    from vocdesk.engine.store.settings import get_setting

    db.executescript(
        """
        CREATE TABLE tag_effective (
            feedback_id INTEGER NOT NULL REFERENCES feedback(id) ON DELETE CASCADE,
            facet TEXT NOT NULL,
            value TEXT NOT NULL,
            score REAL,
            origin_kind TEXT NOT NULL,      -- human | auto
            PRIMARY KEY (feedback_id, facet, value)
        ) WITHOUT ROWID;
        CREATE INDEX tag_effective_facet_value ON tag_effective(facet, value, feedback_id);
        INSERT OR IGNORE INTO tag_effective (feedback_id, facet, value, score, origin_kind)
            SELECT feedback_id, facet, value, score, origin_kind FROM effective_tags;

        ALTER TABLE feedback ADD COLUMN day_n INTEGER;
        ALTER TABLE feedback ADD COLUMN week_n INTEGER;
        ALTER TABLE feedback ADD COLUMN month_n INTEGER;
        CREATE INDEX feedback_month_n ON feedback(month_n);
        CREATE INDEX feedback_day_n ON feedback(day_n);
        CREATE INDEX feedback_periods_missing ON feedback(id)
            WHERE day_n IS NULL AND created_ts IS NOT NULL;

        CREATE TABLE journey_versions (
            version INTEGER PRIMARY KEY,
            definition TEXT NOT NULL,       -- JSON {"stages": [{"name", "touchpoints": [...]}]}
            saved_at TEXT NOT NULL,
            note TEXT
        );
        """
    )
    fill_periods(db, get_setting(db, "timezone", "Asia/Shanghai"), everything=True)


@MIGRATIONS()
def m0011_signals_and_actions(db: Database) -> None:
    """Weak-signal counts kept at analysis time; closed-loop actions with an append-only log.

    ``signal_rows`` remembers which combinations each analysed row contributed (so that
    re-analysing a row takes its old contribution back out of ``signal_counts``); the counts
    per (day, combination) make detection an aggregation plus one vectorised test. The
    unused ``actions``/``action_events`` tables of m0001 are replaced: an action's status,
    owner, due time and escalation are derived on read from ``action_events`` (append-only),
    so a calendar edit recomputes them honestly and nothing is stored twice.
    """
    db.executescript(
        """
        CREATE TABLE signal_rows (
            feedback_id INTEGER PRIMARY KEY REFERENCES feedback(id) ON DELETE CASCADE,
            day INTEGER NOT NULL,           -- local day number (days since 1970-01-01)
            combos TEXT NOT NULL            -- newline-separated combination keys
        );
        CREATE INDEX signal_rows_day ON signal_rows(day);
        CREATE TABLE signal_counts (
            day INTEGER NOT NULL,
            combo TEXT NOT NULL,
            n INTEGER NOT NULL,
            PRIMARY KEY (day, combo)
        ) WITHOUT ROWID;
        CREATE TABLE signal_state (
            combo TEXT PRIMARY KEY,
            state TEXT NOT NULL CHECK (state IN ('watched', 'dismissed')),
            who TEXT,
            at TEXT NOT NULL,
            note TEXT
        );

        DROP TABLE action_events;
        DROP TABLE actions;
        CREATE TABLE actions (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            created_at TEXT NOT NULL,       -- ISO 8601 UTC
            created_by TEXT,
            targets TEXT NOT NULL DEFAULT '{}',   -- JSON {facet: [values]}
            department TEXT,
            owner TEXT,
            routing TEXT,                   -- store | hq
            sla_hours REAL NOT NULL DEFAULT 24,
            rule_id TEXT,                   -- the alert rule that created it, if any
            rule_key TEXT,                  -- what the rule fired on (row id, signal, metric day)
            UNIQUE (rule_id, rule_key)
        );
        CREATE TABLE action_evidence (
            action_id INTEGER NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
            feedback_id INTEGER NOT NULL REFERENCES feedback(id) ON DELETE CASCADE,
            PRIMARY KEY (action_id, feedback_id)
        ) WITHOUT ROWID;
        CREATE TABLE action_events (
            id INTEGER PRIMARY KEY,
            action_id INTEGER NOT NULL REFERENCES actions(id),
            at TEXT NOT NULL,               -- ISO 8601 UTC
            who TEXT,
            kind TEXT NOT NULL,             -- status | assign | note | root_cause | fixed_on
            value TEXT,
            note TEXT
        );
        CREATE INDEX action_events_action ON action_events(action_id, id);
        CREATE TRIGGER action_events_append_only_u BEFORE UPDATE ON action_events
        BEGIN SELECT RAISE(ABORT, 'action_events is append-only'); END;
        CREATE TRIGGER action_events_append_only_d BEFORE DELETE ON action_events
        BEGIN SELECT RAISE(ABORT, 'action_events is append-only'); END;

        -- Working-day overrides of the SLA calendar (win over chinese-calendar's data).
        CREATE TABLE calendar_overrides (
            day TEXT PRIMARY KEY,           -- YYYY-MM-DD
            workday INTEGER NOT NULL CHECK (workday IN (0, 1)),
            note TEXT
        );
        CREATE TABLE alert_rules (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,             -- sensitive_words | vip_negative | metric | signal
            params TEXT NOT NULL DEFAULT '{}',   -- JSON
            enabled INTEGER NOT NULL DEFAULT 1
        );
        """
    )


@MIGRATIONS()
def m0012_evidence_marks(db: Database) -> None:
    """Rows an analyst marked as evidence for packs: apart from tags, so re-analysis never
    touches them; the log keeps who marked or unmarked what, when (provenance)."""
    db.executescript(
        """
        CREATE TABLE evidence_marks (
            feedback_id INTEGER PRIMARY KEY REFERENCES feedback(id) ON DELETE CASCADE,
            note TEXT,
            topic TEXT,
            marked_by TEXT,
            marked_at TEXT NOT NULL         -- ISO 8601 UTC
        );
        CREATE INDEX evidence_marks_topic ON evidence_marks(topic);
        CREATE TABLE evidence_log (
            id INTEGER PRIMARY KEY,
            feedback_id INTEGER NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('mark', 'unmark')),
            note TEXT,
            topic TEXT,
            who TEXT,
            at TEXT NOT NULL                -- ISO 8601 UTC
        );
        CREATE INDEX evidence_log_row ON evidence_log(feedback_id, id);
        """
    )


@MIGRATIONS()
def m0013_saved_arrays(db: Database) -> None:
    """The analytics' column arrays saved inside the workspace (``store/facts_saved.py``).

    Derived data, written after analysis and on first use: a copied or handed-over workspace
    opens its first journey map or dashboard from these instead of reading every row (6–10 s
    at a million rows). A bundle's ``meta`` names the data state it was read at (largest id,
    analysis generation, periods' zone, row count, human-tag log entry); any other state
    ignores it. Dropping both tables loses nothing but speed.
    """
    db.executescript(
        """
        CREATE TABLE saved_array_bundles (
            bundle TEXT PRIMARY KEY,        -- base | facet:NAME | column:NAME
            meta TEXT NOT NULL,             -- JSON: the data state it was read at
            saved_at TEXT NOT NULL          -- ISO 8601 UTC
        );
        CREATE TABLE saved_arrays (
            id INTEGER PRIMARY KEY,
            bundle TEXT NOT NULL,
            name TEXT NOT NULL,
            dtype TEXT NOT NULL,            -- numpy dtype string, e.g. <i8
            shape TEXT NOT NULL,            -- JSON list
            codec TEXT NOT NULL,            -- raw | zlib | int32 | sparse (facts_saved)
            data BLOB NOT NULL,
            UNIQUE (bundle, name)
        );
        """
    )


@MIGRATIONS(transactional=False)
def m0014_dedupe_key_index(db: Database) -> None:
    """``dedupe_key``'s uniqueness moves from a column constraint to a named unique index.

    Why: the constraint's automatic index cannot be dropped, so a large import kept it up
    to date row by row — a random-order insert into a B-tree for every row, a quarter of
    the insert time (issue 9). A named index can be dropped for a bulk append (the importer
    de-duplicates those rows itself) and rebuilt once, sorted, at the end. Same rows, ids,
    columns and uniqueness; the table is rebuilt (``store/rebuild.py``) because SQLite
    cannot alter a constraint. Runs outside a transaction (foreign keys must be off while
    the old table is dropped); a rebuilt table is recognised, so a crash between the rebuild
    and the record of this step only repeats the check.

    ``feedback_source`` goes: no query filters feedback by source, and sources are never
    deleted (the one use of a child-key index); each bulk import rebuilt it for nothing.
    """
    from vocdesk.engine.store.rebuild import rebuild_feedback

    auto = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'index' AND tbl_name = "
                      "'feedback' AND name LIKE 'sqlite_autoindex_feedback_%'").fetchone()
    if auto is None:
        db.execute("DROP INDEX IF EXISTS feedback_source")
        return
    rebuild_feedback(db, """
        CREATE TABLE feedback_new (
            id INTEGER PRIMARY KEY,
            source_id INTEGER REFERENCES sources(id),
            source_row INTEGER,
            external_id TEXT,
            dedupe_key INTEGER NOT NULL,    -- unique: index feedback_dedupe_key
            text TEXT NOT NULL,             -- after redaction
            created_at TEXT,                -- ISO 8601 with offset, as the customer's clock said
            created_ts REAL,                -- epoch seconds (UTC) for ranges and ordering
            channel TEXT,
            customer_id TEXT,
            respondent_id TEXT,
            store TEXT,
            region TEXT,
            product TEXT,
            rating REAL,
            nps INTEGER CHECK (nps IS NULL OR nps BETWEEN 0 AND 10),
            csat REAL,
            ces REAL,
            language TEXT,
            content_hash TEXT NOT NULL,
            source_format TEXT,
            question TEXT,                  -- the survey question this answer belongs to
            attributes TEXT,                -- JSON: every other column of the source row
            day_n INTEGER,
            week_n INTEGER,
            month_n INTEGER
        )""", ["CREATE UNIQUE INDEX feedback_dedupe_key ON feedback(dedupe_key)"],
        drop_indexes=("feedback_source",))
