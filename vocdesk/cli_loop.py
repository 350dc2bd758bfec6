"""``vocdesk signals`` and ``vocdesk actions``: weak signals and closed-loop actions on the
command line (a thin layer over ``ws.signals`` and ``ws.actions``)."""

from __future__ import annotations

import json
import math

from vocdesk.engine.errors import UsageError

SIGNAL_FIELDS = ("terms", "recent", "baseline", "growth", "p", "q", "first_seen", "onset",
                 "example_ids")
EVAL_FIELDS = ("before", "after", "control_before", "control_after", "effect", "ci_low",
               "ci_high", "p", "mde", "enough_data")


def _where(items: list[str] | None) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for item in items or []:
        facet, sep, value = item.partition("=")
        if not sep or not facet.strip() or not value.strip():
            raise UsageError(f"--where {item!r}: use FACET=VALUE, e.g. category=物流配送")
        out.setdefault(facet.strip(), []).append(value.strip())
    return out


def _clean(x):  # noqa: ANN001, ANN202 - JSON has no NaN
    if isinstance(x, float) and not math.isfinite(x):
        return None
    if isinstance(x, dict):
        return {k: _clean(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_clean(v) for v in x]
    return x


def add_parser(sub) -> None:  # noqa: ANN001
    s = sub.add_parser("signals", help="weak signals: keyword combinations growing from a "
                       "small base (exact test, FDR-controlled)")
    s.add_argument("workspace")
    s.add_argument("--window", choices=("day", "week", "month"), default="week")
    s.add_argument("--as-of", help="last day included (YYYY-MM-DD; default: the last day)")
    s.add_argument("--limit", type=int, default=20)
    s.add_argument("--recount", action="store_true",
                   help="count every analysed row's combinations again first")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_signals)

    a = sub.add_parser("actions", help="closed-loop actions: add, list, move, evaluate")
    a.add_argument("workspace")
    asub = a.add_subparsers(dest="action_cmd", required=True)
    x = asub.add_parser("add", help="create an action; prints its id")
    x.add_argument("--title", required=True)
    x.add_argument("--where", action="append", metavar="FACET=VALUE",
                   help="targeted facet value or segment (channel/region/store/segment)")
    x.add_argument("--department")
    x.add_argument("--owner")
    x.add_argument("--sla-hours", type=float, default=24.0)
    x.add_argument("--fixed-on", help="the date the fix went live (YYYY-MM-DD)")
    x.add_argument("--json", action="store_true")
    x = asub.add_parser("list", help="the queue by due time, overdue first")
    x.add_argument("--department")
    x.add_argument("--owner")
    x.add_argument("--status")
    x.add_argument("--json", action="store_true")
    x = asub.add_parser("set", help="move an action along its workflow")
    x.add_argument("id", type=int)
    x.add_argument("--status", required=True)
    x.add_argument("--fixed-on")
    x.add_argument("--root-cause")
    x.add_argument("--note")
    x.add_argument("--who")
    x = asub.add_parser("evaluate", help="the month-later effect check (DiD)")
    x.add_argument("id", type=int)
    x.add_argument("--control", action="append", metavar="FACET=VALUE",
                   help="comparison segment (default: the rest of the rows)")
    x.add_argument("--json", action="store_true")
    a.set_defaults(func=cmd_actions)


def cmd_signals(args) -> int:  # noqa: ANN001
    from vocdesk.engine.workspace import Workspace

    with Workspace.open(args.workspace) as ws:
        if args.recount:
            ws.signals.recount()
        found = ws.signals.detect(window=args.window, as_of=args.as_of, limit=args.limit)
    if args.json:
        print(json.dumps({"signals": [_clean({k: s[k] for k in (*SIGNAL_FIELDS, "key")})
                                      for s in found]}, ensure_ascii=False), flush=True)
        return 0
    if not found:
        print("no weak signal at this window")
    for i, s in enumerate(found, 1):
        print(f"{i:>2}. {' + '.join(s['terms'])}: {s['recent']} in the last {s['window_days']} "
              f"days vs {s['baseline']} before, growth ×{s['growth']:.1f}, q={s['q']:.2g}, "
              f"onset {s['onset']}, first seen {s['first_seen']}")
    return 0


def cmd_actions(args) -> int:  # noqa: ANN001
    from vocdesk.engine.workspace import Workspace

    with Workspace.open(args.workspace) as ws:
        svc = ws.actions
        if args.action_cmd == "add":
            aid = svc.add(args.title, where=_where(args.where), department=args.department,
                          owner=args.owner, sla_hours=args.sla_hours, fixed_on=args.fixed_on)
            print(json.dumps({"id": aid}) if args.json else aid, flush=True)
        elif args.action_cmd == "list":
            rows = svc.list(department=args.department, owner=args.owner, status=args.status)
            if args.json:
                print(json.dumps({"actions": [_clean({k: v for k, v in a.items()
                                                      if k != "events"}) for a in rows]},
                                 ensure_ascii=False), flush=True)
            else:
                if rows and rows[0]["calendar_warning"]:
                    print("warning: " + rows[0]["calendar_warning"])
                for a in rows:
                    mark = "OVERDUE " if a["overdue"] else ""
                    print(f"{a['id']:>5} {mark}{a['status']:<11} due {a['due_at']} "
                          f"{a['department'] or '-'} / {a['owner'] or '-'}: {a['title']}")
        elif args.action_cmd == "set":
            svc.set_status(args.id, args.status, who=args.who, note=args.note,
                           fixed_on=args.fixed_on, root_cause=args.root_cause)
            print(f"action {args.id} is {svc.get(args.id)['status']}")
        else:
            r = svc.evaluate(args.id, control=_where(args.control) or None)
            if args.json:
                print(json.dumps(_clean(r), ensure_ascii=False, default=str), flush=True)
            else:
                for k in (*EVAL_FIELDS, "design", "placebo_p", "pre_trend_p", "check_after"):
                    print(f"{k}: {r.get(k)}")
    return 0
