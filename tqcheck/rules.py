"""The rule catalogue: every flag id with its default severity, what it catches, its thresholds and what to do.

One source for ``tqcheck rules``, the README's Flags table (``tqcheck rules --format markdown``, checked by
``tests/test_rules.py``) and the SARIF rules (default level, short and full description, help). A detector added
to ``tqcheck.flags`` needs an entry here; the test says so.
"""
from __future__ import annotations

from dataclasses import dataclass

from .types import Severity


@dataclass(frozen=True)
class Rule:
    """One flag id: ``severity`` is its default level (SARIF ``defaultConfiguration``), ``severity_note`` says
    when it differs; ``catches`` is the full description, ``thresholds`` the ``--set`` names it reads."""

    id: str
    severity: Severity
    severity_note: str
    catches: str
    thresholds: tuple[str, ...] = ()
    help: str = ""
    threshold_note: str = ""


RULES_LIST = (
    Rule(
        'omission', Severity.ERROR, 'error (warning under 4 words)',
        catches=('a source sentence with no translation (a 1-0 alignment). The aligner charges `omission_sensitivity` '
                 '× (d − 0.9) for each sentence of a group whose own normalised distance `d` to the other side is over'
                 ' 0.9 (pro rata under 60 characters), so that a dropped or untranslated sentence is not hidden inside'
                 " its neighbour's group; 0 turns this off. On synthetic edits of NTREX-128 news "
                 '(`benchmarks/bench_omissions.py`, seed 0) it finds 72% (fa) / 66% (ar) of deleted English sentences '
                 'and 74% / 81% of leftover ones (`addition`), against 63% / 55% and 70% / 74% at 0, with false alarms'
                 ' going from 3 to 5 flags in 246 clean documents (0.1-0.2 per 100 sentences)'),
        thresholds=('omission_sensitivity',),
        help='Translate the source sentence, or check whether it was merged into a neighbouring sentence.',
    ),
    Rule(
        'addition', Severity.WARNING, 'warning',
        catches=('a translated sentence with no source (0-1); see `omission` for how the aligner keeps it apart'),
        thresholds=('omission_sensitivity',),
        help='Remove the added sentence, or find the source sentence it translates (it may be misplaced).',
    ),
    Rule(
        'fragment', Severity.WARNING, 'warning',
        catches=('a translated sentence that starts with punctuation or a lower-case word after another sentence of '
                 'its paragraph, or a short sentence in a many-sentence group whose removal does not make the match '
                 'worse (it carries nothing of the source)'),
        thresholds=('fragment_max_words', 'fragment_gain'),
        help='Join the fragment to the sentence it was split from, or remove it if it adds nothing.',
        threshold_note='(normalised distance)',
    ),
    Rule(
        'mid-sentence-capital', Severity.WARNING, 'warning',
        catches=('a capitalised function word between lower-case words ("in The final end"), English only'),
        thresholds=(),
        help="Re-read the clause: a capitalised 'The'/'A' in mid-sentence usually marks a garbled or spliced "
             'clause.',
    ),
    Rule(
        'wrong-language', Severity.ERROR, 'error',
        catches=('the translation as a whole is not in the target language; nothing else is then reported about '
                 'the translation (the findings left out are counted in the evidence, `not_reported`). A translation '
                 'of fewer than `foreign_min_letters` letters read as another language of the same script is taken '
                 'to be in the target language (too short to tell: "Yes" reads as Swahili); another script is '
                 'always caught. A source that short, in a script several languages share, is refused (exit 2) '
                 'unless `--source-lang` gives its language'),
        thresholds=('foreign_min_letters',),
        help='Check that the right file was given as the translation and that --target-lang is right.',
    ),
    Rule(
        'number-mismatch', Severity.ERROR,
        'error when both sides have a number the other lacks (a changed number), warning when only one side '
        'does (it may be spelled out or converted)',
        catches=('a number written in digits (Latin, Persian or Arabic-Indic; thousands separators `4,487` `۲۶،۷۵۰`, '
                 'decimals, `32 هزار` = 32,000, `£2.8bn`, `6 trillion`, `8 pm` = `20 Uhr`, `7.55am` = `۷:۵۵`) with no '
                 'equal number in the segment or its neighbours on the other side; number words '
                 '(`two`/`دو`/`fifty-eight`) count as matches but never raise a flag, nor do ordinals (`19th`) and '
                 'decades (`1930s`); imperial units match their metric conversion within 5% (`550 pound` ~ `250 kg`, '
                 '`85 mph` ~ `137`). For MT output: numbers split by tokenisation (`1 . 9 億`, `20 : 32`) are read '
                 'whole, Roman numerals (`John Paul II` = `2 世`), month names (`July 3` = `7 月 3 日`) and digits '
                 'glued to names (`Bubba73` = `Bubba 73`) match, and a lone `1` the source writes as an article '
                 '(`a week` = `1 週間`) is not flagged. On NTREX-128 (correct human translations, '
                 '`benchmarks/bench_numbers.py`) it flags'
                 ' 0.4-3.8% of the lines with digits (errors 0-1.3%) and catches 94-96% of lines with one digit '
                 'changed'),
        thresholds=(),
        help='Make the numbers agree (a changed digit, a dropped figure or a unit conversion gone wrong).',
    ),
    Rule(
        'low-similarity', Severity.WARNING, 'warning, error below `low_similarity_error`',
        catches=('similarity under `low_similarity_warning`: a possible mistranslation'),
        thresholds=('low_similarity_warning', 'low_similarity_error'),
        help='Compare the segment with its source: it may be mistranslated, misaligned or about something else.',
    ),
    Rule(
        'length-ratio', Severity.WARNING, 'warning',
        catches=("a segment (40+ characters) much shorter or longer than the document's ratio predicts; in documents "
                 "of fewer than `length_ratio_min_segments` aligned segments also than the language pair's ratio, "
                 'fitted on clean data (English characters per source character: fa 1.01, ar 1.07, de 0.83, zh 3.08, '
                 'ru 1.05, es 0.88; sources and spread in `tqcheck/flags/lengths.py`, refit with '
                 '`scripts/fit_length_ratios.py`)'),
        thresholds=('length_ratio_low', 'length_ratio_high', 'length_ratio_min_segments'),
        help='Look for a part of the sentence that was dropped or added.',
    ),
    Rule(
        'untranslated', Severity.ERROR, 'error (warning for a third script)',
        catches=('letters of another script left in the translation (3+ letters), or a segment copied unchanged or '
                 'nearly so (share of equal characters, 2·LCS/(length+length) by `rapidfuzz`; texts over 20,000 '
                 'characters compared on their heads, capped by their lengths). One cause, one finding: in a '
                 'segment that is a '
                 'copy or reads as the source language, the copy, the script runs, `foreign-sentence` and every '
                 'other flag of the segment merge into one `untranslated` error; several runs in one segment '
                 'merge into one finding (each merged finding is kept in the evidence, `merged`). In a non-Latin '
                 'translation (Chinese, Japanese, Russian, Persian ...) Latin-script names, acronyms, codes and single'
                 ' borrowed words are kept by design: a Latin run counts only with two or more lower-case words of 4+'
                 ' letters (`good one mate`, not `Nicolas Maduro`, `SAAMI`, `Battle of the Nek`, `ZS400`)'),
        thresholds=('untranslated_min_chars', 'near_copy_ratio'),
        help='Translate the text left in the source language or script (names may stay, transliterated).',
    ),
    Rule(
        'entity-mismatch', Severity.WARNING, 'warning',
        catches=('a URL, e-mail address, hashtag or @handle on one side only (the segment and its neighbours), or a '
                 'Latin-script name (`NATO`, `iPhone`) of a non-Latin source missing from the translation'),
        thresholds=(),
        help='Carry URLs, e-mail addresses, hashtags, handles and Latin-script names over unchanged.',
    ),
    Rule(
        'hallucination', Severity.ERROR, 'error',
        catches=('a segment at least `hallucination_length` times the expected length whose similarity to its source '
                 'is under `hallucination_similarity` (embedded only when the length test fires)'),
        thresholds=('hallucination_length', 'hallucination_similarity'),
        help='Remove the content that the source does not say.',
    ),
    Rule(
        'mojibake', Severity.ERROR, 'error',
        catches=('mis-decoded text (`â€™`, `Ã©`; detected with `ftfy`, the repair shown as evidence) or replacement '
                 'characters `�`'),
        thresholds=(),
        help='Re-read the file with its real encoding (usually UTF-8) and fix the damaged characters.',
    ),
    Rule(
        'control-characters', Severity.WARNING, 'warning',
        catches=('control characters (not tab/newline), byte-order marks, and right-to-left marks, embeddings or '
                 'isolates in a left-to-right translation'),
        thresholds=(),
        help='Remove the invisible control or direction characters.',
    ),
    Rule(
        'foreign-sentence', Severity.ERROR, 'error when it is the source language, else warning',
        catches=('a translated sentence of `foreign_min_letters`+ letters that `langdetect` reads as another language '
                 'with probability `foreign_min_probability` or more (0 of the 1,997 NTREX-128 English lines); not when '
                 'that language is written in another script than the sentence (tokenised Chinese read as Korean) or '
                 'is a close relative of the target language other than the source (cs/sk, hr/sr/bs/sl, no/da/sv, '
                 'id/ms)'),
        thresholds=('foreign_min_letters', 'foreign_min_probability'),
        help='Translate the sentence into the target language.',
    ),
    Rule(
        'doubled-word', Severity.WARNING, 'warning',
        catches=('the same word twice in a row ("the the"; not "had had", "that that", "Duran Duran", nor the '
                 'doublings German, Dutch and French grammar allows: "die die", "Sie sie", "nous nous")'),
        thresholds=(),
        help='Remove the repeated word.',
    ),
    Rule(
        'repetition-loop', Severity.ERROR, 'error',
        catches=('a phrase repeated back to back: one or two words `repetition_min_repeats` times, three or more words'
                 ' twice (MT loops); not when the source repeats itself or tokenisation split one of its words '
                 "('w w w' of 'www')"),
        thresholds=('repetition_min_repeats',),
        help='Remove the repeated phrase (a machine-translation loop) and translate the rest of the sentence.',
    ),
    Rule(
        'unbalanced-brackets', Severity.WARNING, 'warning for a bracket, info for a quote',
        catches=('a bracket or double quote never closed or never opened, unless the paragraph balances, the source is'
                 ' unbalanced too, or the quote sits at a sentence edge (quotations over several sentences)'),
        thresholds=(),
        help='Close the bracket or quote, or remove the stray one.',
    ),
    Rule(
        'punctuation-spacing', Severity.WARNING, 'warning',
        catches=('a space before `, ; : ! ? .`, or doubled punctuation (`,,` `, .` `; ,` `..`); URLs ignored; not for '
                 'French targets. In consistently tokenised text (two or more spaced marks, and at least two thirds '
                 'of all marks spaced, as MT output often is: `Hallo , Welt .`) spaces are the style and only a mark '
                 'typed twice counts; `,,Wort` (a German quote) and `. ;-)` are not doubled'),
        thresholds=(),
        help='Remove the space before the punctuation mark or the doubled punctuation.',
    ),
    Rule(
        'source-language', Severity.WARNING, 'warning',
        catches=('`--source-lang` was given but the source reads, with `langdetect` probability 0.9 or more, as a '
                 'language of another script (`--source-lang de` on a Persian text)'),
        help='Check --source-lang (or leave it out: the language is then detected).',
    ),
    Rule(
        'long-sentence', Severity.INFO, 'info',
        catches=('a sentence longer than the model reads (512 tokens for the bundled model, `max_seq_length` for a '
                 'sentence-transformers model): it is embedded from its first part only, and its score rests on '
                 'that part'),
        help='Split the sentence if it is really several; its similarity only reflects its beginning.',
    ),
    Rule(
        'truncated', Severity.WARNING, 'warning',
        catches=('a sentence cut off: ends with `the`/`a`/`of`/`and`/`or`/`their` ... (English) or with a case '
                 'particle `を`/`が`/`に` or a small `っ` (Japanese), unless a placeholder or standalone tag ends the '
                 'translation unit (`Copy of %s`), or lacks the final punctuation its source has '
                 'while shorter than `truncated_max_ratio` of the expected length (not in scripts written without '
                 'spaces, and not when the translation leaves out final punctuation its source has in a tenth or '
                 'more of its segments: then that is its style)'),
        thresholds=('truncated_max_ratio',),
        help='Complete the sentence: it stops before its end.',
    ),
    Rule(
        'placeholder-mismatch', Severity.ERROR, 'error',
        catches=('pre-aligned units only: a placeholder of the source missing in the translation, or one the source '
                 'lacks: printf (`%s`, `%1$d`, `%(name)s`; `%%` is text), braces (`{0}`, `{name}`), templates '
                 '(`{{name}}`, `${name}`); or unnumbered printf placeholders in another order (`%s ... %d` -> '
                 '`%d ... %s`: the arguments would be swapped). Numbered and named ones may move'),
        thresholds=(),
        help='Copy the placeholders of the source into the translation exactly; number them if the word order '
             'must change.',
    ),
    Rule(
        'tag-mismatch', Severity.ERROR, 'error',
        catches=('pre-aligned units only: an inline tag (`<g id="1">`, `<x id="2"/>`, `<ph/>`, `<b>`) missing or '
                 'extra (matched by name and id), or paired tags whose nesting the translation breaks; tags may '
                 'otherwise move with the words'),
        thresholds=(),
        help='Keep every inline tag of the source in the translation, around the words it marks.',
    ),
    Rule(
        'empty-target', Severity.ERROR, 'error',
        catches='pre-aligned units only: a unit with source text and no translation',
        thresholds=(),
        help='Translate the unit (its location points where the translation belongs).',
    ),
    Rule(
        'unit-state', Severity.WARNING, 'warning',
        catches=('pre-aligned units only: a translated unit its file marks `fuzzy`, `new`, `initial`, '
                 '`needs-translation`, `needs-adaptation`, `needs-l10n` or `needs-review-*`'),
        thresholds=(),
        help='Review the translation and mark the unit final (remove `#, fuzzy`, set the XLIFF state).',
    ),
    Rule(
        'glossary-term', Severity.WARNING, 'warning',
        catches=('with `--glossary FILE` (CSV/TSV `source,target[,dnt]`, or TBX): a glossary source term in a '
                 'source sentence whose required translation (any of its `|`-separated alternatives) is not in '
                 'the aligned translation; case-insensitive, whole words; the term is highlighted in the source'),
        thresholds=(),
        help='Use the translation the glossary requires, or update the glossary.',
    ),
    Rule(
        'do-not-translate', Severity.WARNING, 'warning',
        catches=('with `--glossary FILE`: a term marked do-not-translate (a `dnt` column, a target equal to the '
                 'source, or a TBX entry without a target-language term) that is not in the aligned translation '
                 'unchanged'),
        thresholds=(),
        help='Keep the term exactly as it is written in the source (a product or brand name, a code).',
    ),
)

RULES: dict[str, Rule] = {rule.id: rule for rule in RULES_LIST}
