"""Turning a read table into feedback rows, human tags and customers, with row-level problems.

The functions here validate and convert; they write through the store and expect the caller
(:class:`~vocdesk.engine.workspace.Workspace`) to hold a transaction, so an import is all or
nothing even if the process is killed half-way.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from vocdesk.engine.domain import TagChange
from vocdesk.engine.errors import InputError, InputProblem
from vocdesk.engine.importers.blocks import Block
from vocdesk.engine.importers.channels import normalize_channel
from vocdesk.engine.importers.column_convert import (
    SCORE_RANGES,
    TEXT_FIELD_NAMES,
    Bad,
    ChunkResult,
    ChunkSpec,
    convert_block,
    field_columns,
    parse_score,
)

# re-exported: the privacy migration (m0006) imports them from here
from vocdesk.engine.importers.keys import content_hash, dedupe_key, row_fingerprint  # noqa: F401
from vocdesk.engine.importers.readers import BAD_ROW, MAX_CELL_CHARS, SourceTable, iter_chunks
from vocdesk.engine.importers.safety import shorten
from vocdesk.engine.importers.stages import StageClock
from vocdesk.engine.importers.values import (
    cell_text,
    is_empty,
    parse_datetime_zone,
)
from vocdesk.engine.importers.vector_dates import naive_times
from vocdesk.engine.jobs import NULL_PROGRESS, Progress
from vocdesk.engine.store import feedback as store_feedback
from vocdesk.engine.store import sources as store_sources
from vocdesk.engine.store import tags as store_tags
from vocdesk.engine.store import taxonomy as store_taxonomy
from vocdesk.engine.store.keyset import SortedKeys
from vocdesk.engine.store.periods import fill_periods
from vocdesk.engine.text.lang import detect_language
from vocdesk.engine.text.pii_fields import make_protector, redact_message
from vocdesk.engine.text.redact import redact_many
from vocdesk.i18n import _

CHUNK = 5000
#: The first chunk of a streamed file: small, so the progress bar moves within the first
#: second even on a busy machine (issue 9)
FIRST_CHUNK = 1000
_TEXT_FIELDS = TEXT_FIELD_NAMES


@dataclass
class ImportReport:
    """What an import did; printed by the CLI and shown by the GUI."""

    path: str
    kind: str = "feedback"
    source_id: int | None = None
    format: str = ""
    source_format: str = "generic"
    encoding: str | None = None
    mapping: dict[str, str] = field(default_factory=dict)
    rows_read: int = 0
    rows_imported: int = 0
    rows_duplicate: int = 0
    rows_bad: int = 0
    redactions: dict[str, int] = field(default_factory=dict)
    redactions_counter: Counter = field(default_factory=Counter, repr=False)
    problems: list[InputProblem] = field(default_factory=list)
    human_tags: int = 0
    human_tags_kept: int = 0          # imported coding not applied: a human tag already existed
    new_values: dict[str, list[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    rows_default_zone: int = 0        # times without a zone, stamped with the workspace's
    #: seconds per stage (read, convert, redact, hash, insert, index, ...): the benchmark's
    #: breakdown; not part of the summary
    stage_seconds: Counter = field(default_factory=Counter, repr=False)

    def to_dict(self) -> dict[str, Any]:
        d = dict(self.__dict__)
        d["problems"] = [redact_message(p) for p in self.problems]
        d.pop("redactions_counter", None)
        d.pop("stage_seconds", None)
        return d


def default_zone_note(n: int, tz: str) -> str:
    """Said in the import summary and the dry run: naive times were read in the zone."""
    return _("{n:,} row(s) have times without a time zone: read as {tz} (the workspace "
             "setting; change it with `vocdesk settings WORKSPACE timezone ZONE`)").format(
        n=n, tz=tz)


def _check_mapping(table: SourceTable, mapping: dict[str, str]) -> None:
    has_scores = any(f in mapping for f in SCORE_RANGES)
    if "text" not in mapping and not has_scores:
        raise InputError(
            table.path, reason=_("no column with the feedback text was recognised among "
                                 "{columns}; name it with --map text=COLUMN").format(
                columns=shorten(", ".join(table.columns[:12]))))


class _RowProblem(Exception):
    def __init__(self, column: str | None, reason: str) -> None:
        super().__init__(reason)
        self.column, self.reason = column, reason


_Bad = Bad     # a memoised cell problem: a fresh _RowProblem is raised from it for each row


class _RowConverter:
    """A mapping compiled once per table: each row then touches only the mapped columns."""

    def __init__(self, mapping: dict[str, str], default_tz: str) -> None:
        self.text_col = mapping.get("text")
        self.scores = [(f, mapping[f], lo, hi) for f, (lo, hi) in SCORE_RANGES.items()
                       if f in mapping]
        self.date_col = mapping.get("created_at")
        self.fields = [(f, mapping[f]) for f in (*_TEXT_FIELDS, "channel") if f in mapping]
        self.default_tz = default_tz
        self.stamped = 0      # rows whose time had no zone and got default_tz
        # a column holds few distinct scores (and often repeated dates): each distinct cell is
        # converted once, then looked up — the column-wise part of the work (issue 9)
        self._scores: dict[tuple[str, Any], Any] = {}
        self._dates: dict[Any, Any] = {}

    def _score(self, f: str, col: str, raw: Any, lo: float, hi: float) -> float | int | None:
        key = (f, raw.__class__, raw)          # True == 1, but not as a score
        try:
            got = self._scores[key]
        except KeyError:
            got = self._scores[key] = self._parse_score(f, col, raw, lo, hi)
        except TypeError:          # an unhashable cell
            got = self._parse_score(f, col, raw, lo, hi)
        if got.__class__ is _Bad:
            raise _RowProblem(*got)
        return got

    _parse_score = staticmethod(parse_score)

    def prefill_dates(self, raws: list[Any]) -> None:
        self._dates.update(naive_times(raws, self.default_tz))

    def _date(self, col: str, raw: Any) -> tuple[str, float, bool]:
        key = (raw.__class__, raw)
        try:
            got = self._dates[key]
        except KeyError:
            try:
                got = parse_datetime_zone(raw, self.default_tz)
            except ValueError as exc:
                got = _Bad((col, str(exc)))
            if len(self._dates) > 50_000:
                self._dates.clear()
            self._dates[key] = got
        except TypeError:
            try:
                got = parse_datetime_zone(raw, self.default_tz)
            except ValueError as exc:
                raise _RowProblem(col, str(exc)) from None
        if got.__class__ is _Bad:
            raise _RowProblem(*got)
        return got

    def __call__(self, values: dict[str, Any]) -> dict[str, Any]:
        if BAD_ROW in values:
            raise _RowProblem(None, values[BAD_ROW])
        if "__extra__" in values:
            raise _RowProblem(None, _("{n} more cells than the header has columns (a stray "
                                      "delimiter or broken quoting)").format(
                n=len(values["__extra__"])))
        for col, v in values.items():
            if v.__class__ is str and len(v) > MAX_CELL_CHARS:
                raise _RowProblem(col, _("cell is {n:,} characters long (limit {limit:,}); is "
                                         "the quoting broken?").format(n=len(v),
                                                                       limit=MAX_CELL_CHARS))
        tcol = self.text_col
        raw = values.get(tcol) if tcol else None
        text = (raw if raw.__class__ is str else cell_text(raw)).strip() if raw is not None else ""
        rec: dict[str, Any] = {"text": text}
        has_score = False
        for f, col, lo, hi in self.scores:
            raw = values.get(col)
            if raw is None or raw == "":
                continue
            x = self._score(f, col, raw, lo, hi)
            if x is None:
                continue
            rec[f] = x
            has_score = True
        if not text and not has_score:
            raise _RowProblem(tcol, _("empty text and no score: the row carries nothing"))
        col = self.date_col
        if col is not None:
            raw = values.get(col)
            if raw is not None and raw != "" and not is_empty(raw):
                rec["created_at"], rec["created_ts"], stamped = self._date(col, raw)
                if stamped:
                    self.stamped += 1
        for f, col in self.fields:
            raw = values.get(col)
            if raw is None or raw == "" or is_empty(raw):
                continue
            rec[f] = (raw if raw.__class__ is str else cell_text(raw)).strip()
        return rec


def preview_records(table: SourceTable, mapping: dict[str, str], *, channel: str | None,
                    redact: bool, default_tz: str, limit: int = 20, secret: str | None = None
                    ) -> list[tuple[int, dict[str, Any] | InputProblem]]:
    """The first rows exactly as an import would store them (or the problem of each bad row).

    Writes nothing: this is what ``--dry-run`` prints and the GUI's import preview shows.
    """
    _check_mapping(table, mapping)
    mapped_cols = field_columns(mapping)
    convert = _RowConverter(mapping, default_tz)
    out: list[tuple[int, dict[str, Any] | InputProblem]] = []
    for rowno, values in table.rows[:limit]:
        try:
            rec = convert(values)
        except _RowProblem as prob:
            out.append((rowno, InputProblem(table.path, rowno, prob.column, prob.reason)))
            continue
        if redact:
            rec["text"] = redact_many([rec["text"]])[0][0]
            make_protector(secret)(rec)
        rec["channel"] = normalize_channel(rec.get("channel")) or \
            normalize_channel(channel) or table.channel or "other"
        rec.setdefault("language", detect_language(rec["text"]))
        for facet_field, col in mapping.items():
            if facet_field.startswith("tag.") and not is_empty(values.get(col)):
                rec[facet_field] = cell_text(values.get(col))
        attrs = {k: cell_text(v) for k, v in values.items()
                 if k not in mapped_cols and not is_empty(v)}
        if attrs:
            rec["attributes"] = attrs
            if redact:
                make_protector(secret)(rec_attrs := {"attrs": attrs})
                rec["attributes"] = rec_attrs["attrs"]
        out.append((rowno, rec))
    return out


def trial_valid_rows(table: SourceTable, mapping: dict[str, str], limit: int = 200) -> int:
    """How many of the first ``limit`` rows ``mapping`` converts without a problem (0 when it
    maps neither text nor a score): how the sniffer picks between unsure candidates."""
    if "text" not in mapping and not any(f in mapping for f in SCORE_RANGES):
        return 0
    convert = _RowConverter(mapping, "UTC")
    n = 0
    for _rowno, values in table.rows[:limit]:
        try:
            convert(values)
        except _RowProblem:
            continue
        n += 1
    return n


def count_default_zone(table: SourceTable, mapping: dict[str, str], default_tz: str) -> int:
    """How many rows' times carry no zone and would be read in ``default_tz`` (dry run)."""
    col = mapping.get("created_at")
    if not col:
        return 0
    n = 0
    for _rowno, values in table.rows:
        raw = values.get(col)
        if raw is None or raw == "" or is_empty(raw):
            continue
        try:
            n += parse_datetime_zone(raw, default_tz)[2]
        except ValueError:
            continue
    return n


def import_feedback_table(db: Database, table: SourceTable, mapping: dict[str, str], *,
                          source_id: int, channel: str | None, strict: bool, redact: bool,
                          default_tz: str, progress: Progress = NULL_PROGRESS,
                          multi_facets: set[str] | None = None,
                          secret: str | None = None, names: bool = False) -> ImportReport:
    """Insert the table's rows as feedback (caller holds the transaction).

    Conversion is a pure, column-wise function per chunk
    (:func:`~vocdesk.engine.importers.column_convert.convert_block`). Handing chunks to two
    worker processes was measured and gained nothing on two cores (28.6k vs 29.6k rows/s at
    100k rows): this process's own share (reading, writing, pickling) is the bound.
    """
    _check_mapping(table, mapping)
    report = ImportReport(path=table.path, source_id=source_id, format=table.format,
                          source_format=table.source_format, encoding=table.encoding,
                          mapping=dict(mapping), notes=list(table.notes))
    spec = ChunkSpec(table.path, dict(mapping), default_tz, redact, strict, multi_facets,
                      normalize_channel(channel) or table.channel or "other", source_id,
                      table.source_format, secret if redact else None, names and redact)
    redaction_counts: Counter = Counter()
    pending_tags: list[tuple[int, str, str]] = []
    # a streamed file's length is estimated from its head: the bar moves from the first chunk
    total = getattr(table.rows, "estimate", None) or len(table.rows)
    progress.start(total, "importing")
    prior = None if any(f.startswith("tag.") for f in mapping) else \
        store_sources.same_file_source(db, source_id)
    # an earlier import of the same bytes: most likely all duplicates, nothing to re-index
    # partial indexes no new row enters (unmapped scores; rows carry their periods) stay
    idle = {f"feedback_{f}" for f in SCORE_RANGES if f not in mapping} | \
        {"feedback_periods_missing"}
    with store_feedback.bulk_indexes(db, 0 if prior else total, idle) as known:
        _import_chunks(db, table, spec, report, prior, total, progress, pending_tags,
                       redaction_counts, known)
        _refuse_wrong_guess(table, mapping, report)     # before rebuilding any index
        clock = StageClock(report.stage_seconds)
    clock.lap("index")
    report.redactions = dict(redaction_counts)
    if report.rows_imported:
        fill_periods(db, default_tz)    # day/week/month in the workspace zone (store/periods.py)
    if report.rows_default_zone:
        report.notes.append(default_zone_note(report.rows_default_zone, default_tz))
    if pending_tags:
        _write_imported_tags(db, pending_tags, report)
    clock.lap("periods and tags")
    progress.finish()
    return report


def _import_chunks(db: Database, table: SourceTable, spec: ChunkSpec, report: ImportReport,
                   prior: tuple[int, int] | None, total: int, progress: Progress,
                   pending_tags: list[tuple[int, str, str]], redaction_counts: Counter,
                   known: SortedKeys | None = None) -> None:
    """Convert and insert the table chunk by chunk (one chunk of rows in memory at a time);
    ``known``: the stored keys while the unique key index is dropped (bulk append)."""
    strict = spec.strict
    seconds = report.stage_seconds
    clock = StageClock(seconds)
    for block in iter_blocks(table):
        clock.lap("read")
        progress.check()
        result = convert_block(block, spec)
        seconds.update(result.seconds)
        clock = StageClock(seconds)
        if result.problems and strict:
            first = result.problems[0]
            raise InputError(first.path, first.row, first.column, first.reason,
                             problems=[*report.problems, first])
        if prior is not None and not report.rows_read and _all_present(db, result):
            _same_file_again(report, prior)
            break
        prior = None
        report.rows_read += result.read
        report.problems.extend(result.problems)
        report.rows_bad += len(result.problems)
        redaction_counts.update(result.redactions)
        report.rows_default_zone += result.stamped
        pending_tags.extend(result.tags)
        if result.columns:
            new = store_feedback.insert_feedback_columns(db, result.columns, known)
        else:
            new = store_feedback.insert_feedback_periods(db, result.rows, known)
        report.rows_imported += new
        report.rows_duplicate += len(result.keys()) - new
        clock.lap("insert")
        progress.update(report.rows_read, max(total, report.rows_read))
        clock.lap("progress")


def iter_blocks(table: SourceTable, size: int | None = None) -> Iterator[Block]:
    """The table's rows as column blocks of ``size`` (default :data:`CHUNK`) rows: read
    straight into columns from a streamed CSV, gathered from every other reader's row dicts."""
    blocks = getattr(table.rows, "iter_blocks", None)
    if blocks is not None:
        yield from blocks(size or CHUNK, None if size else min(FIRST_CHUNK, CHUNK))
        return
    size = size or CHUNK
    for chunk in iter_chunks(table.rows, size):
        yield Block.from_rows(chunk, table.columns)


def _all_present(db: Database, result: ChunkResult) -> bool:
    """True when the chunk converted without a problem and every row is already stored."""
    keys = set(result.keys())
    return not result.problems and bool(keys) and \
        len(store_feedback.ids_for_dedupe_keys(db, list(keys))) == len(keys)


def _same_file_again(report: ImportReport, prior: tuple[int, int]) -> None:
    """The same bytes were imported before, the same way, and its first chunk is all
    duplicates: every row is one (rows are never deleted), so none is converted again."""
    prior_id, rows = prior
    report.rows_read = report.rows_duplicate = rows
    report.notes.append(_("the same file was imported before with the same mapping and "
                          "options (source #{id}): all {n:,} rows are already in the "
                          "workspace").format(id=prior_id, n=rows))


#: A mapping that rejects more than this share of at least MIN_ROWS_FOR_SHARE rows (or every
#: row) is a wrong guess of the format or the columns, not a file with a few bad rows.
WRONG_GUESS_SHARE = 0.8
MIN_ROWS_FOR_SHARE = 20


def _refuse_wrong_guess(table: SourceTable, mapping: dict[str, str],
                        report: ImportReport) -> None:
    """Raise (so the transaction writes nothing) when the mapping rejected (nearly) every row.

    Exiting 0 with nothing imported hides a wrong sniff: say so, show the columns used and
    point to ``--format`` / ``--map``.
    """
    read, bad = report.rows_read, report.rows_bad
    if not read or not bad:
        return
    all_bad = bad == read and report.rows_imported == 0 and report.rows_duplicate == 0
    most_bad = read >= MIN_ROWS_FOR_SHARE and bad / read > WRONG_GUESS_SHARE
    if not (all_bad or most_bad):
        return
    used = ", ".join(f"{f} \u2190 {c}" for f, c in mapping.items() if not f.startswith("attr."))
    first = report.problems[0] if report.problems else None
    reason = _("the format or the mapping looks wrong: {bad:,} of {read:,} rows were rejected "
               "(read as {fmt}; columns used: {used}){example}. Name the format with --format "
               "or the columns with --map FIELD=COLUMN; nothing was written").format(
        bad=bad, read=read, fmt=table.source_format, used=used or "-",
        example=f"; e.g. {first}" if first else "")
    raise InputError(table.path, reason=reason, problems=list(report.problems))


def _write_imported_tags(db: Database, pending: list[tuple[int, str, str]],
                         report: ImportReport) -> None:
    """Attach imported coding as human tags, never over a tag a person already set."""
    three_class = any(f == "sentiment" and v == "neutral" for _, f, v in pending) or \
        any(f == "sentiment" and v == "negative" for _, f, v in pending) and \
        any(f == "sentiment" and v == "0" for _, f, v in pending)
    zero = "neutral" if three_class else "negative"
    keys = list({k for k, _, _ in pending})
    ids = store_feedback.ids_for_dedupe_keys(db, keys)
    by_row: dict[tuple[int, str], list[str]] = defaultdict(list)
    for key, facet, value in pending:
        if facet == "sentiment" and value == "0":
            value = zero
        vals = by_row[(ids[key], facet)]
        if value not in vals:
            vals.append(value)
    facets = {f for _, f in by_row}
    existing: dict[str, dict[int, tuple[str, ...]]] = {
        f: store_tags.human_values(db, [i for i, ff in by_row if ff == f], f) for f in facets}
    taxonomy = store_taxonomy.load_taxonomy(db)
    new_values: dict[str, list[str]] = defaultdict(list)
    for facet in sorted(facets):
        known = {v.value for v in (taxonomy.facet(facet).values if taxonomy.facet(facet) else [])}
        for (_fid, f), vals in by_row.items():
            if f != facet:
                continue
            for v in vals:
                if v not in known:
                    known.add(v)
                    if store_taxonomy.add_facet_value(db, facet, v, added_by="imported"):
                        new_values[facet].append(v)
    changes = []
    for (fid, facet), vals in by_row.items():
        if fid in existing[facet]:
            report.human_tags_kept += 1
            continue
        changes.append(TagChange(fid, facet, None, tuple(vals)))
    store_tags.apply_human_changes(db, changes, who=None, origin="imported",
                                   note=f"import of {report.path}")
    report.human_tags = len(changes)
    report.new_values = dict(new_values)


from vocdesk.engine.importers.customers_import import import_customers_table  # noqa: E402

__all__ = ["ImportReport", "content_hash", "dedupe_key", "import_customers_table",
           "import_feedback_table", "row_fingerprint"]
