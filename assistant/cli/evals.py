"""`eval` command: score the assistant (or a saved prediction file) against evals/qa.jsonl."""

from __future__ import annotations

import json
from pathlib import Path

import click

from assistant.cli.common import corpus_options
from assistant.errors import InputError
from assistant.settings import Settings


@click.command("eval")
@click.option("--qa", "qa_file", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="标准问答集 JSONL（默认 evals/qa.jsonl）")
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), default=Path("evals/out"),
              show_default=True, help="报告输出文件夹（report.json、report.md、predictions.jsonl）")
@click.option("--baseline", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="基线 report.json：逐题型比较，退步的打印 REGRESSION 行（退出码仍为 0）")
@click.option("--limit", type=int, default=None, help="只评前 N 题（按题型轮流取，保证每种题型都有）")
@click.option("--predictions", "predictions_file", default=None,
              type=click.Path(path_type=Path, dir_okay=False),
              help="不运行系统，直接给 `ask --batch` 的输出文件打分")
@click.option("--modes", default="bm25,dense,hybrid", show_default=True,
              help="检索评测的模式，逗号分隔；空串则跳过")
@click.option("--suite", "suite_names", default="five,tuning,written,heldout", show_default=True,
              help="评测套：five（自带五份文件）、tuning（开发集调参半）、written（自写的新文体文件）、"
                   "heldout（开发集留出半），逗号分隔")
@corpus_options
def eval_command(settings: Settings, qa_file: Path | None, out_dir: Path, baseline: Path | None,
                 limit: int | None, predictions_file: Path | None, modes: str, suite_names: str) -> None:
    """运行评测：准确率（按题型）、引用、台账、检索 recall/MRR、速度。Score answers per question type.

    默认把自带的五份文件、开发集的调参半和留出半并排评测；给出 --qa 或 --predictions 时只评一个问答集。
    """
    from evals.dataset import QA_FILE, load_items, load_predictions
    from evals.metrics import retrieval_metrics
    from evals.report import build_report, compare, type_table, write_report
    from evals.runner import MODES, load_assistant, run, select_items
    from evals.scoring import score_predictions

    chosen = tuple(m.strip() for m in modes.split(",") if m.strip())
    if unknown := [m for m in chosen if m not in MODES]:
        raise InputError(f"未知检索模式：{'、'.join(unknown)}（可用：{'、'.join(MODES)}）")
    if qa_file is None and predictions_file is None:
        _eval_suites(settings, suite_names, out_dir, chosen, limit)
        return
    qa_file = qa_file or QA_FILE
    items = select_items(_read(load_items, qa_file), limit)
    if not items:
        raise InputError(f"问答集为空：{qa_file}")

    retrieval, retrieval_by_type, build_s = {}, {}, None
    if predictions_file is not None:
        predictions = _read(load_predictions, predictions_file)
        meta = {"qa": str(qa_file), "predictions": str(predictions_file)}
    else:
        assistant, load_s = load_assistant(settings, _log)
        result = run(items, assistant, modes=chosen, log=_log)
        predictions = {str(p["id"]): p for p in result.predictions}
        for mode, rankings in result.rankings.items():
            retrieval[mode], retrieval_by_type[mode] = retrieval_metrics(items, rankings)
        build_s = result.index_build_s
        meta = {"qa": str(qa_file), "corpus": str(settings.corpus_dir), "index": str(settings.index_dir),
                "load_s": load_s, "llm": settings.llm_enabled}
        out_dir.mkdir(parents=True, exist_ok=True)
        (out_dir / "predictions.jsonl").write_text(
            "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in result.predictions), encoding="utf-8")

    report = build_report(score_predictions(items, predictions), retrieval, retrieval_by_type, build_s, meta)
    comparison = None
    if baseline is not None:
        comparison = compare(report, _read(lambda p: json.loads(p.read_text(encoding="utf-8")), baseline))
    json_path, md_path = write_report(report, out_dir, comparison)
    click.echo(type_table(report))
    for mode, m in retrieval.items():
        click.echo(f"检索 {mode}: recall@1 {m['recall@1']}  recall@5 {m['recall@5']}  "
                   f"recall@10 {m['recall@10']}  MRR {m['mrr']}")
    lat = report["latency_ms"]
    if lat["n"]:
        build = "" if build_s is None else f"；建索引 {build_s:.1f} s"
        click.echo(f"延迟 p50 {lat['p50']} ms  p95 {lat['p95']} ms{build}")
    if comparison:
        for line in comparison[0] + comparison[1]:
            click.echo(line)
    click.echo(f"报告：{json_path}  {md_path}", err=True)


def _eval_suites(settings: Settings, suite_names: str, out_dir: Path, modes: tuple[str, ...],
                 limit: int | None) -> None:
    """The five, the tuning half and the held-out half, each on its own corpus and index, side by side."""
    import dataclasses

    from assistant.retrieval.embeddings import load_embedder
    from evals.report import suites_table, write_suites_report
    from evals.runner import evaluate_suite, load_assistant, suite_settings
    from evals.suites import SUITE_NAMES, suites

    names = [n.strip() for n in suite_names.split(",") if n.strip()]
    if not names or any(n not in SUITE_NAMES for n in names):
        raise InputError(f"未知评测套：{suite_names}（可用：{'、'.join(SUITE_NAMES)}）")
    available = suites(settings.corpus_dir, out_dir / "index")
    embedder = load_embedder(settings)
    reports = {}
    for name in names:
        suite = dataclasses.replace(available[name], limit=limit)
        _log(f"评测 {name}：{len(suite.documents)} 份文件")
        assistant, _ = load_assistant(suite_settings(settings, available[name]), _log, embedder=embedder)
        report, predictions = evaluate_suite(suite, assistant, modes, _log)
        reports[name] = report
        (out_dir / name).mkdir(parents=True, exist_ok=True)
        (out_dir / name / "predictions.jsonl").write_text(
            "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in predictions), encoding="utf-8")
    json_path, md_path = write_suites_report(reports, out_dir)
    click.echo(suites_table(reports))
    for name, report in reports.items():
        lat = report["latency_ms"]
        if lat["n"]:
            click.echo(f"{name}: 延迟 p50 {lat['p50']} ms  p95 {lat['p95']} ms")
    click.echo(f"报告：{json_path}  {md_path}", err=True)


def _log(message: str) -> None:
    click.echo(message, err=True)


def _read(reader, path: Path):
    """Read an input file, turning a missing or malformed file into a one-line InputError."""
    if not Path(path).is_file():
        raise InputError(f"找不到文件：{path}")
    try:
        return reader(Path(path))
    except (ValueError, KeyError) as exc:
        raise InputError(f"无法读取 {path}：{exc}") from exc


COMMANDS = [eval_command]
