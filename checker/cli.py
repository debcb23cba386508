"""Command line: checker check FILE… / checker rules."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .errors import InputError, InputErrors
from .verdict import FAIL, UNKNOWN

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3


def _fail_input(e) -> None:
    errs = e.errors if isinstance(e, InputErrors) else [e]
    for err in errs:
        click.echo(f"エラー: {err.format()}", err=True)
    sys.exit(EXIT_INPUT)


def _load_book(rule_paths):
    from .rules import default_rule_dir, load_rulebook

    return load_rulebook(list(rule_paths) or [default_rule_dir()])


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="checker")
def main() -> None:
    """新宿区 個人情報保護管理運営会議 付議事項のチェッカー。"""


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--rules", "rule_paths", multiple=True, type=click.Path(), help="ルールファイルまたはフォルダ（既定: rules/）")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--all", "show_all", is_flag=True, help="対象外のルールも表示する")
def check(files, rule_paths, fmt, show_all):
    """案件ファイルを検査し、ルールごとの判定（適合・不適合・要確認・対象外）を表示する。

    終了コード: 0 すべて適合または対象外 / 1 不適合か要確認がある / 2 入力の誤り。
    """
    from .engine import EngineDisagreement, EngineUnavailable, Engine
    from .loader import load_cases
    from .report.terminal import case_table, runs_json

    try:
        book = _load_book(rule_paths)
        cases = load_cases(files)
    except (InputError, InputErrors) as e:
        _fail_input(e)
    try:
        runs = Engine(book).run(cases)
    except EngineUnavailable as e:
        click.echo(f"エラー: {e}", err=True)
        sys.exit(EXIT_INTERNAL)
    except EngineDisagreement as e:
        click.echo(f"内部エラー（checker の不具合です。入力の誤りではありません）: {e}", err=True)
        sys.exit(EXIT_INTERNAL)
    if fmt == "json":
        click.echo(runs_json(runs), nl=False)
    else:
        click.echo("\n\n".join(case_table(r, show_all) for r in runs))
    bad = any(v.verdict in (FAIL, UNKNOWN) for r in runs for v in r.verdicts)
    sys.exit(EXIT_FINDINGS if bad else EXIT_OK)


@main.command("rules")
@click.option("--rules", "rule_paths", multiple=True, type=click.Path(), help="ルールファイルまたはフォルダ（既定: rules/）")
def rules_cmd(rule_paths):
    """すべてのルールを根拠とともに一覧する。"""
    from tabulate import tabulate

    try:
        book = _load_book(rule_paths)
    except (InputError, InputErrors) as e:
        _fail_input(e)
    rows = []
    for r in book.all():
        valid = ""
        if r.dated:
            valid = f"{r.valid_from or ''}〜{r.valid_to or ''}"
        rows.append([r.id, r.pack, r.title, r.cite, r.severity, valid])
    click.echo(tabulate(rows, headers=["ID", "分類", "ルール", "根拠", "重要度", "有効期間"], tablefmt="simple"))
    click.echo(f"\n{len(book.ids())} ルール（{len(book.all())} 版）")


@main.command("list")
@click.option("--year", required=True, help="年度（令和5、令和5年度、R5）")
@click.option("--format", "fmt", type=click.Choice(["text", "md", "csv", "tsv"]), default="text", show_default=True)
@click.option("--cases", "root", type=click.Path(), default=None, help="案件フォルダ（既定: cases/）")
def list_cmd(year, fmt, root):
    """年度の審議案件一覧（№、事業名、担当課、区分、付議日、審議結果）を表示する。CSV は BOM 付き UTF-8。"""
    import csv
    import io

    from tabulate import tabulate

    from .corpus import LIST_HEADERS, list_rows, load_year

    try:
        rows = list_rows(load_year(year, Path(root) if root else None))
    except (InputError, InputErrors) as e:
        _fail_input(e)
    if fmt in ("csv", "tsv"):
        buf = io.StringIO()
        w = csv.writer(buf, delimiter="," if fmt == "csv" else "\t", lineterminator="\r\n" if fmt == "csv" else "\n")
        w.writerow(LIST_HEADERS)
        w.writerows(rows)
        text = ("\ufeff" if fmt == "csv" else "") + buf.getvalue()
        click.echo(text.encode("utf-8"), nl=False)
        return
    click.echo(tabulate(rows, headers=LIST_HEADERS, tablefmt="pipe" if fmt == "md" else "simple", disable_numparse=True))
    if fmt == "text":
        click.echo(f"\n（{len(rows)} 件）")


if __name__ == "__main__":  # pragma: no cover
    main()
