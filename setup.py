"""Build hook: put the shipped model (models/newsclf-en) inside the wheel.

Wheels carry it as package data under ``newsclf/_models/``, where
``newsclf.default_model_path()`` looks first; editable installs read ``models/``
of the checkout instead. All other metadata lives in pyproject.toml.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

MODELS = Path(__file__).resolve().parent / "models"


class BuildWithModels(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        for model in sorted(p for p in MODELS.glob("*") if (p / "manifest.json").is_file()):
            target = Path(self.build_lib) / "newsclf" / "_models" / model.name
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(model, target)


setup(cmdclass={"build_py": BuildWithModels})
