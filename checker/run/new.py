"""checker new 区分… -o FILE: an empty case for the 区分 given, as a YAML template (.yaml, .yml) or a workbook (.xlsx).

Bad 区分, a bad --pia, an unknown extension or an existing file (without --force) are input errors: one line, exit 2.
The file is written through a temporary file beside it (report.output), so a failure leaves nothing half-written.
"""
from __future__ import annotations

from pathlib import Path

from ..errors import EXIT_OK, InputError
from . import Result, write_file

EXTENSIONS = {".yaml": "yaml", ".yml": "yaml", ".xlsx": "xlsx"}
# --pia: the value of 特定個人情報保護評価の報告, and the short words for it
PIA_WORDS = {"報告": "報告", "素案": "報告", "実施結果": "パブリック・コメント等の実施結果",
             "パブリック・コメント等の実施結果": "パブリック・コメント等の実施結果"}


def _categories(words, known: tuple[str, ...]) -> list[str]:
    out = []
    for w in words:
        for part in str(w).replace("、", ",").split(","):
            part = part.strip()
            if not part:
                continue
            if part not in known:
                import difflib

                near = difflib.get_close_matches(part, known, n=1, cutoff=0.0)
                hint = f"。もしかして「{near[0]}」ですか" if near else ""
                raise InputError("区分", None, f"「{part}」は区分ではありません{hint}", "・".join(known) + " から 1 つ以上")
            if part not in out:
                out.append(part)
    if not out:
        raise InputError("区分", None, "区分を 1 つ以上書いてください", "・".join(known))
    return out


def command(words, output: str, *, pia: str | None = None, force: bool = False, mkdir: bool = False) -> Result:
    from ..model.form import describe

    form = describe()
    cats = _categories(words, form.categories)
    pia_value = None
    if pia is not None:
        pia_value = PIA_WORDS.get(pia.strip())
        if pia_value is None:
            raise InputError("--pia", None, f"「{pia}」は特定個人情報保護評価の報告の種類ではありません", "報告（素案の報告）・実施結果（パブリック・コメント等の実施結果）")
    path = Path(output)
    kind = EXTENSIONS.get(path.suffix.lower())
    if kind is None:
        raise InputError(output, None, f"拡張子「{path.suffix or '（なし）'}」の案件ファイルは作れません", "・".join(EXTENSIONS))
    if (path.exists() or path.is_symlink()) and not force:
        raise InputError(output, None, "すでにあります。上書きしません（上書きするなら --force）")
    shown = " ".join(["checker new", *cats, *([f"--pia {pia.strip()}"] if pia_value else [])])
    if kind == "yaml":
        from ..report.case_template import render_yaml

        chunks = [render_yaml(cats, pia_value, shown)]
    else:
        from ..report.case_workbook import render_xlsx

        chunks = [render_xlsx(cats, pia_value, shown)]
    write_file(output, chunks, mkdir=mkdir)
    what = "Excel のブック" if kind == "xlsx" else "YAML のひな形"
    return Result(None, EXIT_OK, summary=f"{path}: {'・'.join(cats)} の案件ファイル（{what}）を作りました。書いたら checker check {path}")
