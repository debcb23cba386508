"""Command line: checker check FILE… / meeting DATE / audit [PATH] / list --year / rules [--verify]."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .errors import InputError, InputErrors
from .report import FORMATS
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


FORMAT_OPTION = click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
                             help="text（端末）・md・html（1 ファイル）・csv（BOM 付き UTF-8）・json・junit（JUnit XML）")
RULES_OPTION = click.option("--rules", "rule_paths", multiple=True, type=click.Path(), help="ルールファイルまたはフォルダ（既定: rules/）")


def _output_options(f):
    f = click.option("--timestamp", is_flag=True, help="作成日時を報告に入れる（既定では入れない: 同じ入力から同じバイト列）")(f)
    f = click.option("-o", "--output", "output", type=click.Path(), default=None,
                     help="書き出し先（- は標準出力）。一時ファイルに書いてから置き換える")(f)
    return FORMAT_OPTION(f)


def _generated(timestamp: bool) -> str | None:
    if not timestamp:
        return None
    import datetime as dt

    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


def _engine(book):
    from .engine import Engine, EngineUnavailable

    try:
        return Engine(book)
    except EngineUnavailable as e:
        click.echo(f"エラー: {e}", err=True)
        sys.exit(EXIT_INTERNAL)


def _internal(e) -> None:
    click.echo(f"内部エラー（checker の不具合です。入力の誤りではありません）: {e}", err=True)
    sys.exit(EXIT_INTERNAL)


def _notes(messages) -> None:
    for m in messages:
        click.echo(f"注意: {m}", err=True)


def _emit(report, fmt: str, output: str | None, command: str, to_file: bool) -> None:
    """Write the report: -o PATH (atomically) / -o - (stdout); by default text to stdout, other formats to
    reports/<command>-<key>.<ext> when to_file (meeting, audit), else to stdout (check)."""
    from .report import render
    from .report.output import default_path, write_report, write_stdout

    to_stdout = output == "-" or (output is None and (fmt == "text" or not to_file))
    if fmt == "text" and to_stdout and sys.stdout.isatty():  # a terminal: its width (a file or a pipe: 80 columns)
        import shutil

        report.width = shutil.get_terminal_size().columns
    chunks = render(report, fmt)
    if to_stdout:
        write_stdout(chunks)
        return
    path = Path(output) if output else default_path(command, getattr(report, "key", None), fmt)
    try:
        write_report(path, chunks)
    except OSError as e:
        click.echo(f"エラー: {path}: 報告を書けません（{e.strerror or e}）", err=True)
        sys.exit(EXIT_INPUT)
    click.echo(f"報告: {path}", err=True)


def _exit_for(verdict_lists) -> None:
    bad = any(v.verdict in (FAIL, UNKNOWN) for vs in verdict_lists for v in vs)
    sys.exit(EXIT_FINDINGS if bad else EXIT_OK)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
@RULES_OPTION
@_output_options
@click.option("--all", "show_all", is_flag=True, help="対象外のルールも表示する")
def check(files, rule_paths, fmt, output, timestamp, show_all):
    """案件ファイルを検査し、ルールごとの判定（適合・不適合・要確認・対象外）を表示する。

    text 以外の形式も、-o がなければ標準出力に出す（checker check --format json | jq …）。

    終了コード: 0 すべて適合または対象外 / 1 不適合か要確認がある / 2 入力の誤り。
    """
    from .engine import EngineDisagreement
    from .loader import load_cases
    from .pia import link_reports
    from .report.model import CaseDetail, CheckReport

    try:
        book = _load_book(rule_paths)
        cases = load_cases(files)
    except (InputError, InputErrors) as e:
        _fail_input(e)
    _notes(link_reports(cases))
    engine = _engine(book)
    try:
        runs = engine.run(cases)
    except EngineDisagreement as e:
        _internal(e)
    report = CheckReport([CaseDetail.of(r) for r in runs], show_all=show_all, generated=_generated(timestamp))
    _emit(report, fmt, output, "check", to_file=False)
    _exit_for(r.verdicts for r in runs)


@main.command()
@click.argument("date")
@click.option("--cases", "root", type=click.Path(), default=None, help="案件フォルダ（既定: cases/）。年度ごとのフォルダに _meetings.yaml")
@RULES_OPTION
@_output_options
def meeting(date, root, rule_paths, fmt, output, timestamp):
    """会議の報告: 審議案件一覧（№、事業名、担当課、区分、付議日、審議結果）と、案件ごとの判定・不適合・要確認。

    DATE は 2023-12-21、令和5年12月21日、R5.12.21 のように書く。text 以外の形式は、-o がなければ
    reports/meeting-<日付>.<拡張子> に書く。

    終了コード: 0 不適合・要確認なし / 1 あり / 2 入力の誤り（会議のない日を含む）。
    """
    from .corpus import list_rows, year_dir_name
    from .engine import EngineDisagreement
    from .pia import link_reports
    from .report.meeting import find_meeting, load_found, parse_day
    from .report.model import CaseDetail, MeetingReport

    try:
        day = parse_day(date)
        found = find_meeting(day, Path(root) if root else None)
        entries, year_cases, notes = load_found(found)
        book = _load_book(rule_paths)
    except (InputError, InputErrors) as e:
        _fail_input(e)
    cases = [(str(e.path), e.case) for e in entries]
    _notes(notes + link_reports(cases, among=year_cases))
    engine = _engine(book)
    try:
        runs = engine.run(cases)
    except EngineDisagreement as e:
        _internal(e)
    report = MeetingReport(date=day, name=found.meeting.name, year=year_dir_name(found.year), agenda=list_rows(entries),
                           cases=[CaseDetail.of(r) for r in runs], generated=_generated(timestamp))
    _emit(report, fmt, output, "meeting", to_file=True)
    _exit_for(r.verdicts for r in runs)


CATEGORIES = ("電算処理", "外部結合", "業務委託", "外部提供", "防犯カメラ")


class _Progress:
    """A counter on stderr, only when stderr is a terminal (never in pipes or CI logs)."""

    def __init__(self):
        self.on = sys.stderr.isatty()
        self.shown = -1

    def __call__(self, done: int, total: int) -> None:
        if not self.on:
            return
        pct = done * 100 // max(total, 1)
        if pct != self.shown or done == total:
            self.shown = pct
            sys.stderr.write(f"\r検査中 {done:,}/{total:,} 件（{pct}%）")
            sys.stderr.flush()

    def end(self) -> None:
        if self.on and self.shown >= 0:
            sys.stderr.write("\n")
            sys.stderr.flush()


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@RULES_OPTION
@click.option("-k", "--category", "categories", multiple=True, type=click.Choice(CATEGORIES), help="区分で絞る（複数可）")
@click.option("--department", default=None, help="担当課で絞る（名前の一部）")
@click.option("--from", "date_from", default=None, help="付議日がこの日以後（和暦可: 令和5年10月1日）")
@click.option("--to", "date_to", default=None, help="付議日がこの日以前（和暦可）")
@click.option("-j", "--jobs", type=click.IntRange(0, 64), default=0, show_default=True,
              help="並行して評価するプロセス数（0: 自動。500 件以上で CPU の数、最大 4）")
@_output_options
def audit(paths, rule_paths, categories, department, date_from, date_to, jobs, fmt, output, timestamp):
    """全案件 × 全ルールの判定表（○ 適合 × 不適合 ? 要確認 ー 対象外）、ルール・案件ごとの合計、不適合の多いルール。

    PATH（既定: cases/）の案件ファイルを 1 件ずつ読み、まとめて評価する（何万件でもメモリは一定に近い）。
    付議日が期間の案件は、絞り込みの期間と重なれば対象。入力の誤りがあれば全部示して exit 2（報告は書かない）。
    text 以外の形式は、-o がなければ reports/audit.<拡張子> に書く。
    """
    from .engine import EngineDisagreement, EngineUnavailable
    from .report.audit import Filters, audit as run_audit, default_paths

    try:
        filters = Filters(categories, department, date_from, date_to)
        book = _load_book(rule_paths)
    except (InputError, InputErrors) as e:
        _fail_input(e)
    errors: list = []
    notes: list = []
    progress = _Progress()
    try:
        report = run_audit(default_paths(paths), book, None, filters, errors=errors, notes=notes, progress=progress,
                           jobs=jobs or None)
    except (InputError, InputErrors) as e:
        progress.end()
        _fail_input(e)
    except EngineUnavailable as e:
        progress.end()
        click.echo(f"エラー: {e}", err=True)
        sys.exit(EXIT_INTERNAL)
    except EngineDisagreement as e:
        progress.end()
        _internal(e)
    progress.end()
    if errors:
        _fail_input(InputErrors(errors))
    _notes(notes)
    report.generated = _generated(timestamp)
    _emit(report, fmt, output, "audit", to_file=True)
    sys.exit(EXIT_FINDINGS if any(FAIL.glyph in r.marks or UNKNOWN.glyph in r.marks for r in report.rows) else EXIT_OK)


@main.command("rules")
@RULES_OPTION
@click.option("--verify", is_flag=True, help="ルールパックを検査する（誤りをすべて「ファイル:行: 何が違うか」で示し、あれば exit 2）")
def rules_cmd(rule_paths, verify):
    """すべてのルールを根拠とともに一覧する。--verify でルールパックの誤りを検査する。"""
    import shutil

    if verify:
        from .lint import verify as lint
        from .rules import default_rule_dir

        faults = lint([Path(p) for p in rule_paths] or [default_rule_dir()])
        for f in faults:
            click.echo(f"エラー: {f}", err=True)
        if faults:
            click.echo(f"ルールの検査: {len(faults)} 件の誤り", err=True)
            sys.exit(EXIT_INPUT)
    try:
        book = _load_book(rule_paths)
    except (InputError, InputErrors) as e:
        _fail_input(e)
    if verify:
        files = sorted({r.file for r in book.all()})
        click.echo(f"ルールの検査: 誤りなし（{len(files)} ファイル、{len(book.ids())} ルール、{len(book.all())} 版）")
        return
    from .report.terminal import WIDTH, _fold, _table

    width = shutil.get_terminal_size().columns if sys.stdout.isatty() else WIDTH  # a pipe or a file: 80 columns
    for pack in dict.fromkeys(r.pack for r in book.all()):
        versions = [r for r in book.all() if r.pack == pack]
        click.echo(f"\n■ {pack}（{len({r.id for r in versions})} ルール、{len(versions)} 版）")
        rows = [[r.id, f"{r.valid_from or ''}〜{r.valid_to or ''}" if r.dated else "", r.severity, r.cite] for r in versions]
        head, lines = _table(["ID", "有効期間", "重要度", "根拠"], rows, width, fold=True)  # a citation is folded, never cut
        out = list(head)
        for r, line in zip(versions, lines):
            out.append(line)
            out.extend(_fold(r.title, width, "      "))
        click.echo("\n".join(out))
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
