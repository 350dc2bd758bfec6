"""Taxonomy files: YAML/JSON reading and writing, and the built-in default taxonomy.

The types themselves are in :mod:`vocdesk.engine.domain.taxonomy` (re-exported here); the
store persists them in the workspace so a taxonomy travels with the file, and a consultant
can hand a client's coding scheme over.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from vocdesk import resources
from vocdesk.engine.domain.taxonomy import (  # noqa: F401 - re-exported: the taxonomy's types
    CORE_FACETS,
    FORMAT,
    KINDS,
    SENTIMENT_VALUES,
    Facet,
    FacetValue,
    Rule,
    Taxonomy,
    taxonomy_from_dict,
)
from vocdesk.engine.errors import InputError, UsageError

DEFAULT_TAXONOMY_PATH = resources.path(resources.DEFAULT_TAXONOMY)


TAXONOMY_SUFFIXES = (".yaml", ".yml", ".json")


def _check_suffix(path: Path) -> None:
    """A taxonomy is YAML or JSON: say so instead of a YAML parser error about a README."""
    if path.is_dir():
        raise InputError(str(path), reason="is a directory, not a taxonomy file")
    if path.suffix.lower() not in TAXONOMY_SUFFIXES:
        raise InputError(str(path), reason="a taxonomy file is YAML (.yaml, .yml) or JSON "
                                           "(.json); this one is neither")


def load_taxonomy_file(path: str | Path) -> Taxonomy:
    """Read a taxonomy from YAML or JSON (by extension; YAML is a superset, so it is the fallback)."""
    path = Path(path)
    _check_suffix(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), reason=f"cannot read taxonomy: {exc}") from exc
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise InputError(str(path), reason=f"not valid {path.suffix.lstrip('.') or 'YAML'}: {exc}") from exc
    return taxonomy_from_dict(data, str(path))


def save_taxonomy_file(taxonomy: Taxonomy, path: str | Path) -> None:
    """Write YAML or JSON by extension; any other extension is refused (nothing is written)."""
    path = Path(path)
    if path.suffix.lower() not in TAXONOMY_SUFFIXES:
        raise UsageError(f"{path}: export the taxonomy to .yaml, .yml or .json")
    data = taxonomy.to_dict()
    if path.suffix.lower() == ".json":
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    else:
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100),
                        encoding="utf-8")


def default_taxonomy() -> Taxonomy:
    return load_taxonomy_file(DEFAULT_TAXONOMY_PATH)
