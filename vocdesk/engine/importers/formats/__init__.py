"""Exports of real feedback tools, recognised and converted with no hand-written mapping.

Every tool module has ``FORMATS``: a list of :class:`Format` (name, channel, sniffer,
converter). :func:`sniff` runs every sniffer on a file and returns ``[(name, confidence)]``
best first; :func:`read_source` picks the best one (or the one the user named with
``--format``) and returns a :class:`SourceTable` already in canonical columns (``text``,
``created_at``, ``nps`` …) with the original columns kept for the row's attributes.
Anything not recognised with enough confidence is read as a generic table, as before.
"""

from __future__ import annotations

from pathlib import Path

from vocdesk.engine.errors import InputError, UsageError
from vocdesk.engine.importers.formats.common import Format, RawFile
from vocdesk.engine.importers.readers import FORMATS as GENERIC_FORMATS
from vocdesk.engine.importers.readers import SourceTable, read_table
from vocdesk.engine.importers.streaming import HEAD_BYTES
from vocdesk.i18n import _

MIN_CONFIDENCE = 0.6
TRIAL_ROWS = 200


def _registry() -> list[Format]:
    from vocdesk.engine.importers.formats import (
        app_store,
        freshdesk,
        google_play,
        qualtrics,
        surveymonkey,
        tencent_survey,
        trustpilot,
        wecom,
        wjx,
        yelp,
        zendesk,
    )

    out: list[Format] = []
    for mod in (qualtrics, surveymonkey, wjx, tencent_survey, google_play, app_store, zendesk,
                freshdesk, trustpilot, yelp, wecom):
        out.extend(mod.FORMATS)
    return out


REGISTRY: list[Format] = _registry()
BY_NAME: dict[str, Format] = {f.name: f for f in REGISTRY}
FORMAT_NAMES: tuple[str, ...] = tuple(BY_NAME) + tuple(GENERIC_FORMATS)


def _sniff_raw(raw: RawFile) -> list[tuple[str, float]]:
    scores = []
    for f in REGISTRY:
        try:
            c = float(f.sniff(raw))
        except InputError:
            raise
        except Exception:  # a sniffer must never break reading an unrelated file
            c = 0.0
        if c > 0:
            scores.append((f.name, round(min(c, 1.0), 2)))
    scores.sort(key=lambda x: -x[1])
    return scores


def sniff(path: str | Path) -> list[tuple[str, float]]:
    """``[(format name, confidence 0–1)]`` best first; empty when no tool's export matched."""
    return _sniff_raw(RawFile(path))


def read_source(path: str | Path, fmt: str | None = None) -> SourceTable:
    """Read a file as the tool that exported it (sniffed, or named by ``fmt``).

    When the table's own mapping would reject (nearly) every one of the first rows, a note
    says the format or mapping looks wrong: the dry run and the GUI preview show it before
    the import refuses it (issue 9, "the general rule").
    """
    table = _read_source(path, fmt)
    note = wrong_guess_note(table)
    if note:
        table.notes.append(note)
    return table


def wrong_guess_note(table: SourceTable, limit: int = TRIAL_ROWS) -> str | None:
    """Why the table's detected mapping looks wrong, or None (a few bad rows are fine)."""
    from vocdesk.engine.importers.feedback_import import (
        MIN_ROWS_FOR_SHARE,
        SCORE_RANGES,
        WRONG_GUESS_SHARE,
    )
    from vocdesk.engine.importers.mapping import detect_mapping

    mapping = {**detect_mapping(table.columns), **table.mapping_hint}
    if "text" not in mapping and not any(f in mapping for f in SCORE_RANGES):
        return None           # the import says no text column was recognised
    n = len(table.rows[:limit])
    if not n:
        return None
    bad = n - valid_rows(table, limit)
    if not (bad == n or (n >= MIN_ROWS_FOR_SHARE and bad / n > WRONG_GUESS_SHARE)):
        return None
    used = ", ".join(f"{f} \u2190 {c}" for f, c in mapping.items() if not f.startswith("attr."))
    return _("the format or the mapping looks wrong: {bad} of the first {n} rows would be "
             "rejected (read as {fmt}; columns used: {used}); choose the format (--format) "
             "or the columns (--map FIELD=COLUMN)").format(
        bad=bad, n=n, fmt=table.source_format, used=used)


def _read_source(path: str | Path, fmt: str | None = None) -> SourceTable:
    if fmt:
        fmt = fmt.strip().lower().replace("-", "_")
    if fmt in GENERIC_FORMATS:
        table = read_table(path, fmt)
        _set(table, 1.0, [])
        return table
    if fmt and fmt not in BY_NAME:
        raise UsageError(f"unknown format {fmt!r}; known: {', '.join(FORMAT_NAMES)}")
    # a large file is sniffed from its head; read whole only if a tool's converter needs it
    raw = RawFile(path, max_bytes=HEAD_BYTES)
    candidates = _sniff_raw(raw)
    generic = not fmt and not _unsure(candidates) and \
        not (candidates and candidates[0][1] >= MIN_CONFIDENCE)
    if raw.head_only and not generic:
        raw = RawFile(path)
        candidates = _sniff_raw(raw)
    if not fmt and _unsure(candidates):
        return _best_by_trial(path, raw, candidates)
    if fmt:
        chosen, confidence = BY_NAME[fmt], dict(candidates).get(fmt, 0.0)
    elif candidates and candidates[0][1] >= MIN_CONFIDENCE:
        chosen, confidence = BY_NAME[candidates[0][0]], candidates[0][1]
    else:
        table = read_table(path)
        _set(table, 1.0 - (candidates[0][1] if candidates else 0.0), candidates)
        return table
    return _convert(raw, chosen, confidence, candidates, fmt)


#: Sniffers closer than this (or a best guess below MIN_CONFIDENCE) mean "unsure".
UNSURE_MARGIN = 0.15


def _unsure(candidates: list[tuple[str, float]]) -> bool:
    if not candidates:
        return False
    best = candidates[0][1]
    if best < MIN_CONFIDENCE:
        return best >= MIN_CONFIDENCE - 0.3            # a weak guess against generic
    return len(candidates) > 1 and best - candidates[1][1] < UNSURE_MARGIN


def valid_rows(table: SourceTable, limit: int = TRIAL_ROWS) -> int:
    """How many of the first rows the table's own mapping turns into feedback."""
    from vocdesk.engine.importers.feedback_import import trial_valid_rows
    from vocdesk.engine.importers.mapping import detect_mapping

    mapping = {**detect_mapping(table.columns), **table.mapping_hint}
    return trial_valid_rows(table, mapping, limit)


def _best_by_trial(path: str | Path, raw: RawFile, candidates: list[tuple[str, float]]
                   ) -> SourceTable:
    """The sniffers are unsure: read the file as each candidate (and as a generic table),
    try each one's mapping on the first rows and keep the one with the most valid rows."""
    tried: list[tuple[int, float, SourceTable, str]] = []
    for name, conf in candidates[:3]:
        try:
            table = _convert(raw, BY_NAME[name], conf, candidates, None)
        except (InputError, UsageError):
            continue
        tried.append((valid_rows(table), conf, table, name))
    try:
        generic = read_table(path)
        _set(generic, 1.0 - candidates[0][1], candidates)
        tried.append((valid_rows(generic), 0.0, generic, "generic"))
    except InputError:
        pass
    if not tried:
        return _convert(raw, BY_NAME[candidates[0][0]], candidates[0][1], candidates, None)
    tried.sort(key=lambda t: (-t[0], -t[1]))
    n, _conf, table, name = tried[0]
    table.notes.append("the format was unclear; tried " + ", ".join(
        f"{t[3]} ({t[0]} valid of the first {len(t[2].rows[:TRIAL_ROWS])} rows)"
        for t in tried) + f": kept {name}")
    return table


def _convert(raw: RawFile, chosen: Format, confidence: float,
             candidates: list[tuple[str, float]], fmt: str | None) -> SourceTable:
    try:
        table = chosen.convert(raw)
    except (InputError, UsageError):
        raise
    except Exception as exc:  # a file shaped unlike the tool's export (often with --format)
        raise InputError(raw.spath, reason=f"cannot read as {chosen.name}: "
                                           f"{type(exc).__name__}: {exc}") from exc
    table.source_format = table.source_format if table.source_format != "generic" \
        else chosen.name
    table.channel = table.channel or chosen.channel
    table.notes.extend(n for n in raw.notes if n not in table.notes)
    if fmt and confidence < MIN_CONFIDENCE:
        table.notes.append(f"read as {fmt} as asked, although the file does not look like it "
                           f"(confidence {confidence:.2f})")
    _set(table, confidence, candidates)
    return table


def _set(table: SourceTable, confidence: float, candidates: list[tuple[str, float]]) -> None:
    table.confidence = round(confidence, 2)
    table.candidates = list(candidates)


__all__ = ["FORMAT_NAMES", "Format", "REGISTRY", "read_source", "sniff"]
