"""``vocdesk evidence``: quotes marked as evidence for packs (a thin layer over ``ws.evidence``).

    vocdesk evidence WS mark ID… [--note TEXT] [--topic TOPIC] [--who NAME]
    vocdesk evidence WS unmark ID… [--who NAME]
    vocdesk evidence WS list [--topic TOPIC] [--scope KIND:KEY] [--json]

A pack (``vocdesk report``, the report builder) puts the marked quotes inside its scope first.
"""

from __future__ import annotations

import getpass
import json


def add_parser(sub) -> None:  # noqa: ANN001
    s = sub.add_parser("evidence", help="mark feedback rows as evidence quotes for packs")
    s.add_argument("workspace")
    esub = s.add_subparsers(dest="evidence_cmd", required=True)
    x = esub.add_parser("mark", help="mark rows (by id) as evidence")
    x.add_argument("ids", nargs="+", type=int)
    x.add_argument("--note")
    x.add_argument("--topic")
    x.add_argument("--who", help="who marks them (default: the OS user)")
    x = esub.add_parser("unmark", help="remove the marks of rows")
    x.add_argument("ids", nargs="+", type=int)
    x.add_argument("--who")
    x = esub.add_parser("list", help="the marked rows, oldest mark first")
    x.add_argument("--topic")
    x.add_argument("--scope", metavar="KIND:KEY", help="only marks inside this scope "
                   "(as vocdesk report --scope)")
    x.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_evidence)


def _user(given: str | None) -> str | None:
    if given:
        return given
    try:
        return getpass.getuser()
    except Exception:   # noqa: BLE001 - no user name is not an error
        return None


def cmd_evidence(args) -> int:  # noqa: ANN001
    from vocdesk.cli import EXIT_OK, _open, _print

    if args.evidence_cmd == "list":
        with _open(args.workspace, readonly=True) as ws:
            flt = None
            if args.scope:
                from vocdesk.engine.reports.scopes import resolve

                flt = resolve(ws, args.scope).filter()
            marks = ws.evidence.list(flt, topic=args.topic)
        if args.json:
            _print(json.dumps({"evidence": marks}, ensure_ascii=False))
            return EXIT_OK
        for m in marks:
            text = " ".join((m["text"] or "").split())
            _print(f"{m['feedback_id']:>7}  {m['marked_at'][:10]} {m['marked_by'] or '—'}"
                   f"  [{m['topic'] or ''}] {text[:70]}")
        if not marks:
            _print("no row is marked as evidence")
        return EXIT_OK
    with _open(args.workspace) as ws:
        if args.evidence_cmd == "mark":
            n = ws.evidence.mark(args.ids, note=args.note, topic=args.topic,
                                 who=_user(args.who))
            _print(f"marked {n} rows as evidence")
        else:
            n = ws.evidence.unmark(args.ids, who=_user(args.who))
            _print(f"removed the evidence mark of {n} rows")
    return EXIT_OK
