"""click as ward staff read it: help screens and usage errors in Japanese, within the terminal's width.

click writes its own words in English (Usage:, Options:, "No such command 'explain'.", "Got unexpected extra
argument (ITAKU-05)") and wraps help by the number of characters, so a line of Japanese is twice the width it counts.
Here, in one place:
- Formatter: the headings, the usage line and click's fixed help texts in Japanese; every line folded by display width
  (jp.fold: wide characters count 2), so every help screen fits the terminal (80 columns in a pipe).
- Group.main: click's usage errors (an unknown command or option, a missing argument, a value not among the choices,
  an extra argument) caught where click raises them and said in Japanese by their kind and the parameter they name,
  with the usage line and where to read more; exit 2, as for any input error.
"""
from __future__ import annotations

import re
import sys

import click
from click import exceptions as ce

from .errors import EXIT_INPUT, EXIT_INTERNAL
from .jp import cells, fold

HEADINGS = {"Options": "オプション", "Commands": "コマンド", "Arguments": "引数", "Positional arguments": "引数"}
HELP_TEXTS = {"Show this message and exit.": "この説明を表示して終わる。", "Show the version and exit.": "版を表示して終わる。"}
METAVARS = {"TEXT": "文字列", "PATH": "パス", "INTEGER RANGE": "整数", "INTEGER": "整数"}
_METAVAR = re.compile(r"\b(" + "|".join(sorted(map(re.escape, METAVARS), key=len, reverse=True)) + r")\b")
_EXTRA = re.compile(r"\[(default|required)(?::\s*([^\]]*))?\]")


def _term(text: str) -> str:
    """An option's first column in Japanese: its metavar (TEXT → 文字列)."""
    return _METAVAR.sub(lambda m: METAVARS[m[1]], text)


def _help(text: str) -> str:
    text = HELP_TEXTS.get(text, text)
    text = _EXTRA.sub(lambda m: f"［既定: {m[2]}］" if m[1] == "default" else "［必須］", text)
    return re.sub(r"(-?\d+)<=x<=(-?\d+)", r"\1〜\2", text)


def _paragraphs(text: str) -> list[str]:
    """A docstring's paragraphs, each one line: Japanese lines are joined without a space, others with one; a
    paragraph marked \\b keeps its lines."""
    out = []
    for para in re.split(r"\n\s*\n", text.strip("\n")):
        lines = [ln.strip() for ln in para.splitlines()]
        if lines and lines[0] == "\b":
            out.extend(lines[1:])
            continue
        joined = ""
        for ln in lines:
            if joined and not (ord(joined[-1]) > 0x2E7F or ord(ln[0]) > 0x2E7F):
                joined += " "
            joined += ln
        out.append(joined)
    return out


class Formatter(click.HelpFormatter):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        prefix = "使い方: " if prefix is None else prefix
        lines = fold(f"{prog} {args}".strip(), self.width - self.current_indent - len(prefix) * 2, "")
        pad = " " * (self.current_indent + 2 * len(prefix))
        self.write(" " * self.current_indent + prefix + lines[0] + "\n")
        for ln in lines[1:]:
            self.write(pad + ln + "\n")

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{HEADINGS.get(heading, heading)}:\n")

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        out = []
        for para in _paragraphs(text):
            if out:
                out.append("")
            out.extend(fold(para, self.width, indent))
        self.write("\n".join(out) + "\n")

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        rows = [(_term(a), _help(b)) for a, b in rows]
        first = min(max((cells(a) for a, _ in rows), default=0), col_max) + col_spacing
        indent = " " * self.current_indent
        room = max(self.width - self.current_indent - first, 20)
        for a, b in rows:
            lines = fold(b, room) if b else []
            if cells(a) <= first - col_spacing and lines:
                self.write(f"{indent}{a}{' ' * (first - cells(a))}{lines[0]}\n")
                lines = lines[1:]
            else:
                self.write(f"{indent}{a}\n")
            for ln in lines:
                self.write(f"{indent}{' ' * first}{ln}\n")


class Context(click.Context):
    formatter_class = Formatter


class Command(click.Command):
    context_class = Context

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[オプション]")
        super().__init__(*args, **kwargs)


def _names(param) -> str:
    if isinstance(param, click.Option):
        return "／".join(param.opts)
    return param.human_readable_name if param is not None else "値"


def _choices(param) -> str:
    t = getattr(param, "type", None)
    if isinstance(t, click.Choice):
        return "・".join(map(str, t.choices))
    if isinstance(t, click.IntRange):
        return f"{t.min} から {t.max} までの整数"
    return ""


def explain(e: click.ClickException, group: click.Group) -> str:
    """click's usage error said in Japanese, by its kind and the parameter it names."""
    msg = e.format_message()
    if isinstance(e, ce.NoSuchOption):
        import difflib

        near = difflib.get_close_matches(e.option_name, sorted(e.possibilities or ()), n=1, cutoff=0.75)
        return f"オプション {e.option_name} はありません" + (f"。もしかして {near[0]} ですか" if near else "")
    if isinstance(e, ce.BadOptionUsage):
        if "requires" in msg:
            return f"オプション {e.option_name} には値が要ります"
        if "does not take a value" in msg:
            return f"オプション {e.option_name} は値をとりません"
        return f"オプション {e.option_name} の使い方が違います"
    if isinstance(e, ce.MissingParameter):
        what = "オプション" if isinstance(e.param, click.Option) else "引数"
        return f"{what} {_names(e.param)} を指定してください"
    if isinstance(e, ce.BadParameter):
        value = re.match(r"'([^']*)'|(\S+) is not", e.message)
        shown = f"「{value[1] if value[1] is not None else value[2]}」" if value else ""
        allowed = _choices(e.param)
        return f"{_names(e.param)} の値{shown}は使えません" + (f"（使えるのは {allowed}）" if allowed else "")
    if isinstance(e, ce.BadArgumentUsage):
        return "引数の数が違います"
    if isinstance(e, ce.UsageError):
        m = re.match(r"No such command '(.*)'\.", msg)
        if m:
            return f"コマンド「{m[1]}」はありません（使えるのは {'・'.join(group.list_commands(e.ctx) if e.ctx else group.commands)}）"
        m = re.match(r"Got unexpected extra arguments? \((.*)\)", msg)
        if m:
            return f"余分な引数があります: {m[1]}"
        if msg.startswith("Missing command"):
            return f"コマンドを指定してください（{'・'.join(group.commands)}）"
    return "コマンドラインが読めません"


class Group(click.Group):
    context_class = Context
    command_class = Command

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[オプション]")
        kwargs.setdefault("subcommand_metavar", "コマンド [引数]…")
        super().__init__(*args, **kwargs)

    def main(self, args=None, prog_name=None, **extra):
        try:
            rv = super().main(args, prog_name, standalone_mode=False, **extra)
        except click.exceptions.Abort:
            click.echo("中断しました", err=True)
            sys.exit(1)
        except click.ClickException as e:
            if type(e).__name__ == "NoArgsIsHelpError":  # `checker` alone (click ≥ 8.2): its help, as click ≤ 8.1 did
                click.echo(e.ctx.get_help())
                sys.exit(0)
            click.echo(f"エラー: {explain(e, self)}", err=True)
            ctx = getattr(e, "ctx", None)
            if ctx is not None:
                click.echo(ctx.get_usage(), err=True)
                click.echo(f"説明: {ctx.command_path} --help", err=True)
            sys.exit(EXIT_INPUT)
        except Exception as e:  # never a traceback: a defect of checker, said as one
            click.echo(f"内部エラー（checker の不具合です。入力の誤りではありません）: {type(e).__name__}: {e}", err=True)
            sys.exit(EXIT_INTERNAL)
        sys.exit(rv if isinstance(rv, int) else 0)
