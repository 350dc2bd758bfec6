"""Packaging: every shipped file is found through vocdesk.resources, as installed package data.

The wheel itself is built and run from a clean venv by scripts/check-wheel.sh (CI); these tests
keep the pieces that make that work from drifting.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from vocdesk import resources

ROOT = Path(__file__).resolve().parents[1]


def test_every_named_resource_exists_in_the_installed_package():
    for name in resources.ALL:
        assert resources.path(name).exists(), name
    assert resources.i18n_catalog("zh_CN").is_file()


def test_resources_are_found_as_the_vocdesk_resources_package():
    import vocdesk_resources

    assert Path(vocdesk_resources.__file__).resolve().parent == resources.root().resolve()


def test_no_module_finds_resources_by_counting_parent_directories():
    offenders = []
    for py in (ROOT / "vocdesk").rglob("*.py"):
        text = py.read_text(encoding="utf-8")
        if re.search(r"parents\[\d\]", text) and "resources" in text:
            offenders.append(str(py.relative_to(ROOT)))
    spec = (ROOT / "packaging/pyinstaller/vocdesk.spec").read_text(encoding="utf-8")
    assert "resources.root()" in spec and '"resources"' not in spec
    assert offenders == []


def test_every_resource_file_is_declared_as_package_data():
    """setup.py lists each resources/ sub-directory as a data package: a new one is picked up."""
    import runpy
    from unittest import mock

    with mock.patch("setuptools.setup") as setup:
        runpy.run_path(str(ROOT / "setup.py"))
    kwargs = setup.call_args.kwargs
    on_disk = {p.parent for p in (ROOT / "resources").rglob("*")
               if p.is_file() and "__pycache__" not in p.parts}
    declared = {ROOT / "resources" / Path(*pkg.split(".")[1:]) for pkg in kwargs["package_data"]
                if pkg.startswith(resources.PACKAGE)}
    assert on_disk <= declared
    assert kwargs["package_dir"] == {resources.PACKAGE: "resources"}


def test_license_is_an_spdx_string():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert meta["project"]["license"] == "Apache-2.0"
