"""What a hostile upload costs the running service: refusal time, server memory, other users' latency.

    .venv/bin/python benchmarks/bench_upload_limits.py            # starts its own server on 127.0.0.1

Starts a server on a copy of the bundled corpus and index (so nothing real can change), measures
POST /api/ask under load (benchmarks/load_ask.py's clients) alone, then again while uploads that
unpack to far more than they weigh are posted one after another:
- a .docx of a few hundred KB whose paragraphs hold 54 MB of text (the report's file);
- a .docx holding a 200 MB zero-filled entry.
Prints each upload's status and seconds, the server's peak resident memory over its idle memory,
and /api/ask p50/p95 without and with the uploads; writes the same to benchmarks/out/upload_limits.json.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load_ask import _free_port, _wait_ready, run_load  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
UPLOAD_GAP_S = 1.0
_CONTENT_TYPES = (b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/'
                  b'2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>')


def text_docx(text_mb: int) -> bytes:
    """A valid .docx (python-docx's own parts) whose paragraphs hold `text_mb` MB of text: it deflates to
    a couple of hundred KB and converts to a corpus file of that size, as in the report."""
    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    sentence = "各街道开展消防安全检查，发现隐患立即整改。"
    paragraph = f"<w:p><w:r><w:t>{sentence}</w:t></w:r></w:p>".encode()
    count = text_mb * 1024 * 1024 // len(sentence.encode())
    parts = {}
    with zipfile.ZipFile(buffer) as archive:
        for name in archive.namelist():
            parts[name] = archive.read(name)
    xml = parts["word/document.xml"].decode()
    head, tail = xml.split("<w:body>", 1)
    parts["word/document.xml"] = head.encode() + b"<w:body>" + paragraph * count + tail.encode()
    return _zip(parts)


def zero_docx(entry_mb: int) -> bytes:
    """A .docx with a valid tiny document and one zero-filled entry of `entry_mb` MB."""
    return _zip({"[Content_Types].xml": _CONTENT_TYPES,
                 "word/document.xml": b'<w:document xmlns:w="x"><w:body/></w:document>',
                 "word/media/image1.bin": bytes(entry_mb * 1024 * 1024)})


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--duration", type=float, default=15.0, help="seconds of load, each phase")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out" / "upload_limits.json")
    args = parser.parse_args(argv)

    files = {"text-54MB.docx": text_docx(54), "zeros-200MB.docx": zero_docx(200)}  # built before any timing
    for name, data in files.items():
        print(f"{name}: {len(data) / 1024:.0f} KB on disk")
    with tempfile.TemporaryDirectory() as tmp:
        corpus, index = Path(tmp) / "corpus", Path(tmp) / "index"
        shutil.copytree(ROOT / "corpus", corpus)
        if (ROOT / "index").is_dir():
            shutil.copytree(ROOT / "index", index)
        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        env = {**os.environ, "PYTHONPATH": str(ROOT), "ASSISTANT_CORPUS_DIR": str(corpus),
               "ASSISTANT_INDEX_DIR": str(index)}
        server = subprocess.Popen([sys.executable, "-m", "assistant", "serve", "--host", "127.0.0.1", "--port",
                                   str(port), "--log-level", "warning"], cwd=ROOT, env=env)
        try:
            _wait_ready(url, 900)
            httpx.post(f"{url}/api/ask", json={"question": "区财政局牵头哪些任务？"}, timeout=60)
            idle = rss_mb(server.pid)
            alone = run_load(url, args.clients, args.duration, 10**6, None)
            uploads, peak, stop = [], [idle], threading.Event()

            def upload_loop() -> None:
                with httpx.Client(base_url=url, timeout=120) as client:
                    while not stop.is_set():  # one hostile upload after another, a second apart
                        for name, data in files.items():
                            started = time.perf_counter()
                            response = client.post("/api/documents", files={"file": (name, data)})
                            uploads.append({"file": name, "status": response.status_code,
                                            "seconds": round(time.perf_counter() - started, 3),
                                            "message": response.json().get("detail", "")[:80]})
                            stop.wait(UPLOAD_GAP_S)

            def watch_memory() -> None:
                while not stop.is_set():
                    peak.append(rss_mb(server.pid))
                    time.sleep(0.05)

            threads = [threading.Thread(target=upload_loop, daemon=True),
                       threading.Thread(target=watch_memory, daemon=True)]
            for thread in threads:
                thread.start()
            during = run_load(url, args.clients, args.duration, 10**6, None)
            stop.set()
            for thread in threads:
                thread.join(180)
        finally:
            server.terminate()
            try:
                server.wait(30)
            except subprocess.TimeoutExpired:
                server.kill()

    refused = [u for u in uploads if 400 <= u["status"] < 500]
    result = {
        "uploads": len(uploads), "refused_4xx": len(refused),
        "upload_seconds_max": max((u["seconds"] for u in uploads), default=0.0),
        "upload_samples": uploads[:2],
        "server_rss_idle_mb": round(idle, 1), "server_rss_peak_mb": round(max(peak), 1),
        "ask_alone": {"requests": alone["requests"], "errors": alone["errors"], **alone["latency_ms"]},
        "ask_during_uploads": {"requests": during["requests"], "errors": during["errors"], **during["latency_ms"]},
    }
    print(f"{len(uploads)} hostile uploads, {len(refused)} refused with 4xx, slowest {result['upload_seconds_max']} s")
    for sample in result["upload_samples"]:
        print(f"  {sample['file']}: HTTP {sample['status']} in {sample['seconds']} s — {sample['message']}")
    print(f"server memory: idle {idle:.0f} MB, peak {max(peak):.0f} MB (+{max(peak) - idle:.0f} MB)")
    for label, run in (("alone", alone), ("during uploads", during)):
        lat = run["latency_ms"]
        print(f"/api/ask {label}: {run['requests']} requests, {run['errors']} errors, "
              f"p50 {lat['p50']} ms, p95 {lat['p95']} ms")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0 if len(refused) == len(uploads) and not during["errors"] else 1


if __name__ == "__main__":
    sys.exit(main())
