"""A folder built once per machine, safely across processes (the materialised model, its ONNX export)."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from assistant.errors import ModelError


def build_folder_once(target: Path, complete: Callable[[Path], bool], write: Callable[[Path], None],
                      lock: Path, failure: str) -> Path:
    """`target`, unless `complete(target)` already: `write` fills a temporary folder beside it, which is
    renamed into place under the file lock `lock` (a stale `target` is replaced), so a crash leaves
    nothing half-written and processes starting together build it once.

    Raises:
        ModelError: "无法在 <parent> <failure>: <reason>" when the folder cannot be written.
    """
    if complete(target):
        return target
    from filelock import FileLock

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with FileLock(str(lock), timeout=900):
            if complete(target):  # another process finished while we waited
                return target
            tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=target.parent))
            try:
                write(tmp)
                if target.exists():  # left by an older version or a crashed copy
                    shutil.rmtree(target)
                os.rename(tmp, target)
            finally:
                shutil.rmtree(tmp, ignore_errors=True)
    except OSError as exc:
        raise ModelError(f"无法在 {target.parent} {failure}: {exc.strerror or exc}") from exc
    return target
