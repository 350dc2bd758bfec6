"""Sub-services of :class:`~vocdesk.engine.workspace.Workspace`: one small class per use-case area.

``ws.imports``, ``ws.browse``, ``ws.review`` (and ``ws.accuracy``) are built lazily by the
workspace and hold only a reference to it. They are the surface the CLI and the GUI call;
they reach the database through the store, so nothing outside ``vocdesk.engine`` needs
``ws.db``. Later areas (journey, metrics, signals, actions, reports) follow the same pattern:
a module here, a class taking the workspace, a lazy property on ``Workspace``.

Transaction rule (the same for every front end): **one use-case call is one transaction**,
all or nothing. The only exception is analysis (``ws.analyze``), which commits per batch so
a long run can be cancelled and resumed; when it runs inside another use case (an import
with ``analyze=True``), its batches join that use case's transaction.
"""
