"""checker.run.lint.verify: the rule packs of rules/ are clean; each kind of fault in a bad pack is found, with its line."""
from __future__ import annotations

from pathlib import Path

from conftest import RULES

from checker.run.lint import verify as lint

EXAMPLES_MISSING = "の例がありません"


def verify(paths) -> list[str]:
    """verify() without the examples it asks of every rule: the small packs below are written to show one other fault each
    (the examples are required of rules/ in test_the_rule_packs_are_clean, and tests/test_examples.py shows the fault)."""
    return [m for m in lint(paths) if EXAMPLES_MISSING not in m]

RULE = """\
- id: {id}
  title: t
  citation: {citation}
  citation_status: seed
  source: {source}
  message: m
  remedy: r
  severity: 中
  requires: {requires}
{extra}"""


def rule(id="X-1", citation="c", source="s", requires="{個人番号の取扱い: true}", extra="") -> str:
    return RULE.format(id=id, citation=citation, source=source, requires=requires, extra=extra)


def pack(tmp: Path, name: str, *rules: str) -> Path:
    p = tmp / name
    p.write_text(f"pack: {name.split('.')[0]}\nrules:\n" + "".join(rules), encoding="utf-8")
    return p


def line_of(path: Path, text: str) -> int:
    return next(i for i, l in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in l)


def test_the_rule_packs_are_clean():
    assert lint([RULES]) == []  # every rule with its examples, too


def test_duplicate_id_across_packs(tmp_path):
    a = pack(tmp_path, "a.yaml", rule(id="DUP-1"))
    b = pack(tmp_path, "b.yaml", rule(id="DUP-1", extra="  valid: {from: 2024-05-27}\n"))
    got = verify([tmp_path])
    assert got == [f"{b}:{line_of(b, 'id: DUP-1')}: ルール id「DUP-1」は別のパック「a」（{a}:{line_of(a, 'id: DUP-1')}）にもあります"
                   "（期待される形: パックごとに別の id（版を分けるなら 1 つのパックの中で））"]


def test_unknown_fact_path(tmp_path):
    p = pack(tmp_path, "a.yaml", rule(requires="{番号法.情報連係: true}"))
    got = verify([p])
    assert len(got) == 1 and got[0].startswith(f"{p}:{line_of(p, 'requires:')}: ") and "番号法.情報連係" in got[0]


def test_missing_citation_and_source(tmp_path):
    p = pack(tmp_path, "a.yaml", rule(id="A-1", citation=""), rule(id="A-2", source=""))
    got = verify([p])
    assert len(got) == 2
    assert got[0].startswith(f"{p}:{line_of(p, 'id: A-1')}: ") and "citation" in got[0]
    assert got[1].startswith(f"{p}:{line_of(p, 'id: A-2')}: ") and "source" in got[1]


def test_two_entries_of_one_id(tmp_path):
    """Issue 22.3: the versions of one rule live in one entry; a second entry of the id is an error at its line, naming
    the first, whether or not the two are dated (in every command, as the loader reports it)."""
    from conftest import SEED004, invoke

    for k, extra in enumerate(("  valid: {to: 2024-05-26}\n", "")):
        d = tmp_path / str(k)
        d.mkdir()
        p = pack(d, "a.yaml", rule(id="V-1", extra=extra), rule(id="V-1", extra=extra.replace("to: 2024-05-26", "from: 2024-05-27")))
        first, second = [i for i, l in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if "id: V-1" in l]
        want = f"{p}:{second}: ルール id「V-1」は同じパックの {first} 行目にもあります（期待される形: 1 つのルールは 1 つのエントリに"
        assert len(verify([p])) == 1 and verify([p])[0].startswith(want)
        r = invoke("check", SEED004, "--rules", d, cwd=None, text=True)
        assert r.returncode == 2 and r.stderr.startswith(f"エラー: {want}"), r.stderr


def test_unresolved_catalogue_reference(tmp_path):
    (tmp_path / "catalog").mkdir()
    (tmp_path / "catalog" / "c.yaml").write_text("catalog: 独自利用事務\ncitation: c\ncitation_status: seed\nsource: s\nentries:\n  - {name: 甲事務, source: s}\n", encoding="utf-8")
    req = "{every: 番号法.個人番号利用事務, has: {事務: {in: {catalog: 独自利用}}}}"
    p = pack(tmp_path, "a.yaml", rule(requires=req))
    got = verify([p])
    assert len(got) == 1 and "カタログ「独自利用」はありません。もしかして「独自利用事務」ですか" in got[0]


def test_catalogue_entry_without_source(tmp_path):
    (tmp_path / "catalog").mkdir()
    c = tmp_path / "catalog" / "c.yaml"
    c.write_text("catalog: 独自利用事務\ncitation: c\ncitation_status: seed\nsource: s\nentries:\n  - name: 甲事務\n", encoding="utf-8")
    p = pack(tmp_path, "a.yaml", rule())
    got = verify([p])
    assert got == [f"{c}:6: カタログに必須の「source」がありません（期待される形: source: …）"]


def test_catalogue_without_citation(tmp_path):
    """A catalogue says which law or rule makes a 事務 belong to it, like a rule does."""
    (tmp_path / "catalog").mkdir()
    c = tmp_path / "catalog" / "c.yaml"
    c.write_text("catalog: 独自利用事務\nsource: s\nentries:\n  - {name: 甲事務, source: s}\n", encoding="utf-8")
    p = pack(tmp_path, "a.yaml", rule())
    got = verify([p])
    assert got == [f"{c}:1: カタログに必須の「citation」がありません（期待される形: citation: …）"]


def test_every_fault_of_one_pack_is_listed_in_line_order(tmp_path):
    p = pack(tmp_path, "a.yaml", rule(id="B-1", citation=""), rule(id="B-2", requires="{ない.事実: 1}"), rule(id="B-3"))
    got = verify([p])
    assert [m.split(":")[1] for m in got] == sorted((m.split(":")[1] for m in got), key=int)
    assert len(got) == 2


def test_a_rule_the_engine_refuses_is_reported(tmp_path, monkeypatch):
    # e.g. durable-rules error code 113 (more than 32 expressions in one condition: a long negated in-list inside
    # a list quantifier); simulated so the test does not depend on where the compiler's limits lie today
    import checker.engine

    real = checker.engine.Engine.__init__

    def refuse(self, book, *a, **kw):
        if "BIG-1" in book.rules:
            raise RuntimeError("Could not create ruleset, error code: 113")
        real(self, book, *a, **kw)

    monkeypatch.setattr(checker.engine.Engine, "__init__", refuse)
    p = pack(tmp_path, "a.yaml", rule(id="OK-1"), rule(id="BIG-1"))
    got = verify([p])
    assert got == [f"{p}:{line_of(p, 'id: BIG-1')}: ルール BIG-1 は durable-rules に登録できません（Could not create ruleset, error code: 113）。条件を分けるか、カタログの項目を減らしてください"]


def test_stated_only_in_applies(tmp_path):
    """`{stated: true}` is a premise (a cross-check applies where the form states a fact); it can never make a rule pass."""
    p = pack(tmp_path, "a.yaml", rule(id="S-1", requires="{外部結合.結合先のサーバの所在: {stated: true}}"))
    got = verify([p])
    assert len(got) == 1 and f"{p}:{line_of(p, 'requires:')}:" in got[0] and "applies にだけ" in got[0]
    p = pack(tmp_path, "b.yaml", rule(id="S-2", requires="{not: {外部結合.結合先のサーバの所在: {stated: true}}}"))
    assert "applies にだけ" in verify([p])[0]
    ok = pack(tmp_path, "c.yaml", rule(id="S-3", extra="  applies: {外部結合.結合先のサーバの所在: {stated: true}}\n"))
    assert verify([ok]) == []


def test_stated_takes_true_and_a_sheet_fact(tmp_path):
    p = pack(tmp_path, "a.yaml", rule(id="S-1", extra="  applies: {外部結合.結合先のサーバの所在: {stated: false}}\n"))
    assert "stated には true だけ" in verify([p])[0]
    p = pack(tmp_path, "b.yaml", rule(id="S-2", extra="  applies: {some: 業務委託.再委託, has: {再委託先: {stated: true}}}\n"))
    assert "every／some の中には書けません" in verify([p])[0]


def test_versions_in_one_entry(tmp_path):
    """An entry's `versions:` say only what differs; each version is a rule version of its own, with its own line."""
    from checker.rules import load_rulebook

    p = pack(tmp_path, "a.yaml", rule(id="V-1", extra=(
        "  versions:\n"
        "  - valid: {to: 2023-03-31}\n"
        "  - valid: {from: 2023-04-01}\n"
        "    citation_status: unverified\n")))
    assert verify([p]) == []
    old, new = load_rulebook([p]).versions("V-1")
    assert (old.cite, new.cite) == ("c", "c〔未検証〕") and old.requires == new.requires
    assert (old.line, new.line) == (line_of(p, "valid: {to:"), line_of(p, "valid: {from:"))
    bad = pack(tmp_path, "b.yaml", rule(id="V-2", extra="  versions:\n  - valid: {to: 2023-03-31}\n  - valid: {from: 2023-04-01}\n    id: V-9\n"))
    assert f"{bad}:{line_of(bad, 'id: V-9')}:" in verify([bad])[0]  # a version cannot be another rule
    over = pack(tmp_path, "c.yaml", rule(id="V-3", extra="  versions:\n  - valid: {to: 2023-03-31}\n  - valid: {from: 2023-03-01}\n"))
    assert "重なって" in verify([over])[0]


def test_an_id_belongs_to_its_pack(tmp_path):
    """Issue 22.3: two packs that each define X-1 (periods that do not overlap) are not one rule with two versions: every
    command fails to load them, naming both places."""
    from conftest import ROOT, SEED004, invoke

    a = pack(tmp_path, "a.yaml", rule(extra="  valid: {to: 2023-03-31}\n"))
    b = pack(tmp_path, "b.yaml", rule(extra="  valid: {from: 2023-04-01}\n"))
    want = f"{b}:{line_of(b, 'id: X-1')}: ルール id「X-1」は別のパック「a」（{a}:{line_of(a, 'id: X-1')}）にもあります"
    for cmd in (["check", SEED004], ["audit", ROOT / "cases" / "seeds"], ["rules"]):
        r = invoke(*cmd, "--rules", tmp_path, cwd=None, text=True)
        assert r.returncode == 2 and r.stderr.startswith(f"エラー: {want}"), (cmd, r.stderr)
    assert any(want in f for f in verify([tmp_path]))
    # the same two versions in one entry of one pack are one rule
    tmp2 = tmp_path / "one"
    tmp2.mkdir()
    pack(tmp2, "a.yaml", rule(extra="  versions:\n  - valid: {to: 2023-03-31}\n  - valid: {from: 2023-04-01}\n"))
    assert verify([tmp2]) == []


def test_a_rule_keeps_where_each_part_came_from():
    """Issue 22.3: a loaded rule keeps the parts its entry does not hold, each with its file:line and the author's own words
    (the pack's premise, the pack's defaults, the checklist row, the catalogues: entries in force, pending); checker rules ID
    shows them."""
    from checker.rules import default_rule_dir, load_rulebook
    from conftest import ROOT, invoke

    book = load_rulebook([default_rule_dir()])
    src = str(ROOT / "rules" / "業務委託チェックリスト.yaml")
    text = open(src, encoding="utf-8").read().splitlines()
    line = lambda s: next(i for i, l in enumerate(text, 1) if l.startswith(s) or s in l)  # noqa: E731
    assert book.latest("ITAKU-01").origins == (
        ("パックの前提（適用条件に all で加わる）", f"{src}:{line('applies:')}", "{区分: {includes: 業務委託}}"),
        ("パックの既定", f"{src}:{line('defaults:')}", "valid: {from: '2023-04-01'}、citation_status: seed"),
        ("チェックリストの行", f"{src}:{line('id: ITAKU-01,')}", "業務委託.チェックリスト 1 特記事項等の遵守"),
        ("チェックリストのひな形（title・citation・message・remedy …）", f"{src}:{line('- checklist:')}", "要件は「○、又は ー と理由」（行ごとに同じ）"),
    )
    (what, where, words), = [o for o in book.latest("MN-USE-CATALOG").origins if "独自利用事務" in o[0]]
    assert where.endswith("catalog/独自利用事務.yaml") and words.endswith("施行待ち 9 項目（照合に使わない）")
    assert book.latest("TOKKI-10").origins == ()  # an entry that holds all of itself
    r = invoke("rules", "ITAKU-01", text=True)
    assert r.returncode == 0 and r.stdout.count("  由来: ") == 4
