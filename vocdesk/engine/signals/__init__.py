"""Weak signals: keyword combinations whose recent rate grows abnormally from a small base.

``combos`` turns an analysed row into combination keys, ``record`` keeps their counts at
analysis time, ``detect`` runs the exact conditional test with FDR control, ``service`` is
``ws.signals``.
"""
