"""vocdesk's bundled data files, installed as the package ``vocdesk_resources``.

Not code: this file only makes the directory an importable package so that
``importlib.resources`` finds it in a wheel, an editable install and a PyInstaller bundle.
Look resources up through :mod:`vocdesk.resources`, which names every one of them.
"""
