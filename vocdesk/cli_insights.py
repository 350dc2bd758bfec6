"""``vocdesk metrics`` beyond ``--by``: theme impact, drivers, scorecards, loyalty, movers.

    vocdesk metrics WS --impact [--facet category] [--json]
    vocdesk metrics WS --drivers [--score nps|csat] [--json]
    vocdesk metrics WS --scorecard store|region [--min-n 30] [--json]
    vocdesk metrics WS --loyalty [--split DATE] [--json]
    vocdesk metrics WS --movers [--period month] [--json]

Each prints one JSON object with ``--json`` (the numbers the GUI shows: same engine call),
else a short table. Filters (``--from``, ``--to``, ``--where``) apply to all of them.
"""

from __future__ import annotations

import json

MODES = ("impact", "drivers", "scorecard", "loyalty", "movers")


def add_metrics_options(s) -> None:
    s.add_argument("--impact", action="store_true",
                   help="theme impact on NPS: NPS(all) − NPS(without the theme), bootstrap CI")
    s.add_argument("--drivers", action="store_true",
                   help="relative importance of themes (LMG share of R²) for NPS or CSAT")
    s.add_argument("--scorecard", choices=("store", "region"), default=None,
                   help="a ranked scorecard fusing surveys, service contacts and reviews")
    s.add_argument("--loyalty", action="store_true",
                   help="repurchase/churn by sentiment, NPS class and theme; NPS transitions")
    s.add_argument("--movers", action="store_true",
                   help="themes whose share changed most from the previous period")
    s.add_argument("--facet", default="category", help="the theme facet (default category)")
    s.add_argument("--score", choices=("nps", "csat"), default="nps",
                   help="the score the drivers explain")
    s.add_argument("--min-n", type=int, default=30, help="cells under this n are not ranked")
    s.add_argument("--split", metavar="DATE", default=None,
                   help="loyalty transitions: first period before DATE, second from DATE")
    s.add_argument("--period", choices=("day", "week", "month"), default="month",
                   help="the period of --movers (default month)")


def wants_insights(args) -> bool:
    return bool(args.impact or args.drivers or args.scorecard or args.loyalty or args.movers)


def _f(x, pattern: str = "{:.1f}") -> str:
    return "—" if x is None else pattern.format(x)


def cmd_insights(args, flt) -> int:
    from vocdesk.engine.workspace import Workspace

    out: dict = {}
    with Workspace.open(args.workspace) as ws:
        ins = ws.insights
        if args.impact:
            out["impact"] = ins.impact(flt, args.facet)
        if args.drivers:
            out["drivers"] = ins.drivers(flt, args.facet, args.score)
        if args.scorecard:
            out["scorecard"] = ins.scorecard(args.scorecard, flt, args.min_n)
        if args.loyalty:
            out["loyalty"] = ins.loyalty(flt, args.facet, args.split)
        if args.movers:
            out["movers"] = ins.movers(flt, args.facet, args.period)
    if args.json:
        print(json.dumps(out, ensure_ascii=False), flush=True)
        return 0
    _print(out)
    return 0


def _print(out: dict) -> None:
    if "impact" in out:
        r = out["impact"]
        print(f"NPS {_f(r['nps'])} over {r['n']:,} respondents; impact = NPS(all) − NPS(without "
              f"the theme), 95% bootstrap interval")
        for t in r["themes"]:
            print(f"  {t['theme']:<12} n {t['n']:>6,}  impact {_f(t['impact'], '{:+.1f}')} "
                  f"[{_f(t['ci_low'], '{:+.1f}')}, {_f(t['ci_high'], '{:+.1f}')}]"
                  + ("  (n too small)" if t["low_n"] else ""))
    if "drivers" in out:
        r = out["drivers"]
        print(f"drivers of {r['score']}: R² {_f(r['r2'], '{:.3f}')} over {r['n']:,} respondents")
        for d in r["drivers"]:
            print(f"  {d['theme']:<12} share {d['share']:.0%}  effect {d['coef']:+.2f} "
                  f"[{d['coef_ci_low']:+.2f}, {d['coef_ci_high']:+.2f}]  n {d['n']:,}")
    if "scorecard" in out:
        r = out["scorecard"]
        print(f"scorecard by {r['by']} (ranked on {', '.join(r['ranked_on']) or 'nothing'}; "
              f"cells under n = {r['min_n']} are not ranked)")
        for u in r["units"]:
            cells = "  ".join(f"{k} {_f(c['value'], '{:.2f}')} (n {c['n']})"
                              for k, c in u["cells"].items() if not k.endswith("_rows"))
            print(f"  {u['rank'] or '—':>3} {u['value']:<12} {cells}")
    if "loyalty" in out:
        r = out["loyalty"]
        if r.get("note"):
            print(r["note"])
        for key in ("by_sentiment", "by_nps"):
            for g in r[key]:
                c = g["churn"]
                print(f"  {g['group']:<10} customers {g['customers']:>6,}  churn "
                      f"{_f(c['value'], '{:.0%}')} lift {_f(c['lift']['value'], '{:.2f}')}")
        t = r.get("transitions")
        if t:
            d = t["all"]["detractors_to_promoters"]
            print(f"  {t['customers']:,} customers answered before and from {t['split']}; "
                  f"detractors who became promoters {_f(d['value'], '{:.0%}')} (n {d['n']})")
    if "movers" in out:
        r = out["movers"]
        print(f"movers {r['previous']} → {r['period']}")
        for m in r["movers"]:
            print(f"  {m['theme']:<12} {m['share_before']:.1%} → {m['share_now']:.1%} "
                  f"[{m['ci_low']:+.1%}, {m['ci_high']:+.1%}]"
                  + ("  *" if m["significant"] else ""))
