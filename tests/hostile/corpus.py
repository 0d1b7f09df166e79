"""A fixed corpus of hostile text: what learners paste, what browsers send, what attackers
try. Each entry has a short name for reports; `QUICK` is the subset the pytest run sweeps
(one of each kind), `CORPUS` is every entry (the full run)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Hostile:
    name: str
    text: str
    quick: bool = True


CORPUS: tuple[Hostile, ...] = (
    # quoting and escaping
    Hostile("double quote", 'She said "leave"'),
    Hostile("single quotes", "it's 'fine'", quick=False),
    Hostile("backslash", "C:\\Users\\angie", quick=False),
    Hostile("trailing backslash", "ends with a backslash \\"),
    Hostile("lone backslash", "\\", quick=False),
    Hostile("backslash quote", 'a\\"b'),
    Hostile("DOT escapes", "left \\l centre \\n right \\r end"),
    Hostile("DOT syntax", '"]; a -> b ['),
    Hostile("DOT brace", "}"),
    Hostile("DOT graph", 'x" ]; digraph { evil [label="pwned"] } ["', quick=False),
    Hostile("DOT HTML label", "<<b>bold</b>>"),
    # markup
    Hostile("script", "<script>alert(1)</script>"),
    Hostile("img onerror", "<img src=x onerror=alert(1)>"),
    Hostile("javascript link", '<a href="javascript:alert(1)">x</a>', quick=False),
    Hostile("svg onload", "<svg onload=alert(1)>", quick=False),
    Hostile("CDATA end", "]]>"),
    Hostile("comment end", "-->"),
    Hostile("attribute break", "' onmouseover='alert(1)", quick=False),
    # entities, which Graphviz decodes in plain labels
    Hostile("entity emoji", "a smile &#128512;"),
    Hostile("entity surrogate", "&#xd800;"),
    Hostile("entity beyond Unicode", "&#x110000;"),
    Hostile("entity beyond Unicode, decimal", "&#1114112;", quick=False),
    Hostile("entity control", "&#1;"),
    Hostile("entity control hex", "&#x4;", quick=False),
    Hostile("named entities", "&lt;b&gt;"),
    Hostile("ampersand entity", "AT&amp;T"),
    Hostile("entity RTL", "&#x202e;reversed"),
    Hostile("bare ampersand", "Tom & Jerry", quick=False),
    Hostile("nbsp entity", "a&nbsp;b", quick=False),
    # control characters
    Hostile("NUL", "before\x00after"),
    Hostile("C0 controls", "".join(chr(c) for c in range(1, 32)) + "end"),
    Hostile("DEL and C1", "\x7f\x80\x85\x9b\x9f end"),
    Hostile("ANSI escape", "\x1b[31mred\x1b[0m"),
    Hostile("bell and backspace", "ding\x07\x08\x08", quick=False),
    Hostile("form feed, vertical tab", "a\x0cb\x0bc", quick=False),
    Hostile("CR only", "one\rtwo\rthree"),
    Hostile("CRLF", "one\r\ntwo\r\n", quick=False),
    Hostile("U+FFFE U+FFFF", "\ufffe\uffff", quick=False),
    Hostile("line separators", "a\u2028b\u2029c", quick=False),
    # Unicode that is easy to get wrong
    Hostile("lone high surrogate", "Kim\ud83d"),
    Hostile("lone low surrogate", "\ude00 low", quick=False),
    Hostile("reversed surrogates", "\ude00\ud83d", quick=False),
    Hostile("RTL override", "abc\u202edef"),
    Hostile("ZWJ emoji", "family \U0001f468\u200d\U0001f469\u200d\U0001f467"),
    Hostile("emoji", "\U0001f600 smile", quick=False),
    Hostile("combining marks", "Z\u0351\u0362\u0322a\u0300\u0301lgo", quick=False),
    Hostile("BOM", "\ufeffwith BOM", quick=False),
    Hostile("zero width space", "in\u200bvisible", quick=False),
    Hostile("CJK", "\u5931\u671b\u3068\u6012\u308a", quick=False),
    Hostile("private use", "\ue000\U000f0000", quick=False),
    Hostile("noncharacter", "\U0010ffff", quick=False),
    # sizes and shapes
    Hostile("empty", ""),
    Hostile("spaces only", "   \t  "),
    Hostile("100k characters", "x" * 100_000),
    Hostile("100k words", "word " * 20_000, quick=False),
    Hostile("just over 10,000", "y" * 10_001, quick=False),
    Hostile("5,000 newlines", "\n" * 5_000),
    Hostile("51 blank lines", "\n" * 51),
    Hostile("51 lines", "\n".join(f"line {n}" for n in range(51)), quick=False),
    Hostile("very long line", "a very long line " * 800, quick=False),
    Hostile("long word", "supercalifragilistic" * 300, quick=False),
    # names that mean something to file systems and shells
    Hostile("path traversal", "../../etc/passwd"),
    Hostile("Windows reserved", "CON"),
    Hostile("Windows reserved ext", "NUL.txt", quick=False),
    Hostile("shell", "$(rm -rf ~); `id`", quick=False),
    Hostile("format string", "{0} %s %n {work}", quick=False),
)
QUICK = tuple(entry for entry in CORPUS if entry.quick)
# What the pytest run types before clicking the export buttons.
EXPORT_QUICK = tuple(entry for entry in CORPUS if entry.name in {
    "script", "entity emoji", "entity control", "named entities", "lone high surrogate",
    "100k characters"})

# What the change calculator's number fields get besides the text corpus.
NUMBERS = ("inf", "-inf", "Infinity", "nan", "NaN", "-nan", "1e-320", "4.9e-324", "1e-400",
           "-0", "0", "-0.0", "1e308", "1e309", "-1e308", "9" * 5000, "1" + "0" * 400,
           "1_000", "0x10", "1,5", " 7 ", "\u2212" + "5", "\u0661\u0662", "5e", ".", "-",
           "1e", "+", "12abc", "0.00000000000000000001", "123456789012345678901234567890")

# What MetacognitionRater.set_rating is asked to accept (the code path; the browser can only
# pick an option of the drop-down).
BAD_RATINGS = (-1, 99, 2.5, "3", "", None, True, float("nan"), float("inf"), -0.0, 10**5000,
               [1], "<script>alert(1)</script>", "\ud83d")


def any_text():
    """Hypothesis text from all of Unicode, lone surrogates and controls included."""
    from hypothesis import strategies as st

    return st.text(st.characters(exclude_categories=()))
