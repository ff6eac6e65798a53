"""Adding and removing documents on a running server: POST/DELETE /api/documents and the 文件 tab.

The server runs on loopback over a temporary copy of the real corpus and index (copied, not
rebuilt: an add then embeds only the new document with the session's real model), so the
project's own corpus/ and index/ are never touched.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import time
from pathlib import Path

import httpx
import numpy as np
import pytest
from filelock import FileLock

from assistant.server import upload
from assistant.server.ui import ALL, ChatHandlers, DocumentsPanel
from tests.ingest.builders import make_docx, make_pdf

from .helpers import API_KEY, start_server
from .test_browser import driver  # noqa: F401 — the shared headless Chromium fixture

pytestmark = pytest.mark.slow

AUTH = {"Authorization": f"Bearer {API_KEY}"}
MAX_MB = 1
DOCS_MD = Path(__file__).resolve().parents[2] / "docs" / "embedding.md"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
Q_LEAD = "青溪区查处销售不合格电动自行车及蓄电池的违法行为由哪个单位牵头？"


@pytest.fixture(scope="module")
def live(tmp_path_factory, real_settings, real_assistant, embedder):
    """A keyed server over copies of corpus/ and index/ (fresh: `real_assistant` checked them)."""
    from assistant.answer.pipeline import Assistant
    from assistant.corpus.document import load_corpus
    from assistant.retrieval.index import ensure_index
    from assistant.server.app import create_app

    root = tmp_path_factory.mktemp("upload")
    hidden = shutil.ignore_patterns(".*")  # locks, unfinished stages and builds
    shutil.copytree(real_settings.corpus_dir, root / "corpus", ignore=hidden)
    shutil.copytree(real_settings.index_dir, root / "index", ignore=hidden)
    settings = real_settings.model_copy(update={
        "corpus_dir": root / "corpus", "index_dir": root / "index", "feedback_db": root / "feedback.sqlite3",
        "api_keys": [API_KEY], "cors_origins": [], "max_upload_mb": MAX_MB})
    corpus = load_corpus(settings.corpus_dir)
    assistant = Assistant(settings, corpus, ensure_index(settings, corpus=corpus, embedder=embedder, log=print),
                          embedder)
    server = start_server(create_app(settings, assistant=assistant))
    yield server
    server.stop()


@pytest.fixture
def http(live):
    with httpx.Client(base_url=live.url, timeout=120, headers=AUTH) as client:
        yield client


@pytest.fixture
def corpus_dir(live) -> Path:
    return live.app.state.settings.corpus_dir


def snapshot(*folders: Path) -> dict[str, str]:
    """sha256 of every file below the folders (lock files aside)."""
    return {str(path): hashlib.sha256(path.read_bytes()).hexdigest()
            for folder in folders for path in sorted(folder.rglob("*"))
            if path.is_file() and path.name != ".lock"}


def listed(http) -> list[str]:
    return [d["doc"] for d in http.get("/api/documents").json()["documents"]]


def post(http, name: str, data: bytes, **fields):
    return http.post("/api/documents", files={"file": (name, data)}, data=fields)


def test_interleaved_embedder_releases_the_model_between_small_batches():
    class Recorder:
        model_id, dim = "rec", 2

        def __init__(self):
            self.calls = []

        def embed_passages(self, texts, batch_size=32, show_progress=False):
            self.calls.append(len(texts))
            return np.array([[len(t), 1.0] for t in texts], dtype=np.float32).reshape(len(texts), 2)

    inner = Recorder()
    wrapped = upload._Interleaved(inner)
    texts = ["x" * n for n in range(1, 2 * upload.INTERLEAVE_BATCH + 4)]
    vectors = wrapped.embed_passages(texts)
    assert inner.calls == [upload.INTERLEAVE_BATCH, upload.INTERLEAVE_BATCH, 3]
    assert vectors[:, 0].tolist() == [float(len(t)) for t in texts]  # order kept
    assert wrapped.model_id == "rec" and wrapped.embed_passages([]).shape == (0, 2)


def test_add_docx_answer_from_it_replace_and_delete(http, corpus_dir, capsys):
    before = listed(http)
    started = time.perf_counter()
    reply = post(http, "qingxi-plan.docx", make_docx(auto_numbering=True), region="青溪区")
    elapsed = time.perf_counter() - started
    assert reply.status_code == 201, reply.text
    body = reply.json()
    assert (body["doc"], body["kind"], body["replaced"]) == ("qingxi-plan.txt", "docx", False)
    meta = body["meta"]
    assert (meta["title"], meta["region"], meta["number"]) == (
        "青溪区电动自行车消防安全整治工作方案", "青溪区", "青溪府办发〔2024〕9号")
    assert body["table_rows"] == 3 and body["tasks"] >= 3 and body["clauses"] > 0
    # only the new document was embedded; the copied index's vectors were reused
    assert body["embedded"] == body["chunks"] > 0
    assert body["message"].startswith("已添加 qingxi-plan.txt")
    # the upload says which lines with responsibility words gave no task, as the coverage endpoint does
    coverage = http.get("/api/documents/qingxi-plan.txt/coverage").json()
    assert body["unparsed"] == coverage["unparsed"] and coverage["tasks"] == body["tasks"]
    assert ("未生成任务" in body["message"]) == bool(body["unparsed"])
    with capsys.disabled():
        print(f"\n[measured] POST /api/documents (docx, {body['chunks']} chunks): {elapsed:.2f} s over HTTP, "
              f"{body['seconds']:.2f} s in the server")

    assert (corpus_dir / "qingxi-plan.txt").is_file() and (corpus_dir / "originals" / "qingxi-plan.docx").is_file()
    assert sorted(listed(http)) == sorted([*before, "qingxi-plan.txt"])
    assert http.get("/healthz").json()["documents"] == len(before) + 1

    # answered at once from the new document, with a citation to its stored lines
    answer = http.post("/api/ask", json={"question": Q_LEAD}).json()
    assert answer["found"] and "区市场监管局" in answer["answer"]
    citation = answer["citations"][0]
    assert (citation["doc"], citation["clause"]) == ("qingxi-plan.txt", "附件 第3项")
    stored = (corpus_dir / "qingxi-plan.txt").read_text(encoding="utf-8").split("\n")
    assert "\n".join(stored[citation["line_start"] - 1 : citation["line_end"]]) == citation["text"]

    # the same name again: refused unless replacing
    unchanged = snapshot(corpus_dir)
    again = post(http, "qingxi-plan.docx", make_docx())
    assert again.status_code == 409 and "已有同名文件" in again.json()["detail"]
    assert snapshot(corpus_dir) == unchanged
    replaced = post(http, "qingxi-plan.docx", make_docx(), replace="true", title="青溪区整治方案（修订）")
    assert replaced.status_code == 201 and replaced.json()["replaced"] is True
    assert replaced.json()["meta"]["title"] == "青溪区整治方案（修订）"

    gone = http.delete("/api/documents/qingxi-plan.txt")
    assert gone.status_code == 200, gone.text
    assert gone.json()["doc"] == "qingxi-plan.txt" and gone.json()["documents"] == len(before)
    assert "qingxi-plan.txt" not in listed(http)
    assert not (corpus_dir / "qingxi-plan.txt").exists()
    assert not list((corpus_dir / "originals").glob("qingxi-plan.*"))
    assert http.delete("/api/documents/qingxi-plan.txt").status_code == 404


@pytest.mark.parametrize(("name", "data", "status", "says"), [
    ("plan.docx", PNG, 415, "PNG"),  # an image renamed
    ("plan.pdf", bytes(range(256)) * 8, 415, "二进制"),  # arbitrary binary renamed
    ("plan.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, 415, ".doc"),
    ("empty.docx", b"", 400, "空文件"),
    ("big.txt", "消防".encode() * (MAX_MB * upload.MB // 6 * 2), 413, "太大（2.0 MB），上限是 1 MB"),  # its real size
    ("../../evil.txt", "一、总则\n青溪区消防救援大队负责。\n".encode(), 400, ".."),
    ("/etc/evil.txt", "一、总则\n青溪区消防救援大队负责。\n".encode(), 400, "绝对路径"),
    (".hidden.txt", "一、总则\n青溪区消防救援大队负责。\n".encode(), 400, "开头"),
])
def test_bad_uploads_are_refused_and_change_nothing(http, live, corpus_dir, name, data, status, says):
    before = snapshot(corpus_dir, live.app.state.settings.index_dir)
    reply = post(http, name, data)
    assert reply.status_code == status, reply.text
    assert says in reply.json()["detail"]
    assert snapshot(corpus_dir, live.app.state.settings.index_dir) == before
    assert not (corpus_dir.parent / "evil.txt").exists()


def test_bad_date_and_missing_key_are_refused(http, live, corpus_dir):
    before = snapshot(corpus_dir)
    reply = post(http, "dated.docx", make_docx(), date="明年春天")
    assert reply.status_code == 400 and "日期格式" in reply.json()["detail"]
    anonymous = httpx.post(f"{live.url}/api/documents", files={"file": ("k.docx", make_docx())}, timeout=60)
    assert anonymous.status_code == 401
    assert httpx.delete(f"{live.url}/api/documents/{listed(http)[0]}", timeout=60).status_code == 401
    assert snapshot(corpus_dir) == before


def test_busy_while_another_add_or_remove_runs(http, corpus_dir):
    docs = listed(http)
    before = snapshot(corpus_dir)
    # another add in this server process
    with upload._corpus_lock(corpus_dir):
        reply = post(http, "busy.docx", make_docx())
    assert reply.status_code == 423 and reply.json()["detail"] == upload.BUSY_MESSAGE
    # another process (the CLI) holding the ingest's file lock
    with FileLock(str(corpus_dir / ".lock")):
        reply = http.delete(f"/api/documents/{docs[0]}")
    assert reply.status_code == 423 and reply.json()["detail"] == upload.BUSY_MESSAGE
    assert snapshot(corpus_dir) == before and listed(http) == docs


def test_delete_unknown_document(http):
    reply = http.delete("/api/documents/no-such-plan.txt")
    assert reply.status_code == 404 and "no-such-plan.txt" in reply.json()["detail"]


def test_ui_handlers_add_refresh_and_remove(live, http, corpus_dir, tmp_path):
    runtime = live.app.state.runtime
    panel = DocumentsPanel(ChatHandlers(runtime, live.app.state.feedback))
    pdf = tmp_path / "青溪区方案PDF版.pdf"
    pdf.write_bytes(make_pdf())
    filters = ["", ALL, "", ""]  # unit, task doc, deadline, keyword

    message, file_box, chat, task_doc, outline_doc, table, remove_doc, tasks, count, outline, fix_doc = panel.add(
        str(pdf), "", "", "2024年3月5日", "", "", False, *filters)
    doc = "青溪区方案PDF版.txt"
    assert message.startswith(f"✅ 已添加 {doc}（青溪区电动自行车消防安全整治工作方案；青溪区，2024-03-05")
    assert re.search(r"新嵌入 [1-9]\d* 个片段", message)
    assert file_box is None  # the upload box is cleared
    assert doc in [value for _, value in chat["choices"]] and "value" not in chat  # the chat filter keeps its value
    assert doc in [value for _, value in remove_doc["choices"]] and fix_doc["choices"] == remove_doc["choices"]
    assert outline_doc["value"] == doc and "整治停放充电隐患" in outline
    assert [r[:6] for r in table if r[0] == doc] == [[doc, "青溪区电动自行车消防安全整治工作方案", "", "青溪区",
                                                      "2024-03-05", "青溪府办发〔2024〕9号"]]
    assert [int(r[6]) for r in table if r[0] == doc] == [runtime.get().coverage(doc).tasks]  # its 任务 column
    # the correct row fills the fields with the document's values, and saves a correction
    assert panel.meta_values(doc)[:4] == ["青溪区电动自行车消防安全整治工作方案", "", "2024-03-05", "青溪区"]
    corrected = panel.correct(doc, "青溪区电动自行车整治方案", "青溪区人民政府办公室", "2024-03-05", "青溪区",
                              "青溪府办发〔2024〕9号", *filters)
    assert corrected[0].startswith(f"✅ 已更正 {doc}") and panel.meta_values(doc)[:2] == [
        "青溪区电动自行车整治方案", "青溪区人民政府办公室"]
    assert panel.correct(None, "", "", "", "", "", *filters)[0] == "⚠️ 请先选择要更正的文件"
    # the 任务分解 table now holds the new document's task rows (its 牵头单位 column included)
    new_rows = [row for row in tasks if row[5] == doc]
    assert len(new_rows) == len(runtime.get().tasks(doc=doc)) >= 3 and count == f"共 {len(tasks)} 条任务"
    assert "区市场监管局" in [row[1] for row in new_rows]
    assert doc in listed(http)  # the API serves the same, reloaded Assistant

    # refusals are one-line messages and leave the lists alone
    before = snapshot(corpus_dir)
    again = panel.add(str(pdf), "", "", "", "", "", False, *filters)
    assert again[0].startswith("⚠️ 语料中已有同名文件") and "替换同名文件" in again[0]
    assert all(update == {"__type__": "update"} for update in again[1:])
    image = tmp_path / "照片.pdf"
    image.write_bytes(PNG)
    assert panel.add(str(image), "", "", "", "", "", False, *filters)[0].startswith("⚠️ 照片.pdf 的内容是PNG图片")
    assert panel.add(None, "", "", "", "", "", False, *filters)[0] == "⚠️ 请先选择要添加的文件"
    assert snapshot(corpus_dir) == before

    # removing asks first, then resets filters that pointed at the removed document
    row, prompt = panel.confirm(doc)
    assert row["visible"] is True and doc in prompt
    message, row, chat, task_doc, outline_doc, table, remove_doc, *_ = panel.remove(doc, doc, "", doc, "", "")
    assert message.startswith(f"✅ 已删除 {doc}") and row["visible"] is False
    assert chat["value"] == ALL and task_doc["value"] == ALL
    assert doc not in [r[0] for r in table] and doc not in [v for _, v in remove_doc["choices"]]
    assert doc not in listed(http) and not (corpus_dir / doc).exists()


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_docs_upload_examples_run(live, http, tmp_path):
    """The `sh` examples of docs/embedding.md (not run by test_docs: they change the corpus) run here."""
    text = DOCS_MD.read_text(encoding="utf-8")
    commands = [" ".join(c.split()) for block in re.findall(r"```sh\n(.*?)```", text, flags=re.DOTALL)
                for c in re.split(r"\n\s*\n", block.replace("\\\n", " ")) if c.strip().startswith("curl")]
    assert len(commands) == 2 and "-F 'file=@" in commands[0] and "-X DELETE" in commands[1]
    (tmp_path / "qingxi-ebike-plan.docx").write_bytes(make_docx())
    bodies = []
    for command in commands:
        command = command.replace("http://127.0.0.1:7860", live.url).replace("a-long-random-key", API_KEY)
        done = subprocess.run(["bash", "-c", command.replace("curl -s", "curl -sS --fail-with-body", 1)],
                              cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False)
        assert done.returncode == 0, done.stdout + done.stderr
        bodies.append(done.stdout)
    added, removed = (json.loads(body) for body in bodies)
    assert (added["doc"], added["meta"]["region"], removed["doc"]) == ("qingxi-ebike-plan.txt", "青溪区",
                                                                      "qingxi-ebike-plan.txt")
    assert "qingxi-ebike-plan.txt" not in listed(http)


@pytest.mark.browser
def test_add_and_remove_in_the_browser(driver, live, http, corpus_dir, tmp_path):  # noqa: F811 — the fixture
    """The 文件 tab's controls are wired: upload, 添加, the lists refresh, 删除 asks, then removes."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    from assistant.server.app import create_app

    # The same Assistant and corpus, served without keys so that the page needs no login.
    open_server = start_server(create_app(live.app.state.settings.model_copy(update={"api_keys": []}),
                                          assistant=live.app.state.runtime.get()))
    try:
        docx = tmp_path / "browser-plan.docx"
        docx.write_bytes(make_docx())
        wait = WebDriverWait(driver, 90)
        driver.get(open_server.url + "/")
        clickable, present = EC.element_to_be_clickable, EC.presence_of_element_located
        wait.until(clickable((By.XPATH, "//button[@role='tab' and contains(., '文件')]"))).click()
        wait.until(clickable((By.XPATH, "//*[@id='upload-slot']//*[contains(text(), '添加 / 删除文件')]"))).click()
        wait.until(present((By.CSS_SELECTOR, "#upload-file input[type=file]"))).send_keys(str(docx))
        wait.until(present((By.CSS_SELECTOR, "#upload-file td[aria-label='browser-plan.docx']")))
        driver.find_element(By.ID, "upload-add").click()
        wait.until(EC.text_to_be_present_in_element((By.ID, "upload-message"), "已添加 browser-plan.txt"))
        assert "browser-plan.txt" in listed(http)
        # the documents table (a grid of cells) lists it
        wait.until(present((By.XPATH, "//*[@role='gridcell']//*[contains(text(), 'browser-plan.txt')]")))

        choose = driver.find_element(By.CSS_SELECTOR, "#remove-doc input")
        choose.click()
        choose.send_keys("browser-plan")
        option = "#remove-doc li[data-testid='dropdown-option'][aria-label^='browser-plan.txt']"
        wait.until(clickable((By.CSS_SELECTOR, option))).click()
        driver.find_element(By.XPATH, "//button[normalize-space(.)='删除']").click()
        wait.until(clickable((By.ID, "remove-confirm"))).click()
        wait.until(EC.text_to_be_present_in_element((By.ID, "upload-message"), "已删除 browser-plan.txt"))
        assert "browser-plan.txt" not in listed(http) and not (corpus_dir / "browser-plan.txt").exists()
    finally:
        open_server.stop()
        if (corpus_dir / "browser-plan.txt").exists():  # leave the shared corpus copy as it was
            http.delete("/api/documents/browser-plan.txt")


def test_metadata_is_corrected_in_place_and_cited_at_once(http, live, corpus_dir):
    doc = "dafeng-14th-5yr-fire-plan.txt"  # its text states no issuer or date
    before = {m["doc"]: m for m in http.get("/api/documents").json()["documents"]}[doc]
    text = (corpus_dir / doc).read_bytes()
    fixed = http.patch(f"/api/documents/{doc}", json={"issuer": "青溪测试发文机关", "date": "2022年1月5日"})
    assert fixed.status_code == 200, fixed.text
    meta = {m["doc"]: m for m in http.get("/api/documents").json()["documents"]}[doc]
    assert (meta["issuer"], meta["date"]) == ("青溪测试发文机关", "2022-01-05")
    assert (meta["title"], meta["region"]) == (before["title"], before["region"])  # the rest kept
    assert (corpus_dir / doc).read_bytes() == text  # the document itself is unchanged
    asked = http.post("/api/ask", json={"question": "大丰区“十四五”消防事业发展规划是哪个单位发的？"}).json()
    assert "青溪测试发文机关" in asked["answer"]
    assert http.patch(f"/api/documents/{doc}", json={"date": "2022-13-45"}).status_code == 400
    assert http.patch("/api/documents/no-such.txt", json={"title": "x"}).status_code == 404
    restored = http.patch(f"/api/documents/{doc}", json={"issuer": before["issuer"], "date": before["date"]})
    assert restored.status_code == 200
