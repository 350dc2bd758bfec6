"""The ``vocdesk`` command line: a thin layer over :class:`vocdesk.engine.workspace.Workspace`.

Exit codes: 0 ok, 1 other error, 2 usage error, 3 input error (a file that cannot be read or
rows that were refused under ``--strict``).
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from pathlib import Path

from vocdesk import __version__
from vocdesk.engine.errors import (
    InputError,
    InputProblem,
    UsageError,
    VocdeskError,
    WorkspaceFileError,
)
from vocdesk.engine.importers.feedback_import import field_columns
from vocdesk.engine.importers.values import is_empty
from vocdesk.engine.text.pii_fields import redact_message

EXIT_OK, EXIT_OTHER, EXIT_USAGE, EXIT_INPUT = 0, 1, 2, 3
DEFAULT_DEMO = Path("demo.vocdesk")   # same as scripts/demo.sh and the README


def command_name() -> str:
    """How the user can run vocdesk again: ``vocdesk`` only when that is on PATH and is this
    very install; else the script's own path (``.venv/bin/vocdesk`` after scripts/setup.sh)."""
    import os
    import shutil

    script = Path(sys.executable).parent / "vocdesk"
    on_path = shutil.which("vocdesk")
    if on_path and script.exists() and Path(on_path).resolve() == script.resolve():
        return "vocdesk"
    if not script.exists():
        return f"{sys.executable} -m vocdesk"
    try:
        rel = os.path.relpath(script.absolute(), Path.cwd())
    except ValueError:      # another drive (Windows)
        rel = str(script)
    return rel if not rel.startswith("..") else str(script.absolute())


def _demo_rows(text: str) -> int:
    """--rows: an integer of at least MIN_DEMO_ROWS (argparse turns the error into exit 2)."""
    from vocdesk.engine.demo_workspace import MIN_DEMO_ROWS

    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if n < MIN_DEMO_ROWS:
        raise argparse.ArgumentTypeError(f"at least {MIN_DEMO_ROWS:,} rows (got {n:,})")
    return n


def _print(*args, **kw) -> None:
    print(*args, **kw, flush=True)


def _err(msg: str) -> None:
    from vocdesk.engine.importers.safety import shorten

    print(f"vocdesk: {shorten(msg, 2000)}", file=sys.stderr, flush=True)


def _progress(unit: str = "rows"):
    from vocdesk.engine.jobs import TerminalProgress

    return TerminalProgress(unit)


def _open(path: str, readonly: bool = False, check: bool | None = None):
    from vocdesk.engine.workspace import Workspace, notify_lock_waits

    if not readonly and not _open.noticed:
        notify_lock_waits(_err)
        _open.noticed = True
    return Workspace.open(path, readonly=readonly, check=check)


_open.noticed = False


# --- commands --------------------------------------------------------------------------------

def cmd_init(args) -> int:
    from vocdesk.engine.tagging.taxonomy import load_taxonomy_file
    from vocdesk.engine.workspace import Workspace

    tax = load_taxonomy_file(args.taxonomy) if args.taxonomy else None
    with Workspace.create(args.workspace, tax) as ws:
        _print(f"created {ws.path} ({len(ws.taxonomy.facets)} facets)")
    return EXIT_OK


def _report_import(report, as_json: bool) -> None:
    if as_json:
        _print(json.dumps(report.to_dict(), ensure_ascii=False, default=str))
        return
    red = ", ".join(f"{k} {v}" for k, v in sorted(report.redactions.items()))
    _print(f"{report.path}: {report.rows_read:,} rows read, {report.rows_imported:,} imported, "
           f"{report.rows_duplicate:,} duplicates, {report.rows_bad:,} bad"
           + (f"; encoding {report.encoding}" if report.encoding else "")
           + (f"; format {report.source_format}" if report.source_format != "generic" else "")
           + (f"; redacted: {red}" if red else ""))
    if report.human_tags or report.human_tags_kept:
        _print(f"  human tags imported: {report.human_tags:,}"
               + (f" (kept {report.human_tags_kept:,} existing)" if report.human_tags_kept else ""))
    for facet, values in report.new_values.items():
        _print(f"  new values added to {facet}: {', '.join(values[:20])}"
               + (" …" if len(values) > 20 else ""))
    for note in report.notes:
        _print(f"  note: {note}")
    for p in report.problems[:20]:
        print(f"  skipped {redact_message(p)}", file=sys.stderr)
    if len(report.problems) > 20:
        print(f"  … and {len(report.problems) - 20:,} more bad rows", file=sys.stderr)


def cmd_import(args) -> int:
    from vocdesk.engine.importers.mapping import parse_map_options

    mapping = parse_map_options(args.map or [], args.kind)
    status = EXIT_OK
    with _open(args.workspace, readonly=args.dry_run) as ws:
        for f in args.files:
            try:
                if args.dry_run:
                    _dry_run(ws, f, mapping, args)
                    continue
                report = ws.imports.import_file(f, mapping=mapping, channel=args.channel,
                                        strict=args.strict, redact=not args.no_redact,
                                        kind=args.kind, fmt=args.format,
                                        progress=_progress(),
                                        redact_names=args.redact_names)
                _report_import(report, args.json)
                if report.rows_bad:
                    status = max(status, EXIT_OK)
            except InputError as exc:
                _err(f"import failed, nothing from this file was written: {redact_message(exc)}")
                # the headline says what was wrong; a few more examples, never a dump
                more = exc.problems[1:] if len(exc.problems) > 1 else []
                for p in more[:3]:
                    print(f"  {redact_message(p)}", file=sys.stderr)
                if len(more) > 3:
                    print(f"  … {len(more) - 3} more rows like these", file=sys.stderr)
                status = EXIT_INPUT
                if args.strict:
                    break
    return status


def _dry_run(ws, path: str, mapping: dict, args) -> None:
    plan = ws.imports.plan(path, mapping, args.kind, args.format)
    t = plan.table
    _print(f"{t.path}: format {t.format}"
           + (f" ({t.source_format})" if t.source_format != "generic" else "")
           + (f", encoding {t.encoding}" if t.encoding else "") + f", {len(t.rows):,} rows")
    cands = getattr(t, "candidates", None) or []
    _print(f"detected: {t.source_format} (confidence {getattr(t, 'confidence', 1.0):.2f})"
           + (f"; candidates: {', '.join(f'{n} {c:.2f}' for n, c in cands)}" if cands else ""))
    for note in t.notes:
        _print(f"note: {note}")
    if plan.kind == "feedback":
        from vocdesk.engine.importers.feedback_import import count_default_zone, default_zone_note

        stamped = count_default_zone(t, plan.mapping, ws.timezone)
        if stamped:
            _print(f"note: {default_zone_note(stamped, ws.timezone)}")
    used = {f: c for f, c in plan.mapping.items()
            if any(not is_empty(values.get(c)) for _, values in t.rows[:200])}
    _print("mapping:")
    for field, col in used.items():
        _print(f"  {field:<14} ← {col}")
    fields = field_columns(plan.mapping)
    unmapped = [c for c in t.columns if c not in fields]
    if unmapped:
        _print(f"kept as attributes: {', '.join(unmapped)}")
    if plan.kind != "feedback":
        return
    _print("first rows as they would be stored:")
    for rowno, rec in ws.imports.preview(plan, channel=args.channel,
                                        redact=not args.no_redact, limit=5):
        shown = redact_message(rec) if isinstance(rec, InputProblem) else \
            json.dumps(rec, ensure_ascii=False, default=str)
        _print(f"  row {rowno}: {shown[:400]}")


def cmd_analyze(args) -> int:
    with _open(args.workspace) as ws:
        report = ws.analyze(force=args.force, progress=_progress(), workers=args.workers)
        if args.json:
            _print(json.dumps({**report.__dict__, "rows_per_second": report.rows_per_second},
                              ensure_ascii=False, default=str))
            return EXIT_OK
        for t in report.training:
            base = t.get("cv_accuracy_baseline")
            _print(f"learned {t['facet']}: {t['n_labels']:,} labels, validation accuracy "
                   f"{t['cv_accuracy_learned']:.3f}"
                   + (f" vs {base:.3f} before" if base is not None else "")
                   + f" → using {t['chosen']}")
        if report.rows_analyzed:
            _print(f"analysed {report.rows_analyzed:,} rows in {report.seconds:.1f} s "
                   f"({report.rows_per_second:,.0f} rows/s); {report.rows_skipped:,} already "
                   "up to date")
        else:
            _print(f"all {report.rows_total:,} rows already analysed (use --force to redo)")
    return EXIT_OK


def cmd_train(args) -> int:
    with _open(args.workspace) as ws:
        reports = ws.train(force=True, progress=_progress())
        _print(json.dumps(reports, ensure_ascii=False, indent=2) if args.json else
               "\n".join(f"{r['facet']}: {r['cv_accuracy_learned']:.3f} learned vs "
                         f"{(r.get('cv_accuracy_baseline') or 0):.3f} before → {r['chosen']}"
                         for r in reports) or "no facet has enough human tags to learn from")
    return EXIT_OK


def cmd_export(args) -> int:
    with _open(args.workspace, readonly=True) as ws:
        n = ws.export(args.out, progress=_progress(), explain=args.explain)
    _print(f"wrote {n:,} rows to {args.out}")
    return EXIT_OK


def cmd_stats(args) -> int:
    with _open(args.workspace, readonly=True) as ws:
        stats = ws.stats()
    if args.json:
        _print(json.dumps(stats, ensure_ascii=False, indent=2))
        return EXIT_OK
    _print(f"{stats['feedback']:,} feedback rows, {stats['customers']:,} customers, "
           f"{stats['sources']:,} imports, {stats['analyzed']:,} analysed, "
           f"{stats['human_tagged_rows']:,} with human tags")
    if stats["date_range"][0]:
        _print(f"dates: {stats['date_range'][0]} … {stats['date_range'][1]}")
    _print("channels: " + ", ".join(f"{k or '?'} {v:,}" for k, v in stats["channels"].items()))
    for facet, values in stats["facets"].items():
        top = ", ".join(f"{k} {v:,}" for k, v in list(values.items())[:8])
        _print(f"{facet}: {top}" + (" …" if len(values) > 8 else ""))
    return EXIT_OK


def cmd_taxonomy(args) -> int:
    with _open(args.workspace) as ws:
        if args.action == "export":
            ws.export_taxonomy(args.file)
            _print(f"wrote the taxonomy to {args.file}")
        else:
            tax = ws.import_taxonomy(args.file)
            _print(f"taxonomy replaced: {len(tax.facets)} facets, "
                   f"{sum(len(f.values) for f in tax.facets)} values; run analyze to re-tag")
    return EXIT_OK


def cmd_check(args) -> int:
    from vocdesk.engine.store.integrity import backup_hint

    with _open(args.workspace, readonly=True, check=False) as ws:
        problems = ws.check(quick=args.quick)
    if not problems:
        _print(f"{args.workspace}: ok ({'quick_check' if args.quick else 'integrity_check'})")
        return EXIT_OK
    _print(f"{args.workspace}: DAMAGED — {len(problems)} problem(s) found:")
    for p in problems[:50]:
        _print(f"  {p}")
    _print(backup_hint(Path(args.workspace)))
    return EXIT_OTHER


def cmd_backup(args) -> int:
    with _open(args.workspace, readonly=True) as ws:
        target = ws.backup(args.out)
    _print(f"backed up {args.workspace} to {target}")
    return EXIT_OK


def cmd_settings(args) -> int:
    with _open(args.workspace) as ws:
        if args.key and args.value is not None:
            ws.set_setting(args.key, args.value)
        settings = ws.settings()
        if args.key:
            if args.key not in settings:
                raise UsageError(f"no setting {args.key!r}; known: {', '.join(settings)}")
            settings = {args.key: settings[args.key]}
    for k, v in settings.items():
        _print(f"{k} = {v}")
    return EXIT_OK


def cmd_demo(args) -> int:
    from vocdesk.engine.demo_workspace import build_demo_workspace

    path = Path(args.workspace or DEFAULT_DEMO)
    summary = build_demo_workspace(path, rows=args.rows, force=args.force,
                                   progress=_progress(), echo=_print, command=command_name())
    _print(summary)
    return EXIT_OK


def cmd_gui(args) -> int:
    from vocdesk.ui.app import main as gui_main

    argv = [args.workspace] if args.workspace else []
    if args.page:
        argv.append(f"--page={args.page}")
    return gui_main(argv)


# --- parser ----------------------------------------------------------------------------------

def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="vocdesk", description="Voice-of-Customer workbench: "
                                "import feedback, tag it, review it, report on it.")
    p.add_argument("--version", action="version", version=f"vocdesk {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    s = sub.add_parser("init", help="create a new workspace file")
    s.add_argument("workspace", help="path of the new .vocdesk file")
    s.add_argument("--taxonomy", help="start from this taxonomy (YAML/JSON) instead of the default")
    s.set_defaults(func=cmd_init)

    s = sub.add_parser("import", help="import feedback (or customers) from files")
    s.add_argument("workspace")
    s.add_argument("files", nargs="+", metavar="FILE", help="CSV, TSV, XLSX, JSON or JSON Lines")
    s.add_argument("--map", action="append", metavar="FIELD=COLUMN",
                   help="use COLUMN for FIELD (text, created_at, rating, nps, channel, store, "
                        "customer_id, …; tag.FACET for existing human coding); repeatable")
    s.add_argument("--channel", help="channel of rows that do not name one")
    s.add_argument("--strict", action="store_true", help="abort on the first bad row")
    s.add_argument("--no-redact", action="store_true", help="keep phone numbers, e-mails, IDs")
    s.add_argument("--redact-names", action="store_true",
                   help="also replace names after 收件人/联系人/姓名… and street addresses")
    s.add_argument("--as", dest="kind", choices=("feedback", "customers"), default="feedback",
                   help="what the file holds (default feedback)")
    s.add_argument("--format", help="read as this format instead of the detected one")
    s.add_argument("--dry-run", action="store_true",
                   help="show the detected format, mapping and first rows; write nothing")
    s.add_argument("--json", action="store_true", help="print the import report as JSON")
    s.set_defaults(func=cmd_import)

    s = sub.add_parser("analyze", help="tag rows that are not analysed yet")
    s.add_argument("workspace")
    s.add_argument("--force", action="store_true", help="re-analyse every row")
    s.add_argument("--workers", type=int, help="worker processes (default: by size)")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_analyze)

    s = sub.add_parser("train", help="retrain the models learned from human tags")
    s.add_argument("workspace")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_train)

    s = sub.add_parser("export", help="write feedback with effective tags (.csv .xlsx .jsonl)")
    s.add_argument("workspace")
    s.add_argument("out", metavar="OUT")
    s.add_argument("--explain", action="store_true",
                   help="add an 'explain' column: the tokens that moved each model tag most")
    s.set_defaults(func=cmd_export)

    s = sub.add_parser("stats", help="counts per channel, facet value and tag origin")
    s.add_argument("workspace")
    s.add_argument("--json", action="store_true", help="one JSON object")
    s.set_defaults(func=cmd_stats)

    s = sub.add_parser("taxonomy", help="export or import the workspace's taxonomy")
    s.add_argument("workspace")
    s.add_argument("action", choices=("export", "import"))
    s.add_argument("file", help=".yaml/.yml or .json")
    s.set_defaults(func=cmd_taxonomy)

    s = sub.add_parser("check", help="check the workspace file for damage (integrity_check)")
    s.add_argument("workspace")
    s.add_argument("--quick", action="store_true", help="quick_check: faster, fewer checks")
    s.set_defaults(func=cmd_check)

    s = sub.add_parser("backup", help="write a consistent copy of the workspace")
    s.add_argument("workspace")
    s.add_argument("out", nargs="?", metavar="OUT",
                   help="where to write it (default: NAME.backup-DATE-manual.vocdesk beside it)")
    s.set_defaults(func=cmd_backup)

    s = sub.add_parser("settings", help="show or change workspace settings (timezone …)")
    s.add_argument("workspace")
    s.add_argument("key", nargs="?", help="a setting, e.g. timezone")
    s.add_argument("value", nargs="?", help="its new value, e.g. Asia/Shanghai")
    s.set_defaults(func=cmd_settings)

    s = sub.add_parser("demo", help="build and analyse the built-in demo workspace")
    s.add_argument("--workspace", help=f"where to write it (default {DEFAULT_DEMO})")
    s.add_argument("--rows", type=_demo_rows, default=24000,
                   help="feedback rows (default 24000, at least 500)")
    s.add_argument("--force", action="store_true", help="replace an existing demo file")
    s.set_defaults(func=cmd_demo)

    s = sub.add_parser("gui", help="open the desktop workbench")
    s.add_argument("workspace", nargs="?")
    s.add_argument("--page", help="open on this page (explorer, review, taxonomy, accuracy, "
                   "or an analysis page such as journey)")
    s.set_defaults(func=cmd_gui)

    from vocdesk import cli_accuracy

    cli_accuracy.add_parser(sub)
    from vocdesk import cli_loop

    cli_loop.add_parser(sub)
    from vocdesk import cli_journey

    cli_journey.add_parser(sub)
    from vocdesk import cli_report

    cli_report.add_parser(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except UsageError as exc:
        _err(str(exc))
        return EXIT_USAGE
    except (InputError, WorkspaceFileError) as exc:
        _err(str(exc))
        return EXIT_INPUT
    except VocdeskError as exc:
        _err(str(exc))
        return EXIT_OTHER
    except KeyboardInterrupt:
        _err("interrupted; the workspace is as it was before the interrupted step")
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except (OSError, MemoryError, sqlite3.DatabaseError) as exc:
        from vocdesk.engine.failures import describe

        known = describe(exc)
        if known is None:
            raise
        _err(known[0])
        return known[1]


if __name__ == "__main__":
    raise SystemExit(main())
