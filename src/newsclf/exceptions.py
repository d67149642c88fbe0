"""Exceptions raised by newsclf.

Hierarchy::

    NewsclfError
    ├── UnknownLabelError (also ValueError)      a label outside the model's taxonomy
    ├── TrainingDataError (also ValueError)      empty dataset, missing column, bad rows
    └── ModelLoadError                           a saved model that cannot be trusted or read
        ├── ModelIntegrityError                  a file whose sha256 differs from the manifest
        └── UntrustedModelError (also TypeError) a model file with types newsclf does not trust

Bad article input raises the built-in ``TypeError`` with what was received and what
is expected.
"""

from __future__ import annotations

__all__ = [
    "NewsclfError",
    "UnknownLabelError",
    "TrainingDataError",
    "ModelLoadError",
    "ModelIntegrityError",
    "UntrustedModelError",
    "ModelVersionWarning",
]


class NewsclfError(Exception):
    """Base class of newsclf's own errors."""


class UnknownLabelError(NewsclfError, ValueError):
    """A label id that is not in the head's taxonomy; the message lists the valid ids."""


class TrainingDataError(NewsclfError, ValueError):
    """Training data that cannot be used as given; the message gives counts."""


class ModelLoadError(NewsclfError):
    """A saved model folder that cannot be loaded; the message says why and what to do."""


class ModelIntegrityError(ModelLoadError):
    """A model file whose sha256 does not match the manifest: it was changed or corrupted."""


class UntrustedModelError(ModelLoadError, TypeError):
    """A model file holding types outside newsclf's allow-list; it is never executed."""


class ModelVersionWarning(UserWarning):
    """A model saved by another newsclf or scikit-learn version than the running one."""
