"""`add` / `remove` through the CLI entry point, in temp corpus and index folders."""

import json
import subprocess
import sys

import pytest

from assistant.cli import main
from assistant.retrieval import embeddings
from assistant.retrieval.index import load_index, staleness
from assistant.settings import PROJECT_ROOT

from .builders import TITLE, make_docx, make_pdf
from .conftest import FakeEmbedder, snapshot
from .test_store import assert_consistent

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40


@pytest.fixture(autouse=True)
def fake_model(monkeypatch):
    """The CLI loads the embedder itself; give it the fast fake one."""
    monkeypatch.setattr(embeddings, "load_embedder", lambda settings, **kw: FakeEmbedder())


@pytest.fixture
def files(tmp_path):
    folder = tmp_path / "uploads"
    folder.mkdir()
    (folder / "青溪区方案.docx").write_bytes(make_docx(auto_numbering=True))
    (folder / "青溪区方案.pdf").write_bytes(make_pdf())
    (folder / "照片.docx").write_bytes(PNG)
    return folder


def _dirs(settings) -> list[str]:
    return ["--corpus", str(settings.corpus_dir), "--index", str(settings.index_dir)]


def test_add_then_remove(settings, files, capsys):
    assert main(["add", str(files / "青溪区方案.docx"), *_dirs(settings)]) == 0
    out = capsys.readouterr().out
    assert f"已添加 青溪区方案.txt（docx）：{TITLE}" in out
    assert "表格行 3 个" in out and "索引已更新" in out
    assert "青溪区方案.txt" in {c.doc for c in assert_consistent(settings).chunks}

    assert main(["remove", "青溪区方案.txt", *_dirs(settings)]) == 0
    assert "已删除 青溪区方案.txt" in capsys.readouterr().out
    assert "青溪区方案.txt" not in {c.doc for c in assert_consistent(settings).chunks}


def test_folders_from_environment(settings, files, capsys, monkeypatch):
    monkeypatch.setenv("ASSISTANT_CORPUS_DIR", str(settings.corpus_dir))
    monkeypatch.setenv("ASSISTANT_INDEX_DIR", str(settings.index_dir))
    assert main(["add", str(files / "青溪区方案.pdf")]) == 0
    assert (settings.corpus_dir / "青溪区方案.txt").is_file()
    assert_consistent(settings)


def test_metadata_options_and_doc_name(settings, files, capsys):
    code = main(["add", str(files / "青溪区方案.docx"), "--doc", "qingxi-2024-ebike", "--title", "青溪区电动车整治方案",
                 "--issuer", "青溪区人民政府办公室", "--date", "2024年3月5日", "--region", "青溪区", *_dirs(settings)])
    assert code == 0
    out = capsys.readouterr().out
    assert "已添加 qingxi-2024-ebike.txt（docx）：青溪区电动车整治方案" in out
    assert "发文：青溪区人民政府办公室" in out and "日期：2024-03-05" in out
    entry = json.loads((settings.corpus_dir / "metadata.json").read_text(encoding="utf-8"))["qingxi-2024-ebike.txt"]
    assert (entry["title"], entry["date"]) == ("青溪区电动车整治方案", "2024-03-05")
    assert (settings.corpus_dir / "originals" / "qingxi-2024-ebike.docx").is_file()


def test_replace_needs_the_flag(settings, files, capsys):
    assert main(["add", str(files / "青溪区方案.docx"), *_dirs(settings)]) == 0
    capsys.readouterr()
    assert main(["add", str(files / "青溪区方案.pdf"), *_dirs(settings)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误: 语料中已有同名文件 青溪区方案.txt") and "--replace" in err
    assert main(["add", str(files / "青溪区方案.pdf"), "--replace", *_dirs(settings)]) == 0
    assert "已替换 青溪区方案.txt（pdf）" in capsys.readouterr().out


@pytest.mark.parametrize(("argv", "message"), [
    (["add", "{files}/照片.docx"], "照片.docx 的内容是PNG图片"),
    (["add", "{files}/没有这个文件.docx"], "文件不存在"),
    (["add", "{files}/青溪区方案.docx", "--date", "去年"], "日期格式不对"),
    (["add", "{files}/青溪区方案.docx", "--doc", "../../x"], "“..”"),
    (["remove", "没有这个文件.txt"], "语料中没有文件"),
])
def test_errors_are_one_line_and_change_nothing(settings, files, capsys, argv, message):
    before = snapshot(settings)
    code = main([arg.replace("{files}", str(files)) for arg in argv] + _dirs(settings))
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("错误: ") and message in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert snapshot(settings) == before


def test_no_index_leaves_the_index_to_be_rebuilt(settings, files, capsys):
    before = load_index(settings.index_dir)
    assert main(["add", str(files / "青溪区方案.docx"), "--no-index", *_dirs(settings)]) == 0
    assert "索引未更新" in capsys.readouterr().out
    assert (settings.corpus_dir / "青溪区方案.txt").is_file()
    after = load_index(settings.index_dir)
    assert after.folder == before.folder
    assert staleness(after.manifest, settings.corpus_dir, FakeEmbedder.model_id) == "语料文件有变动"


def test_big_file_through_a_real_process(settings, tmp_path):
    """`python -m assistant add` refuses a 50 MB file with one line on stderr and exit code 2."""
    big = tmp_path / "大文件.pdf"
    with open(big, "wb") as handle:
        handle.write(b"%PDF-1.4\n")
        handle.truncate(50 * 1024 * 1024)
    before = snapshot(settings)
    done = subprocess.run([sys.executable, "-m", "assistant", "add", str(big), *_dirs(settings)],
                          cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 2
    assert done.stderr.strip() == "错误: 大文件.pdf 太大（50.0 MB），上限是 20 MB"
    assert snapshot(settings) == before
