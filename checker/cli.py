"""Command line: checker check FILE… / meeting DATE / audit [PATH] / diff OLD NEW / explain FILE RULE_ID / list --year / rules [--verify] / new /
convert."""
from __future__ import annotations

import atexit
import functools
import gc
import sys
from pathlib import Path

import click

from .errors import EXIT_INPUT, EXIT_INTERNAL, EngineDisagreement, EngineUnavailable, InputError, InputErrors, os_reason
from .report import FORMATS
from .run import DEFAULT_FAIL_ON, FAIL_ON_CHOICES, fail_on
from .usage import Group

# The heap goes with the process: the interpreter's last cyclic collections at exit would only walk it (the rule book,
# the engine, the model: about 6 % of a cold `checker check`, docs/engine.md). Run at exit, after the handlers registered
# later (weakref.finalize's, removing temporary folders, among them); objects not in a cycle are still freed as always.
atexit.register(gc.freeze)


def _errors(f):
    """The one error ladder of every command: bad input → its messages, exit 2; the engine → exit 3."""

    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        try:
            return f(*args, **kwargs)
        except (InputError, InputErrors) as e:
            for err in (e.errors if isinstance(e, InputErrors) else [e]):
                click.echo(f"エラー: {err.format()}", err=True)
            sys.exit(EXIT_INPUT)
        except EngineUnavailable as e:
            click.echo(f"エラー: {e}", err=True)
            sys.exit(EXIT_INTERNAL)
        except EngineDisagreement as e:
            click.echo(f"内部エラー（checker の不具合です。入力の誤りではありません）: {e}", err=True)
            sys.exit(EXIT_INTERNAL)

    return wrapper


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="checker", message="%(prog)s %(version)s")
def main() -> None:
    """新宿区 個人情報保護管理運営会議 付議事項のチェッカー。"""


FORMAT_OPTION = click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
                             help="text（端末）・md・html（1 ファイル）・csv（BOM 付き UTF-8）・json・junit（JUnit XML）")
FAIL_ON_OPTION = click.option(
    "--fail-on", "fail_on_name", type=click.Choice(FAIL_ON_CHOICES, case_sensitive=False), default=DEFAULT_FAIL_ON, show_default=True,
    help="終了コード 1 にする判定: 要確認（不適合か要確認があれば）・不適合（不適合があるときだけ）・なし（いつも 0）。unknown・fail・none とも書ける")


ON_OPTION = click.option(
    "--on", "on", default=None, metavar="日付",
    help="承諾・免除の期限を判断する基準日（2023-12-21・令和5年12月21日・R5.12.21。既定: 各案件の付議日）")
RULES_OPTION = click.option("--rules", "rule_paths", multiple=True, type=click.Path(), help="ルールファイルまたはフォルダ（既定: rules/）")


def _cache_options(f):
    """--cache DIR / --no-cache: where the validated cases and the loaded rule book are kept between runs (checker.cache),
    or no cache. Set for the run before the command does anything."""

    @functools.wraps(f)
    def wrapper(*args, cache_dir=None, no_cache=False, **kwargs):
        from . import cache

        cache.configure(cache_dir, off=no_cache)
        return f(*args, **kwargs)

    wrapper = click.option("--no-cache", "no_cache", is_flag=True,
                           help="キャッシュを使わない（読まず、書かない。環境変数 CHECKER_CACHE=off と同じ）")(wrapper)
    return click.option("--cache", "cache_dir", type=click.Path(file_okay=False), default=None, metavar="フォルダ",
                        help="検証した案件と読み込んだルールのキャッシュの場所（既定: 環境変数 CHECKER_CACHE_DIR、"
                             "なければ $XDG_CACHE_HOME/checker か ~/.cache/checker。内容で引くので、変えたファイルは読み直す）")(wrapper)


DOC_FORMAT_OPTION = click.option("--format", "fmt", type=click.Choice(("text", "md", "html", "json")), default="text", show_default=True,
                                 help="text（端末）・md・html（1 ファイル）・json")


def _output_options(f, format_option=None):
    f = click.option("--timestamp", is_flag=True, help="作成日時を報告に入れる（既定では入れない: 同じ入力から同じバイト列）")(f)
    f = click.option("--mkdir", is_flag=True, help="-o のフォルダがなければ作る（既定では入力の誤り。reports/ はいつも作る）")(f)
    f = click.option("-o", "--output", "output", type=click.Path(), default=None,
                     help="書き出し先（- は標準出力）。一時ファイルに書いてから置き換え、置き換えたファイルの権限は保つ")(f)
    return (format_option or FORMAT_OPTION)(f)


def _doc_output_options(f):
    """-o, --mkdir, --timestamp and --format for a report of the document model (text, md, html, json: report/document.py)."""
    return _output_options(f, DOC_FORMAT_OPTION)


def _output_folder(output: str | None, mkdir: bool) -> None:
    """-o into a folder that does not exist is an input error before any work (unless --mkdir, or reports/)."""
    if not output or output == "-":
        return
    from .report.output import missing_folder

    why = missing_folder(output, mkdir)
    if why:
        click.echo(f"エラー: {output}: {why}", err=True)
        sys.exit(EXIT_INPUT)


def _generated(timestamp: bool) -> str | None:
    from .run import now

    return now() if timestamp else None


def _width() -> int | None:
    """A terminal's width for text on stdout; None (80 columns) in a file or a pipe."""
    if not sys.stdout.isatty():
        return None
    import shutil

    return shutil.get_terminal_size().columns


def _finish(result, fmt: str = "text", output: str | None = None, command: str = "", to_file: bool = False,
            mkdir: bool = False):
    """Print the result's notes and errors, write its report, exit with its code.

    -o PATH (atomically; a symlink's target; a FIFO or a device written into) / -o - (stdout); by default text to
    stdout, other formats to reports/<command>-<key>.<ext> when to_file (meeting, audit), else to stdout (check)."""
    for m in result.notes:
        click.echo(f"注意: {m}", err=True)
    for m in result.errors:
        click.echo(f"エラー: {m}", err=True)
    for m in result.written:
        click.echo(m, err=True)
    report = result.report
    to_stdout = False
    if report is not None:
        from .report import render
        from .report.output import NoFolder, default_path, write_report, write_stdout

        to_stdout = output == "-" or (output is None and (fmt == "text" or not to_file))
        chunks = render(report, fmt, width=_width() if fmt == "text" and to_stdout else None)
        if to_stdout:
            write_stdout(chunks)
        else:
            path = Path(output) if output else default_path(command, getattr(report, "key", None), fmt)
            try:
                write_report(path, chunks, mkdir=mkdir)
            except OSError as e:
                why = e.strerror if isinstance(e, NoFolder) else f"報告を書けません（{os_reason(e)}）"
                click.echo(f"エラー: {path}: {why}", err=True)
                sys.exit(EXIT_INPUT)
            click.echo(f"報告: {path}", err=True)
    if result.summary:  # stdout only when it is all stdout says (a report there stays a whole json, html …)
        click.echo(result.summary, err=bool(result.exit_code) or to_stdout)
    sys.exit(result.exit_code)


@main.command(short_help="案件ファイルを検査する（部署の自己点検）")
@click.argument("files", nargs=-1, required=True, type=click.Path(), metavar="案件ファイル…")
@RULES_OPTION
@_output_options
@click.option("--all", "show_all", is_flag=True, help="端末に、不適合・要確認だけでなくすべての判定（適合・対象外も）を表示する")
@click.option("--annotate", is_flag=True,
              help="判定をブックに書き込む: 案件ごとに <名前>_判定.xlsx（判定のシートと、不適合・要確認のもとのセルに色とコメント）を案件ファイルの隣に作る。"
                   "入力は書き換えない。YAML の案件はブックにしてから書き込む")
@FAIL_ON_OPTION
@ON_OPTION
@_cache_options
@_errors
def check(files, rule_paths, fmt, output, mkdir, timestamp, show_all, annotate, fail_on_name, on):
    """案件ファイルを検査し、ルールごとの判定（適合・不適合・要確認・対象外）を表示する。

    text 以外の形式も、-o がなければ標準出力に出す（checker check --format json | jq …）。

    終了コード: 0 --fail-on の判定がない / 1 ある（既定: 不適合か要確認）/ 2 入力の誤り / 3 内部エラー。
    """
    from .run.check import command

    _output_folder(output, mkdir)
    _finish(command(files, rule_paths, show_all=show_all, generated=_generated(timestamp), counted=fail_on(fail_on_name),
                    annotate_books=annotate, on=on), fmt, output, "check", mkdir=mkdir)


@main.command(short_help="会議の報告（審議案件一覧と案件ごとの判定）")
@click.argument("date", metavar="日付")
@click.option("--cases", "root", type=click.Path(), default=None, help="案件フォルダ（既定: cases/）。年度ごとのフォルダに _meetings.yaml")
@RULES_OPTION
@_output_options
@FAIL_ON_OPTION
@ON_OPTION
@_cache_options
@_errors
def meeting(date, root, rule_paths, fmt, output, mkdir, timestamp, fail_on_name, on):
    """会議の報告: 審議案件一覧（№、事業名、担当課、区分、付議日、審議結果）と、案件ごとの判定・不適合・要確認。

    DATE は 2023-12-21、令和5年12月21日、R5.12.21 のように書く。text 以外の形式は、-o がなければ
    reports/meeting-<日付>.<拡張子> に書く。

    終了コード: 0 --fail-on の判定がない / 1 ある（既定: 不適合か要確認）/ 2 入力の誤り（会議のない日を含む）/ 3 内部エラー。
    """
    from .run.meeting import command

    _output_folder(output, mkdir)
    _finish(command(date, root, rule_paths, generated=_generated(timestamp), counted=fail_on(fail_on_name), on=on), fmt,
            output, "meeting", to_file=True, mkdir=mkdir)


DOCUMENT_FORMATS = ("text", "md", "html", "json")  # the report kinds of the one document model (report.document: diff, explain)


def _document_options(f):
    """--format text|md|html|json, -o (default: standard output), --mkdir, --timestamp: a report of the document model."""
    f = click.option("--timestamp", is_flag=True, help="作成日時を報告に入れる（既定では入れない: 同じ入力から同じバイト列）")(f)
    f = click.option("--mkdir", is_flag=True, help="-o のフォルダがなければ作る（既定では入力の誤り）")(f)
    f = click.option("-o", "--output", "output", type=click.Path(), default=None,
                     help="書き出し先（- は標準出力）。一時ファイルに書いてから置き換え、置き換えたファイルの権限は保つ")(f)
    return click.option("--format", "fmt", type=click.Choice(DOCUMENT_FORMATS), default="text", show_default=True,
                        help="text（端末）・md・html（1 ファイル）・json")(f)


@main.command(short_help="前回の承認からの変更（記載と判定）")
@click.argument("old", type=click.Path(), metavar="前回の案件ファイル")
@click.argument("new", type=click.Path(), metavar="今回の案件ファイル")
@RULES_OPTION
@_document_options
@_cache_options
@_errors
def diff(old, new, rule_paths, fmt, output, mkdir, timestamp):
    """前回の承認の案件と今回の案件を比べる: 追加・削除・変更された記載（様式の項目名ごとに前回と今回の値）と、
    判定の変わったルール（前回 → 今回、動かした事実）。それぞれの案件はその付議日で判定する。

    終了コード: 0（比べるだけ。判定は checker check で）/ 2 入力の誤り / 3 内部エラー。

    案件ファイルに 前回の案件 を書けば、check と meeting もその案件に同じ比較（前回からの変更）を示す。

    例: checker diff 前回の案件.yaml 今回の案件.yaml
    """
    from .run.diff import command

    _output_folder(output, mkdir)
    _finish(command(old, new, rule_paths, generated=_generated(timestamp)), fmt, output, "diff", mkdir=mkdir)


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


@main.command(short_help="全案件 × 全ルールの判定表")
@click.argument("paths", nargs=-1, type=click.Path(), metavar="[案件フォルダ…]")
@RULES_OPTION
@click.option("-k", "--category", "categories", multiple=True, type=click.Choice(CATEGORIES), help="区分で絞る（複数可）")
@click.option("--department", default=None, help="担当課で絞る（名前の一部）")
@click.option("--from", "date_from", default=None, help="付議日がこの日以後（和暦可: 令和5年10月1日）")
@click.option("--to", "date_to", default=None, help="付議日がこの日以前（和暦可）")
@click.option("-j", "--jobs", type=click.IntRange(0, 64), default=0, show_default=True,
              help="並行して評価するプロセス数（0: 自動。500 件以上で CPU の数、最大 4）")
@_output_options
@FAIL_ON_OPTION
@ON_OPTION
@_cache_options
@_errors
def audit(paths, rule_paths, categories, department, date_from, date_to, jobs, fmt, output, mkdir, timestamp, fail_on_name, on):
    """全案件 × 全ルールの判定表（○ 適合 × 不適合 ? 要確認 ー 対象外）、ルール・案件ごとの合計、不適合の多いルール。

    案件フォルダ（既定: ここの cases/。なければ入力の誤り）の案件ファイルを 1 件ずつ読み、まとめて評価する（何万件でもメモリは一定に近い）。
    付議日が期間の案件は、絞り込みの期間と重なれば対象。入力の誤りがあれば全部示して exit 2（報告は書かない）。
    text 以外の形式は、-o がなければ reports/audit.<拡張子> に書く。

    終了コード: 0 --fail-on の判定がない / 1 ある（既定: 不適合か要確認）/ 2 入力の誤り / 3 内部エラー。
    """
    from .run.audit import command

    _output_folder(output, mkdir)
    progress = _Progress()
    try:
        result = command(paths, rule_paths, categories=categories, department=department, date_from=date_from,
                         date_to=date_to, jobs=jobs or None, progress=progress, generated=_generated(timestamp),
                         counted=fail_on(fail_on_name), on=on)
    finally:
        progress.end()
    _finish(result, fmt, output, "audit", to_file=True, mkdir=mkdir)


@main.command(short_help="1 つの判定の理由（ルールの条件の木と、事実の値・書かれた行）")
@click.argument("file", type=click.Path(), metavar="案件ファイル")
@click.argument("rule_id", metavar="ルールID")
@RULES_OPTION
@_document_options
@_cache_options
@_errors
def explain(file, rule_id, rule_paths, fmt, output, mkdir, timestamp):
    """1 つの案件の 1 つのルールの判定を説明する: 付議日が選んだルールの版とその理由、判定、
    ルールの 適用条件 と 要件 を木で（各条件が 真・偽・不明 のどれか、各事実の値と案件ファイルの行・セル。
    記載のない事実は「記載なし」と書く場所）。

    例: checker explain 案件.yaml TOKKI-10

    終了コード: 0 説明した / 2 入力の誤り（ないルール ID、読めない案件ファイル）/ 3 内部エラー。
    """
    from .run.explain import command

    _output_folder(output, mkdir)
    _finish(command(file, rule_id, rule_paths, generated=_generated(timestamp)), fmt, output, "explain", mkdir=mkdir)


@main.command("rules", short_help="ルールと根拠の一覧、ルールパックの検査")
@click.argument("ids", nargs=-1, metavar="[ルールID…]")
@RULES_OPTION
@click.option("--verify", is_flag=True, help="ルールパックを検査する（誤りをすべて「ファイル:行: 何が違うか」で示し、あれば exit 2）")
@_cache_options
@_errors
def rules_cmd(ids, rule_paths, verify):
    """すべてのルールを根拠とともに一覧する。ルールID を書けば、その各版を出典・注・指摘・直し方・ファイルの行とともに示す。
    --verify でルールパックの誤りを検査する。"""
    from .run.rules import command

    _finish(command(rule_paths, verify=verify, ids=ids))


@main.command("test", short_help="ルールの例を判定して確かめる（--coverage で網羅）")
@click.argument("rule_paths", nargs=-1, type=click.Path(), metavar="[ルールフォルダ…]")
@click.option("--coverage", is_flag=True, help="ルールごとに、例と実案件が出した判定（適合・不適合・要確認・対象外）と、どちらにも出ない判定を示す")
@click.option("--cases", "root", type=click.Path(), default=None, help="--coverage の実案件のフォルダ（既定: cases/）")
@_doc_output_options
@_cache_options
@_errors
def test_cmd(rule_paths, coverage, root, fmt, output, mkdir, timestamp):
    """ルールの例（ルールフォルダの examples/）をすべて判定し、期待と違う判定を「ファイル:行」・期待・結果・決めた事実で示す。
    適合・不適合・要確認 の例のないルールも示す。

    終了コード: 0 すべて期待どおり / 1 期待と違う判定か、例の足りないルールがある / 2 入力の誤り / 3 内部エラー。
    """
    from .run.examples import command

    _output_folder(output, mkdir)
    _finish(command(rule_paths, coverage=coverage, cases_root=root, generated=_generated(timestamp)), fmt, output, "test", mkdir=mkdir)


@main.command("list", short_help="年度の審議案件一覧")
@click.option("--year", required=True, help="年度（令和5、令和5年度、R5）")
@click.option("--format", "fmt", type=click.Choice(["text", "md", "csv", "tsv"]), default="text", show_default=True)
@click.option("--cases", "root", type=click.Path(), default=None, help="案件フォルダ（既定: cases/）")
@_errors
def list_cmd(year, fmt, root):
    """年度の審議案件一覧（№、事業名、担当課、区分、付議日、審議結果）を表示する。CSV は BOM 付き UTF-8。"""
    from .run.listing import command

    _finish(command(year, root), fmt, "-")


@main.command("new", short_help="空の案件ファイル（ブック・ひな形）を作る")
@click.argument("categories", nargs=-1, required=True, metavar="区分…")
@click.option("-o", "--output", required=True, type=click.Path(), help="作るファイル: .xlsx は Excel のブック、.yaml・.yml は YAML のひな形")
@click.option("--pia", default=None, metavar="報告|実施結果",
              help="特定個人情報保護評価の報告: 報告（素案の報告）か 実施結果（パブリック・コメント等の実施結果）。その様式も入れる")
@click.option("--force", is_flag=True, help="すでにあるファイルを上書きする（既定では上書きしない）")
@click.option("--mkdir", is_flag=True, help="-o のフォルダがなければ作る（既定では入力の誤り）")
@_errors
def new(categories, output, pia, force, mkdir):
    """空の案件ファイルを作る。区分…: 電算処理・外部結合・業務委託・外部提供・防犯カメラ から 1 つ以上。

    その区分の様式の項目が、様式の順にすべて入る（番号法の表も）。項目ごとに書くこと・書ける値・記入例がつき、値は何も入っていない。
    書いたら checker check で確かめる。すでにあるファイルは上書きしない（--force で上書き）。

    例: checker new 業務委託 外部結合 -o 案件.xlsx
    """
    from .run.new import command

    _finish(command(categories, output, pia=pia, force=force, mkdir=mkdir))


@main.command("convert", short_help="案件ファイルを YAML と Excel のブックのあいだで変換する")
@click.argument("source", type=click.Path(), metavar="入力ファイル")
@click.argument("output", type=click.Path(), metavar="出力ファイル")
@click.option("--force", is_flag=True, help="すでにある出力ファイルを上書きする（既定では上書きしない）")
@click.option("--mkdir", is_flag=True, help="出力ファイルのフォルダがなければ作る（既定では入力の誤り）")
@_errors
def convert(source, output, force, mkdir):
    """案件ファイルを変換する: .yaml・.yml → .xlsx（Excel のブック）、.xlsx → .yaml。出力ファイルの拡張子で決まる。

    入力は checker check と同じに読んで確かめる（誤りがあれば示して exit 2、何も書かない）。変換したファイルを読めば同じ事実・同じ判定になる。
    出典・出所（cases/ の案件）は概要のシートに移す。YAML のコメントは移さない。

    例: checker convert 案件.yaml 案件.xlsx
    """
    from .run.convert import command

    _finish(command(source, output, force=force, mkdir=mkdir))


if __name__ == "__main__":  # pragma: no cover
    main()
