"""Pack sections that need the analysis engines (the extension point of issue 12).

Not built yet, on purpose: the journey map with the scope highlighted, the breakpoint matrix,
new weak signals, and actions with owner, SLA status and measured effect need the journey,
breakpoint, signal and closed-loop engines. Each will be a function here::

    def journey_map(pack: Pack, ev: Evidence) -> None:
        result = <the engine's use case for ev.filter>      # never statistics of our own
        pack.section(pack.words["journey"])
        pack.figure(title, charts.<chart>(...), ev.lineage.of(result.ids), labels=[...])
        pack.table(title, header, rows, ev.lineage.of(result.ids))

and the meeting / consultant templates (``templates/``) list them. ``pack.figure`` and
``pack.table`` register the lineage in the manifest and feed the redaction check, so a section
gets both for free. A test per section should read the PDF back and compare its numbers with
the engine's JSON (``vocdesk journey/metrics/breakpoints --json`` for the same scope).
"""
