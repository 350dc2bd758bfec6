"""``vocdesk signals`` and ``vocdesk actions``: weak signals and closed-loop actions on the
command line (a thin layer over ``ws.signals`` and ``ws.actions``)."""

from __future__ import annotations

import json
import math

from vocdesk.engine.errors import UsageError

SIGNAL_FIELDS = ("terms", "recent", "baseline", "growth", "p", "q", "first_seen", "onset",
                 "example_ids", "customers_recent", "customers_baseline", "state")
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
    s.add_argument("--who", help="who acts (recorded with dismiss/watch/to-rule)")
    act = s.add_mutually_exclusive_group()
    act.add_argument("--dismiss", metavar="N", help="hide signal N (its rank at this window/"
                     "as-of, or its key) from later lists")
    act.add_argument("--watch", metavar="N", help="mark signal N as watched")
    act.add_argument("--clear", metavar="N", help="clear signal N's dismissed/watched state")
    act.add_argument("--to-rule", metavar="N", help="turn signal N into a taxonomy rule "
                     "tagging --facet=--value, then re-tag")
    s.add_argument("--facet", help="with --to-rule: the facet the rule tags (e.g. category)")
    s.add_argument("--value", help="with --to-rule: the value the rule tags")
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
    x.add_argument("--effect-check-due", action="store_true",
                   help="only resolved actions whose month-later effect check is due")
    x.add_argument("--json", action="store_true")
    x = asub.add_parser("export", help="the queue as .csv or .xlsx for a ticket tool")
    x.add_argument("out")
    x = asub.add_parser("import", help="statuses back from a ticket tool's sheet "
                        "(action_id, status[, owner, note, fixed_on, root_cause, resolution])")
    x.add_argument("file")
    x.add_argument("--who")
    x = asub.add_parser("rules", help="alert rules and their precision (real vs noise)")
    x.add_argument("--json", action="store_true")
    x = asub.add_parser("set", help="move an action along its workflow")
    x.add_argument("id", type=int)
    x.add_argument("--status", required=True)
    x.add_argument("--fixed-on")
    x.add_argument("--root-cause")
    x.add_argument("--resolution", choices=("real", "noise"),
                   help="on resolving: a real problem (default) or a false alert")
    x.add_argument("--note")
    x.add_argument("--who")
    x = asub.add_parser("evaluate", help="the month-later effect check (DiD)")
    x.add_argument("id", type=int)
    x.add_argument("--control", action="append", metavar="FACET=VALUE",
                   help="comparison segment (default: the rest of the rows)")
    x.add_argument("--json", action="store_true")
    a.set_defaults(func=cmd_actions)

    o = sub.add_parser("outreach", help="customers to warn about a signal or an action (CSV)")
    o.add_argument("workspace")
    g = o.add_mutually_exclusive_group(required=True)
    g.add_argument("--signal", help="rank N in `vocdesk signals` (same --window/--as-of) or "
                   "a signal key")
    g.add_argument("--action", type=int, help="action id")
    o.add_argument("--window", choices=("day", "week", "month"), default="week")
    o.add_argument("--as-of")
    o.add_argument("--out", required=True, help="FILE.csv")
    o.set_defaults(func=cmd_outreach)


def cmd_signals(args) -> int:  # noqa: ANN001
    from vocdesk.engine.workspace import Workspace

    with Workspace.open(args.workspace) as ws:
        if args.recount:
            ws.signals.recount()
        if args.dismiss or args.watch or args.clear or args.to_rule:
            return _act_on_signal(ws, args)
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


def _signal_key(ws, spec: str, window: str, as_of: str | None) -> str:  # noqa: ANN001
    """A signal named by its rank in the list at ``window``/``as_of`` (1 = first), or by key."""
    if not spec.isdigit():
        return spec
    found = ws.signals.detect(window=window, as_of=as_of, limit=int(spec))
    if not 1 <= int(spec) <= len(found):
        raise UsageError(f"signal {spec}: there are {len(found)} signals at this window")
    return found[int(spec) - 1]["key"]


def _act_on_signal(ws, args) -> int:  # noqa: ANN001
    spec = args.dismiss or args.watch or args.clear or args.to_rule
    key = _signal_key(ws, spec, args.window, args.as_of)
    if args.to_rule:
        if not args.facet or not args.value:
            raise UsageError("--to-rule needs --facet F --value V: the tag the rule sets")
        made = ws.signals.to_rule(key, args.facet, args.value, who=args.who)
        print(f"signal {spec} ({key}) is now rule {made['rule_id']} tagging "
              f"{args.facet}={args.value}: {made['expr']}; {made['rows_analyzed']} rows re-tagged")
        return 0
    state = "dismissed" if args.dismiss else "watched" if args.watch else None
    ws.signals.set_state(key, state, who=args.who)
    print(f"signal {spec} ({key}): {state or 'state cleared'}")
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
            rows = svc.list(department=args.department, owner=args.owner, status=args.status,
                            effect_check_due=args.effect_check_due)
            if args.json:
                print(json.dumps({"actions": [_clean({k: v for k, v in a.items()
                                                      if k != "events"}) for a in rows]},
                                 ensure_ascii=False), flush=True)
            else:
                if rows and rows[0]["calendar_warning"]:
                    print("warning: " + rows[0]["calendar_warning"])
                for a in rows:
                    mark = ("OVERDUE " if a["overdue"] else "") + \
                        ("EFFECT-CHECK-DUE " if a["effect_check_due"] else "")
                    print(f"{a['id']:>5} {mark}{a['status']:<11} due {a['due_at']} "
                          f"{a['department'] or '-'} / {a['owner'] or '-'}: {a['title']}")
        elif args.action_cmd == "set":
            svc.set_status(args.id, args.status, who=args.who, note=args.note,
                           fixed_on=args.fixed_on, root_cause=args.root_cause,
                           resolution=args.resolution)
            print(f"action {args.id} is {svc.get(args.id)['status']}")
        elif args.action_cmd == "export":
            n = svc.export(args.out)
            print(f"wrote {n} actions to {args.out}")
        elif args.action_cmd == "import":
            r = svc.import_status(args.file, who=args.who)
            print(f"{r['rows']} rows read: {r['events']} events appended to {r['actions']} "
                  "actions")
        elif args.action_cmd == "rules":
            rules = svc.rule_precision()
            if args.json:
                print(json.dumps({"rules": rules}, ensure_ascii=False), flush=True)
            for r in rules if not args.json else []:
                prec = "-" if r["precision"] is None else f"{r['precision']:.0%}"
                print(f"{r['rule_id']:<18} {r['kind'] or '-':<16} actions {r['actions']:>4}, "
                      f"open {r['open']:>4}, real {r['real']:>3}, noise {r['noise']:>3}, "
                      f"precision {prec}")
        else:
            r = svc.evaluate(args.id, control=_where(args.control) or None, record=True)
            if args.json:
                print(json.dumps(_clean(r), ensure_ascii=False, default=str), flush=True)
            else:
                for k in (*EVAL_FIELDS, "design", "placebo_p", "pre_trend_p", "check_after"):
                    print(f"{k}: {r.get(k)}")
    return 0


def cmd_outreach(args) -> int:  # noqa: ANN001
    from vocdesk.engine.workspace import Workspace

    with Workspace.open(args.workspace) as ws:
        key = None
        if args.signal is not None:
            key = _signal_key(ws, args.signal, args.window, args.as_of)
        rows = ws.actions.outreach(action_id=args.action, signal=key, out=args.out)
    mentioned = sum(1 for r in rows if r["group"] == "mentioned")
    print(f"wrote {len(rows)} customers to {args.out} ({mentioned} mentioned it, "
          f"{len(rows) - mentioned} more with the same product)")
    return 0
