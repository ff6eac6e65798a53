"""The `ask` CLI contract: single question, --json, --batch, and one-line errors."""

import json
import subprocess
import sys

from assistant.cli import main
from assistant.settings import PROJECT_ROOT

YUBEI = "yubei-2021-fire-3yr-action-plan.txt"


def test_ask_json_has_the_documented_shape(real_assistant, capsys):
    assert main(["ask", "渝北石坪消防站建设谁牵头？", "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["found"] is True and answer["type"] == "lead_unit"
    assert "创新经济走廊公司" in answer["answer"]
    cite = answer["citations"][0]
    assert {"n", "doc", "title", "clause", "line_start", "line_end", "text", "highlight"} <= set(cite)
    assert cite["doc"] == YUBEI


def test_ask_plain_text_prints_answer_then_citations(real_assistant, capsys):
    assert main(["ask", "开州各乡镇成立消防安全委员会的期限是哪天？"]) == 0
    out = capsys.readouterr().out
    assert out.index("2023年12月31日") < out.index("出处：") < out.index("[1]")


def test_batch_round_trip(real_assistant, tmp_path, capsys):
    questions = tmp_path / "q.jsonl"
    questions.write_text("\n".join(json.dumps(q, ensure_ascii=False) for q in [
        {"id": 1, "question": "渝北双龙湖消防站原址重建谁牵头？"},
        {"id": "b", "question": "那配合单位呢？",
         "history": [{"role": "user", "content": "渝北双龙湖消防站原址重建谁牵头？"}]},
        {"id": "c", "question": "万州区的消防站建设谁负责？"},
    ]), encoding="utf-8")
    out = tmp_path / "a.jsonl"
    assert main(["ask", "--batch", str(questions), "--out", str(out)]) == 0
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["id"] for line in lines] == [1, "b", "c"]
    for line in lines:
        assert set(line) == {"id", "answer", "citations", "type", "found"}
    assert "城市更新公司" in lines[0]["answer"] and lines[1]["type"] == "cooperating_units"
    assert lines[2]["found"] is False and lines[2]["citations"] == []


def test_bad_batch_lines_get_error_records_and_the_rest_run(real_assistant, tmp_path, capsys):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join([
        '{"id": 1, "question": "区财政局牵头哪些任务？"}', "{not json", '{"id": 3, "question": 42}', '["a list"]',
        '{"id": 5, "question": "那时限呢？", "history": "not a list"}', '{"question": "no id"}',
        '{"id": 7, "question": "石坪消防站建设谁牵头？", "doc": "no-such.txt"}',
        '{"id": 8, "question": "渝北双龙湖消防站原址重建谁牵头？"}']), encoding="utf-8")
    out = tmp_path / "o.jsonl"
    assert main(["ask", "--batch", str(bad), "--out", str(out)]) == 1
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["id"] for line in lines] == [1, "第2行", 3, "第4行", 5, "第6行", 7, 8]
    assert [("error" in line) for line in lines] == [False, True, True, True, True, True, True, False]
    assert "不是合法 JSON" in lines[1]["error"] and "非空字符串" in lines[2]["error"]
    assert "未知文件" in lines[6]["error"] and "城市更新公司" in lines[7]["answer"]
    assert capsys.readouterr().err.strip().splitlines()[-1].startswith("已回答 2 个问题，6 个失败")


def test_bad_batch_files_give_one_line_errors(tmp_path, capsys):
    assert main(["ask", "--batch", str(tmp_path / "missing.jsonl"), "--out", str(tmp_path / "o.jsonl")]) == 2
    gbk = tmp_path / "gbk.jsonl"
    gbk.write_bytes('{"id": 1, "question": "消防站谁牵头"}'.encode("gbk"))
    assert main(["ask", "--batch", str(gbk), "--out", str(tmp_path / "o.jsonl")]) == 2
    assert main(["ask"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 3 and all(line.startswith("错误:") for line in err)
    assert not (tmp_path / "o.jsonl").exists()


def test_errors_never_show_a_traceback_in_a_real_process():
    result = subprocess.run([sys.executable, "-m", "assistant", "ask", "   "], capture_output=True, text=True, check=False,
                            cwd=PROJECT_ROOT, timeout=300)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "问题不能为空" in result.stderr
