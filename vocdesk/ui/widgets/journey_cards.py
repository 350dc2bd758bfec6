"""The journey map proper: stages as columns, each with its touchpoints as cards.

A card shows what a meeting reads off a journey map — rows and distinct customers, mean
sentiment with its 95 % interval, negative share with its Wilson interval, NPS / CSAT / CES
where rows carry them — and the engine's marks: a statistical high/low, the worst and the
final touchpoint (peak-end). A card under the minimum n is greyed and carries no mark. In
compare mode a card adds the B − A differences (Newcombe, Welch). Clicking a card emits
``touchpoint_clicked(name)``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from vocdesk.i18n import _

FLAG_COLORS = {"low": "#d0453b", "high": "#3a9d5d", "worse": "#d0453b", "better": "#3a9d5d"}


def fmt_ci(value, low, high, pattern: str = "{:.2f}") -> str:
    if value is None:
        return "—"
    if low is None or high is None:
        return pattern.format(value)
    return f"{pattern.format(value)} [{pattern.format(low)}, {pattern.format(high)}]"


def pct_ci(f) -> str:
    """A share as ``23% [21, 25]`` (percent, Wilson interval)."""
    if f.value is None:
        return "—"
    if f.low is None or f.high is None:
        return f"{100 * f.value:.0f}%"
    return f"{100 * f.value:.0f}% [{100 * f.low:.0f}, {100 * f.high:.0f}]"


def card_lines(tp, change=None) -> list[str]:
    """The lines of a touchpoint's card (HTML-free text, tested directly)."""
    lines = [_("{n:,} rows · {c:,} customers").format(n=tp.rows, c=tp.customers),
             _("sentiment {v}").format(v=fmt_ci(tp.sentiment.value, tp.sentiment.low,
                                               tp.sentiment.high)),
             _("negative {v}").format(v=pct_ci(tp.negative))]
    scores = []
    if tp.nps.n:
        scores.append(_("NPS {v} (n {n})").format(
            v=fmt_ci(tp.nps.value, tp.nps.low, tp.nps.high, "{:.0f}"), n=tp.nps.n))
    if tp.csat.n:
        scores.append(_("CSAT {v}").format(v=pct_ci(tp.csat)))
    if tp.ces.n:
        scores.append(_("CES {v}").format(v=fmt_ci(tp.ces.value, tp.ces.low, tp.ces.high,
                                                   "{:.1f}")))
    lines.extend(scores)
    if change is not None:
        d = change.negative_diff
        lines.append(_("Δ negative {v} pts").format(v=fmt_ci(
            None if d.value is None else 100 * d.value, None if d.low is None else 100 * d.low,
            None if d.high is None else 100 * d.high, "{:+.1f}")))
        s = change.sentiment_diff
        lines.append(_("Δ sentiment {v}").format(v=fmt_ci(s.value, s.low, s.high, "{:+.2f}")))
    return lines


def marks(tp, change=None) -> list[str]:
    out = []
    if tp.flag == "low":
        out.append(_("LOW"))
    elif tp.flag == "high":
        out.append(_("HIGH"))
    if tp.worst:
        out.append(_("worst"))
    if tp.final:
        out.append(_("end"))
    if tp.low_n and tp.rows:
        out.append(_("n too small"))
    if change is not None and change.flag:
        out.append(_("better") if change.flag == "better" else _("worse"))
    return out


class TouchpointCard(QFrame):
    clicked = Signal(str)

    def __init__(self, tp, title: str, change=None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = tp.name
        self.tp = tp
        self.change = change
        self.marks = marks(tp, change)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setObjectName("card")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 4, 6, 4)
        lay.setSpacing(1)
        head = f"<b>{title}</b>"
        for m in self.marks:
            color = FLAG_COLORS.get({_("LOW"): "low", _("HIGH"): "high", _("worse"): "worse",
                                     _("better"): "better"}.get(m, ""), "#666666")
            head += f" <span style='color:{color}; font-size:small'>{m}</span>"
        self.title = QLabel(head)
        self.title.setWordWrap(True)
        lay.addWidget(self.title)
        self.body = QLabel("<br>".join(card_lines(tp, change)))
        self.body.setStyleSheet("font-size: 11px;")
        lay.addWidget(self.body)
        issues = ", ".join(f"{v} ({n:,})" for v, n in tp.top_issues[:5])
        self.setToolTip(_("Top issues: {issues}").format(issues=issues or "—") + "\n"
                        + _("Click to open its rows in the explorer"))
        self.set_selected(False)

    def set_selected(self, on: bool) -> None:
        grey = self.tp.low_n
        border = "#1f5fbf" if on else FLAG_COLORS.get(
            (self.change.flag if self.change is not None and self.change.flag else None)
            or self.tp.flag or "", "#d0453b" if self.tp.worst and not grey else "#c8c8c8")
        width = 2 if on or self.tp.flag or self.tp.worst else 1
        bg = "#f0f0f0" if grey else "#ffffff"
        color = "color: #8a8a8a;" if grey else ""
        self.setStyleSheet(f"QFrame#card {{ border: {width}px solid {border}; border-radius: 4px;"
                           f" background: {bg}; }} QLabel {{ {color} }}")

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.clicked.emit(self.name)
        super().mousePressEvent(event)


class JourneyCards(QScrollArea):
    touchpoint_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.cards: dict[str, TouchpointCard] = {}
        self._host = QWidget()
        self._grid = QGridLayout(self._host)
        self._grid.setContentsMargins(2, 2, 2, 2)
        self._grid.setSpacing(4)
        self.setWidget(self._host)

    def show_map(self, stages: list[tuple[str, list]], title_of, changes: dict | None = None
                 ) -> None:
        """``stages``: (stage label, [TouchpointStats]); ``title_of(name)`` → touchpoint label."""
        host = QWidget()
        grid = QGridLayout(host)
        grid.setContentsMargins(2, 2, 2, 2)
        grid.setSpacing(4)
        self.cards = {}
        for col, (stage, tps) in enumerate(stages):
            head = QLabel(f"<b>{stage}</b>")
            head.setAlignment(Qt.AlignmentFlag.AlignCenter)
            head.setStyleSheet("background: #e8eef8; padding: 3px; border-radius: 3px;")
            grid.addWidget(head, 0, col)
            for row, tp in enumerate(tps, start=1):
                card = TouchpointCard(tp, title_of(tp.name), (changes or {}).get(tp.name))
                card.clicked.connect(self._clicked)
                grid.addWidget(card, row, col, Qt.AlignmentFlag.AlignTop)
                self.cards[tp.name] = card
            grid.setColumnStretch(col, 1)
        grid.setRowStretch(max((len(t) for _s, t in stages), default=0) + 1, 1)
        self._host, self._grid = host, grid
        self.setWidget(host)

    def select(self, name: str | None) -> None:
        for n, card in self.cards.items():
            card.set_selected(n == name)

    def _clicked(self, name: str) -> None:
        self.select(name)
        self.touchpoint_clicked.emit(name)
