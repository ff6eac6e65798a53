"""report.json / report.md, the per-type table, and comparison with a baseline report."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from evals.dataset import TYPES

REQUIRED_KEYS = ("accuracy", "by_type", "citation_accuracy", "retrieval", "latency_ms", "n_questions")
EPSILON = 1e-9


def build_report(scores: dict, retrieval: dict | None = None, retrieval_by_type: dict | None = None,
                 index_build_s: float | None = None, meta: dict | None = None, ledger: dict | None = None) -> dict:
    """Merge the scores with retrieval metrics, the ledger score and run facts into the report.json structure."""
    return {
        "accuracy": scores["accuracy"],
        "by_type": scores["by_type"],
        "counts": scores["counts"],
        "by_rule": scores["by_rule"],
        "hard": scores["hard"],
        "n_hard": scores["n_hard"],
        "citation_accuracy": scores["citation_accuracy"],
        "list_recall": scores["list_recall"],
        "retrieval": retrieval or {},
        "retrieval_by_type": retrieval_by_type or {},
        "latency_ms": scores["latency_ms"],
        "index_build_s": index_build_s,
        "n_questions": scores["n_questions"],
        "n_missing": scores["n_missing"],
        "decisions": scores["decisions"],
        "ledger": ledger,
        "meta": {"created": datetime.now(UTC).isoformat(timespec="seconds"), **(meta or {})},
        "per_item": scores["per_item"],
    }


def _ordered_types(report: dict) -> list[str]:
    return [t for t in TYPES if t in report["by_type"]] + sorted(set(report["by_type"]) - set(TYPES))


def _pct(value) -> str:
    return "—" if value is None else f"{100 * value:.1f}%"


def type_table(report: dict) -> str:
    """The per-type accuracy table (Markdown, also readable on a terminal)."""
    lines = ["| 类型 type | 题数 n | 准确率 accuracy |", "|---|---:|---:|"]
    for t in _ordered_types(report):
        lines.append(f"| {t} | {report['counts'][t]} | {_pct(report['by_type'][t])} |")
    lines.append(f"| **总计 overall** | {report['n_questions']} | **{_pct(report['accuracy'])}** |")
    lines.append(f"| 难题 hard | {report['n_hard']} | {_pct(report['hard'])} |")
    lines.append(f"| 引用 citations | | {_pct(report['citation_accuracy'])} |")
    return "\n".join(lines)


def compare(current: dict, baseline: dict) -> tuple[list[str], list[str]]:
    """(regressions, improvements) as one-line messages.

    Compared: overall, hard, citation accuracy, each type, and retrieval MRR per mode;
    any drop is a regression (the counts are small, so one question is one step).
    """
    def get(report: dict, *keys):
        for key in keys:
            report = report.get(key) if isinstance(report, dict) else None
        return report

    names = [("overall", ("accuracy",)), ("hard", ("hard",)), ("citation_accuracy", ("citation_accuracy",))]
    names += [(f"type {t}", ("by_type", t)) for t in _ordered_types(current)]
    names += [(f"retrieval {mode} mrr", ("retrieval", mode, "mrr")) for mode in current.get("retrieval", {})]
    regressions, improvements = [], []
    for name, keys in names:
        now, before = get(current, *keys), get(baseline, *keys)
        if now is None or before is None:
            continue
        if now < before - EPSILON:
            regressions.append(f"REGRESSION {name}: {_pct(before)} → {_pct(now)}")
        elif now > before + EPSILON:
            improvements.append(f"improved {name}: {_pct(before)} → {_pct(now)}")
    return regressions, improvements


def _retrieval_row(label: str, m: dict) -> str:
    cells = [_pct(m[f"recall@{k}"]) for k in (1, 5, 10)] + [str(m["mrr"])]
    return f"| {label} | " + " | ".join(cells) + " |"


def _retrieval_table(report: dict) -> list[str]:
    if not report["retrieval"]:
        return ["（未运行检索评测：按预测文件打分时没有检索结果）"]
    lines = ["| 模式 mode | recall@1 | recall@5 | recall@10 | MRR |", "|---|---:|---:|---:|---:|"]
    lines += [_retrieval_row(mode, m) for mode, m in report["retrieval"].items()]
    for mode, by_type in report.get("retrieval_by_type", {}).items():
        shown = [t for t in ("lead_unit", "deadline") if t in by_type]
        lines += [_retrieval_row(f"{mode} · {t}", by_type[t]) for t in shown]
    return lines


def _cell(text: str, limit: int = 120) -> str:
    text = " ".join(str(text).split()).replace("|", "\\|")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _why(record: dict) -> str:
    if record.get("missing"):
        return "无预测"
    if record.get("not_found") and record["rule"] != "not_in_corpus":
        return "答未找到"
    parts = []
    if record.get("missing_units"):
        parts.append("缺 " + "、".join(record["missing_units"]))
    if record.get("extra_units"):
        parts.append("多 " + "、".join(record["extra_units"]))
    if "recall" in record:
        parts.append(f"召回 {record['recall']:.0%}")
    return "；".join(parts)


def render_markdown(report: dict, comparison: tuple[list[str], list[str]] | None = None) -> str:
    """The readable report: per-type table, retrieval, speed, wrong answers, citation misses."""
    lat, build = report["latency_ms"], report["index_build_s"]
    out = ["# 评测报告 Evaluation report", "", f"生成时间 {report['meta']['created']}", "",
           "## 准确率（按题型）", "", type_table(report), "",
           "## 检索 Retrieval", "", *_retrieval_table(report), "",
           "## 速度 Speed", "", f"- 延迟 latency p50 {lat['p50']} ms, p95 {lat['p95']} ms（{lat['n']} 题）",
           f"- 建索引用时 index build {'—' if build is None else round(build, 1)} s", ""]
    if comparison:
        lines = comparison[0] + comparison[1] or ["无变化"]
        out += ["## 与基线比较 Baseline", "", *[f"- {line}" for line in lines], ""]
    wrong = [r for r in report["per_item"] if not r["correct"]]
    out += [f"## 答错的题（{len(wrong)}）", "",
            "| id | 规则 | 问题 | 标准答案 gold | 系统答案 prediction | 说明 |", "|---|---|---|---|---|---|"]
    out += [f"| {r['id']} | {r['rule']} | {_cell(r['question'], 60)} | {_cell(r['gold'])} | "
            f"{_cell(r['short_answer']) or '（无答案）'} | {_why(r)} |" for r in wrong]
    missed = [r for r in report["per_item"] if r["citation_ok"] is False]
    out += ["", f"## 引用未命中（{len(missed)}）", ""]
    out += [f"- {r['id']}：{_cell(r['question'], 60)}" for r in missed]
    return "\n".join(out) + "\n"


def write_report(report: dict, out_dir: Path,
                 comparison: tuple[list[str], list[str]] | None = None) -> tuple[Path, Path]:
    """Write report.json and report.md into `out_dir`; returns both paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    json_path, md_path = out_dir / "report.json", out_dir / "report.md"
    if comparison is not None:
        report = {**report, "baseline": {"regressions": comparison[0], "improvements": comparison[1]}}
    json_path.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    md_path.write_text(render_markdown(report, comparison), encoding="utf-8")
    return json_path, md_path


DECISIONS = (("answered_right", "答对 answered right"), ("answered_wrong", "答错 answered wrong"),
             ("wrongly_refused", "误拒 wrongly refused"), ("rightly_refused", "正确拒答 rightly refused"))


def suites_table(reports: dict[str, dict]) -> str:
    """The suites side by side: accuracy per type, overall, citations, ledger rows, answer/refuse decisions."""
    names = list(reports)
    types = [t for t in TYPES if any(t in r["by_type"] for r in reports.values())]
    types += sorted({t for r in reports.values() for t in r["by_type"]} - set(types))
    head = "| 类型 type | " + " | ".join(f"{n} (n)" for n in names) + " |"
    lines = [head, "|---|" + "---:|" * len(names)]

    def cell(report: dict, value, n) -> str:
        return "—" if value is None else f"{_pct(value)} ({n})"

    for t in types:
        lines.append(f"| {t} | " + " | ".join(cell(r, r["by_type"].get(t), r["counts"].get(t, 0))
                                              for r in reports.values()) + " |")
    lines.append("| **总计 overall** | " + " | ".join(f"**{_pct(r['accuracy'])}** ({r['n_questions']})"
                                                   for r in reports.values()) + " |")
    lines.append("| 难题 hard | " + " | ".join(cell(r, r["hard"], r["n_hard"]) for r in reports.values()) + " |")
    lines.append("| 引用 citations | " + " | ".join(_pct(r["citation_accuracy"]) for r in reports.values()) + " |")
    lines.append("| 台账 ledger rows | " + " | ".join(
        cell(r, r["ledger"]["accuracy"], r["ledger"]["n"]) if r.get("ledger") else "—" for r in reports.values()) + " |")
    for key, label in DECISIONS:
        lines.append(f"| {label} | " + " | ".join(str(r["decisions"][key]) for r in reports.values()) + " |")
    return "\n".join(lines)


def ledger_table(reports: dict[str, dict]) -> str:
    """Ledger rows exactly right, per document."""
    lines = ["| 套 suite | 文件 document | 行数 rows | 全对 exactly right |", "|---|---|---:|---:|"]
    for name, report in reports.items():
        for doc, d in (report.get("ledger") or {}).get("by_doc", {}).items():
            lines.append(f"| {name} | {doc} | {d['n']} | {_pct(d['accuracy'])} |")
    return "\n".join(lines)


def write_suites_report(reports: dict[str, dict], out_dir: Path) -> tuple[Path, Path]:
    """report.json ({"suites": {name: report}}) and report.md (side by side, then each suite's misses)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    json_path, md_path = out_dir / "report.json", out_dir / "report.md"
    json_path.write_text(json.dumps({"suites": reports}, ensure_ascii=False, indent=1), encoding="utf-8")
    parts = ["# 评测报告 Evaluation report", "", "## 各套并列 Suites side by side", "", suites_table(reports), "",
             "## 台账（按文件）Ledger per document", "", ledger_table(reports), ""]
    for name, report in reports.items():
        parts += [f"# {name}", "", render_markdown(report).split("\n", 2)[2]]
    md_path.write_text("\n".join(parts), encoding="utf-8")
    return json_path, md_path
