"""The report builder's preview: a pack's pages rendered as images, one under the other.

PySide6-Essentials has no QtPdf (that module is in the large Addons wheel), so pages are
rendered with pypdfium2 (PDFium, the engine of Chrome's PDF viewer) in the build job, off the
GUI thread: :func:`render_pages` returns plain RGB buffers, the widget only wraps them in
QImages. Without pypdfium2 the preview says so and export still works.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from vocdesk.i18n import _

#: Pages rendered for the preview (the file itself always has them all).
MAX_PAGES = 40
WIDTH_PX = 760


def render_pages(pdf: bytes, width_px: int = WIDTH_PX, max_pages: int = MAX_PAGES,
                 progress=None) -> list[tuple[int, int, bytes]] | None:  # noqa: ANN001
    """(width, height, RGB bytes) of each page, or None when pypdfium2 is missing."""
    try:
        import numpy as np
        import pypdfium2 as pdfium
    except ImportError:
        return None
    doc = pdfium.PdfDocument(pdf)
    out = []
    try:
        count = min(len(doc), max_pages)
        for i in range(count):
            if progress is not None:
                progress.update(i, count, _("Rendering page {n} of {total}").format(
                    n=i + 1, total=count))
                progress.check()
            page = doc[i]
            bitmap = page.render(scale=width_px / page.get_width(), rev_byteorder=True)
            arr = np.ascontiguousarray(bitmap.to_numpy()[:, :, :3])
            out.append((arr.shape[1], arr.shape[0], arr.tobytes()))
            page.close()
    finally:
        doc.close()
    return out


class PdfPreview(QScrollArea):
    """Rendered pages in a scroll area (``set_pages``), or a line of text (``set_message``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("report-preview")
        self.setWidgetResizable(True)
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.setStyleSheet("#report-preview { background: #8a8f98; }")
        self._inner = QWidget()
        self._inner.setStyleSheet("background: #8a8f98;")
        self._lay = QVBoxLayout(self._inner)
        self._lay.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self._lay.setSpacing(12)
        self.setWidget(self._inner)
        self.page_labels: list[QLabel] = []
        self.set_message(_("Choose a template and a scope, then press Preview."))

    def _clear(self) -> None:
        while self._lay.count():
            item = self._lay.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.page_labels = []

    def set_message(self, text: str) -> None:
        self._clear()
        note = QLabel(text)
        note.setWordWrap(True)
        note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        note.setMinimumWidth(520)
        note.setStyleSheet("color: white; font-size: 11pt; padding: 40px;")
        self._lay.addWidget(note)

    def set_pages(self, pages: list[tuple[int, int, bytes]]) -> None:
        self._clear()
        for w, h, data in pages:
            image = QImage(data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()
            lab = QLabel()
            lab.setPixmap(QPixmap.fromImage(image))
            lab.setStyleSheet("background: white;")
            self._lay.addWidget(lab)
            self.page_labels.append(lab)
        self.verticalScrollBar().setValue(0)
