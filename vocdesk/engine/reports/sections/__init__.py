"""Pack sections built on the analysis engines, each ``(pack, evidence) -> None``.

- ``journey``: the journey map (touchpoints with n, sentiment and negative share with their
  intervals, flags; the scope's touchpoint highlighted; the emotion curve with its band);
- ``breakpoints``: department pairs (n, negative share, lift, q, hand-offs) and hand-offs;
- ``signals``: new weak signals that touch the scope (counts, growth, q, onset);
- ``actions``: owner, SLA status, escalation and measured effect of the actions in scope;
- ``issues``: top issues with verbatims (picked by ``Evidence.quotes``, the one selection);
- ``trends``: volume, negative share and NPS with their bands, the biggest movers;
- ``summary``: the meeting pack's one page (headline numbers, asks per department);
- ``appendix``: method notes in the pack's language.

Every number comes from the engines' use cases (``sections/data.py`` computes each once per
pack); ``pack.figure`` / ``pack.table`` register the lineage of the rows behind it in the
manifest and feed the redaction check.
"""
