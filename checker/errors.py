"""The errors a run can end with, and the exit code of each.

Bad input (InputError, InputErrors) is the one kind a user can cause: it always carries file and line (or, in a
workbook, sheet and cell), exit 2.
EngineUnavailable (durable-rules cannot be loaded) and EngineDisagreement (the engine and the independent
evaluator disagree: a defect of checker) are exit 3. A run that completes ends 0 (no finding) or 1 (a 不適合 or
要確認): see checker.run.Result.
"""
from __future__ import annotations


class InputError(Exception):
    """A case or rule file that cannot be used. Printed as one line; exit code 2.

    `line` is where in the file: a line number (a YAML or text file: `file:12`), or a place in a workbook written
    `sheet!cell` (`案件.xlsx!外部結合!C12`; a sheet alone for the whole sheet), or None for the file as a whole."""

    def __init__(self, file: str, line: int | str | None, message: str, expected: str | None = None):
        self.file = str(file)
        self.line = line
        self.message = message
        self.expected = expected
        super().__init__(self.format())

    def format(self) -> str:
        if self.line is None:
            where = self.file
        elif isinstance(self.line, str):  # a workbook's sheet!cell
            where = f"{self.file}!{self.line}"
        else:
            where = f"{self.file}:{self.line}"
        text = f"{where}: {self.message}"
        if self.expected:
            text += f"（期待される形: {self.expected}）"
        return text


class InputErrors(Exception):
    """Several input errors found in one pass (all are reported, exit code 2)."""

    def __init__(self, errors: list[InputError]):
        self.errors = errors
        super().__init__("\n".join(e.format() for e in errors))


class EngineUnavailable(RuntimeError):
    """durable-rules cannot be imported (e.g. Python 3.13 with a durable-rules built without the fix). Exit 3."""


class EngineDisagreement(RuntimeError):
    """The engine and the independent evaluator disagree: a defect of checker, never of the input. Exit 3."""


EXIT_OK, EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3


_OS_REASONS = {2: "ありません", 13: "権限がありません", 1: "権限がありません", 21: "フォルダです", 20: "パスの途中にフォルダでないものがあります",
               28: "ディスクがいっぱいです", 30: "読み取り専用の場所です", 36: "名前が長すぎます"}


def os_reason(e: OSError) -> str:
    """Why a file could not be opened or written, in Japanese: the system's reason by its number (the message the
    system gives is English), or checker's own when it gave one (NoFolder, NotAFile)."""
    if e.strerror and not e.strerror.isascii():
        return e.strerror
    return _OS_REASONS.get(e.errno, e.strerror or str(e))
