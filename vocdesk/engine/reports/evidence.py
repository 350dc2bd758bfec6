"""The numbers and quotes behind a pack: the scope's rows, per-period counts, facet counts.

Rows are selected only through the Workspace's browse API (the same filter the explorer uses,
so a pack's scope is a view a user can open); the few reads a pack needs beyond it live in
``store.report_queries``. Nothing here invents statistics: shares get Wilson intervals from
statsmodels (ANALYTICS.md), nothing else.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from vocdesk.engine.domain import FeedbackFilter
from vocdesk.engine.errors import UsageError
from vocdesk.engine.reports.lineage import LineageContext
from vocdesk.engine.store import report_queries
from vocdesk.engine.text.redact import REDACTOR_VERSION

#: ``--where`` keys that are row fields rather than taxonomy facets.
FIELD_KEYS = {"channel": "channels", "segment": "segments"}
#: Below this n a share is shown but marked, never ranked (ANALYTICS.md).
MIN_N = 30
#: Attribute keys that name a product / app / firmware version (lower-cased, substring).
VERSION_KEYS = ("version", "firmware", "版本", "固件")


@dataclass
class ReportSpec:
    """Everything that decides a pack's content; the manifest stores it and rebuilds from it."""

    workspace: str
    template: str = "defect"
    lang: str = "zh"
    where: dict[str, list[str]] = field(default_factory=dict)
    date_from: str | None = None
    date_to: str | None = None
    title: str | None = None
    #: quotes to prefer (marked as evidence); None = the workspace's marks at build time
    #: (the manifest then records the ones used, so a rebuild picks the same)
    quote_ids: list[int] | None = None
    max_quotes: int = 60
    consultant: str | None = None           # consultant template: who prepared it
    logo_png: str | None = None             # consultant's logo, base64 PNG (kept for rebuilds)
    as_of: str | None = None                # the clock of SLA states (set at first build)
    scope: str | None = None                # KIND:KEY (reports/scopes.py), with --where

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ReportSpec:
        names = set(cls.__dataclass_fields__)
        unknown = set(data) - names
        if unknown:
            raise UsageError(f"manifest spec has unknown keys: {', '.join(sorted(unknown))}")
        return cls(**data)


def parse_where(items: list[str]) -> dict[str, list[str]]:
    """``["category=物流配送", "category=产品质量", "channel=app"]`` → facet → values."""
    out: dict[str, list[str]] = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise UsageError(f"--where {item!r}: expected FACET=VALUE, e.g. category=物流配送")
        out.setdefault(key.strip(), []).append(value.strip())
    return out


def _day(value: str | None, flag: str) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise UsageError(f"{flag} {value!r}: expected a day as YYYY-MM-DD") from None


def _one_of(key: str, value: str, known: dict[str, str]) -> str:
    """``value`` as stored, also when given by its Chinese or English label (any case)."""
    got = known.get(value.casefold())
    if got is None:
        shown = ", ".join(sorted(set(known.values()))[:15])
        raise UsageError(f"--where {key}={value}: no such value; known: {shown}"
                         + (" …" if len(set(known.values())) > 15 else ""))
    return got


def scope_filter(ws, spec: ReportSpec) -> FeedbackFilter:
    """The browse filter of a spec. Unknown facets, values, channels and bad days are refused
    with what is known; facet values may be given by their labels."""
    date_from, date_to = _day(spec.date_from, "--from"), _day(spec.date_to, "--to")
    if date_from and date_to and date_from > date_to:
        raise UsageError(f"--from {date_from} is after --to {date_to}")
    flt = FeedbackFilter(date_from=date_from, date_to=date_to)
    tax = ws.taxonomy
    options = None
    for key, values in spec.where.items():
        if key in FIELD_KEYS:
            options = options or ws.browse.filter_options()
            known = {str(v).casefold(): str(v) for v in options[FIELD_KEYS[key]] if v}
            getattr(flt, FIELD_KEYS[key]).extend(_one_of(key, v, known) for v in values)
        elif tax.facet(key) is not None:
            known: dict[str, str] = {}
            for fv in tax.facet(key).values:
                for name in (fv.label_en, fv.label_zh, fv.value):
                    if name:
                        known[name.casefold()] = fv.value
            flt.facets[key] = list(dict.fromkeys(_one_of(key, v, known) for v in values))
        else:
            names = ", ".join(sorted(set(tax.facet_names()) | set(FIELD_KEYS)))
            raise UsageError(f"--where {key}=…: no facet {key!r}; known: {names}")
    if spec.scope:
        from vocdesk.engine.reports.scopes import merge, resolve

        flt = merge(flt, resolve(ws, spec.scope))
    return flt


def scope_text(spec: ReportSpec, all_rows: str, scope_title: str | None = None) -> str:
    """The scope in words, as printed on the cover and under every figure."""
    parts = [scope_title] if scope_title else []
    parts += [f"{k}={'|'.join(v)}" for k, v in sorted(spec.where.items())]
    if spec.date_from or spec.date_to:
        parts.append(f"{spec.date_from or '…'} – {spec.date_to or '…'}")
    return " · ".join(parts) or all_rows


class Evidence:
    """The scope of one pack and the reads templates need over it."""

    def __init__(self, ws, spec: ReportSpec) -> None:
        self.ws = ws
        self.spec = spec
        self.scope = None
        if spec.scope:
            from vocdesk.engine.reports.scopes import resolve

            self.scope = resolve(ws, spec.scope)
        self.filter = scope_filter(ws, spec)
        #: quotes to prefer: the spec's, else every row marked as evidence now (build.py
        #: writes these into the manifest's spec, so a rebuild prefers the same ones)
        self.marked = [int(i) for i in (spec.quote_ids if spec.quote_ids is not None
                                         else ws.evidence.ids())]
        self.ordered = ws.browse.ids(self.filter, "date_desc")     # newest first
        self.ids = np.sort(self.ordered)
        facts = report_queries.row_facts(ws.db, "sentiment")
        self.all_facts = facts                  # sections whose rows reach beyond the scope
        self.facts = facts[facts["id"].isin(self.ids)].reset_index(drop=True)
        self.lineage = LineageContext(
            filter=_lineage_filter(self.filter, spec.scope), taxonomy=ws.taxonomy.fingerprint(),
            models=report_queries.model_versions(ws.db), redactor=REDACTOR_VERSION,
            row_ids=self.facts["id"].to_numpy(), row_versions=self.facts["version"],
            row_origins=self.facts["origin"])
        self._labels = {(f.name, v.value): (v.label_zh, v.label_en)
                        for f in ws.taxonomy.facets for v in f.values}

    @property
    def scope_title(self) -> str | None:
        return self.scope.title(self.spec.lang) if self.scope else None

    @property
    def n(self) -> int:
        return int(len(self.ids))

    def label(self, facet: str, value: str) -> str:
        """A facet value in the pack's language (its stored value if it has no label)."""
        zh, en = self._labels.get((facet, value), (None, None))
        return (zh if self.spec.lang == "zh" else en) or value

    def date_range(self) -> tuple[str, str] | None:
        days = self.facts.loc[self.facts["day"] != "", "day"]
        if days.empty:
            return None
        return str(days.min()), str(days.max())

    def customers(self) -> int:
        """Distinct known customers in scope (pseudonymous ids are counted, never shown)."""
        known = self.facts["customer"]
        return int(known[known != ""].nunique())

    # --- per period --------------------------------------------------------------------------
    def periods(self, freq: str) -> pd.DataFrame:
        """Per week (``W``: ISO weeks, 2026-W05) or month (``M``), every period from the first
        to the last of the scope (a quiet one shows n = 0, not a gap that hides it): n,
        ``rated`` (rows with a sentiment: the share's denominator, so rows not analysed yet
        do not pass for non-negative ones), negative, share and its Wilson 95 % interval (NaN
        where nothing is rated)."""
        from statsmodels.stats.proportion import proportion_confint

        cols = ["period", "n", "rated", "negative", "share", "lo", "hi"]
        f = self.facts[self.facts["day"] != ""].copy()     # undated rows have no period
        if f.empty:
            return pd.DataFrame(columns=cols)
        days = pd.to_datetime(f["day"])
        if freq == "W":
            f["period"] = _iso_week(days)
            first = days.min() - pd.Timedelta(days=int(days.min().weekday()))
            every = _iso_week(pd.Series(pd.date_range(first, days.max(), freq="7D")))
        else:
            f["period"] = f["day"].str[:7]
            every = pd.period_range(days.min(), days.max(), freq="M").strftime("%Y-%m")
        f["neg"] = (f["value"] == "negative").astype(int)
        f["rated"] = (f["value"] != "").astype(int)
        g = f.groupby("period", sort=True)
        out = pd.DataFrame({"n": g.size(), "rated": g["rated"].sum(), "negative": g["neg"].sum()})
        out = out.reindex(list(every), fill_value=0)
        out.index.name = "period"
        n, k = out["rated"].to_numpy(), out["negative"].to_numpy()
        has = n > 0
        out["share"] = [float(a / b) if b else None for a, b in zip(k, n, strict=True)]
        lo, hi = proportion_confint(k[has], n[has], alpha=0.05, method="wilson")
        out["lo"], out["hi"] = None, None
        out.loc[has, "lo"], out.loc[has, "hi"] = lo, hi
        return out.reset_index()[cols]

    def period_ids(self, freq: str, period: str) -> np.ndarray:
        """The ids (ascending) of one period as :meth:`periods` labels it."""
        f = self.facts[self.facts["day"] != ""]
        label = _iso_week(pd.to_datetime(f["day"])) if freq == "W" else f["day"].str[:7]
        return np.sort(f.loc[label == period, "id"].to_numpy())

    def negative_share(self) -> tuple[int, int, float, float, float] | None:
        """(negative, rated, share, lo, hi) over the scope's rows that have a sentiment, or
        None when none has."""
        from statsmodels.stats.proportion import proportion_confint

        n = int((self.facts["value"] != "").sum())
        if not n:
            return None
        k = int((self.facts["value"] == "negative").sum())
        lo, hi = proportion_confint(k, n, alpha=0.05, method="wilson")
        return k, n, k / n, float(lo), float(hi)

    # --- facets ------------------------------------------------------------------------------
    def facet_counts(self, facet: str, top: int = 10) -> list[tuple[str, int, np.ndarray]]:
        """(value, rows, ids) of the ``top`` commonest effective values of ``facet`` in scope
        (from the engine's cached effective tags: one array pass at a million rows)."""
        from vocdesk.engine.reports.sections.data import facet_ids

        got = facet_ids(self, facet)
        ranked = sorted(((v, len(ids)) for v, ids in got.items()), key=lambda kv: (-kv[1], kv[0]))
        return [(v, int(c), got[v]) for v, c in ranked[:top]]

    def days_of(self, ids: np.ndarray) -> tuple[str, str]:
        days = self.facts.loc[self.facts["id"].isin(ids) & (self.facts["day"] != ""), "day"]
        return (str(days.min()), str(days.max())) if len(days) else ("", "")

    # --- quotes ------------------------------------------------------------------------------
    def quotes(self, limit: int | None = None, within: np.ndarray | None = None
               ) -> list[dict[str, Any]]:
        """The verbatims of a pack — the ONE quote selection every template uses.

        First the rows marked as evidence (:attr:`marked`, in marking order) that fall inside
        the scope (and ``within``, e.g. the last week); then, up to ``limit`` (default
        ``spec.max_quotes``), each further customer's latest row, newest first. Full rows
        with display tags, ``version`` and ``marked``. PII is checked on the finished pack
        like every other text (redaction_check)."""
        limit = limit or self.spec.max_quotes
        ordered = self.ordered if within is None else self.ordered[np.isin(self.ordered, within)]
        inside = set(ordered.tolist())
        chosen = list(dict.fromkeys(i for i in self.marked if i in inside))[:limit]
        marked = set(chosen)
        if len(chosen) < limit:
            seen = {r.get("customer_id") or f"row:{r['id']}"
                    for r in self.ws.browse.rows(chosen)}
            for i in range(0, len(ordered), 500):
                for r in self.ws.browse.rows(ordered[i:i + 500]):
                    who = r.get("customer_id") or f"row:{r['id']}"
                    if who in seen or r["id"] in marked:
                        continue
                    seen.add(who)
                    chosen.append(int(r["id"]))
                if len(chosen) >= limit:
                    break
            chosen = chosen[:limit]
        shown = {r["id"]: r for r in self.ws.browse.rows(chosen)}
        full = {r["id"]: r for r in self.ws.feedback(chosen)}
        out = []
        for i in chosen:
            row = dict(shown[i])
            row["version"] = version_of(full[i].get("attributes") or {})
            row["marked"] = i in marked
            out.append(row)
        return out


def _lineage_filter(flt: FeedbackFilter, scope: str | None) -> dict[str, Any]:
    """The filter as lineage prints and keeps it: a scope's explicit id list (a department
    pair, a signal, an action: thousands of ids) is replaced by the scope, its n and the
    SHA-256 of those ids, which every figure's own hash already pins down."""
    from vocdesk.engine.reports.lineage import ids_sha256

    out = flt.to_dict()
    if flt.ids is not None:
        out["ids"] = {"scope": scope, "n": len(flt.ids), "sha256": ids_sha256(flt.ids)}
    elif scope:
        out["scope"] = scope
    return out


def _iso_week(days: pd.Series) -> pd.Series:
    iso = days.dt.isocalendar()
    return iso["year"].astype(str) + "-W" + iso["week"].astype(str).str.zfill(2)


def version_of(attributes: dict[str, Any]) -> str:
    """The product / app / firmware version a row's source gave, '' if none."""
    for key, value in attributes.items():
        if any(k in str(key).lower() for k in VERSION_KEYS) and value not in (None, ""):
            return str(value)
    return ""
