"""How glossary phrases match text (DESIGN.md, "The glossary", Matching).

Case-insensitive unless an entry says ``case: sensitive``; whole words only; a run of spaces, a hyphen or a
line break inside a phrase matches any other; at one position the longest entry wins and findings never
overlap; plural and possessive forms of the last word match; ``when``/``unless`` look at the same sentence
only. Whatever matches, ``finding.text == document[finding.start:finding.end]``.
"""

from __future__ import annotations

import dataclasses
import re

import pytest

import tqa
from helpers import FIXTURES, SEED, bare, read_text, spans, texts

SEED_LINE_1 = ("On Friday, the Central Bank of the Communist Party of China (CPC) released an article suggesting that "
               "data from large Internet platforms be included in macro-prudential management, regulated according "
               "to public goods, and monopoly data be turned into shared.")
SEED_LINE_2 = ("The article, signed by the subject group of the Financial Consumer Protection Bureau of the CPC "
               "Central Bank, was posted on the official micro-signal of the CPC Central Bank.")


def analyze(text, glossary):
    """tqa.analyze, keeping the glossary's findings (other checks are not about matching), plus the invariant
    every finding must satisfy."""
    result = tqa.analyze(text, glossary)
    for f in result.findings:
        assert f.text == text[f.start:f.end]
    return dataclasses.replace(result, findings=tuple(f for f in result.findings if f.check == "glossary"))


def span_of(text: str, phrase: str, occurrence: int = 1) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence):
        start = text.index(phrase, start + 1)
    return start, start + len(phrase)


@pytest.fixture(scope="module")
def sheet():
    return tqa.load_glossary(FIXTURES / "sheet.yaml")


# --- the seed's own errors -----------------------------------------------------------------------------------

def test_seed_line_2_reports_each_error_with_its_exact_span_and_suggestion(mini):
    result = analyze(SEED_LINE_2, mini)
    assert [(f.start, f.end, f.text, f.suggestion) for f in result.findings] == [
        (*span_of(SEED_LINE_2, "subject group"), "subject group", "research group"),
        (*span_of(SEED_LINE_2, "CPC Central Bank"), "CPC Central Bank", "People's Bank of China"),
        (*span_of(SEED_LINE_2, "official micro-signal"), "official micro-signal", "official WeChat account"),
        (*span_of(SEED_LINE_2, "CPC Central Bank", 2), "CPC Central Bank", "People's Bank of China"),
    ]


def test_a_finding_carries_the_entry_category_severity_and_penalty(mini):
    (finding,) = analyze("posted on the official micro-signal of the central bank", mini).findings
    assert finding.rule == "mini/wechat-official-account"
    assert finding.check == "glossary"
    assert finding.category == "Terminology/Inappropriate for context"
    assert str(finding.severity) == "major"
    assert finding.penalty == 5
    assert (finding.line, finding.column, finding.segment) == (1, 15, 1)
    assert "official WeChat account" in finding.message


def test_the_first_suggestion_of_a_list_is_the_fix(sheet):
    (finding,) = analyze("Taiwan‘s “Free Finance” reported on Feb. 5", sheet).findings
    assert finding.suggestion == "Liberty Times Finance"


# --- case ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("phrase", ["official micro-signal", "OFFICIAL MICRO-SIGNAL", "Official Micro-Signal",
                                    "oFFICIAL mICRO-sIGNAL"])
def test_matching_is_case_insensitive_by_default(mini, phrase):
    text = f"It was posted on the {phrase} of the CPC Central Bank."
    assert texts(analyze(text, mini))[0] == phrase


def test_a_case_sensitive_entry_matches_only_its_own_case(mini):
    text = "the NPC approved the law; an npc in the game; the Npc; two NPCs"
    assert [(f.text, bare(f.rule)) for f in analyze(text, mini).findings] == [
        ("NPC", "npc-sensitive"), ("NPCs", "npc-sensitive")]


def test_a_case_sensitive_phrase_leaves_the_lower_case_phrase_alone(sheet):
    assert texts(analyze("Taiwan's Free Finance reported it.", sheet)) == ["Free Finance"]
    assert texts(analyze("The bank offers free finance courses.", sheet)) == []
    assert texts(analyze("The bank offers FREE FINANCE courses.", sheet)) == []


# --- whole words --------------------------------------------------------------------------------------------

def test_whole_words_only(mini):
    text = "the renew crown and the new crowned king; newcrown; a new crown_x; new crown2; the new crown outbreak"
    start = text.index("new crown outbreak")
    assert spans(analyze(text, mini)) == [(start, start + len("new crown"), "new crown", "covid-new-crown")]


def test_a_word_inside_a_longer_word_does_not_match(write_glossary):
    path = write_glossary("""
        - id: livestream-anchor
          match: [anchor]
          suggest: host
          category: Terminology/Inappropriate for context
          severity: minor
    """)
    text = "The ship anchored off the coast; the anchorman spoke; the live anchor sold goods."
    assert spans(analyze(text, path)) == [(*span_of(text, "anchor", 3), "anchor", "livestream-anchor")]


def test_letters_of_any_script_count_as_word_characters(mini):
    # "é" and "中" are letters: "éofficial" is not the word "official".
    assert texts(analyze("éofficial micro-signal", mini)) == []
    assert texts(analyze("official micro-signalé", mini)) == []
    assert texts(analyze("the official micro-signal。", mini)) == ["official micro-signal"]


# --- separators ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("separator", ["-", " ", "  ", "\n", "\r\n", "\t", " \n  ", "\r"],
                         ids=["hyphen", "space", "two spaces", "LF", "CRLF", "tab", "space-LF-spaces", "CR"])
def test_a_space_hyphen_or_line_break_inside_a_phrase_matches_any_other(mini, separator):
    phrase = f"official micro{separator}signal"
    text = f"The article was posted on the {phrase} of the CPC Central Bank."
    findings = analyze(text, mini).findings
    assert [(f.start, f.end, f.text, f.suggestion) for f in findings[:1]] == [
        (*span_of(text, phrase), phrase, "official WeChat account")]


def test_separators_between_every_word_of_a_phrase_vary_independently(mini):
    text = "official-micro signal, official\nmicro-signal, OFFICIAL  MICRO\tSIGNAL"
    assert texts(analyze(text, mini)) == ["official-micro signal", "official\nmicro-signal", "OFFICIAL  MICRO\tSIGNAL"]


def test_a_phrase_written_with_spaces_matches_a_hyphenated_text(mini):
    assert texts(analyze("the new-crown outbreak", mini)) == ["new-crown"]


def test_words_run_together_do_not_match(mini):
    assert texts(analyze("the official microsignal; the officialmicro-signal", mini)) == []


@pytest.mark.parametrize("space", ["\u00a0", "\u3000", "\u2009", " \u00a0 "])
def test_a_non_ascii_space_inside_a_phrase_matches_like_a_space(mini, space):
    # Text copied from web pages is full of no-break spaces; Chinese text has the ideographic space.
    text = f"posted on the official{space}micro-signal of the central bank"
    assert texts(analyze(text, mini)) == [f"official{space}micro-signal"]


@pytest.mark.parametrize("hyphen", ["\u2010", "\u2011", "\ufe63", "\uff0d"],
                         ids=["U+2010 hyphen", "U+2011 non-breaking hyphen", "U+FE63 small hyphen-minus",
                              "U+FF0D fullwidth hyphen-minus"])
def test_a_unicode_hyphen_inside_a_phrase_matches_like_a_hyphen(mini, hyphen):
    # Word processors and CJK input methods write these instead of "-"; the span stays exact.
    text = f"posted on the official micro{hyphen}signal of the central bank"
    assert spans(analyze(text, mini)) == [(*span_of(text, f"official micro{hyphen}signal"),
                                           f"official micro{hyphen}signal", "wechat-official-account")]


@pytest.mark.parametrize("dash", ["\u2012", "\u2013", "\u2014"], ids=["figure dash", "en dash", "em dash"])
def test_a_dash_does_not_join_the_words_of_a_phrase(mini, dash):
    # Dashes join ranges ("2019–2020") and set off asides ("the bank–which…"): words on both sides are not
    # one phrase.
    assert texts(analyze(f"posted on the official micro{dash}signal of the bank", mini)) == []


def test_unicode_hyphens_change_neither_word_counts_nor_offsets(mini):
    # Long enough for the vectorised word count (texts of 4 KB and more).
    sentence = "The article was posted on the official micro\u2010signal of the well\u2011known central bank. "
    text = sentence * 100
    result = tqa.analyze(text, mini)
    assert result.words == len(text.split()) == 13 * 100
    glossary = [f for f in result.findings if f.check == "glossary"]
    assert [(f.start, f.text) for f in glossary] == [
        (i * len(sentence) + sentence.index("official"), "official micro\u2010signal") for i in range(100)]


# --- leftmost-longest, no overlaps ---------------------------------------------------------------------------

def test_the_longest_entry_wins_at_one_position(mini):
    text = "Patients with new crown pneumonia were treated during the new crown outbreak."
    assert spans(analyze(text, mini)) == [
        (*span_of(text, "new crown pneumonia"), "new crown pneumonia", "covid-new-crown-pneumonia"),
        (*span_of(text, "new crown", 2), "new crown", "covid-new-crown"),
    ]


def test_the_whole_name_is_one_finding_with_nothing_reported_inside_it(mini):
    result = analyze(SEED_LINE_1, mini)
    assert spans(result) == [(*span_of(SEED_LINE_1, "Central Bank of the Communist Party of China"),
                              "Central Bank of the Communist Party of China", "pboc-cpc-central-bank")]


def test_the_leftmost_match_wins_and_a_match_overlapping_it_is_dropped(write_glossary):
    path = write_glossary("""
        - id: central-bank-of-the-party
          match: [Central Bank of the Communist Party]
          category: Terminology/Inappropriate for context
          severity: major
        - id: party-of-china
          match: [Communist Party of China]
          suggest: Chinese Communist Party
          category: Style/Awkward
          severity: minor
    """)
    result = analyze(SEED_LINE_1, path)
    assert spans(result) == [(*span_of(SEED_LINE_1, "Central Bank of the Communist Party"),
                              "Central Bank of the Communist Party", "central-bank-of-the-party")]
    assert spans(analyze("the Communist Party of China said", path)) == [
        (4, 28, "Communist Party of China", "party-of-china")]


def test_when_the_longest_entry_is_out_of_context_a_shorter_one_still_matches(write_glossary):
    path = write_glossary(r"""
        - id: covid-new-crown
          match: [new crown]
          suggest: COVID-19
          category: Terminology/Inappropriate for context
          severity: major
        - id: covid-new-crown-vaccine
          match: [new crown vaccine]
          suggest: COVID-19 vaccine
          category: Terminology/Inappropriate for context
          severity: major
          unless: '\bsales\b'
    """)
    assert [(f.text, bare(f.rule)) for f in analyze("The new crown vaccine arrived.", path).findings] == [
        ("new crown vaccine", "covid-new-crown-vaccine")]
    assert [(f.text, bare(f.rule)) for f in analyze("New crown vaccine sales rose.", path).findings] == [
        ("New crown", "covid-new-crown")]


# --- plural and possessive ----------------------------------------------------------------------------------

@pytest.mark.parametrize("form", ["new crowns", "New-Crowns", "NEW CROWNES"])
def test_plural_of_the_last_word_matches(mini, form):
    text = f"the {form} spread"
    assert texts(analyze(text, mini)) == [form]


@pytest.mark.parametrize("form, span", [("new crown's", "new crown"), ("new crown’s", "new crown"),
                                        ("new crowns'", "new crowns"), ("New Crown's", "New Crown")])
def test_a_possessive_is_found_and_the_span_stops_before_the_apostrophe(mini, form, span):
    # The fix keeps the possessive: "new crown's" -> "COVID-19's".
    text = f"the {form} spread"
    assert spans(analyze(text, mini)) == [(4, 4 + len(span), span, "covid-new-crown")]


def test_plural_and_possessive_of_a_phrase(mini):
    text = "both official micro-signals; the official micro-signal's followers"
    assert [(f.start, f.text) for f in analyze(text, mini).findings] == [
        (5, "official micro-signals"), (33, "official micro-signal")]


def test_a_last_word_in_y_has_a_plural_in_ies(write_glossary):
    path = write_glossary("""
        - id: influencer-internet-celebrity
          match: [Internet celebrity]
          suggest: influencer
          category: Terminology/Inappropriate for context
          severity: minor
    """)
    assert texts(analyze("Internet celebrities and an Internet celebrity's shop", path)) == [
        "Internet celebrities", "Internet celebrity"]


def test_other_endings_of_the_last_word_do_not_match(mini):
    assert texts(analyze("the new crowning; the new crowner", mini)) == []


# --- when / unless: the same sentence only ------------------------------------------------------------------

def test_when_requires_its_context_in_the_same_sentence(mini):
    assert texts(analyze("The new millet phone sold out in minutes.", mini)) == ["millet"]
    assert texts(analyze("Millet is a grain grown in northern China.", mini)) == []


def test_when_context_in_a_neighbouring_sentence_does_not_count(mini):
    assert texts(analyze("Lei Jun founded the company. Millet is a grain grown in northern China.", mini)) == []
    assert texts(analyze("Millet is a grain grown in northern China. Lei Jun founded the company.", mini)) == []


def test_when_context_on_the_next_line_does_not_count(mini):
    assert texts(analyze("The new millet\nphone sold out.", mini)) == []


def test_unless_cancels_in_the_same_sentence_only(sheet):
    assert texts(analyze("He posted the photo in his circle of friends.", sheet)) == ["circle of friends"]
    assert texts(analyze("She shared the news with a wide circle of friends.", sheet)) == []
    text = "She has a wide network. He posted the photo in his circle of friends."
    assert spans(analyze(text, sheet)) == [(*span_of(text, "circle of friends"), "circle of friends",
                                            "wechat-moments")]


def test_a_sentence_with_feb_5_keeps_its_context_for_when(write_glossary):
    # The context word comes after "Feb. 5": it counts only because "Feb." does not end the sentence.
    path = write_glossary(r"""
        - id: liberty-times
          match: [Free Finance]
          suggest: Liberty Times
          category: Terminology/Inappropriate for context
          severity: major
          when: '\bZhongnanhai\b'
    """)
    line_6 = read_text(SEED).split("\n")[5]
    assert spans(analyze(line_6, path)) == [(*span_of(line_6, "Free Finance"), "Free Finance", "liberty-times")]
    assert texts(analyze("Free Finance reported on Feb. 5. Zhongnanhai declined.", path)) == []


class CountingRegex:
    """A compiled regex that counts how often it is searched."""

    def __init__(self, pattern: str):
        import regex

        self.compiled = regex.compile(pattern, regex.IGNORECASE)
        self.searches = 0

    def search(self, *args, **kwargs):
        self.searches += 1
        return self.compiled.search(*args, **kwargs)


def test_a_context_is_evaluated_once_per_sentence_not_once_per_match():
    # One line without sentence ends: re-searching the whole sentence for every match made the glossary
    # check quadratic (issue 9, item 1). The verdict of "when"/"unless" is the same for every match of an
    # entry in one sentence, so it is computed once.
    from tqa.matcher import Matcher, Pattern

    when, unless = CountingRegex(r"\bcases\b"), CountingRegex(r"\bpneumonia\b")
    matcher = Matcher([Pattern(phrases=("new crown",), when=when, unless=unless)])
    text = "new crown cases rose " * 2000
    matches = matcher.find(text)
    assert [(m.start, m.end) for m in matches] == [(21 * i, 21 * i + 9) for i in range(2000)]
    assert (when.searches, unless.searches) == (1, 1)


def test_each_sentence_gets_its_own_verdict(mini):
    text = "Lei Jun showed the millet phone. Millet grows in the north. The millet phone sold out."
    assert spans(analyze(text, mini)) == [(*span_of(text, "millet"), "millet", "xiaomi-millet-phone"),
                                          (*span_of(text, "millet", 2), "millet", "xiaomi-millet-phone")]


# --- regex entries ------------------------------------------------------------------------------------------

def test_a_regex_entry_finds_page_residue_on_its_own_line(mini):
    text = "Ant Group is planning to divest its consumer credit data business.\nRecent Comments\nReuters reported."
    (finding,) = analyze(text, mini).findings
    assert (finding.start, finding.end, finding.text) == (*span_of(text, "Recent Comments"), "Recent Comments")
    assert (finding.line, finding.column) == (2, 1)
    assert finding.suggestion == ""
    assert finding.category == "Accuracy/Addition"


@pytest.mark.parametrize("newline", ["\r\n", "\r"], ids=["CRLF", "CR"])
def test_a_regex_entry_finds_page_residue_on_its_own_line_whatever_the_line_endings(mini, newline):
    text = newline.join(read_text(SEED).split("\n")) + newline
    residue = [f for f in analyze(text, mini).findings if f.rule == "mini/recent-comments-residue"]
    assert [(f.text, f.line, f.column) for f in residue] == [("Recent Comments", 12, 1)]


def test_a_regex_entry_does_not_match_the_words_inside_a_sentence(mini):
    assert texts(analyze("He read the recent comments on the post.", mini)) == []


def test_a_regex_entry_is_case_insensitive_by_default(sheet):
    text = "IT PUTS THE CHINESE COMMUNIST PARTY TO SLEEP"
    assert [(f.text, str(f.severity)) for f in analyze(text, sheet).findings] == [
        ("PUTS THE CHINESE COMMUNIST PARTY TO SLEEP", "critical")]


def test_a_case_sensitive_regex_entry(write_glossary):
    path = write_glossary(r"""
        - id: ccp-sleep
          regex: '\bputs the CCP to sleep\b'
          case: sensitive
          category: Accuracy/Mistranslation
          severity: critical
    """)
    assert texts(analyze("it puts the CCP to sleep", path)) == ["puts the CCP to sleep"]
    assert texts(analyze("it puts the ccp to sleep", path)) == []


def test_a_regex_entry_obeys_when_and_unless(write_glossary):
    path = write_glossary(r"""
        - id: dabble
          regex: '\bdabbl(?:e|es|ed|ing) in\b'
          suggest: be involved in
          category: Style/Awkward
          severity: minor
          when: '\b(?:platforms?|enterprises?)\b'
          unless: '\bhobby\b'
    """)
    assert texts(analyze("Internet platforms also dabble in e-commerce.", path)) == ["dabble in"]
    assert texts(analyze("Internet platforms dabbled in it as a hobby.", path)) == []
    assert texts(analyze("She likes to dabble in painting.", path)) == []


def test_a_regex_whose_literals_are_symbols_finds_every_line_that_holds_one(write_glossary):
    # The regex runs only on lines holding "©", "(c)" or "all rights reserved" (found by one automaton scan
    # of the folded text); case still does not matter.
    path = write_glossary(r"""
        - id: copyright-line
          regex: '^(?:©|\(c\)) ?\d{4}|\bAll rights reserved\b'
          category: Accuracy/Addition
          severity: major
    """)
    text = "The bank said so.\n© 2022 Xinhua\n(C) 2021 Caixin\nALL RIGHTS RESERVED\nRights were reserved."
    assert texts(analyze(text, path)) == ["© 2022", "(C) 2021", "ALL RIGHTS RESERVED"]


# --- offsets with non-ASCII text before the match ------------------------------------------------------------

@pytest.mark.parametrize("prefix", [
    "中国人民银行的 ",
    "😀😀 ",
    "Taiwan‘s “",
    "（据报道）",
    "\ud800 ",
    "e\u0301 ",  # a combining accent: two code points
    "\r\n中文\r\n",
])
def test_offsets_are_exact_after_non_ascii_text(mini, prefix):
    text = f"{prefix}official micro-signal, then new crown pneumonia and common debt"
    result = analyze(text, mini)
    assert [(f.start, f.end) for f in result.findings] == [
        span_of(text, "official micro-signal"), span_of(text, "new crown pneumonia"), span_of(text, "common debt")]


def test_line_and_column_count_characters_not_bytes(mini):
    text = "中国央行。\r\n😀 蚂蚁集团 official micro-signal"
    (finding,) = analyze(text, mini).findings
    assert (finding.line, finding.column) == (2, 8)


# --- phrases that begin or end with punctuation ---------------------------------------------------------

def test_a_phrase_starting_with_non_ascii_punctuation_matches_after_a_word(write_glossary):
    path = write_glossary("""
        - id: left-quote-as-apostrophe
          match: ["‘s"]
          suggest: "'s"
          category: Fluency/Punctuation
          severity: minor
        - id: fullwidth-comma
          match: ["，"]
          suggest: ","
          category: Fluency/Punctuation
          severity: minor
    """)
    text = "Taiwan‘s “Free Finance” reported it，the paper said."
    assert spans(analyze(text, path)) == [
        (*span_of(text, "‘s"), "‘s", "left-quote-as-apostrophe"),
        (*span_of(text, "，"), "，", "fullwidth-comma"),
    ]


# --- one scan for every key --------------------------------------------------------------------------------

def test_one_scan_of_every_key_finds_what_a_matcher_per_entry_finds(monkeypatch):
    """The text is scanned once, case-insensitively, for the phrases and regex literals of both case modes; a
    case-sensitive key's hits are checked on the text's own bytes, and a phrase hit right after a word byte is
    dropped in bulk on long texts. A matcher of one entry at a time (nothing shares its automaton) must find
    the same, on the small path and the numpy path, whatever the case, spacing and hyphens."""
    import random

    import tqa.textbuf as textbuf
    from tqa.matcher import Matcher, Pattern, required_literal

    def regex(text, case_sensitive=False):
        return Pattern(regex_text=text, case_sensitive=case_sensitive, required=required_literal(text, case_sensitive))

    patterns = [
        Pattern(phrases=("MM",), case_sensitive=True), Pattern(phrases=("fat mm",)), Pattern(phrases=("mm",)),
        Pattern(phrases=("Ma Yun",), case_sensitive=True), Pattern(phrases=("ma yun tweeted",)),
        Pattern(phrases=("rate",)), Pattern(phrases=("new crown",)), Pattern(phrases=("Super Mary",), case_sensitive=True),
        regex(r"\bGemini(?= meteors?\b)", case_sensitive=True), regex(r"\b(?:praise|good review) rates?\b"),
        regex(r"\bMa\s+Yun\b", case_sensitive=True),
    ]
    pieces = ["MM", "mm", "Mm", "comment", "fat MM", "FAT mm", "Ma Yun", "ma yun", "MA YUN", "Ma\u00a0Yun", "Ma  Yun",
              "Ma-Yun", "ma  yun", "ma\u00a0yun", "MA\u2010YUN", "ma yun tweeted", "rate", "rates", "Rate", "corporate", "praise rate", "good review rates",
              "new crown", "New-Crown", "Super Mary", "Super Maries", "super mary", "Gemini meteor", "gemini meteors",
              "Gemini", " ", " ", "\n", ". ", ", ", "é", "中文", "(", ")"]
    rng = random.Random(7)
    for small_bytes in (textbuf.SMALL_BYTES, 0):
        monkeypatch.setattr(textbuf, "SMALL_BYTES", small_bytes)
        for size in (40, 3000):  # 3,000 pieces: more than a thousand hits, the bulk filter's threshold
            text = "".join(rng.choice(pieces) + rng.choice([" ", " ", "", "\n"]) for _ in range(size))
            together = Matcher(patterns).find(text, overlapping=True)
            alone = []
            for index, pattern in enumerate(patterns):
                alone.extend(dataclasses.replace(m, entry=index) for m in Matcher([pattern]).find(text, overlapping=True))
            key = lambda m: (m.start, m.end, m.entry)  # noqa: E731
            assert sorted(together, key=key) == sorted(alone, key=key)
            assert together  # the pieces match
            # Both share the scan's design, so the case of what a case-sensitive phrase matched is checked on its
            # own: the text, its white space and hyphens made single spaces, is the phrase as written.
            for match in together:
                pattern = patterns[match.entry]
                if pattern.case_sensitive and pattern.phrases:
                    found = re.sub(r"[\s\-\u2010\u2011]+", " ", text[match.start:match.end])
                    phrase = pattern.phrases[0]
                    assert found.startswith((phrase, phrase[:-1] + "ies")), (found, phrase)  # or its plural
            if size > 100:
                assert {patterns[m.entry].phrases for m in together} >= {("MM",), ("Ma Yun",), ("mm",)}


def test_a_small_automaton_spotted_first_finds_every_overlapping_hit():
    """An automaton of a few keys finds where hits can start with a leftmost-longest search first and reads only
    there: the same hits as the overlapping search over the whole text, however the keys overlap."""
    import random

    from tqa.matcher import _SPOTTED_TEXT, _Scanner

    rng = random.Random(11)
    for _ in range(30):
        keys = {"".join(rng.choice("ab ") for _ in range(rng.randint(1, 5))).strip() or "a" for _ in range(6)}
        scanner = _Scanner([(key.encode(), index, False) for index, key in enumerate(sorted(keys))], [])
        assert scanner.spotter is not None
        text = "".join(rng.choice(["a", "b", " ", "ab", "ba", "c", "cc"]) for _ in range(_SPOTTED_TEXT)).encode()
        expected = sorted(scanner.automaton.find(text, overlapping=True))
        assert len(text) >= _SPOTTED_TEXT and expected
        assert sorted(scanner._overlapping(text)) == expected


def test_crosses_says_what_find_says_at_every_line_start():
    """``Matcher.crosses`` (where a window may end) decides on the automaton's hits first: at every line start of
    texts with phrases run over line breaks (plurals, hyphens, contexts, regex entries), the verdict is the one
    ``find`` gives."""
    from tqa.checks.consistency import consistency_matcher

    glossary = tqa.load_glossary(FIXTURES / "windows.yaml")
    shipped = tqa.load_glossary("zh-en-news")
    text = (SEED.read_text(encoding="utf-8") + "\n" + (FIXTURES / "checks" / "mixed.txt").read_text(encoding="utf-8")
            + "posted on the official micro-\nsignals; the new\ncrown cases; the Communist Party of\nChina (CPC) and"
              " the CCP\nmillet\nphones\n")
    text = text.replace(" official micro-signal", " official micro-\nsignal").replace("new crown", "new\ncrown")
    crossed = 0
    for matcher in (glossary.matcher, shipped.matcher, consistency_matcher(glossary)[0]):
        found = matcher.find(text)
        for cut in [m.end() for m in re.finditer(r"\r\n?|\n", text)]:
            expected = any(m.start < cut < m.end for m in found)
            region_low = max(0, cut - 2000)
            assert matcher.crosses(text[region_low:cut + 2000], cut - region_low) == expected, (cut, text[cut - 30:cut])
            crossed += expected
    assert crossed >= 4


# --- what a case-insensitive regex matches that folding does not show -----------------------------------------

TWINS_GLOSSARY = r"""
    - id: kilo-grams
      regex: '\bkilo grams\b'
      suggest: kilograms
      category: Fluency/Spelling
      severity: minor
    - id: big-pit
      match: [big pit]
      suggest: scam
      category: Accuracy/Mistranslation
      severity: major
      when: '\b(?:scam|fraud)\b'
    - id: stock-people
      match: [stock people]
      suggest: retail investors
      category: Accuracy/Mistranslation
      severity: major
      unless: '\blivestock\b'
"""


@pytest.mark.parametrize("long", [False, True])
def test_a_regex_or_context_matches_the_non_ascii_twins_of_ascii_letters(write_glossary, long):
    """A case-insensitive regex matches "İ" as "i", "ſ" as "s" and the Kelvin sign as "k"; folding leaves them as
    they are, so the required literals that decide where a regex runs miss them: such lines are searched anyway.
    A context's regexes see them too."""
    path = write_glossary(TWINS_GLOSSARY)
    filler = "Nothing to see on this line.\n" * (2000 if long else 1)
    text = (filler + "He sold ten \u212Ailo grams.\n" + filler + "It was a big pit, a \u017Fcam.\n" + filler
            + "The big pit was dug.\n" + filler + "The stock people bought live\u017Ftock.\n" + filler
            + "The stock people sold.\n")
    found = [(f.text, bare(f.rule)) for f in analyze(text, path).findings]
    assert found == [("\u212Ailo grams", "kilo-grams"), ("big pit", "big-pit"), ("stock people", "stock-people")]
    assert [f.line for f in analyze(text, path).findings] == [
        text[:text.index(piece)].count("\n") + 1 for piece in ("\u212Ailo", "a big pit", "The stock people sold")]


@pytest.mark.parametrize("long", [False, True])
def test_a_case_sensitive_regex_with_an_inline_ignore_case_flag_finds_every_case(write_glossary, long):
    """A regex entry runs only on lines holding one of its required literals, found case-sensitively for a
    case-sensitive entry; a (?i) in its regex, for a group or for the whole of it, lets those letters come in any
    case, so they are no required literal there."""
    from tqa.matcher import required_literal

    path = write_glossary(r"""
        - id: kilo-grams
          regex: 'Mass (?i:kilo grams)'
          case: sensitive
          suggest: kilograms
          category: Fluency/Spelling
          severity: minor
        - id: mega-bytes
          regex: '(?i)mega\s?bytes'
          case: sensitive
          suggest: megabytes
          category: Fluency/Spelling
          severity: minor
    """)
    filler = "Nothing to see on this line.\n" * (2000 if long else 1)
    text = filler + "Mass KILO GRAMS here.\n" + filler + "MEGA BYTES only.\n" + filler + "mass kilo grams.\n"
    assert [(f.text, bare(f.rule)) for f in analyze(text, path).findings] == [
        ("Mass KILO GRAMS", "kilo-grams"), ("MEGA BYTES", "mega-bytes")]
    assert required_literal("Mass (?i:kilo grams)", True) == (b"Mass",)
    assert required_literal(r"(?i)mega\s?bytes", True) is None
    assert required_literal("Mass (?i:kilo grams)", False) == (b"kilo grams",)
