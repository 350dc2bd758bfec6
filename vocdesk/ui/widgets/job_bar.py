"""Status-bar widget: the running job's title, a progress bar, its rate, and Cancel."""

from __future__ import annotations

import time

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from vocdesk.i18n import _


class JobBar(QWidget):
    def __init__(self, session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.job = None
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel()
        self.bar = QProgressBar()
        self.bar.setFixedWidth(220)
        self.rate = QLabel()
        self.cancel_button = QPushButton(_("Cancel"))
        self.cancel_button.clicked.connect(self.cancel)
        for w in (self.title, self.bar, self.rate, self.cancel_button):
            lay.addWidget(w)
        session.job_started.connect(self._started)
        session.job_finished.connect(self._finished)
        self.setVisible(False)

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.title.setText(_("Cancelling…"))
            self.cancel_button.setEnabled(False)

    def _started(self, job) -> None:
        self.job = job
        self.title.setText(job.title)
        self.bar.setRange(0, 0)
        self.rate.setText("")
        self.cancel_button.setEnabled(True)
        job.signals.progress.connect(self._progress)
        self.setVisible(True)

    def _progress(self, done: int, total: int, message: str) -> None:
        if self.job is None:
            return
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
        else:
            self.bar.setRange(0, 0)
        if message:
            self.title.setText(f"{self.job.title}: {_(message)}")
        elapsed = max(time.monotonic() - self.job.started_at, 1e-3)
        if done:
            self.rate.setText(_("{rate:,.0f}/s").format(rate=done / elapsed))

    def _finished(self, job) -> None:
        if job is not self.job:
            return
        running = self.session.jobs.jobs
        if running:
            self._started(running[-1])
        else:
            self.job = None
            self.setVisible(False)
