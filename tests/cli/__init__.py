"""Command-line tests: ``run(*args)`` calls ``vocdesk`` in-process with any path-like args."""

from vocdesk.cli import main


def run(*args) -> int:
    return main([str(a) for a in args])
