"""`python -m assistant tasks` and `outline`, through the CLI entry point and a real subprocess."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys

import pytest

from assistant.cli import main
from assistant.settings import PROJECT_ROOT

CORPUS = PROJECT_ROOT / "corpus"
YUBEI = "yubei-2021-fire-3yr-action-plan.txt"
KAIZHOU = "kaizhou-2023-grassroots-fire-governance-plan.txt"


@pytest.fixture
def corpus_dir(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for path in CORPUS.glob("*.txt"):
        shutil.copy(path, folder)
    shutil.copy(CORPUS / "metadata.json", folder)
    return folder


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_tasks_for_a_unit_are_readable_and_checkable(capsys, corpus_dir):
    code, out, err = run(capsys, "tasks", "--unit", "区消防救援支队", "--corpus", str(corpus_dir))
    assert code == 0 and err == ""
    block = out.split("附件 第12项  [表格] 第188–193行\n")[1].split("\n附件")[0]
    assert "  牵头单位：区应急局、区消防救援支队\n  配合单位：区财政局" in block
    assert "== 渝北区推动消防工作高质量发展三年行动计划（yubei-2021-fire-3yr-action-plan.txt）" in out
    assert "⚠ 与表格 任务分解表 第43项 所列单位不一致" in out
    assert out.rstrip().endswith("项涉及“区消防救援支队”的任务。")
    assert "区消防救援大队" not in out  # 大丰's 大队 is another body


def test_unit_filter_matches_aliases_in_any_role(capsys, corpus_dir):
    code, out, _ = run(capsys, "tasks", "--doc", "yubei", "--unit", "区住建委", "--json", "--corpus", str(corpus_dir))
    rows = json.loads(out)
    assert code == 0
    clauses = [r["clause"] for r in rows]
    assert {"附件 第3项", "附件 第7项"} <= set(clauses)  # 区住房城乡建委 leads these
    assert {"附件 第14项", "附件 第17项", "附件 第23项"} <= set(clauses)  # 区住建委 cooperates on these
    assert "附件 第1项" not in clauses


def test_json_fields(capsys, corpus_dir):
    code, out, _ = run(capsys, "tasks", "--doc", KAIZHOU, "--json", "--corpus", str(corpus_dir))
    rows = json.loads(out)
    assert code == 0
    assert sum(r["source"] == "table" for r in rows) == 43
    assert sum(r["source"] == "body" and r["labels"] == ["责任单位"] for r in rows) == 19
    required = {"id", "doc", "clause", "text", "lead_units", "cooperating_units", "responsible_units", "deadline",
                "line_start", "line_end", "labels", "title", "source", "conflicts"}
    assert all(required <= set(r) for r in rows)
    row43 = next(r for r in rows if r["clause"] == "任务分解表 第43项")
    assert (row43["responsible_units"], row43["deadline"], row43["line_start"]) == (["乡镇（街道）"], "持续推进", 370)
    lines = (corpus_dir / KAIZHOU).read_text(encoding="utf-8").split("\n")
    assert lines[row43["line_start"]].startswith("\t43．为小单位")  # 0-based line after the empty group cell


def test_csv_is_excel_friendly(capsys, corpus_dir, tmp_path):
    target = tmp_path / "tasks.csv"
    code, out, _ = run(capsys, "tasks", "--doc", "yubei", "--csv", str(target), "--corpus", str(corpus_dir))
    assert code == 0 and "已写入" in out
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")
    with open(target, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    row28 = next(r for r in rows if r["clause"] == "附件 第28项")
    assert row28["lead_units"] == "区退役军人事务局、区人社局"
    assert row28["line_start"] == "298"


def test_corpus_from_environment(capsys, corpus_dir, monkeypatch):
    for path in corpus_dir.glob("*.txt"):
        if path.name != YUBEI:
            path.unlink()
    monkeypatch.setenv("ASSISTANT_CORPUS_DIR", str(corpus_dir))
    code, out, _ = run(capsys, "tasks", "--json")
    assert code == 0 and {r["doc"] for r in json.loads(out)} == {YUBEI}


def test_unit_without_tasks(capsys, corpus_dir):
    code, out, _ = run(capsys, "tasks", "--unit", "区气象局", "--corpus", str(corpus_dir))
    assert code == 0 and out.strip() == "没有涉及“区气象局”的任务。"


def test_outline_by_id_and_by_path(capsys, corpus_dir):
    code, out, _ = run(capsys, "outline", "liangping", "--corpus", str(corpus_dir))
    assert code == 0
    assert out.splitlines()[0] == "梁平区高层建筑消防安全综合治理工作方案（liangping-2021-highrise-fire-governance-plan.txt）"
    assert "    四、（一）1.（2）  分类整治消防设施隐患  [41]" in out
    assert "  [表] 梁平区高层建筑消防安全综合治理重点任务分解表：49 行  [204–479]" in out
    code, out_by_path, _ = run(capsys, "outline", str(corpus_dir / "liangping-2021-highrise-fire-governance-plan.txt"))
    assert code == 0 and out_by_path == out


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "文件不存在"), (b"", "空的"), (b"\x89PNG\r\n\x00\x00", "二进制"), (b"abc\x80\xffdef", "无法解码")],
    ids=["missing", "empty", "binary", "undecodable"],
)
def test_outline_bad_files_give_one_line(capsys, tmp_path, content, message):
    path = tmp_path / "doc.txt"
    if content is not None:
        path.write_bytes(content)
    code, out, err = run(capsys, "outline", str(path))
    assert code == 2 and out == ""
    assert err.startswith("错误: ") and message in err and err.count("\n") == 1


def test_unknown_doc_and_bad_corpus(capsys, corpus_dir, tmp_path):
    code, _, err = run(capsys, "tasks", "--doc", "nope.txt", "--corpus", str(corpus_dir))
    assert code == 2 and "语料中没有文档 nope.txt" in err and err.count("\n") == 1
    code, _, err = run(capsys, "tasks", "--corpus", str(tmp_path / "missing"))
    assert code == 2 and "语料文件夹不存在" in err


def test_subprocess_tasks_and_error():
    env_cmd = [sys.executable, "-m", "assistant"]
    done = subprocess.run([*env_cmd, "tasks", "--doc", "liangping", "--unit", "市消防救援总队"], cwd=PROJECT_ROOT,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert "附件2 第44项" in done.stdout and "牵头单位：市消防救援总队" in done.stdout
    assert "共 6 项涉及“市消防救援总队”的任务。" in done.stdout
    failed = subprocess.run([*env_cmd, "outline", "no/such/file.txt"], cwd=PROJECT_ROOT, capture_output=True,
                            text=True, timeout=60, check=False)
    assert failed.returncode == 2 and "Traceback" not in failed.stderr
    assert failed.stderr.strip() == "错误: 文件不存在：no/such/file.txt"
