"""Okapi BM25 over pre-tokenised chunks, stored as plain arrays (no pickle).

Postings are kept in CSR form (term → chunk ids and term frequencies), so a query touches
only the postings of its own terms; nothing is recomputed per query.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np


@dataclass
class BM25Index:
    vocab: dict[str, int]
    indptr: np.ndarray  # (n_terms + 1,) int64
    indices: np.ndarray  # chunk ids, int32
    tf: np.ndarray  # term frequencies, float32
    doc_len: np.ndarray  # (n_chunks,) float32
    k1: float = 1.5
    b: float = 0.75

    @classmethod
    def build(cls, token_lists: list[list[str]], k1: float = 1.5, b: float = 0.75) -> BM25Index:
        postings: dict[str, list[tuple[int, int]]] = {}
        for chunk_id, tokens in enumerate(token_lists):
            for term, count in Counter(tokens).items():
                postings.setdefault(term, []).append((chunk_id, count))
        vocab = {term: i for i, term in enumerate(sorted(postings))}
        indptr = np.zeros(len(vocab) + 1, dtype=np.int64)
        indices, tf = [], []
        for term, i in vocab.items():
            plist = postings[term]
            indptr[i + 1] = indptr[i] + len(plist)
            indices.extend(p[0] for p in plist)
            tf.extend(p[1] for p in plist)
        doc_len = np.array([len(t) for t in token_lists], dtype=np.float32)
        return cls(vocab, indptr, np.array(indices, dtype=np.int32), np.array(tf, dtype=np.float32), doc_len, k1, b)

    def __post_init__(self) -> None:
        # Everything that does not depend on the query, once: a query then costs a multiply-add per posting.
        self.avgdl = (float(self.doc_len.mean()) if len(self.doc_len) else 1.0) or 1.0
        df = np.diff(self.indptr).astype(np.float64)
        self.idf = np.log(1.0 + (self.n_chunks - df + 0.5) / (df + 0.5))  # per term
        norm = self.k1 * (1 - self.b + self.b * self.doc_len[self.indices] / self.avgdl)
        self.weights = (self.tf * (self.k1 + 1) / (self.tf + norm)).astype(np.float32)  # per posting

    @property
    def n_chunks(self) -> int:
        return len(self.doc_len)

    def scores(self, query_tokens: list[str]) -> np.ndarray:
        """BM25 score of every chunk for the query (zeros where no term matches)."""
        ids, contributions = [], []
        for term, qtf in Counter(query_tokens).items():
            i = self.vocab.get(term)
            if i is None:
                continue
            start, end = self.indptr[i], self.indptr[i + 1]
            ids.append(self.indices[start:end])
            contributions.append(qtf * self.idf[i] * self.weights[start:end])
        if not ids:
            return np.zeros(self.n_chunks, dtype=np.float32)
        summed = np.bincount(np.concatenate(ids), weights=np.concatenate(contributions), minlength=self.n_chunks)
        return summed.astype(np.float32)

    def top(self, query_tokens: list[str], n: int, rows: np.ndarray | None = None) -> dict[int, float]:
        """The n best chunks with a positive score (among `rows` when given): chunk id → score, best first,
        ties in chunk order. Selected with argpartition rather than a sort of every chunk."""
        scores = self.scores(query_tokens)
        if rows is not None:
            allowed = np.zeros(len(scores), dtype=bool)
            allowed[rows] = True
            scores = np.where(allowed, scores, 0.0)
        ids = np.flatnonzero(scores > 0)
        if len(ids) > n:
            nth = np.partition(scores[ids], len(ids) - n)[len(ids) - n]  # the n-th best score
            above, tied = ids[scores[ids] > nth], ids[scores[ids] == nth]
            ids = np.concatenate([above, tied[: n - len(above)]])
        ids = ids[np.lexsort((ids, -scores[ids]))]
        return {int(i): float(scores[i]) for i in ids}

    def save(self, folder: Path) -> None:
        (folder / "bm25_vocab.json").write_text(
            json.dumps({"k1": self.k1, "b": self.b, "vocab": self.vocab}, ensure_ascii=False), encoding="utf-8"
        )
        np.save(folder / "bm25_indptr.npy", self.indptr)
        np.save(folder / "bm25_indices.npy", self.indices)
        np.save(folder / "bm25_tf.npy", self.tf)
        np.save(folder / "bm25_doclen.npy", self.doc_len)

    @classmethod
    def load(cls, folder: Path, mmap: bool = False) -> BM25Index:
        """The arrays `save` wrote; with `mmap`, mapped read-only instead of read into memory."""
        meta = json.loads((folder / "bm25_vocab.json").read_text(encoding="utf-8"))
        arrays = [np.load(folder / f"bm25_{name}.npy", allow_pickle=False, mmap_mode="r" if mmap else None)
                  for name in ("indptr", "indices", "tf", "doclen")]
        index = cls(meta["vocab"], *arrays, k1=meta["k1"], b=meta["b"])
        if len(index.indptr) != len(index.vocab) + 1 or len(index.indices) != len(index.tf):
            raise ValueError("BM25 arrays do not match their vocabulary")
        return index
