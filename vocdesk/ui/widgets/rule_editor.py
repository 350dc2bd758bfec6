"""Editing one rule with a live preview: syntax errors inline, hit count and sample matches.

Typing restarts a short timer; when it fires the expression is parsed at once (cheap) and, if
it parses, a background job scans every text of the workspace with it
(:func:`vocdesk.engine.rule_preview.preview_rule`). Only the newest job's answer is shown.
"""

from __future__ import annotations

import copy
import html
import re

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from vocdesk.engine.rule_preview import preview_rule
from vocdesk.engine.tagging.rules import RuleSyntaxError, parse_rule
from vocdesk.engine.tagging.taxonomy import Rule
from vocdesk.i18n import _

DEBOUNCE_MS = 350
HIGHLIGHT = "#ffd54f"


def highlight_html(text: str, spans) -> str:
    """HTML of ``text`` with the code-point ``spans`` highlighted."""
    out, pos = [], 0
    for start, end in sorted(spans):
        start, end = max(start, pos), min(end, len(text))
        if end <= start:
            continue
        out.append(html.escape(text[pos:start]))
        out.append(f"<span style='background:{HIGHLIGHT}'><b>"
                   f"{html.escape(text[start:end])}</b></span>")
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out)


class RuleEditor(QWidget):
    """One rule of ``facet = value``: id, expression, enabled, note; preview below."""

    preview_ready = Signal(object)      # RulePreview of the current expression
    syntax_checked = Signal(str)        # '' when the expression parses, else the message

    def __init__(self, session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.facet: str | None = None
        self.value: str | None = None
        self.original_id: str | None = None
        self.taxonomy = None
        self.last_preview = None
        self.error: str = ""
        self._job = None
        self._gen = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.check_now)

        form = QFormLayout()
        self.id_edit = QLineEdit()
        self.expr_edit = QPlainTextEdit()
        self.expr_edit.setPlaceholderText(_('e.g. (物流 OR 快递) NEAR/6 (慢 OR 太久) AND NOT "很快"'))
        self.expr_edit.setFixedHeight(70)
        self.expr_edit.textChanged.connect(self._on_text_changed)
        self.enabled_check = QCheckBox(_("Enabled"))
        self.note_edit = QLineEdit()
        form.addRow(_("Rule id"), self.id_edit)
        form.addRow(_("Expression"), self.expr_edit)
        row = QHBoxLayout()
        row.addWidget(self.enabled_check)
        row.addWidget(QLabel(_("Note")))
        row.addWidget(self.note_edit, 1)
        form.addRow("", row)

        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #c62828")
        self.error_label.setWordWrap(True)
        self.error_label.setTextFormat(Qt.TextFormat.RichText)
        self.hits_label = QLabel()
        self.moved_label = QLabel()
        self.moved_label.setWordWrap(True)
        self.samples_view = QTextBrowser()
        self.samples_view.setMinimumHeight(120)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(form)
        lay.addWidget(self.error_label)
        lay.addWidget(self.hits_label)
        lay.addWidget(self.samples_view, 1)
        lay.addWidget(self.moved_label)
        self.setEnabled(False)

    # --- content -------------------------------------------------------------------------------
    def set_rule(self, facet: str | None, value: str | None, rule: Rule | None,
                 taxonomy=None) -> None:
        """Show a rule (None: nothing to edit) of ``facet = value`` of the edited taxonomy."""
        self.facet, self.value, self.taxonomy = facet, value, taxonomy
        self.original_id = rule.id if rule else None
        self.setEnabled(rule is not None)
        self.expr_edit.blockSignals(True)
        self.id_edit.setText(rule.id if rule else "")
        self.expr_edit.setPlainText(rule.expr if rule else "")
        self.enabled_check.setChecked(rule.enabled if rule else True)
        self.note_edit.setText((rule.note or "") if rule else "")
        self.expr_edit.blockSignals(False)
        self._clear_results()
        if rule is not None:
            self.check_now()

    def expr(self) -> str:
        return self.expr_edit.toPlainText().strip()

    def rule(self) -> Rule:
        return Rule(self.id_edit.text().strip() or (self.original_id or ""), self.expr(),
                    self.enabled_check.isChecked(), self.note_edit.text().strip() or None)

    def _clear_results(self) -> None:
        self.last_preview = None
        self.error = ""
        self.error_label.setText("")
        self.hits_label.setText("")
        self.moved_label.setText("")
        self.samples_view.clear()

    # --- preview -------------------------------------------------------------------------------
    def _on_text_changed(self) -> None:
        self._gen += 1
        self.last_preview = None
        self.hits_label.setText(_("…"))
        self._timer.start()

    def check_now(self, on_ready=None) -> bool:
        """Parse now; if it parses, start the background preview. False on a syntax error.

        ``on_ready(preview)`` is called once with the result for this expression.
        """
        self._timer.stop()
        expr = self.expr()
        try:
            parse_rule(expr)
        except RuleSyntaxError as exc:
            self.error = str(exc)
            text = html.escape(_("Syntax error: {msg}").format(msg=exc))
            m = re.search(r"column (\d+)", self.error)
            if m:   # point at the place: the expression with a caret where parsing stopped
                col = max(0, min(len(expr), int(m.group(1)) - 1))
                text += (f"<br><code>{html.escape(expr[:col])}<span style='background:#ffcdd2'>"
                         f"<b style='color:#c62828'>▮</b></span>{html.escape(expr[col:])}</code>")
            self.error_label.setText(text)
            self.hits_label.setText("")
            self.moved_label.setText("")
            self.samples_view.clear()
            self.syntax_checked.emit(self.error)
            return False
        self.error = ""
        self.error_label.setText("")
        self.syntax_checked.emit("")
        if self.session.workspace is None or self.facet is None:
            return True
        if self._job is not None:
            self._job.cancel()
        gen = self._gen
        facet, value, rid = self.facet, self.value, self.original_id
        tax = copy.deepcopy(self.taxonomy) if self.taxonomy is not None else None
        self.hits_label.setText(_("Counting matches…"))

        def done(preview):
            if gen != self._gen:
                return          # the text changed since: a newer preview is coming
            if not shiboken6.isValid(self.hits_label):
                return          # the editor was closed while the preview ran
            self._show(preview)
            if on_ready is not None:
                on_ready(preview)

        def finished(job_ref=None):
            self._job = None

        self._job = self.session.run_job(
            _("Rule preview"),
            lambda ws, p: preview_rule(ws, expr, facet, value, 20, p, rule_id=rid, taxonomy=tax),
            on_done=done, on_failed=self._failed, topics=())
        self._job.signals.finished.connect(finished)
        self._job.signals.progress.connect(
            lambda done, total, _m, gen=gen: self._progress(gen, done, total))
        return True

    def _progress(self, gen: int, done: int, total: int) -> None:
        if not shiboken6.isValid(self):      # the job outlived the editor (page closed)
            return
        if gen == self._gen and total and self.last_preview is None and not self.error:
            self.hits_label.setText(_("Counting matches… {pct}").format(pct=f"{done / total:.0%}"))

    def _show(self, preview) -> None:
        self.last_preview = preview
        self.hits_label.setText(_("{hits} of {total} rows match this rule").format(
            hits=f"{preview.hits:,}", total=f"{preview.total:,}"))
        parts = [f"<p>{highlight_html(s.text, s.spans)}</p>" for s in preview.samples]
        self.samples_view.setHtml("".join(parts) or f"<i>{html.escape(_('No matches'))}</i>")
        self.moved_label.setText(self.moved_text(preview))
        self.preview_ready.emit(preview)

    def moved_text(self, preview) -> str:
        return _("Saving would add {value} to {i} rows and remove it from {o} rows "
                 "(compared with the current automatic tags).").format(
            value=preview.value, i=f"{preview.moved_in:,}", o=f"{preview.moved_out:,}")

    def _failed(self, message: str) -> None:
        self.error_label.setText(html.escape(message))
        self.hits_label.setText("")
