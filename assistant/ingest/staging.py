"""A change to the corpus folder staged beside it, then committed by renames — or dropped.

The stage is a hidden folder inside the corpus folder (same file system, so `os.replace`
is atomic) holding a *view* of the corpus as it will be after the change: copies of the
unchanged `*.txt`, the new document, the new `metadata.json`. The index is built from
that view, so its manifest already fingerprints the final corpus. A `plan.json` lists
the renames that make the change real; after a crash, `recover()` finishes a change whose
index is already live and throws away any other.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import uuid
from pathlib import Path

log = logging.getLogger(__name__)

STAGE_PREFIX = ".ingest-"
METADATA = "metadata.json"
ORIGINALS = "originals"


def write_atomic(path: Path, data: bytes) -> None:
    """Write via a temporary file in the same folder and `os.replace`, fsynced."""
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def corpus_texts(corpus_dir: Path) -> list[Path]:
    """The corpus documents: visible `*.txt` files directly in the folder."""
    return sorted(p for p in corpus_dir.glob("*.txt") if p.is_file() and not p.name.startswith("."))


class Stage:
    """One staged change: a view folder plus the renames (`moves`) that apply it."""

    def __init__(self, corpus_dir: Path) -> None:
        self.corpus_dir = corpus_dir
        self.dir = corpus_dir / f"{STAGE_PREFIX}{uuid.uuid4().hex[:12]}"
        self.view = self.dir / "view"
        self.moves: list[tuple[str, str]] = []  # (src, dst) relative to corpus_dir
        self.view.mkdir(parents=True)
        (self.dir / "trash").mkdir()

    def copy_corpus(self, exclude: set[str]) -> None:
        """Copy the current documents and metadata.json into the view, except `exclude`."""
        for path in corpus_texts(self.corpus_dir):
            if path.name not in exclude:
                shutil.copyfile(path, self.view / path.name)
        if (self.corpus_dir / METADATA).is_file():
            shutil.copyfile(self.corpus_dir / METADATA, self.view / METADATA)

    def put(self, name: str, data: bytes, target: str | None = None) -> None:
        """Write a file into the view; on commit it replaces `target` (default: `name`) in the corpus."""
        write_atomic(self.view / name, data)
        self.moves.append((self._rel(self.view / name), target or name))

    def put_original(self, name: str, data: bytes) -> None:
        """Keep the uploaded file; on commit it goes to corpus/originals/<name>."""
        originals = self.dir / ORIGINALS
        originals.mkdir(exist_ok=True)
        write_atomic(originals / name, data)
        self.moves.append((self._rel(originals / name), f"{ORIGINALS}/{name}"))

    def discard(self, rel: str) -> None:
        """On commit, move `rel` (relative to the corpus folder) out of the corpus into the trash."""
        self.moves.append((rel, self._rel(self.dir / "trash" / rel.replace("/", "__"))))

    def write_plan(self, state: str, fingerprint: dict | None = None) -> None:
        """Record the renames; state "indexing" carries the fingerprint the new index will have."""
        plan = {"state": state, "fingerprint": fingerprint, "moves": self.moves}
        write_atomic(self.dir / "plan.json", json.dumps(plan, ensure_ascii=False, indent=1).encode("utf-8"))

    def commit(self) -> None:
        """Apply the renames; the plan is marked first so a crash half-way is finished by `recover`."""
        self.write_plan("committing")
        _apply(self.corpus_dir, self.moves)
        self.cleanup()

    def cleanup(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)

    def _rel(self, path: Path) -> str:
        return path.relative_to(self.corpus_dir).as_posix()


def _apply(corpus_dir: Path, moves: list) -> None:
    (corpus_dir / ORIGINALS).mkdir(exist_ok=True)
    for src, dst in moves:
        source = corpus_dir / src
        if source.exists():  # already moved by an earlier, interrupted commit
            os.replace(source, corpus_dir / dst)


def recover(corpus_dir: Path, live_fingerprint) -> list[str]:
    """Finish or drop stages left by a crashed add/remove; call with the corpus lock held.

    Args:
        corpus_dir: the corpus folder.
        live_fingerprint: callable returning the live index's corpus fingerprint (or None).
    Returns:
        What was done, one line per stage (for logs).
    """
    done: list[str] = []
    for stage_dir in sorted(corpus_dir.glob(f"{STAGE_PREFIX}*")):
        plan_path = stage_dir / "plan.json"
        try:
            plan = json.loads(plan_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            plan = None
        finish = plan is not None and (
            plan.get("state") == "committing"
            or (plan.get("state") == "indexing" and plan.get("fingerprint") == live_fingerprint())
        )
        if finish:
            _apply(corpus_dir, [tuple(move) for move in plan["moves"]])
            done.append(f"完成了中断的操作 {stage_dir.name}")
        else:
            done.append(f"丢弃了未完成的操作 {stage_dir.name}")
        shutil.rmtree(stage_dir, ignore_errors=True)
    for line in done:
        log.info(line)
    return done
