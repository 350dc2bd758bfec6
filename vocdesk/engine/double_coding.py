"""Double coding: agreement between analysts (and with the model), and the sample to code twice.

Why: a tag set is only as good as the people who made it. When two analysts coded the same
rows, Cohen's κ says how far they agree beyond chance (per facet, and per value one-vs-rest),
and the rows they disagree on are the list to settle. Each analyst's coding is their last
entry in the append-only tag log (``who`` is recorded on every human edit).
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import cohen_kappa_score

from vocdesk.engine.errors import InputError, UsageError
from vocdesk.engine.store import accuracy_queries as q
from vocdesk.engine.store import tags as store_tags


def kappa(a: list[str], b: list[str]) -> float | None:
    """Cohen's κ of two codings of the same items; None when undefined (one category only)."""
    if not a or len(set(a) | set(b)) < 2:
        return None
    k = cohen_kappa_score(a, b)
    return None if not np.isfinite(k) else float(k)


@dataclass
class PairAgreement:
    facet: str
    coders: tuple[str, str]
    n: int
    agreement: float                      # observed share of identical codings
    kappa: float | None
    per_value: dict[str, float | None]    # one-vs-rest κ per value
    disagreements: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"facet": self.facet, "coders": list(self.coders), "n": self.n,
                "agreement": self.agreement, "kappa": self.kappa, "per_value": self.per_value,
                "disagreements": self.disagreements}


def codings_by_coder(db, facet: str) -> dict[str, dict[int, list[str]]]:
    """``{who: {row: values}}``: each analyst's last coding of each row of ``facet``."""
    out: dict[str, dict[int, list[str]]] = defaultdict(dict)
    for c in q.latest_codings(db, facet):
        out[c["who"]][c["feedback_id"]] = c["values"]
    return dict(out)


def pair_agreement(facet: str, a_name: str, a: dict[int, list[str]], b_name: str,
                   b: dict[int, list[str]]) -> PairAgreement | None:
    """κ and disagreements of two coders on the rows both coded (primary values)."""
    shared = sorted(set(a) & set(b))
    if not shared:
        return None
    va = [a[i][0] for i in shared]
    vb = [b[i][0] for i in shared]
    values = sorted(set(va) | set(vb))
    per_value = {v: kappa([str(x == v) for x in va], [str(x == v) for x in vb]) for v in values}
    dis = [{"feedback_id": i, a_name: a[i], b_name: b[i]}
           for i, x, y in zip(shared, va, vb, strict=True) if x != y]
    agree = float(np.mean([x == y for x, y in zip(va, vb, strict=True)]))
    return PairAgreement(facet, (a_name, b_name), len(shared), agree, kappa(va, vb), per_value,
                         dis)


def agreement_report(db, facets: list[str], model_predictions) -> dict[str, Any]:
    """Per facet: every coder pair's agreement, and each coder's κ against the model.

    ``model_predictions(facet) -> {row: [(value, score), …]}`` supplies the model side (the
    accuracy lab passes out-of-fold predictions for learned facets).
    """
    out: dict[str, Any] = {}
    for facet in facets:
        coders = codings_by_coder(db, facet)
        pairs = [p for x, y in combinations(sorted(coders), 2)
                 if (p := pair_agreement(facet, x, coders[x], y, coders[y])) is not None]
        vs_model = {}
        if coders:
            pred = model_predictions(facet)
            for who, cod in sorted(coders.items()):
                ids = [i for i in sorted(cod) if pred.get(i)]
                vs_model[who] = {"n": len(ids), "kappa": kappa([cod[i][0] for i in ids],
                                                               [pred[i][0][0] for i in ids])}
        out[facet] = {"coders": {w: len(c) for w, c in sorted(coders.items())},
                      "pairs": [p.to_dict() for p in pairs], "vs_model": vs_model}
    return out


def stratified_sample(first: dict[int, list[str]], n: int, seed: int = 0,
                      exclude: set[int] | None = None) -> list[int]:
    """``n`` rows drawn per value of the first coding, in proportion, each value at least once
    (when ``n`` allows), largest remainders first; seeded so a sample can be redrawn."""
    rng = np.random.default_rng(seed)
    strata: dict[str, list[int]] = defaultdict(list)
    for fid in sorted(first):
        if first[fid] and fid not in (exclude or set()):
            strata[first[fid][0]].append(fid)
    total = sum(len(v) for v in strata.values())
    n = min(n, total)
    if n <= 0:
        return []
    keys = sorted(strata)
    quota = {k: n * len(strata[k]) / total for k in keys}
    take = {k: min(len(strata[k]), int(quota[k])) for k in keys}
    if n >= len(keys):
        for k in keys:
            take[k] = max(take[k], 1)
    while sum(take.values()) > n:                       # the minimum of one overshot
        k = max((k for k in keys if take[k] > 1), key=lambda k: take[k] - quota[k])
        take[k] -= 1
    for k in sorted(keys, key=lambda k: (-(quota[k] - int(quota[k])), k)):
        if sum(take.values()) >= n:
            break
        if take[k] < len(strata[k]):
            take[k] += 1
    while sum(take.values()) < n:                       # small strata ran out: fill elsewhere
        k = max((k for k in keys if take[k] < len(strata[k])),
                key=lambda k: len(strata[k]) - take[k])
        take[k] += 1
    out = [int(i) for k in keys for i in rng.choice(strata[k], take[k], replace=False)]
    return sorted(out)


def sample_for_double_coding(db, facet: str, n: int, coder: str | None = None,
                             seed: int = 0) -> tuple[str | None, list[int]]:
    """Rows for a second analyst: stratified by the first coder's value, none already coded
    twice. The first coder is ``coder`` or whoever coded most rows of the facet; without any
    named coder the effective human tags stand in. Returns (first coder, ids)."""
    coders = codings_by_coder(db, facet)
    if coder is None and coders:
        coder = max(sorted(coders), key=lambda w: len(coders[w]))
    if coder is not None and coder not in coders:
        raise UsageError(f"nobody called {coder!r} coded facet {facet!r} "
                         f"(coders: {', '.join(sorted(coders)) or 'none'})")
    first = coders[coder] if coder else store_tags.human_labels(db, facet)
    seen = Counter(i for c in coders.values() for i in c)
    twice = {i for i, k in seen.items() if k >= 2}
    return coder, stratified_sample(first, n, seed, exclude=twice)


def write_sample_csv(path: Path, rows: list[dict[str, Any]], facet: str) -> None:
    """The sheet for the second analyst: id, text and an empty column named after the facet
    (the first coder's value is deliberately left out: coding must be blind)."""
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "external_id", "text", facet])
        for r in rows:
            w.writerow([r["id"], r.get("external_id") or "", r["text"], ""])


def read_coding_csv(path: Path, facet: str, known_values: set[str]) -> dict[int, str]:
    """Read a coded sample back: ``{row id: value}``; blank cells are skipped.

    Raises :class:`InputError` naming the file, row and column of the first bad cell.
    """
    out: dict[int, str] = {}
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        for col in ("id", facet):
            if col not in (reader.fieldnames or []):
                raise InputError(str(path), None, col,
                                 f"no column {col!r} (columns: {reader.fieldnames})")
        for line, row in enumerate(reader, start=2):
            value = (row.get(facet) or "").strip()
            if not value:
                continue
            try:
                fid = int(row["id"])
            except (TypeError, ValueError):
                raise InputError(str(path), line, "id",
                                 f"{row['id']!r} is not a row id") from None
            if known_values and value not in known_values:
                raise InputError(str(path), line, facet, f"{value!r} is not a value of "
                                 f"{facet} ({', '.join(sorted(known_values))})")
            out[fid] = value
    return out
