"""pyproject.toml and environment.yml name the same packages with the same versions."""

from __future__ import annotations

import re
import tomllib

import yaml

from analysis.config import PROJECT_ROOT

IGNORED = {"python", "pip"}


def _name(text: str) -> str:
    return text.strip().lower().replace("_", "-")


def _pyproject_pins() -> dict[str, str]:
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = {}
    for requirement in project["dependencies"] + project["optional-dependencies"]["dev"]:
        match = re.fullmatch(r"([A-Za-z0-9_.\-]+)\s*==\s*([^\s;]+)", requirement)
        assert match, f"pyproject.toml: {requirement!r} is not pinned with =="
        pins[_name(match.group(1))] = match.group(2)
    return pins


def _environment_pins() -> dict[str, str]:
    environment = yaml.safe_load((PROJECT_ROOT / "environment.yml").read_text(encoding="utf-8"))
    pins = {}
    for entry in environment["dependencies"]:
        if isinstance(entry, dict):
            specs = [(spec, "==") for spec in entry.get("pip", []) if not spec.strip().startswith("-e")]
        else:
            specs = [(entry, "=")]
        for spec, operator in specs:
            name, _, pinned = spec.partition(operator)
            if _name(name) in IGNORED:
                continue
            assert pinned, f"environment.yml: {spec!r} has no version"
            pins[_name(name)] = pinned.strip().lstrip("=")
    return pins


def test_environment_matches_pyproject():
    assert _environment_pins() == _pyproject_pins()


def test_environment_pins_parsed():
    # guard against a parser that finds nothing: the core packages are there
    pins = _pyproject_pins()
    assert {"pandas", "pandera", "openpyxl", "vietnamadminunits", "pytest", "hypothesis"} <= set(pins)
