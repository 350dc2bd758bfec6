"""Every file vocdesk ships besides its code, named in one place and found one way.

The files live in the top-level ``resources/`` directory of the source tree (the layout asks for
it). The build (``setup.py``) installs that directory as the importable package
``vocdesk_resources``, so a wheel, an editable install and a PyInstaller bundle all find it
through :mod:`importlib.resources` — never by counting ``Path(__file__).parents``, which breaks
as soon as the code is installed into ``site-packages`` without the tree around it.

Callers get real filesystem paths (Qt, numpy and the font database want paths): wheels are
always installed unzipped, and :func:`path` refuses a zipped location clearly rather than
handing out a path that does not exist.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files
from pathlib import Path

PACKAGE = "vocdesk_resources"
SOURCE_DIR = "resources"

# Every shipped resource, relative to the resources root.
DEFAULT_TAXONOMY = "taxonomy/default.yaml"
ZH_SENTIMENT_MODEL = "models/zh_sentiment.npz"
EN_SENTIMENT_MODEL = "models/en_sentiment.npz"
APP_ICON = "icons/vocdesk.svg"
CJK_FONT = "fonts/wqy-microhei.ttc"
EMOJI_FONT = "fonts/NotoColorEmoji.ttf"   # fallback family: emoji in feedback text
I18N_DIR = "i18n"

ALL = (DEFAULT_TAXONOMY, ZH_SENTIMENT_MODEL, EN_SENTIMENT_MODEL, APP_ICON, CJK_FONT, EMOJI_FONT, I18N_DIR)


@lru_cache(maxsize=1)
def root() -> Path:
    """The directory holding the resources (installed package ``vocdesk_resources``)."""
    try:
        where = files(PACKAGE)
    except ModuleNotFoundError as exc:  # running from a tree that was never installed
        raise RuntimeError(
            f"vocdesk's resources are not installed (no package {PACKAGE!r}): "
            "run `bash scripts/setup.sh` (pip install -e .) or install the wheel") from exc
    if not isinstance(where, Path):
        raise RuntimeError(f"vocdesk's resources are inside an archive ({where}); "
                           "install vocdesk unzipped")
    return where


def path(name: str) -> Path:
    """The filesystem path of one resource named above (e.g. ``resources.path(APP_ICON)``)."""
    return root() / name


def i18n_catalog(lang: str) -> Path:
    """The JSON catalogue of a language (``i18n/<lang>.json``; may not exist, e.g. for en)."""
    return root() / I18N_DIR / f"{lang}.json"
