"""Save and load a fitted :class:`PersonaSegmenter` without pickle.

A saved segmenter is a folder with two files:

``segmenter.json``
    canonical JSON (:func:`personakit._json.dumps`): format version, constructor
    settings, method and reasons, the encoding of every variable (levels, scales,
    weights), the selection table, per-persona stability, likelihood figures, and the
    names and shapes of the arrays. Respondent ids only with ``include_labels=True``.
``arrays.npz``
    the numeric parameters (centres, class probabilities, means, variances,
    prototypes, the hierarchical tree), read back with ``allow_pickle=False`` so
    loading a file can never run code.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from personakit._errors import SegmentationError
from personakit._json import dumps
from personakit.segment._encoding import MixedEncoder

__all__ = ["FORMAT", "load_segmenter", "save_segmenter"]

FORMAT = "personakit.segmenter/1"
_JSON = "segmenter.json"
_NPZ = "arrays.npz"


def save_segmenter(seg, path, *, include_labels: bool = False) -> Path:
    """Write ``seg`` to folder ``path`` (see the module docstring); returns the folder."""
    folder = Path(path)
    if folder.exists() and not folder.is_dir():
        raise SegmentationError(
            f"save({str(path)!r}): that path is a file; give a folder name (it will hold "
            f"{_JSON} and {_NPZ})."
        )
    folder.mkdir(parents=True, exist_ok=True)
    arrays = {f"model__{k}": np.asarray(v, dtype=float) for k, v in seg._model.items()}
    if seg.linkage_ is not None:
        arrays["linkage"] = np.asarray(seg.linkage_, dtype=float)
    meta = seg.to_dict(include_labels=False)
    meta.update(
        {
            "format": FORMAT,
            "encoder": seg._encoder.to_dict(),
            "engine_settings": seg._engine_settings,
            "arrays": sorted(arrays),
            "stability_table": {
                "persona": seg.stability_.index.tolist(),
                **{c: seg.stability_[c].tolist() for c in seg.stability_.columns},
            },
        }
    )
    if include_labels:
        meta["labels"] = {str(k): int(v) for k, v in seg.labels_.items()}
        if seg.probabilities_ is not None:
            arrays["probabilities"] = seg.probabilities_.to_numpy(dtype=float)
            meta["probability_ids"] = [str(i) for i in seg.probabilities_.index]
        if getattr(seg, "_leaf_ids", None) is not None:
            meta["leaf_ids"] = list(seg._leaf_ids)
        meta["dropped"] = seg.dropped_.to_dict(orient="records")
    (folder / _JSON).write_text(dumps(meta), encoding="utf-8")
    with open(folder / _NPZ, "wb") as fh:
        np.savez(fh, **arrays)
    return folder


def load_segmenter(cls, path):
    """Read a folder written by :func:`save_segmenter` into a new ``cls`` instance."""
    folder = Path(path)
    meta_path, npz_path = folder / _JSON, folder / _NPZ
    if not meta_path.is_file() or not npz_path.is_file():
        raise SegmentationError(
            f"load({str(path)!r}): expected a folder with {_JSON} and {_NPZ} written by "
            "PersonaSegmenter.save(); not found."
        )
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise SegmentationError(f"{meta_path}: not valid JSON ({exc}).") from None
    if meta.get("format") != FORMAT:
        raise SegmentationError(
            f"{meta_path}: format {meta.get('format')!r} is not {FORMAT!r}; it was written by a "
            "different version of personakit. Refit the segmenter."
        )
    with np.load(npz_path, allow_pickle=False) as npz:
        arrays = {name: npz[name] for name in npz.files}
    params = dict(meta["params"])
    n_personas = params.get("n_personas")
    if isinstance(n_personas, dict) and "range" in n_personas:
        params["n_personas"] = range(*n_personas["range"])
    seg = cls(**params)
    seg._model = {
        name[len("model__") :]: value
        for name, value in arrays.items()
        if name.startswith("model__")
    }
    seg._encoder = MixedEncoder.from_dict(meta["encoder"])
    seg._engine_settings = meta.get("engine_settings", {})
    seg.method_ = meta["method"]
    seg.method_reason_ = meta["method_reason"]
    seg.n_personas_ = int(meta["n_personas"])
    seg.selection_reason_ = meta["selection_reason"]
    seg.selection_ = pd.DataFrame(meta["selection"])
    numeric = [c for c in seg.selection_.columns if c not in ("method", "note", "admissible")]
    seg.selection_[numeric] = seg.selection_[numeric].apply(pd.to_numeric, errors="coerce")
    st = meta["stability_table"]
    seg.stability_ = pd.DataFrame(
        {c: st[c] for c in st if c != "persona"},
        index=pd.Index(st["persona"], name="persona"),
    )
    order = ["size", "share", "weighted_share", "stability", "stable"]
    seg.stability_ = seg.stability_[[c for c in order if c in seg.stability_]]
    for col in ("share", "weighted_share", "stability"):
        seg.stability_[col] = pd.to_numeric(seg.stability_[col], errors="coerce").astype(float)
    seg.stability_["size"] = seg.stability_["size"].astype("int64")
    seg.stability_["stable"] = seg.stability_["stable"].astype("boolean")
    seg.encoding_ = seg._encoder.to_frame()
    seg.log_likelihood_ = meta.get("log_likelihood")
    seg.bic_ = meta.get("bic")
    seg.aic_ = meta.get("aic")
    seg.n_params_ = meta.get("n_params")
    seg.n_respondents_ = meta.get("n_respondents")
    seg.linkage_ = arrays.get("linkage")
    seg.survey_ = None
    seg._personas = None
    if "labels" in meta:
        seg.labels_ = pd.Series(
            {k: int(v) for k, v in meta["labels"].items()}, name="persona", dtype="int64"
        )
        seg.labels_.index.name = "respondent_id"
        if "probabilities" in arrays:
            seg.probabilities_ = pd.DataFrame(
                arrays["probabilities"],
                index=pd.Index(meta["probability_ids"], name="respondent_id"),
                columns=pd.Index(range(1, seg.n_personas_ + 1), name="persona"),
            )
        else:
            seg.probabilities_ = None
        if "leaf_ids" in meta:
            seg._leaf_ids = meta["leaf_ids"]
        seg.dropped_ = pd.DataFrame(meta.get("dropped", []), columns=["respondent_id", "reason"])
    else:
        seg.labels_ = None
        seg.probabilities_ = None
        seg.dropped_ = pd.DataFrame({"respondent_id": [], "reason": []}, dtype=object)
    return seg
