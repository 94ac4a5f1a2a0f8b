"""Per-unit ignores (``tqcheck.ignores``): inline notes in PO/XLIFF/TMX/TSV units and ``[ignore-units]`` in the
config file, through the CLI; ignored findings leave the verdict but every report counts them."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tqcheck.cli import cli

PO = '''msgid ""
msgstr ""
"Language: de\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

#: cart.py:31
{comment}#, python-format
msgid "Total: %s for %d items"
msgstr "Summe: %d für %s Artikel"

#: cart.py:40
#, fuzzy
msgid "Pay now"
msgstr "Jetzt bezahlen"

#: cart.py:50
msgid "Your cart is empty."
msgstr "Ihr Warenkorb ist leer."
'''

XLIFF = '''<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="app.properties" source-language="en" target-language="de" datatype="plaintext">
    <body>
      <trans-unit id="pay.now">
        <source>Pay now</source>
        <target state="needs-review-translation">Jetzt bezahlen</target>
        {note}
      </trans-unit>
      <trans-unit id="cart.empty">
        <source>Your cart is empty.</source>
        <target state="needs-review-translation">Ihr Warenkorb ist leer.</target>
      </trans-unit>
      <trans-unit id="menu.save">
        <source>Save your changes now.</source>
        <target state="needs-review-translation">Speichern Sie Ihre Änderungen jetzt.</target>
      </trans-unit>
    </body>
  </file>
</xliff>
'''


@pytest.fixture
def private_workers(monkeypatch):
    """Batch runs in this process: the worker's per-process model and embedder caches start empty and are put
    back afterwards, so the fake model never reaches a later test."""
    from tqcheck.engines import worker

    monkeypatch.setattr(worker, "_MODELS", {})
    monkeypatch.setattr(worker, "_EMBEDDERS", {})


def run(*args: str):
    result = CliRunner().invoke(cli, list(args))
    assert isinstance(result.exception, (SystemExit, type(None))), repr(result.exception)
    return result


def _po(tmp_path, comment: str = "") -> str:
    path = tmp_path / "shop.de.po"
    path.write_text(PO.format(comment=comment), encoding="utf-8")
    return str(path)


def _xliff(tmp_path, note: str = "") -> str:
    path = tmp_path / "app.en-de.xlf"
    path.write_text(XLIFF.format(note=note), encoding="utf-8")
    return str(path)


def _flags(data: dict) -> dict[str, list[str]]:
    return {s["unit"]["id"]: [f["id"] for f in s["flags"]] for s in data["segments"]}


def _meanings(fake) -> None:
    """The fake model knows which sentences translate each other (so only the checks under test flag)."""
    for pair in (("Total", "Summe"), ("Pay now", "Jetzt bezahlen"), ("Your cart", "Ihr Warenkorb"),
                 ("Save your", "Speichern Sie")):
        fake.pair(*pair)


def test_po_translator_comment_ignores_that_flag_of_that_entry(fake_embedder, tmp_path):
    _meanings(fake_embedder)
    args = ["--target-lang", "de", "--source-lang", "en", "--format", "json"]
    before = run("check", _po(tmp_path), *args)
    assert "placeholder-mismatch" in _flags(json.loads(before.stdout))["Total: %s for %d items"]
    assert before.exit_code == 1  # reordered printf placeholders are an error

    after = run("check", _po(tmp_path, "# tqcheck: ignore=placeholder-mismatch\n"), *args)
    data = json.loads(after.stdout)
    assert "placeholder-mismatch" not in _flags(data)["Total: %s for %d items"]
    assert "unit-state" in _flags(data)["Pay now"]  # other units keep their findings
    assert data["ignored_counts"] == {"placeholder-mismatch": 1}
    (item,) = data["ignored"]
    assert item["unit"] == "Total: %s for %d items" and item["by"] == "inline" and item["severity"] == "error"
    assert "shop.de.po:" in item["where"]
    assert "placeholder-mismatch" not in data["flag_counts"]
    assert after.exit_code == 0  # the error that failed the check was accepted
    _valid(data, "report")
    assert "1 ignored by unit (1 inline, 0 config): placeholder-mismatch 1" in after.stderr


def test_po_extracted_comment_and_bare_directive_ignore_everything(fake_embedder, tmp_path):
    po = _po(tmp_path, "#. TRANSLATORS: keep the order. tqcheck: ignore\n")
    data = json.loads(run("check", po, "--target-lang", "de", "--source-lang", "en", "--format", "json").stdout)
    assert _flags(data)["Total: %s for %d items"] == []
    assert data["ignored"] and all(i["unit"] == "Total: %s for %d items" for i in data["ignored"])


def test_xliff_note_ignores_and_the_text_report_counts_it(fake_embedder, tmp_path):
    _meanings(fake_embedder)
    xlf = _xliff(tmp_path, "<note>Approved wording. tqcheck: ignore=unit-state</note>")
    result = run("check", xlf, "--target-lang", "de", "--verbose")
    assert "ignored: 1 ignored by unit (1 inline, 0 config): unit-state 1" in result.stdout
    assert "unit-state in unit 'pay.now'" in result.stdout
    findings = [line for line in result.stdout.splitlines() if " unit-state: " in line]
    assert len(findings) == 2  # cart.empty and menu.save are still reported


def test_config_ignore_units_with_a_pattern(fake_embedder, tmp_path, monkeypatch):
    _meanings(fake_embedder)
    xlf = _xliff(tmp_path)
    (tmp_path / "tqcheck.toml").write_text('[ignore-units]\n"menu.*" = ["unit-state"]\n"cart.empty" = "all"\n',
                                           encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    data = json.loads(run("check", xlf, "--target-lang", "de", "--format", "json").stdout)
    flags = _flags(data)
    assert flags["menu.save"] == [] and flags["cart.empty"] == [] and "unit-state" in flags["pay.now"]
    assert {(i["unit"], i["by"]) for i in data["ignored"]} == {("menu.save", "config"), ("cart.empty", "config")}
    assert all("[ignore-units] of tqcheck.toml" in i["where"] for i in data["ignored"])
    assert "|unit-ignores:" in data["signature"]


def test_setup_cfg_ignore_units_section(fake_embedder, tmp_path, monkeypatch):
    _meanings(fake_embedder)
    xlf = _xliff(tmp_path)
    (tmp_path / "setup.cfg").write_text("[tqcheck]\nfail-on = never\n\n[tqcheck:ignore-units]\nMenu.save = unit-state\n"
                                        "menu.save = unit-state\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    data = json.loads(run("check", xlf, "--target-lang", "de", "--format", "json").stdout)
    assert _flags(data)["menu.save"] == [] and "unit-state" in _flags(data)["cart.empty"]
    assert [i["unit"] for i in data["ignored"]] == ["menu.save"]  # ids keep their case: Menu.save matches nothing


@pytest.mark.parametrize("where, content, message", [
    ("note", "<note>tqcheck: ignore=unit-stat</note>", "unknown flag id(s) unit-stat"),
    ("toml", '[ignore-units]\n"menu.save" = ["nope"]\n', "[ignore-units] 'menu.save': unknown flag id(s) nope"),
    ("toml", '[ignore-units]\n"menu.save" = []\n', "name the flag ids to ignore"),
])
def test_a_wrong_ignore_is_one_line_and_exit_2(where, content, message, fake_embedder, tmp_path, monkeypatch):
    xlf = _xliff(tmp_path, content if where == "note" else "")
    if where == "toml":
        (tmp_path / "tqcheck.toml").write_text(content, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("check", xlf, "--target-lang", "de")
    assert result.exit_code == 2 and message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    if where == "note":
        assert "app.en-de.xlf:" in result.stderr and "'pay.now'" in result.stderr


def test_ci_formats_count_the_ignored_findings(fake_embedder, private_workers, tmp_path):
    _meanings(fake_embedder)
    xlf = _xliff(tmp_path, "<note>tqcheck: ignore=unit-state</note>")
    sarif = json.loads(run("check", xlf, "--target-lang", "de", "--format", "sarif").stdout)
    results = sarif["runs"][0]["results"]
    suppressed = [r for r in results if r.get("suppressions")]
    assert len(suppressed) == 1 and suppressed[0]["ruleId"] == "unit-state"
    assert suppressed[0]["suppressions"][0]["kind"] == "inSource"
    assert len([r for r in results if not r.get("suppressions")]) >= 2
    github = run("check", xlf, "--target-lang", "de", "--format", "github").stdout
    assert "::notice title=tqcheck::" in github and "1 ignored by unit" in github
    junit = run("check", xlf, "--target-lang", "de", "--format", "junit").stdout
    assert "1 ignored by unit (1 inline, 0 config): unit-state 1" in junit
    folder = tmp_path / "l10n"
    folder.mkdir()
    (folder / "app.en-de.xlf").write_text(Path(xlf).read_text(encoding="utf-8"), encoding="utf-8")
    result = run("batch", str(folder), "--target-lang", "de", "--format", "json")
    batch = json.loads(result.stdout)
    _valid(batch, "batch")
    assert batch["pairs"][0]["ignored_counts"] == {"unit-state": 1}
    html = tmp_path / "r.html"
    run("check", xlf, "--target-lang", "de", "--html", str(html))
    assert "1 ignored by unit" in html.read_text(encoding="utf-8")
    summary = run("batch", str(folder), "--target-lang", "de", "--html-dir", str(tmp_path / "pages")).stdout
    assert "1 ignored by unit" in summary
    assert "1 ignored by unit" in (tmp_path / "pages" / "index.html").read_text(encoding="utf-8")


def test_tsv_note_column_and_the_tsv_stream(fake_embedder, tmp_path):
    tsv = tmp_path / "pairs.tsv"
    german = [("The weather is warm and sunny today.", "Das Wetter ist heute warm und sonnig."),
              ("Schools will open again on Saturday.", "Die Schulen öffnen am Samstag wieder."),
              ("The price of bread rose last week.", "Der Brotpreis ist letzte Woche gestiegen."),
              ("Heavy rain caused floods in the north.", "Starker Regen verursachte Überschwemmungen im Norden.")]
    for pair in german:
        fake_embedder.pair(*pair)
    rows = "".join(f"g{n}\t{src}\t{tgt}\t\n" for n, (src, tgt) in enumerate(german))
    tsv.write_text("id\tsource\ttarget\tnote\n" + rows +
                   "a\tSave the file now, please.\tSave the file now, please.\ttqcheck: ignore=untranslated\n"
                   "b\tOpen the file now, please.\tOpen the file now, please.\t\n", encoding="utf-8")
    args = ["--source-lang", "en", "--target-lang", "de"]
    data = json.loads(run("check", str(tsv), *args, "--format", "json").stdout)
    assert "untranslated" in _flags(data)["b"] and "untranslated" not in _flags(data)["a"]
    assert data["ignored_counts"]["untranslated"] == 1
    stream = run("check", str(tsv), *args, "--format", "tsv")
    rows = {line.split("\t")[0]: line.split("\t")[-1] for line in stream.stdout.splitlines()}
    assert "untranslated" not in rows["a"] and "untranslated" in rows["b"]
    assert "1 ignored by unit (1 inline, 0 config)" in stream.stderr


GLOSSARY = "source,target\ncart,Einkaufswagen\n"


def test_ignore_takes_the_glossary_ids_and_units_get_the_glossary(fake_embedder, tmp_path):
    xlf = _xliff(tmp_path)
    glossary = tmp_path / "terms.csv"
    glossary.write_text(GLOSSARY, encoding="utf-8")
    args = ["check", xlf, "--target-lang", "de", "--glossary", str(glossary), "--format", "json"]
    data = json.loads(run(*args).stdout)
    assert "glossary-term" in _flags(data)["cart.empty"]  # 'Warenkorb' is not the required 'Einkaufswagen'
    result = run(*args, "--ignore", "glossary-term")
    assert result.exit_code in (0, 1), result.stderr
    data = json.loads(result.stdout)
    assert "glossary-term" not in data["flag_counts"] and "glossary-term,-" not in data["signature"]
    assert data["signature"].endswith(",-glossary-term")


def test_inline_ignore_covers_glossary_findings(fake_embedder, tmp_path):
    xlf = tmp_path / "app.en-de.xlf"
    xlf.write_text(XLIFF.format(note="").replace(
        '<target state="needs-review-translation">Ihr Warenkorb ist leer.</target>',
        '<target state="needs-review-translation">Ihr Warenkorb ist leer.</target>'
        '<note>tqcheck: ignore=glossary-term</note>'), encoding="utf-8")
    glossary = tmp_path / "terms.csv"
    glossary.write_text(GLOSSARY, encoding="utf-8")
    data = json.loads(run("check", str(xlf), "--target-lang", "de", "--glossary", str(glossary),
                          "--format", "json").stdout)
    assert "glossary-term" not in _flags(data)["cart.empty"]
    assert data["ignored_counts"] == {"glossary-term": 1}


def test_rules_lists_every_id_ignore_accepts(fake_embedder, tmp_path, monkeypatch):
    from tqcheck.ignores import known_flag_ids

    ids = [r["id"] for r in _rules_json(run("rules", "--format", "json").stdout)]
    assert "glossary-term" in ids and "do-not-translate" in ids
    assert set(ids) == set(known_flag_ids())
    (tmp_path / "de.txt").write_text("Der Warenkorb ist leer.\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("The cart is empty.\n", encoding="utf-8")
    glossary = tmp_path / "terms.csv"
    glossary.write_text("source,target\nWarenkorb,basket\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("check", "de.txt", "en.txt", "--source-lang", "de", "--glossary", str(glossary),
                 "--ignore", ",".join(ids), "--format", "json")
    assert result.exit_code == 0, result.stderr  # every id `rules` lists is one --ignore accepts
    assert json.loads(result.stdout)["flag_counts"] == {}
    (tmp_path / "tqcheck.toml").write_text(f'ignore = {json.dumps(ids)}\nfail-flags = ["do-not-translate"]\n',
                                           encoding="utf-8")
    assert run("check", "de.txt", "en.txt", "--source-lang", "de", "--glossary", str(glossary)).exit_code == 0


def _rules_json(text: str) -> list[dict]:
    data = json.loads(text)
    return data if isinstance(data, list) else data["rules"]


def _valid(data: dict, kind: str) -> None:
    import jsonschema

    schema = json.loads((Path(__file__).resolve().parents[1] / f"tqcheck/schema/{kind}.schema.json").read_text())
    jsonschema.validate(data, schema)
