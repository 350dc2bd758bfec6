"""``vocdesk accuracy``: the accuracy lab on the command line (a thin layer over ``ws.accuracy``).

Three uses of one command:

    vocdesk accuracy WS [--facet F] [--json]                 the report (+ double-coding κ)
    vocdesk accuracy WS --facet F --sample-for-double-coding N --out SHEET.csv [--coder NAME]
    vocdesk accuracy WS --facet F --import-coding SHEET.csv --who NAME
"""

from __future__ import annotations

import argparse
import json

from vocdesk.engine.errors import UsageError

EPILOG = """\
Learned facets are scored out of fold (each row by a model that never saw it), others on the
stored auto tags. Double coding: draw a sample stratified by the first coder's value
(--sample-for-double-coding N --out FILE.csv), let a second analyst fill the facet column,
read it back with --import-coding FILE.csv --who NAME; the report then shows Cohen's kappa per
facet and per value, the rows to settle, and each analyst's kappa against the model."""


def add_parser(sub) -> None:
    s = sub.add_parser("accuracy", help="auto tags vs human tags: P/R/F1, confusion, "
                       "calibration, coverage, double coding",
                       epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    s.add_argument("workspace")
    s.add_argument("--facet", help="only this facet (required to sample or import a coding)")
    s.add_argument("--json", action="store_true", help="one JSON object")
    s.add_argument("--sample-for-double-coding", type=int, metavar="N",
                   help="write N coded rows, stratified by the first coder's value, for a "
                        "second analyst (needs --facet and --out)")
    s.add_argument("--out", metavar="FILE.csv", help="where the sample sheet goes")
    s.add_argument("--coder", help="the first coder (default: who coded most rows)")
    s.add_argument("--seed", type=int, default=0, help="sample seed (default 0)")
    s.add_argument("--import-coding", metavar="FILE.csv",
                   help="record a filled sample sheet as --who's human tags of --facet")
    s.add_argument("--who", help="the analyst who filled the sheet")
    s.set_defaults(func=cmd_accuracy)


def _pct(x) -> str:
    return "—" if x is None else f"{x:.1%}"


def _num(x) -> str:
    return "—" if x is None else f"{x:.3f}"


def _print_report(rep, agreement) -> None:
    print(f"{rep.rows:,} rows; {_pct(rep.coverage_any)} carry a tag of some facet")
    if not rep.facets:
        print("no facet has human tags yet: tag rows in the review queue, or import coding "
              "with --map tag.FACET=COLUMN")
    for f in rep.facets:
        cal = f.calibration
        print(f"\n{f.facet}: {f.n:,} human-tagged rows, scored on {f.scored_on}; "
              f"accuracy {_pct(f.accuracy)}, kappa {_num(f.kappa)}, coverage {_pct(f.coverage)}, "
              f"ECE {_num(cal['ece'])}")
        print(f"  {'value':<16} {'precision':>9} {'recall':>7} {'F1':>6} {'support':>8}")
        for v in f.per_value:
            print(f"  {v['value']:<16} {v['precision']:>9.3f} {v['recall']:>7.3f} "
                  f"{v['f1']:>6.3f} {v['support']:>8,}")
        print("  confusion (rows: human, columns: auto): " + " | ".join(f.labels))
        for lab, row in zip(f.labels, f.confusion, strict=True):
            print(f"    {lab:<14} " + " ".join(f"{c:>5}" for c in row))
        print("  calibration (score bin: n, mean score → observed accuracy):")
        for b in cal["bins"]:
            print(f"    {b['lo']:.1f}–{b['hi']:.1f}: {b['n']:>5,}  {b['mean_score']:.2f} → "
                  f"{b['accuracy']:.2f}")
        ag = agreement.get(f.facet) or {}
        for p in ag.get("pairs", []):
            a, b = p["coders"]
            print(f"  double coding {a} × {b}: {p['n']:,} rows, agreement "
                  f"{_pct(p['agreement'])}, kappa {_num(p['kappa'])}, "
                  f"{len(p['disagreements']):,} to settle"
                  + "".join(f"\n    row {d['feedback_id']}: {a} {d[a]} ≠ {b} {d[b]}"
                            for d in p["disagreements"][:10]))
        for who, m in (ag.get("vs_model") or {}).items():
            print(f"  {who} vs model: {m['n']:,} rows, kappa {_num(m['kappa'])}")


def cmd_accuracy(args) -> int:
    from vocdesk.engine.workspace import Workspace

    with Workspace.open(args.workspace) as ws:
        if args.sample_for_double_coding is not None:
            if not args.facet or not args.out:
                raise UsageError("--sample-for-double-coding needs --facet F and --out FILE.csv")
            coder, n = ws.accuracy.write_sample(args.facet, args.sample_for_double_coding,
                                                args.out, coder=args.coder, seed=args.seed)
            print(f"wrote {n:,} rows of {args.facet} to {args.out} for a second analyst "
                  f"(stratified by {coder or 'the human tags'}'s values); fill the "
                  f"{args.facet!r} column, then: vocdesk accuracy {args.workspace} --facet "
                  f"{args.facet} --import-coding {args.out} --who NAME")
            return 0
        if args.import_coding:
            if not args.facet or not args.who:
                raise UsageError("--import-coding needs --facet F and --who NAME")
            n = ws.accuracy.import_coding(args.import_coding, args.facet, args.who)
            print(f"recorded {n:,} codings of {args.facet} by {args.who}")
            return 0
        rep = ws.accuracy.report(args.facet)
        agreement = ws.accuracy.agreement(args.facet)
    if args.json:
        out = rep.to_dict()
        out["agreement"] = agreement
        print(json.dumps(out, ensure_ascii=False), flush=True)
    else:
        _print_report(rep, agreement)
    return 0
