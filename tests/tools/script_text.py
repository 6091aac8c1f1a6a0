#!/usr/bin/env python3
"""Check that the text of each article of the six-language sample comes out
of the PDF in logical (reading) order.

    pdftotext -q samples/six-languages.pdf - | python3 tests/tools/script_text.py input/six-languages/*.md

pdftotext puts right-to-left text back into logical order by itself (it
wraps it in bidi embedding controls), but it returns what the PDF draws: the
Arabic presentation forms dossier shapes to, mirrored brackets, harakat
drawn as separate items. So both sides are compared after this
normalisation: NFKC (presentation forms -> letters, lam-alef -> lam + alef),
then only letters and digits are kept (combining marks, punctuation,
brackets, hyphens, bidi controls and white space are dropped), and the
running header and footer lines are removed from the PDF text. What is
checked is that every letter and digit of each article comes out, in order.
Arabic drawn in logical instead of display order, an unshaped or a missing
letter, Chinese characters out of order, a wrong glyph: each fails.
Exit status 1 with the first difference when an article is not found.
"""
import re
import sys
import unicodedata


def norm(s):
    s = unicodedata.normalize("NFKC", s)
    return "".join(ch for ch in s if unicodedata.category(ch)[0] in "LN")


def body(path):
    text = open(path, encoding="utf-8").read()
    parts = text.split("---\n", 2)
    return parts[2] if len(parts) == 3 else text


def main():
    pdf = sys.stdin.read()
    lines = [l for l in pdf.splitlines()
             if not re.fullmatch(r"\W*Page \d+ of \d+\W*", l)
             and "a welcome in the six UN languages" not in l]
    got = norm("\n".join(lines))
    bad = 0
    for path in sys.argv[1:]:
        want = norm(body(path))
        if want and want in got:
            print(f"ok   {path}: {len(want)} letters and digits in order")
            continue
        bad += 1
        # the longest prefix found, to show where it goes wrong
        k = 0
        while k < len(want) and want[: k + 1] in got:
            k += 1
        print(f"FAIL {path}: in order up to letter {k} of {len(want)}: "
              f"...{want[max(0, k - 20):k]}[{want[k:k + 20]}]...")
    sys.exit(1 if bad else 0)


main()
