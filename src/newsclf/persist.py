"""Saving and loading model folders safely.

A model folder holds its files, a ``manifest.json`` with the sha256 of each of them
and the versions that wrote them, and a ``MODEL_CARD.md``. Loading reads the manifest
first, checks every listed file's hash, and only then opens the files: scikit-learn
objects through skops with an allow-list of types (never plain pickle), arrays through
NumPy with ``allow_pickle=False``, settings from JSON.
"""

from __future__ import annotations

import hashlib
import json
import logging
import warnings
import zipfile
from pathlib import Path
from typing import Any

from newsclf.exceptions import ModelIntegrityError, ModelLoadError, ModelVersionWarning, UntrustedModelError

__all__ = [
    "MANIFEST",
    "MODEL_CARD",
    "FORMAT",
    "FORMAT_VERSION",
    "sha256_file",
    "save_npz",
    "dump_sklearn",
    "load_sklearn",
    "write_manifest",
    "read_verified_manifest",
]

logger = logging.getLogger(__name__)

MANIFEST = "manifest.json"
MODEL_CARD = "MODEL_CARD.md"
FORMAT = "newsclf-model"
FORMAT_VERSION = 1


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def dump_sklearn(obj: Any, path: Path) -> None:
    """Save a scikit-learn object with skops, compressed."""
    import skops.io as sio

    sio.dump(obj, path, compression=zipfile.ZIP_DEFLATED)


def load_sklearn(path: Path) -> Any:
    """Load a skops file, refusing any type outside scikit-learn, NumPy and SciPy."""
    import skops.io as sio

    try:
        untrusted = sio.get_untrusted_types(file=path)
    except Exception as exc:  # not a skops file at all (e.g. a pickle renamed)
        raise UntrustedModelError(
            f"{path} is not a valid skops file ({type(exc).__name__}: {exc}); newsclf never loads "
            "pickles. Re-save the model with newsclf's save()."
        ) from exc
    if untrusted:
        raise UntrustedModelError(
            f"{path} contains types newsclf does not trust: {untrusted}. It was not loaded and nothing in it "
            "ran. Only the scikit-learn, NumPy and SciPy types that skops trusts by default are allowed; "
            "re-train or re-save the model with newsclf."
        )
    return sio.load(path)


#: An array is stored uncompressed when deflate would keep more than this share of its bytes:
#: float weights barely compress (the conflict-types coefficients: 11.4 MB -> 10.5 MB), and
#: inflating them took about 0.1-0.2 s of every model load for 0.9 MB saved.
_STORE_ABOVE = 0.8


def save_npz(path: Path, arrays: dict[str, Any]) -> None:
    """Like ``numpy.savez_compressed`` but byte-for-byte reproducible (fixed zip timestamps),
    so the same fit gives the same file hashes, and with each array deflated only when that
    pays (see :data:`_STORE_ABOVE`). Object arrays are refused (no pickles)."""
    import io
    import zlib

    import numpy as np

    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(arrays):
            arr = np.asanyarray(arrays[name])
            if arr.dtype.hasobject:
                raise TypeError(f"array {name!r} has dtype object; convert it (e.g. to str) before saving")
            buf = io.BytesIO()
            np.lib.format.write_array(buf, arr, allow_pickle=False)
            raw = buf.getvalue()
            deflate = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
            packed = len(deflate.compress(raw)) + len(deflate.flush())
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED if packed > _STORE_ABOVE * len(raw) else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            with zf.open(info, "w", force_zip64=True) as fh:
                fh.write(raw)


def write_manifest(folder: Path, files: list[str], meta: dict[str, Any]) -> dict[str, Any]:
    """Write the manifest with the sha256 of every listed file; return it."""
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        **meta,
        "files": {name: sha256_file(folder / name) for name in sorted(files)},
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=False) + "\n", encoding="utf-8")
    return manifest


def read_verified_manifest(folder: Path) -> dict[str, Any]:
    """Read the manifest and check every file against its sha256 before anything is loaded."""
    mpath = folder / MANIFEST
    if folder.is_file():
        raise ModelLoadError(f"{folder} is a file, not a model folder; pass the folder a model was saved to "
                             f"(here, perhaps {folder.parent})")
    if not folder.is_dir():
        raise ModelLoadError(f"model folder {folder} does not exist; pass the folder a model was saved to")
    if not mpath.is_file():
        raise ModelLoadError(f"{folder} has no {MANIFEST}; it is not a newsclf model folder")
    try:
        manifest = json.loads(mpath.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ModelLoadError(f"{mpath} is not valid JSON: {exc}") from exc
    if manifest.get("format") != FORMAT:
        raise ModelLoadError(f"{mpath} is not a newsclf model manifest (format={manifest.get('format')!r})")
    if int(manifest.get("format_version", 0)) > FORMAT_VERSION:
        raise ModelLoadError(
            f"model format {manifest.get('format_version')} was written by newsclf "
            f"{manifest.get('newsclf_version')}; this newsclf reads format {FORMAT_VERSION}: upgrade newsclf"
        )
    for name, digest in manifest.get("files", {}).items():
        fpath = folder / name
        if not fpath.is_file():
            raise ModelIntegrityError(f"{fpath} is listed in the manifest but missing")
        actual = sha256_file(fpath)
        if actual != digest:
            raise ModelIntegrityError(
                f"{fpath} does not match its manifest: sha256 {actual[:16]}... != {digest[:16]}...; "
                "the file was changed or corrupted, so it is not loaded. Restore it or re-train."
            )
    _check_versions(manifest, folder)
    return manifest


def _sklearn_version() -> str:
    """The installed scikit-learn version, read from package metadata (importing
    scikit-learn itself costs over a second and loading a frozen model does not need it)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("scikit-learn")
    except PackageNotFoundError:  # pragma: no cover - unusual installs
        import sklearn

        return str(sklearn.__version__)


def _check_versions(manifest: dict[str, Any], folder: Path) -> None:
    from newsclf import __version__
    from newsclf.taxonomy import TAXONOMY_VERSION

    saved_skl = manifest.get("sklearn_version")
    running_skl = _sklearn_version()
    if saved_skl and saved_skl != running_skl:
        warnings.warn(
            f"model {folder} was saved with scikit-learn {saved_skl}, running {running_skl}: "
            "predictions may differ; install the saved version or re-train",
            ModelVersionWarning,
            stacklevel=_caller_level(),
        )
    saved_nc = manifest.get("newsclf_version")
    if saved_nc and saved_nc.split(".")[:2] != __version__.split(".")[:2]:
        warnings.warn(
            f"model {folder} was saved with newsclf {saved_nc}, running newsclf {__version__}",
            ModelVersionWarning,
            stacklevel=_caller_level(),
        )
    _check_gazetteer(manifest, folder)
    tax = manifest.get("taxonomy_version")
    if tax and manifest.get("custom_taxonomy") is not True and tax != TAXONOMY_VERSION:
        raise ModelLoadError(
            f"model {folder} uses taxonomy v{tax}; this newsclf knows v{TAXONOMY_VERSION}. "
            "Use the newsclf version it was trained with or re-train."
        )


def _check_gazetteer(manifest: dict[str, Any], folder: Path) -> None:
    """Warn when the model's countries head was fitted with another gazetteer than this
    newsclf's, or when the model does not say which (saved before models recorded it)."""
    from newsclf.gazetteer import MATCHER_VERSION, default_sha256

    saved = manifest.get("gazetteer_sha256")
    matcher = manifest.get("gazetteer_matcher", 1)
    if (saved == default_sha256() and matcher == MATCHER_VERSION) or not _reads_gazetteer(folder):
        return
    if saved and saved != default_sha256():
        what = (f"was trained with another gazetteer (sha256 {saved[:12]}...) than this newsclf's "
                f"({default_sha256()[:12]}...)")
    elif saved:
        what = (f"was trained with another version of the gazetteer's matching code ({matcher}) than this "
                f"newsclf's ({MATCHER_VERSION})")
    else:
        what = ("does not record the gazetteer its countries head was fitted with (it was saved before models "
                "recorded it, or retrained from such a model)")
    warnings.warn(
        f"model {folder} {what}: its countries head may read features it was not fitted on, so countries "
        "and areas may differ from its measured quality; re-train its countries head (`newsclf train` "
        "with countries labels) with this newsclf",
        ModelVersionWarning,
        stacklevel=_caller_level(),
    )


def _reads_gazetteer(folder: Path) -> bool:
    """Whether the model in ``folder`` has a head fitted on gazetteer features (countries, or the
    area head, which reads texts with their place names masked); True when its config is unreadable."""
    try:
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return True
    return bool(config.get("country_head", True) or config.get("area_head", False))


def _caller_level() -> int:
    """The ``stacklevel`` that points a warning at the first frame outside newsclf (the user's
    ``load_model`` call), from the function that calls ``warnings.warn``."""
    import sys

    package = str(Path(__file__).resolve().parent)
    frame = sys._getframe(2)  # the caller of the function that warns
    level = 2
    while frame is not None and str(Path(frame.f_code.co_filename).resolve()).startswith(package):
        frame = frame.f_back
        level += 1
    return level
