"""Scope kinds of a pack: ``KIND:KEY`` resolved to the rows the report engine takes.

A CX lead thinks "the address-editing touchpoint", "sales × after-sales", "signal 3" or
"action 12", not in facet filters. Each kind is resolved through the engine that defines it,
so a pack's rows are exactly the rows that engine shows:

- ``category:物流配送`` (or any ``FACET=VALUE`` as ``facet:product=X1``): effective tags;
- ``touchpoint:地址编辑``: a touchpoint of ``ws.journey``'s definition (the journey map's rows);
- ``departments:销售,售后``: rows whose department tags name both (``ws.breakpoints``' pairs);
- ``signal:3`` (rank in ``ws.signals.detect()``, weekly window) or ``signal:COMBO_KEY``: the
  rows carrying the combination, within the signal's weeks (baseline and recent window);
- ``action:12``: the action's targeted complaint (within its targeted segment) and its
  evidence rows, as ``ws.actions``' effect check reads them;
- ``view:NAME``: a saved explorer view.

:func:`resolve` gives a :class:`Scope`: the filter part (facets, ids, days) to merge with the
spec's ``--where``/``--from``/``--to``, and a title in Chinese and English for the cover.
:func:`canonical` turns a rank (``signal:3``) into its stable key, so a manifest rebuilds the
same pack even after the ranking moves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from vocdesk.engine.domain import FeedbackFilter
from vocdesk.engine.errors import UsageError
from vocdesk.engine.loop.alerts import title_in

#: kind -> (zh, en) of its name, in the order the GUI lists them.
KINDS: dict[str, tuple[str, str]] = {
    "category": ("问题类型", "Category"),
    "touchpoint": ("触点", "Touchpoint"),
    "departments": ("部门组合", "Department pair"),
    "signal": ("弱信号", "Weak signal"),
    "action": ("行动", "Action"),
    "view": ("已保存视图", "Saved view"),
    "facet": ("标签值", "Facet value"),
}
#: The signal window ``signal:N`` ranks in.
SIGNAL_WINDOW = "week"
DEPARTMENT_FACET = "department"


@dataclass
class Scope:
    """One resolved scope: what it adds to the filter, and its name on the cover."""

    kind: str
    key: str
    title_zh: str
    title_en: str
    facets: dict[str, list[str]] = field(default_factory=dict)
    ids: list[int] | None = None
    date_from: str | None = None
    date_to: str | None = None
    base: FeedbackFilter | None = None      # a saved view's whole filter

    @property
    def text(self) -> str:
        return f"{self.kind}:{self.key}"

    def title(self, lang: str) -> str:
        return self.title_zh if lang == "zh" else self.title_en

    def filter(self) -> FeedbackFilter:
        """The scope alone as a browse filter."""
        flt = FeedbackFilter.from_dict((self.base or FeedbackFilter()).to_dict())
        for facet, values in self.facets.items():
            flt.facets[facet] = list(values)
        if self.ids is not None:
            flt.ids = list(self.ids)
        flt.date_from = _later(flt.date_from, self.date_from)
        flt.date_to = _earlier(flt.date_to, self.date_to)
        return flt


def _later(a: str | None, b: str | None) -> str | None:
    return max(x for x in (a, b) if x) if (a or b) else None


def _earlier(a: str | None, b: str | None) -> str | None:
    return min(x for x in (a, b) if x) if (a or b) else None


def parse(text: str) -> tuple[str, str]:
    """``"touchpoint:地址编辑"`` → ``("touchpoint", "地址编辑")``; unknown kinds refused."""
    kind, sep, key = (text or "").partition(":")
    kind, key = kind.strip(), key.strip()
    if not sep or not key or kind not in KINDS:
        raise UsageError(f"--scope {text!r}: expected KIND:KEY with KIND one of "
                         f"{', '.join(KINDS)} (e.g. touchpoint:地址编辑, signal:3, "
                         "departments:销售,售后)")
    return kind, key


def merge(flt: FeedbackFilter, scope: Scope) -> FeedbackFilter:
    """``flt`` (the spec's --where and days) narrowed by the scope: facets AND, days
    intersected, ids intersected. A facet named by both is refused (ambiguous)."""
    both = set(flt.facets) & set(scope.facets)
    if both:
        raise UsageError(f"--where {sorted(both)[0]}=… and --scope {scope.text} both choose "
                         f"{sorted(both)[0]}: give it once")
    own = scope.filter()
    out = FeedbackFilter.from_dict({**own.to_dict(), **{k: v for k, v in flt.to_dict().items()
                                                        if k not in ("facets", "ids")}})
    out.facets = {**own.facets, **flt.facets}
    out.date_from = _later(flt.date_from, own.date_from)
    out.date_to = _earlier(flt.date_to, own.date_to)
    if flt.ids is not None and own.ids is not None:
        out.ids = sorted(set(flt.ids) & set(own.ids))
    elif flt.ids is not None:
        out.ids = list(flt.ids)
    return out


# --- facet values --------------------------------------------------------------------------
def _value(ws, facet: str, given: str) -> tuple[str, str, str]:
    """(value, label_zh, label_en) of a facet value given by value or either label."""
    f = ws.taxonomy.facet(facet)
    if f is None:
        raise UsageError(f"no facet {facet!r}; known: {', '.join(ws.taxonomy.facet_names())}")
    for v in f.values:
        if given.casefold() in {n.casefold() for n in (v.value, v.label_zh, v.label_en) if n}:
            return v.value, v.label_zh or v.value, v.label_en or v.value
    shown = ", ".join(v.value for v in f.values[:15])
    raise UsageError(f"--scope: {facet} has no value {given!r}; known: {shown}"
                     + (" …" if len(f.values) > 15 else ""))


def _facet_scope(ws, kind: str, facet: str, given: str) -> Scope:
    value, zh, en = _value(ws, facet, given)
    f = ws.taxonomy.facet(facet)
    fzh, fen = (f.label_zh or facet), (f.label_en or facet)
    key = value if kind != "facet" else f"{facet}={value}"
    return Scope(kind, key, f"{fzh}：{zh}", f"{fen}: {en}", facets={facet: [value]})


def _touchpoint(ws, given: str) -> Scope:
    definition = ws.journey.definition()
    names = dict((t, s) for s, t in definition.touchpoints())
    name = given if given in names else None
    if name is None:
        tp = ws.taxonomy.facet("touchpoint")
        for v in (tp.values if tp else []):
            if v.value in names and given.casefold() in {
                    n.casefold() for n in (v.label_zh, v.label_en) if n}:
                name = v.value
    if name is None:
        raise UsageError(f"--scope touchpoint:{given}: not a touchpoint of the journey "
                         f"(version {definition.version}); known: "
                         f"{', '.join(list(names)[:20])}")
    _, zh, en = _label(ws.taxonomy, "touchpoint", name)
    stage = next(s for s in definition.stages if s.name == names[name])
    szh, sen = stage.label_zh or stage.name, stage.label_en or stage.name
    return Scope("touchpoint", name, f"触点：{szh} › {zh}", f"Touchpoint: {sen} › {en}",
                 facets={"touchpoint": [name]})


def _label(tax, facet: str, value: str) -> tuple[str, str, str]:
    """(value, label zh, label en) from a loaded taxonomy (``ws.taxonomy`` reads the store)."""
    f = tax.facet(facet)
    v = next((x for x in (f.values if f else []) if x.value == value), None)
    return value, (v.label_zh if v and v.label_zh else value), \
        (v.label_en if v and v.label_en else value)


def department_pair_ids(ws, a: str, b: str) -> list[int]:
    """Rows whose effective department tags name both ``a`` and ``b`` — the rows behind the
    breakpoint matrix's cell (``ws.breakpoints``' pair count ``n``)."""
    from vocdesk.engine.store import array_aggregates as arr

    sel = ws.breakpoints.selection(None)
    limit = max(1, ws.browse.count(None))
    return sorted(arr.rows_with_all(ws.db, sel, DEPARTMENT_FACET, (a, b), limit,
                                    prefer_negative=False))


def _departments(ws, given: str) -> Scope:
    parts = [p.strip() for p in given.replace("，", ",").replace("+", ",").split(",")
             if p.strip()]
    if len(parts) != 2:
        raise UsageError(f"--scope departments:{given}: name two departments, e.g. "
                         "departments:销售,售后")
    got = sorted((_value(ws, DEPARTMENT_FACET, p) for p in parts), key=lambda t: t[0])
    (a, azh, aen), (b, bzh, ben) = got
    if a == b:
        raise UsageError(f"--scope departments:{given}: two different departments, please")
    # the ids are the pair's rows; the facet (either department, so the same rows) lets the
    # breakpoint section see which pair the pack is about and highlight it
    return Scope("departments", f"{a},{b}", f"部门组合：{azh} × {bzh}",
                 f"Departments: {aen} × {ben}", facets={DEPARTMENT_FACET: [a, b]},
                 ids=department_pair_ids(ws, a, b))


# --- signals and actions -------------------------------------------------------------------
def _signals(ws, limit: int = 50) -> list[dict[str, Any]]:
    return ws.signals.detect(window=SIGNAL_WINDOW, limit=limit)


def _signal(ws, given: str) -> Scope:
    if given.isdigit():
        found = _signals(ws)
        rank = int(given)
        if not 1 <= rank <= len(found):
            raise UsageError(f"--scope signal:{given}: there are {len(found)} weak signals "
                             f"this {SIGNAL_WINDOW} (vocdesk signals WS lists them)")
        sig = found[rank - 1]
    else:
        sig = next((s for s in ws.signals.detect(window=SIGNAL_WINDOW, limit=500,
                                                 include_dismissed=True)
                    if s["key"] == given), None)
        if sig is None and not ws.signals.affected_rows(given):
            raise UsageError(f"--scope signal:{given}: no row carries this combination")
    key = sig["key"] if sig else given
    terms = " + ".join(sig["terms"] if sig else given.partition(":")[2].split("|"))
    ids = ws.signals.affected_rows(key)
    if sig is None:
        return Scope("signal", key, f"弱信号：{terms}", f"Weak signal: {terms}", ids=ids)
    from datetime import date, timedelta

    first = sig["weekly"][0]["week_start"]
    last = (date.fromisoformat(sig["weekly"][-1]["week_start"]) + timedelta(days=6)).isoformat()
    return Scope("signal", key, f"弱信号：{terms}（{first} – {last}）",
                 f"Weak signal: {terms} ({first} – {last})", ids=ids,
                 date_from=first, date_to=last)


def action_ids(ws, action: dict[str, Any]) -> list[int]:
    """An action's rows: its targeted complaint (category, touchpoint, feature … values)
    within its targeted segment (product, channel, region, store, customer segment), split
    as the effect check (:mod:`vocdesk.engine.loop.evaluate`) splits them, plus its
    evidence rows."""
    from vocdesk.engine.loop.evaluate import SEGMENT_KEYS
    from vocdesk.engine.store import actions as store_actions

    targets = action["targets"]
    complaint = {f: v for f, v in targets.items() if f not in SEGMENT_KEYS}
    if not complaint and "product" in targets:
        complaint = {"product": targets["product"]}
        segment = {k: v for k, v in targets.items() if k != "product"}
    else:
        segment = {k: v for k, v in targets.items() if k in SEGMENT_KEYS}
    hit: set[int] | None = None
    if complaint:
        hit = set()
        for facet, values in complaint.items():
            hit |= store_actions.ids_with_tag(ws.db, facet, values)
    for key, values in segment.items():
        part = store_actions.ids_in_segment(ws.db, key, values)
        hit = part if hit is None else hit & part
    return sorted((hit or set()) | {int(i) for i in action.get("evidence") or []})


def _action(ws, given: str) -> Scope:
    if not given.lstrip("#").isdigit():
        raise UsageError(f"--scope action:{given}: give the action's number, e.g. action:12")
    action = ws.actions.get(int(given.lstrip("#")))
    return Scope("action", str(action["id"]), f"行动 #{action['id']}：{title_in(action, 'zh')}",
                 f"Action #{action['id']}: {title_in(action, 'en')}",
                 ids=action_ids(ws, action))


def _view(ws, given: str) -> Scope:
    flt = ws.browse.load_view(given)
    if flt is None:
        views = ws.browse.list_views()
        raise UsageError(f"--scope view:{given}: no saved view of that name; saved: "
                         f"{', '.join(views) or 'none'}")
    return Scope("view", given, f"已保存视图：{given}", f"Saved view: {given}", base=flt)


def resolve(ws, text: str) -> Scope:
    """The scope ``KIND:KEY`` of ``ws`` (see the module docstring); clear errors otherwise."""
    kind, key = parse(text)
    if kind == "category":
        return _facet_scope(ws, kind, "category", key)
    if kind == "facet":
        facet, sep, value = key.partition("=")
        if not sep or not value.strip():
            raise UsageError(f"--scope facet:{key}: expected facet:FACET=VALUE")
        return _facet_scope(ws, kind, facet.strip(), value.strip())
    return {"touchpoint": _touchpoint, "departments": _departments, "signal": _signal,
            "action": _action, "view": _view}[kind](ws, key)


def canonical(ws, text: str | None) -> str | None:
    """The stable form of a scope (``signal:3`` → ``signal:COMBO``, labels → values), which
    the manifest keeps so a rebuild selects the same rows."""
    return resolve(ws, text).text if text else None


def choices(ws, kind: str) -> list[tuple[str, str, str]]:
    """(key, label zh, label en) a user can pick for ``kind`` (the GUI's key picker)."""
    tax = ws.taxonomy
    if kind in ("category", "facet"):
        facets = ["category"] if kind == "category" else \
            [f.name for f in tax.facets if f.name != "category"]
        out = []
        for name in facets:
            f = tax.facet(name)
            for v in (f.values if f else []):
                key = v.value if kind == "category" else f"{name}={v.value}"
                pre = "" if kind == "category" else f"{f.label_zh or name}："
                pre_en = "" if kind == "category" else f"{f.label_en or name}: "
                out.append((key, pre + (v.label_zh or v.value), pre_en + (v.label_en or v.value)))
        return out
    if kind == "touchpoint":
        return [_label(tax, "touchpoint", t) for _, t in ws.journey.definition().touchpoints()]
    if kind == "departments":
        pairs = ws.breakpoints.compute()["pairs"]
        out = []
        for p in pairs:
            a, b = p.departments
            la, lb = _label(tax, DEPARTMENT_FACET, a), _label(tax, DEPARTMENT_FACET, b)
            out.append((f"{a},{b}", f"{la[1]} × {lb[1]}（{p.n}）", f"{la[2]} × {lb[2]} ({p.n})"))
        return out
    if kind == "signal":
        return [(s["key"], f"{i}. {' + '.join(s['terms'])}", f"{i}. {' + '.join(s['terms'])}")
                for i, s in enumerate(_signals(ws), 1)]
    if kind == "action":
        return [(str(a["id"]), f"#{a['id']} {title_in(a, 'zh')}",
                 f"#{a['id']} {title_in(a, 'en')}") for a in ws.actions.list()]
    if kind == "view":
        return [(v, v, v) for v in ws.browse.list_views()]
    raise UsageError(f"unknown scope kind {kind!r}; use {', '.join(KINDS)}")


def ids_of(ws, scope: Scope) -> np.ndarray:
    """The scope's rows alone (no --where), newest first — what a test compares."""
    return ws.browse.ids(scope.filter(), "date_desc")
