"""One kind of error a user can cause: bad input. Always carries file and line."""
from __future__ import annotations


class InputError(Exception):
    """A case or rule file that cannot be used. Printed as one line; exit code 2."""

    def __init__(self, file: str, line: int | None, message: str, expected: str | None = None):
        self.file = str(file)
        self.line = line
        self.message = message
        self.expected = expected
        super().__init__(self.format())

    def format(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        text = f"{where}: {self.message}"
        if self.expected:
            text += f"（期待される形: {self.expected}）"
        return text


class InputErrors(Exception):
    """Several input errors found in one pass (all are reported, exit code 2)."""

    def __init__(self, errors: list[InputError]):
        self.errors = errors
        super().__init__("\n".join(e.format() for e in errors))
