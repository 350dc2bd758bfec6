"""Charts (pyqtgraph) of the workbench, and the one helper they share."""

from __future__ import annotations


def adopt_plot_menus(plot, owner) -> None:
    """Give a ``PlotWidget``'s context menus to ``owner`` so they die with it.

    pyqtgraph builds the PlotItem's "Plot Options" menu (and the ViewBox menu) without a
    parent: every chart would otherwise leave a top-level QMenu alive after its page closed.
    """
    item = plot.getPlotItem()
    menus = [getattr(item, "ctrlMenu", None), getattr(item.getViewBox(), "menu", None)]
    for menu in menus:
        if menu is not None and menu.parent() is None:
            menu.setParent(owner, menu.windowFlags())
