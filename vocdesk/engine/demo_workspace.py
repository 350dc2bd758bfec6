"""Building the built-in demo workspace: generate, import, analyse, summarise."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from vocdesk.engine.errors import UsageError
from vocdesk.engine.jobs import NULL_PROGRESS, Progress
from vocdesk.engine.store.database import remove_wal_files

#: Fewest feedback rows a demo is built with: its four planted stories take 48 rows, and below
#: about 500 they drown out the background instead of standing out from it.
MIN_DEMO_ROWS = 500


def build_demo_workspace(path: str | Path, *, rows: int = 24000, force: bool = False,
                         progress: Progress = NULL_PROGRESS,
                         echo: Callable[[str], None] = lambda s: None,
                         command: str = "vocdesk") -> str:
    """Create (or reuse) the demo workspace at ``path`` and return a printable summary.

    An existing file is reused and only brought up to date unless ``force`` is given, so the
    README's demo command can be run twice. ``command`` is how the summary names vocdesk (the
    CLI passes the path that actually runs it, e.g. ``.venv/bin/vocdesk``).
    """
    if rows < MIN_DEMO_ROWS:
        raise UsageError(f"--rows must be at least {MIN_DEMO_ROWS:,} (got {rows:,})")
    from vocdesk.engine.demo import generate_demo
    from vocdesk.engine.workspace import Workspace

    path = Path(path)
    if path.exists() and force:
        path.unlink()
        remove_wal_files(path)
    if path.exists():
        echo(f"reusing {path} (use --force to rebuild it)")
        ws = Workspace.open(path)
    else:
        echo(f"generating {rows:,} demo feedback rows …")
        data = generate_demo(n_feedback=rows)
        ws = Workspace.create(path)
        report = ws.imports.import_dataframe(data.feedback, "demo:feedback", progress=progress)
        echo(f"imported {report.rows_imported:,} rows"
             + (f" (redacted: {', '.join(f'{k} {v}' for k, v in report.redactions.items())})"
                if report.redactions else ""))
        ws.imports.import_dataframe(data.customers, "demo:customers", kind="customers")
        ws.imports.remember_demo_stories([s.__dict__ for s in data.stories])
    with ws:
        rep = ws.analyze(progress=progress)
        if rep.rows_analyzed:
            echo(f"analysed {rep.rows_analyzed:,} rows in {rep.seconds:.1f} s")
        _plant_demo_actions(ws)
        return summarize(ws, command)


def _plant_demo_actions(ws) -> None:  # noqa: ANN001
    """The demo's resolved delivery action (once), so the loop has a history to show."""
    from vocdesk.engine.demo.actions import plant_delivery_action
    from vocdesk.engine.store import settings as store_settings

    stories = store_settings.get_setting(ws.db, "demo_stories") or []
    plant_delivery_action(ws, stories)


def summarize(ws, command: str = "vocdesk") -> str:
    """A short, human summary of a workspace: volume, channels, sentiment, top issues."""
    s = ws.stats()
    lines = [f"workspace {ws.path}",
             f"  {s['feedback']:,} feedback rows from {len(s['channels'])} channels, "
             f"{s['customers']:,} customers; {s['date_range'][0][:10] if s['date_range'][0] else '?'}"
             f" … {s['date_range'][1][:10] if s['date_range'][1] else '?'}",
             "  channels: " + ", ".join(f"{k} {v:,}" for k, v in s["channels"].items())]
    senti = s["facets"].get("sentiment", {})
    total = sum(senti.values()) or 1
    lines.append("  sentiment: " + ", ".join(f"{k} {v / total:.0%}" for k, v in senti.items()))
    for facet in ("category", "touchpoint", "department", "product"):
        values = s["facets"].get(facet, {})
        if values:
            lines.append(f"  top {facet}: " + ", ".join(f"{k} {v:,}" for k, v in
                                                       list(values.items())[:5]))
    lines.append(f"  open it: {command} gui {ws.path}   ·   "
                 f"export: {command} export {ws.path} out.xlsx")
    return "\n".join(lines)
