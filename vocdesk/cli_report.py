"""``vocdesk report``: PDF evidence packs on the command line (a thin layer over ``ws.reports``).

    vocdesk report WS --out pack.pdf [--scope KIND:KEY] [--where FACET=VALUE]…
                   [--from DATE --to DATE] [--lang zh|en]
                   [--template defect|weekly|executive|meeting|consultant]
                   [--consultant NAME [--logo FILE.png]]
    vocdesk report [WS] --from-manifest pack.manifest.json --out again.pdf
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from vocdesk.engine.errors import UsageError

EPILOG = """\
Every figure and table carries its lineage: the filter, the taxonomy version, the analysis
and model versions, n, and the SHA-256 of the sorted ids behind it. The manifest is written
beside the pack (NAME.manifest.json) and attached inside it; --from-manifest (a .json or the
.pdf itself) rebuilds the same pack, byte-identical on an unchanged workspace. A pack that
would show a phone number, e-mail, ID or card number is refused and nothing is written."""


def add_parser(sub) -> None:
    from vocdesk.engine.reports import TEMPLATE_NAMES

    s = sub.add_parser("report", help="write a PDF evidence pack (defect, weekly, executive, "
                       "meeting, consultant)",
                       epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    s.add_argument("workspace", nargs="?", help="the workspace (optional with --from-manifest)")
    s.add_argument("--out", required=True, metavar="PACK.pdf", help="where the pack goes")
    s.add_argument("--where", action="append", default=[], metavar="FACET=VALUE",
                   help="scope: rows whose FACET (category, product, touchpoint, …, or channel,"
                        " segment) is VALUE; repeat a facet for OR, different facets AND")
    s.add_argument("--scope", metavar="KIND:KEY",
                   help="scope by what it is: category:物流配送, touchpoint:地址编辑, "
                        "departments:销售,售后, signal:3 (rank in `vocdesk signals`), action:12,"
                        " view:NAME (saved view), facet:FACET=VALUE; --where narrows it")
    s.add_argument("--from", dest="date_from", metavar="DATE", help="first day (YYYY-MM-DD)")
    s.add_argument("--to", dest="date_to", metavar="DATE", help="last day (YYYY-MM-DD)")
    s.add_argument("--lang", choices=("zh", "en"), default="zh", help="pack language (zh)")
    s.add_argument("--template", default="defect", choices=TEMPLATE_NAMES,
                   help="what the pack is for (default defect)")
    s.add_argument("--title", help="title on the cover (default: the template's)")
    s.add_argument("--max-quotes", type=int, default=60, help="verbatims in a defect pack (60)")
    s.add_argument("--consultant", metavar="NAME",
                   help="consultant template: who prepared it (on the cover and every page)")
    s.add_argument("--logo", metavar="FILE.png",
                   help="consultant template: a PNG logo for the cover (kept in the manifest)")
    s.add_argument("--from-manifest", metavar="M", help="rebuild the pack a manifest describes")
    s.add_argument("--json", action="store_true", help="print the result as JSON")
    s.set_defaults(func=cmd_report)
    from vocdesk import cli_evidence  # the quotes packs prefer: vocdesk evidence

    cli_evidence.add_parser(sub)


def cmd_report(args) -> int:
    from vocdesk.cli import EXIT_OK, _open, _print
    from vocdesk.engine.reports import ReportSpec, parse_where
    from vocdesk.engine.reports import manifest as manifest_mod

    if args.from_manifest:
        man = manifest_mod.load(args.from_manifest)
        ws_path = args.workspace or _find_workspace(man["spec"]["workspace"],
                                                    Path(args.from_manifest))
        if args.workspace:
            man["spec"]["workspace"] = Path(args.workspace).name
        with _open(ws_path, readonly=True) as ws:
            res = ws.reports.rebuild(man, args.out)
    else:
        if not args.workspace:
            raise UsageError("report: give a workspace (or --from-manifest M)")
        if (args.consultant or args.logo) and args.template != "consultant":
            raise UsageError("--consultant and --logo belong to --template consultant")
        if args.max_quotes < 1:
            raise UsageError("--max-quotes must be at least 1")
        # the file name only: a pack handed to a client must not carry the analyst's folders
        # (a home directory names its user); a rebuild looks beside the manifest, then here
        spec = ReportSpec(workspace=Path(args.workspace).name,
                          template=args.template, lang=args.lang,
                          where=parse_where(args.where), date_from=args.date_from,
                          date_to=args.date_to, title=args.title, max_quotes=args.max_quotes,
                          consultant=args.consultant, logo_png=_logo(args.logo),
                          scope=args.scope)
        with _open(args.workspace, readonly=True) as ws:
            res = ws.reports.write(spec, args.out)
    if args.json:
        _print(json.dumps({"out": str(res.out), "manifest": str(res.manifest_path),
                           "pages": res.pages, "rows": res.rows, "figures": res.figures,
                           "changed": res.changed}, ensure_ascii=False))
        return EXIT_OK
    _print(f"wrote {res.out} ({res.pages} pages, {res.rows:,} rows, {res.figures} figures "
           f"and tables with lineage); manifest {res.manifest_path}")
    for fid in res.changed:
        _print(f"  note: the rows behind {fid} changed since the manifest was written")
    return EXIT_OK


#: A logo is a cover picture, not a photo album: larger files are refused.
MAX_LOGO_BYTES = 2 * 1024 * 1024


def _logo(path: str | None) -> str | None:
    """The logo file as base64 (the manifest keeps it, so a rebuild needs no file)."""
    if not path:
        return None
    import base64

    p = Path(path)
    if not p.is_file():
        raise UsageError(f"--logo {p}: no such file")
    data = p.read_bytes()
    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        raise UsageError(f"--logo {p}: not a PNG file (it must start with the PNG signature)")
    if len(data) > MAX_LOGO_BYTES:
        raise UsageError(f"--logo {p}: {len(data):,} bytes; a logo may have at most "
                         f"{MAX_LOGO_BYTES:,}")
    return base64.b64encode(data).decode("ascii")


def _find_workspace(recorded: str, manifest: Path) -> str:
    """The workspace a manifest names: beside the manifest, else in the current folder."""
    name = Path(recorded).name
    for candidate in (manifest.resolve().parent / name, Path.cwd() / name, Path(recorded)):
        if candidate.is_file():
            return str(candidate)
    raise UsageError(f"the manifest names the workspace {name!r}, which is neither beside "
                     f"{manifest} nor in the current folder; give it: vocdesk report WS "
                     "--from-manifest M --out OUT.pdf")
