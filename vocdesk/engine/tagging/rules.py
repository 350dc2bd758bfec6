"""Boolean keyword rules: parse, compile into one automaton, match with spans.

Grammar (operators in upper case; everything else is a term)::

    expr  := expr OR expr | expr AND expr | NOT expr | expr NEAR/N expr | ( expr )
           | term | "quoted phrase" | /regex/

Terms match the raw text case-insensitively: Chinese terms as substrings, ASCII words only at
word boundaries ("app" does not fire on "happy"), in any inflected form (``inflect``: "refund"
fires on "refunded"; a /regex/ pins one form). ``A NEAR/N B`` holds when an occurrence of A
and one of B are at most N characters apart. Every match carries its spans as code-point
offsets, so the GUI can highlight exactly what fired.

All terms of all rules go into one Aho-Corasick automaton: a text is scanned once, whatever
the number of rules, and only rules that contain a term that was found are evaluated.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import ahocorasick
import pyparsing as pp

from vocdesk.engine.errors import VocdeskError
from vocdesk.engine.tagging.inflect import term_forms

Span = tuple[int, int]


class RuleSyntaxError(VocdeskError, ValueError):
    """A rule expression that cannot be parsed; the message says where."""


# --- AST -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Term:
    text: str


@dataclass(frozen=True)
class Regex:
    pattern: str


@dataclass(frozen=True)
class Not:
    child: object


@dataclass(frozen=True)
class And:
    children: tuple


@dataclass(frozen=True)
class Or:
    children: tuple


@dataclass(frozen=True)
class TermSet:
    """An OR of plain terms (lower-cased), evaluated with one set intersection."""

    terms: frozenset


@dataclass(frozen=True)
class Near:
    left: object
    right: object
    distance: int


def _grammar() -> pp.ParserElement:
    and_ = pp.Keyword("AND")
    or_ = pp.Keyword("OR")
    not_ = pp.Keyword("NOT")
    near = pp.Regex(r"NEAR/(?P<n>\d+)")
    reserved = and_ | or_ | not_ | near
    quoted = pp.QuotedString('"', esc_char="\\").set_parse_action(lambda t: Term(t[0]))
    regex = pp.Regex(r"/(?P<body>(?:[^/\\]|\\.)+)/").set_parse_action(
        lambda t: Regex(t.body.replace("\\/", "/")))
    word = (~reserved + pp.Regex(r'[^\s()"]+')).set_parse_action(lambda t: Term(t[0]))
    atom = quoted | regex | word

    def _not(t):
        return Not(t[0][1])

    def _binary(cls):
        def act(t):
            items = t[0][0::2]
            return cls(tuple(items))
        return act

    def _near(t):
        items = t[0]
        node = items[0]
        for i in range(1, len(items), 2):
            n = int(re.match(r"NEAR/(\d+)", items[i]).group(1))
            node = Near(node, items[i + 1], n)
        return node

    return pp.infix_notation(atom, [
        (not_, 1, pp.OpAssoc.RIGHT, _not),
        (near, 2, pp.OpAssoc.LEFT, _near),
        (and_, 2, pp.OpAssoc.LEFT, _binary(And)),
        (or_, 2, pp.OpAssoc.LEFT, _binary(Or)),
    ])


_GRAMMAR = _grammar()
# pyparsing grammars keep per-parse state: two threads parsing at once (the GUI's live rule
# preview beside an analysis job) corrupted it for the rest of the process. One lock.
_PARSE_LOCK = threading.Lock()


@lru_cache(maxsize=4096)
def parse_rule(expr: str) -> object:
    """Parse an expression into an AST; raises RuleSyntaxError with the column at fault."""
    if not expr or not expr.strip():
        raise RuleSyntaxError("empty rule")
    try:
        with _PARSE_LOCK:
            node = _GRAMMAR.parse_string(expr, parse_all=True)[0]
    except pp.ParseException as exc:
        raise RuleSyntaxError(f"cannot parse rule at column {exc.col}: {exc.msg}") from None
    for rx in _walk(node, Regex):
        try:
            re.compile(rx.pattern)
        except re.error as exc:
            raise RuleSyntaxError(f"bad regular expression /{rx.pattern}/: {exc}") from None
    if not _positive_atoms(node):
        raise RuleSyntaxError("a rule needs at least one term that must be present (not only NOT)")
    return node


def _walk(node, kind):
    if isinstance(node, kind):
        yield node
    if isinstance(node, Not):
        yield from _walk(node.child, kind)
    elif isinstance(node, (And, Or)):
        for c in node.children:
            yield from _walk(c, kind)
    elif isinstance(node, Near):
        yield from _walk(node.left, kind)
        yield from _walk(node.right, kind)


def _positive_atoms(node) -> list:
    """Atoms whose presence can make the rule true (i.e. not under a NOT)."""
    if isinstance(node, (Term, Regex)):
        return [node]
    if isinstance(node, Not):
        return []
    if isinstance(node, (And, Or)):
        return [a for c in node.children for a in _positive_atoms(c)]
    if isinstance(node, Near):
        return _positive_atoms(node.left) + _positive_atoms(node.right)
    return []


def _required_groups(node) -> list[frozenset[str]] | None:
    """Sets of terms of which at least one each must be in the text for ``node`` to hold.

    ``None`` means "cannot tell from terms alone" (a regex decides). This is the prefilter
    that keeps analysis at segmentation speed: most candidate rules fail it with two set
    lookups, before any tree is walked.
    """
    if isinstance(node, Term):
        return [frozenset([node.text.lower()])]
    if isinstance(node, Regex):
        return None
    if isinstance(node, Not):
        return []
    if isinstance(node, (And, Near)):
        kids = node.children if isinstance(node, And) else (node.left, node.right)
        groups: list[frozenset[str]] = []
        for k in kids:
            g = _required_groups(k)
            if g is not None:
                groups.extend(g)
        return groups
    if isinstance(node, Or):
        union: set[str] = set()
        for k in node.children:
            g = _required_groups(k)
            if g is None or not g:
                return None if g is None else []
            union.update(min(g, key=len))
        return [frozenset(union)]
    return []


# --- evaluation ------------------------------------------------------------------------------

_WORDCHAR = re.compile(r"[a-z0-9]")


def _is_ascii_word(term: str) -> bool:
    return term.isascii() and bool(re.search(r"[a-z0-9]", term))


def _simplify(node):
    """Collapse ORs of plain terms into TermSets; the tree then walks a few nodes per rule."""
    if isinstance(node, Or):
        kids = [_simplify(c) for c in node.children]
        terms = [k for k in kids if isinstance(k, (Term, TermSet))]
        rest = [k for k in kids if not isinstance(k, (Term, TermSet))]
        if len(terms) > 1:
            words = frozenset(t.text.lower() for t in terms if isinstance(t, Term)) | \
                frozenset(w for t in terms if isinstance(t, TermSet) for w in t.terms)
            merged = TermSet(words)
            return merged if not rest else Or((merged, *rest))
        return Or(tuple(kids))
    if isinstance(node, And):
        return And(tuple(_simplify(c) for c in node.children))
    if isinstance(node, Not):
        return Not(_simplify(node.child))
    if isinstance(node, Near):
        return Near(_simplify(node.left), _simplify(node.right), node.distance)
    return node


def _evaluate(node, hits: dict[str, list[Span]], text: str, rx_cache: dict) -> list[Span] | None:
    """Spans that made ``node`` true, [] for a true NOT, None when false."""
    if isinstance(node, TermSet):
        found = node.terms & hits.keys()
        if not found:
            return None
        return [sp for t in found for sp in hits[t]]
    if isinstance(node, Term):
        return hits.get(node.text.lower()) or None
    if isinstance(node, Regex):
        if node.pattern not in rx_cache:
            rx = re.compile(node.pattern, re.IGNORECASE)
            rx_cache[node.pattern] = [m.span() for m in rx.finditer(text) if m.end() > m.start()]
        return rx_cache[node.pattern] or None
    if isinstance(node, Not):
        return [] if _evaluate(node.child, hits, text, rx_cache) is None else None
    if isinstance(node, And):
        spans: list[Span] = []
        for c in node.children:
            got = _evaluate(c, hits, text, rx_cache)
            if got is None:
                return None
            spans.extend(got)
        return spans
    if isinstance(node, Or):
        spans, any_true = [], False
        for c in node.children:
            got = _evaluate(c, hits, text, rx_cache)
            if got is not None:
                any_true = True
                spans.extend(got)
        return spans if any_true else None
    if isinstance(node, Near):
        left = _evaluate(node.left, hits, text, rx_cache)
        if not left:
            return None
        right = _evaluate(node.right, hits, text, rx_cache)
        if not right:
            return None
        out: list[Span] = []
        for a in left:
            for b in right:
                if max(a[0], b[0]) - min(a[1], b[1]) <= node.distance:
                    out.extend((a, b))
        return out or None
    raise TypeError(node)


@dataclass
class CompiledRule:
    rule_id: str
    facet: str
    value: str
    node: object
    always: bool = False   # has a positive regex atom: cannot be prefiltered by terms
    required: tuple[frozenset[str], ...] = ()


@dataclass
class RuleMatch:
    rule_id: str
    facet: str
    value: str
    spans: list[Span] = field(default_factory=list)


def _lower_same_length(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


class RuleSet:
    """All rules of a taxonomy compiled together. Immutable; cheap to share across threads."""

    def __init__(self, rules: Iterable[tuple[str, str, str, str]]) -> None:
        """``rules``: (rule_id, facet, value, expr). Raises RuleSyntaxError naming the rule."""
        self.rules: list[CompiledRule] = []
        self._by_term: dict[str, list[int]] = {}
        self._always: list[int] = []
        automaton = ahocorasick.Automaton()
        for rule_id, facet, value, expr in rules:
            try:
                node = parse_rule(expr)
            except RuleSyntaxError as exc:
                raise RuleSyntaxError(f"rule {rule_id!r} ({facet}={value}): {exc}") from None
            idx = len(self.rules)
            positives = _positive_atoms(node)
            groups = _required_groups(node) or []
            # Anchor each rule on one group it cannot fire without (the one with the longest,
            # i.e. rarest, terms): a text only wakes the rules whose anchor it contains.
            anchor = max(groups, key=lambda g: (min(map(len, g)), -len(g))) if groups else None
            required = tuple(sorted((g for g in groups if g is not anchor), key=len))
            always = anchor is None and any(isinstance(a, Regex) for a in positives)
            self.rules.append(CompiledRule(rule_id, facet, value, _simplify(node), always,
                                           required))
            if always:
                self._always.append(idx)
            for term in {t.text.lower() for t in _walk(node, Term)}:
                self._by_term.setdefault(term, [])
            wake = anchor if anchor is not None else \
                {a.text.lower() for a in positives if isinstance(a, Term)}
            for term in wake:
                self._by_term[term].append(idx)
        # Each surface form points at every term it spells: "crashes" is a term of its own
        # and an inflection of "crash", and both must see it.
        forms: dict[str, set[str]] = {}
        for term in self._by_term:
            for form in term_forms(term):
                forms.setdefault(form, set()).add(term)
        for form, terms in forms.items():
            automaton.add_word(form, (tuple(sorted(terms)), len(form), _is_ascii_word(form)))
        self._automaton = automaton
        self._empty = not self._by_term
        if not self._empty:
            automaton.make_automaton()

    def __len__(self) -> int:
        return len(self.rules)

    def term_hits(self, text: str) -> dict[str, list[Span]]:
        if self._empty or not text:
            return {}
        low = _lower_same_length(text)
        hits: dict[str, list[Span]] = {}
        n = len(low)
        for end, (terms, length, word) in self._automaton.iter(low):
            start = end - length + 1
            if word:
                if start > 0 and _WORDCHAR.match(low[start - 1]):
                    continue
                if end + 1 < n and _WORDCHAR.match(low[end + 1]):
                    continue
            for term in terms:
                hits.setdefault(term, []).append((start, end + 1))
        return hits

    def match(self, text: str) -> list[RuleMatch]:
        """Every rule that fires on ``text`` with the spans that made it fire."""
        hits = self.term_hits(text)
        if not hits and not self._always:
            return []
        candidates: set[int] = set(self._always)
        for term in hits:
            candidates.update(self._by_term[term])
        out = []
        rx_cache: dict = {}
        for idx in sorted(candidates):
            rule = self.rules[idx]
            if rule.required and not all(hits.keys() & g for g in rule.required):
                continue
            spans = _evaluate(rule.node, hits, text, rx_cache)
            if spans is not None:
                out.append(RuleMatch(rule.rule_id, rule.facet, rule.value, merge_spans(spans)))
        return out

def merge_spans(spans: Iterable[Span]) -> list[Span]:
    """Sorted, de-duplicated, overlapping spans merged."""
    out: list[list[int]] = []
    for s, e in sorted(set(spans)):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


def compile_taxonomy_rules(taxonomy, facets: Sequence[str] | None = None) -> RuleSet:
    """A RuleSet of every enabled rule and every dictionary term of the taxonomy.

    Dictionary terms become one synthetic rule per value, id ``FACET:VALUE:terms``.
    """
    rules = []
    for facet in taxonomy.facets:
        if facets is not None and facet.name not in facets:
            continue
        for v in facet.values:
            if v.terms:
                expr = " OR ".join('"' + t.replace('\\', '\\\\').replace('"', '\\"') + '"'
                                   for t in v.terms)
                rules.append((f"{facet.name}:{v.value}:terms", facet.name, v.value, expr))
            for r in v.rules:
                if r.enabled:
                    rules.append((r.id, facet.name, v.value, r.expr))
    return RuleSet(rules)
