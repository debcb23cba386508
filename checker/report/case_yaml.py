"""A case's data as a YAML case file (`checker convert 案件.xlsx 案件.yaml`): the keys in the form's order, a text of
several lines as a literal block (|), a short list of values on one line, an empty value left empty (件名:). Read back,
it gives the same data (strings that YAML would read as another type are quoted)."""
from __future__ import annotations

import yaml

from ..model import form as F

FLOW_WIDTH = 60  # a list of values shorter than this is written on one line: [外部結合, 業務委託]


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str):
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


def _none(dumper: yaml.SafeDumper, _value):
    return dumper.represent_scalar("tag:yaml.org,2002:null", "")


def _list(dumper: yaml.SafeDumper, value: list):
    flow = (bool(value) and all(isinstance(x, str) and "\n" not in x for x in value)
            and sum(len(x) + 2 for x in value) <= FLOW_WIDTH)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flow)


_Dumper.add_representer(str, _str)
_Dumper.add_representer(type(None), _none)
_Dumper.add_representer(list, _list)


def render_case_yaml(data: dict, command: str = "checker convert") -> str:
    head = f"# {command} で作成（案件ファイルの書き方: docs/case-format.md）\n"
    body = yaml.dump(F.describe().ordered(data), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1 << 20,
                     default_flow_style=False)
    return head + body

