"""One feedback row in full: the text with the spans that fired each rule highlighted, its
keywords, every tag with origin and confidence, the customer and their other feedback, and the
tag editor.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from vocdesk.i18n import _, label
from vocdesk.ui.labels import channel_text, origin_text
from vocdesk.ui.widgets.tag_editor import TagEditor

PALETTE = ("#ffe08a", "#b9e4c9", "#c9d8ff", "#ffc9c9", "#e2c9ff", "#c9f1ff", "#ffd9b0")


def highlight_html(text: str, marks: list[tuple[int, int, int]]) -> str:
    """HTML of ``text`` with (start, end, colour index) spans as coloured backgrounds."""
    colour = [None] * len(text)
    for start, end, c in marks:
        for i in range(max(start, 0), min(end, len(text))):
            if colour[i] is None:
                colour[i] = c
    out, i = [], 0
    while i < len(text):
        j = i
        while j < len(text) and colour[j] == colour[i]:
            j += 1
        chunk = html.escape(text[i:j]).replace("\n", "<br>")
        if colour[i] is None:
            out.append(chunk)
        else:
            out.append(f"<span style='background:{PALETTE[colour[i] % len(PALETTE)]}'>{chunk}</span>")
        i = j
    return "".join(out)


class DetailPane(QWidget):
    open_feedback = Signal(int)     # the user picked another feedback of the same customer

    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.feedback_id: int | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        outer.addWidget(scroll)
        body = QWidget()
        scroll.setWidget(body)
        lay = QVBoxLayout(body)
        self.meta = QLabel()
        self.meta.setWordWrap(True)
        self.meta.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.meta)
        self.text = QTextBrowser()
        self.text.setObjectName("detail-text")
        self.text.setMinimumHeight(110)
        lay.addWidget(self.text)
        self.evidence = QLabel()
        self.evidence.setWordWrap(True)
        self.evidence.setTextFormat(Qt.TextFormat.RichText)
        lay.addWidget(self.evidence)
        box = QGroupBox(_("Tags"))
        bl = QVBoxLayout(box)
        self.editor = TagEditor(session)
        bl.addWidget(self.editor)
        lay.addWidget(box)
        cbox = QGroupBox(_("Customer"))
        cl = QVBoxLayout(cbox)
        self.customer = QLabel()
        self.customer.setWordWrap(True)
        cl.addWidget(self.customer)
        self.others = QListWidget()
        self.others.setMaximumHeight(140)
        self.others.itemActivated.connect(self._other)
        self.others.itemDoubleClicked.connect(self._other)
        cl.addWidget(self.others)
        lay.addWidget(cbox)
        lay.addStretch(1)
        session.changed.connect(self._on_changed)
        self.show_feedback(None)

    def show_feedback(self, feedback_id: int | None) -> None:
        self.feedback_id = feedback_id
        ws = self.session.workspace
        info = ws.browse.detail(feedback_id) if ws is not None and feedback_id else None
        if info is None:
            self.meta.setText(_("Select a row to see it in full."))
            self.text.clear()
            self.evidence.clear()
            self.customer.clear()
            self.others.clear()
            self.editor.set_rows([])
            return
        row = info["row"]
        bits = [f"#{row['id']}", (row.get("created_at") or "")[:16].replace("T", " "),
                channel_text(row.get("channel"))]
        for key, title in (("rating", _("Rating")), ("nps", "NPS"), ("csat", "CSAT"),
                           ("ces", "CES"), ("product", _("Product")), ("store", _("Store")),
                           ("region", _("Region"))):
            if row.get(key) not in (None, ""):
                bits.append(f"{title} {row[key]:g}" if isinstance(row[key], float)
                            else f"{title} {row[key]}")
        self.meta.setText(" · ".join(b for b in bits if b))
        self._show_text(row["text"] or "", info)
        self._show_customer(info)
        self.editor.set_rows([row["id"]])

    def _show_text(self, text: str, info: dict) -> None:
        tax = self.session.workspace.taxonomy
        marks, legend = [], []
        n = 0
        for facet, tags in info["tags"].items():
            f = tax.facet(facet)
            for t in tags:
                v = f.value(t["value"]) if f else None
                name = f"{label(f) if f else facet}: {label(v, t['value']) if v else t['value']}"
                score = f"{t['score']:.0%}" if isinstance(t.get("score"), (int, float)) else ""
                who = (_("human") if t["origin_kind"] == "human" else
                       _("from the source file") if t.get("origin") == "source" else _("auto"))
                origin = origin_text(tax, t.get("origin"))
                swatch = ""
                if t.get("spans"):
                    marks += [(s, e, n) for s, e in t["spans"]]
                    swatch = (f"<span style='background:{PALETTE[n % len(PALETTE)]}'>"
                              "&nbsp;&nbsp;&nbsp;</span> ")
                    n += 1
                legend.append(f"{swatch}<b>{html.escape(name)}</b> — {who} {score} "
                              f"<span style='color:#777'>{html.escape(origin)}</span>")
        self.text.setHtml(f"<div style='font-size:12pt'>{highlight_html(text, marks)}</div>")
        analysis = info.get("analysis") or {}
        kws = analysis.get("keywords") or []
        parts = []
        if kws:
            parts.append("<b>" + _("Keywords") + ":</b> " + html.escape(" · ".join(kws[:12])))
        if analysis.get("sentiment_score") is not None:
            parts.append("<b>" + _("Sentiment score") + ":</b> "
                         f"{analysis['sentiment_score']:.2f}")
        parts += legend
        try:
            why = self.session.workspace.explain([info["row"]["id"]]).get(info["row"]["id"], {})
        except Exception:   # an explanation must never stop the row from showing
            why = {}
        for facet, items in why.items():
            if items:
                spec = tax.facet(facet)
                shown = " · ".join(f"{html.escape(w)} {c:+.2f}" for w, c in items)
                parts.append(f"<b>{html.escape(_('Why'))} ({html.escape(label(spec) if spec else facet)}):"
                             f"</b> {shown}")
        self.evidence.setText("<br>".join(parts))

    def _show_customer(self, info: dict) -> None:
        cust = info.get("customer")
        row = info["row"]
        if cust:
            bits = [f"<b>{html.escape(str(cust['customer_id']))}</b>"]
            for key, title in (("segment", _("Segment")), ("region", _("Region")),
                               ("orders", _("Orders")), ("lifetime_value", _("Lifetime value")),
                               ("repurchase", _("Repurchased")), ("churned", _("Churned")),
                               ("first_seen", _("First seen"))):
                if cust.get(key) not in (None, ""):
                    bits.append(f"{title}: {html.escape(str(cust[key]))}")
            self.customer.setText(" · ".join(bits))
        elif row.get("customer_id"):
            self.customer.setText(html.escape(str(row["customer_id"])) + " — "
                                  + _("no customer data"))
        else:
            self.customer.setText(_("No customer id on this feedback."))
        self.others.clear()
        for r in info.get("customer_feedback", []):
            text = (r["text"] or "").replace("\n", " ")
            item = QListWidgetItem(f"{(r['created_at'] or '')[:10]}  {text[:80]}")
            item.setData(Qt.ItemDataRole.UserRole, r["id"])
            item.setToolTip(r["text"])
            self.others.addItem(item)
        self.others.setVisible(self.others.count() > 0)

    def _other(self, item: QListWidgetItem) -> None:
        fid = item.data(Qt.ItemDataRole.UserRole)
        if fid:
            self.open_feedback.emit(int(fid))
            self.show_feedback(int(fid))

    def _on_changed(self, topics) -> None:
        if self.feedback_id and self.session.workspace is not None and "tags" in topics:
            info = self.session.workspace.browse.detail(self.feedback_id)
            if info is not None:
                self._show_text(info["row"]["text"] or "", info)
