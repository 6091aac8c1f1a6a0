#!/usr/bin/env python3
"""The text of the structure tree is the text of the sources, in order.

  python3 text.py LAYOUT.yaml TREE.txt [--planted]

TREE.txt is the tree's text as tests/tags/tree.mjs writes it (pdf.js, with
TAGS_TEXT=TREE.txt) from the PDF built from LAYOUT.yaml; poppler's
`pdfinfo -struct-text` is not used here: poppler 22 drops a line's text that
follows a hyphen added at a line end. The expected text comes from the sources, not from dossier: the
layout's parts in their order — section titles, the paragraphs, list items,
quote lines and headings of every article and `text` part (read as
tests/roundtrip/run.py reads them), footnote definitions, and every table's
caption and the cells of its text columns (from the CSV file). Each must be
found in the tree's text (the contents and the cover left out) after the one
before it; a text of 40 characters or more must be there exactly as many
times as the sources hold it (a paragraph written twice, or one lost, is a
failure). Compared without white space (the page has no space at a line's end) and without hyphens (a hyphen added where
a line was broken is in the tree's text), after the typography's marks are
made one (quotation marks, apostrophes). Arabic is not compared: it is drawn
in display order (docs/accessibility.md).

With --planted, also that the check fails on the same tree with two
paragraphs swapped, one written twice and one left out (the test can fail).
Prints one line; exits 1 with the first texts not found.
"""
import csv
import os
import re
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "roundtrip"))
import run as roundtrip  # noqa: E402  (md_text, norm, ARABIC)

import yaml  # noqa: E402


def squash(s):
    s = roundtrip.norm(s)
    s = re.sub(r"[\s\-\u2010\u2011\u00ad]", "", s)
    return s


def tree_text(path):
    """The tree's text, in tree order, without the contents and the cover:
    the lines tree.mjs writes (TAGS_TEXT), roles from the root, a tab, the
    text of one marked-content sequence."""
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            roles, _, text = line.rstrip("\n").partition("\t")
            r = roles.split("/")
            if "TOC" in r or (len(r) > 2 and r[2] == "Div"):
                continue
            out.append(text)
    return "".join(out)


def notes(text):
    """The footnote definitions of an article, in their order."""
    out = []
    for m in re.finditer(r"^\[\^[^\]]+\]:[ \t]*(.*(?:\n(?:[ \t]+\S.*))*)", text, re.M):
        t = " ".join(l.strip() for l in m.group(1).split("\n"))
        for rx, rep in roundtrip.INLINE:
            t = rx.sub(rep, t)
        if not re.search(r"\{\{|\[|<|&|\\|\*|_", t):
            out.append(t)
    return out


def passages(s):
    """A YAML or CSV text as printed: "[Bộ Công an]{lang=vi}" is its words
    (docs/layout.md, "Passages in another language"); in a text holding
    "]{", "\\[" and "\\]" are brackets."""
    if not isinstance(s, str) or "]{" not in s:
        return s
    prev = None
    while prev != s:
        prev = s
        s = re.sub(r"(?<!\\)\[((?:[^\[\]\\]|\\.)*)\]\{[^{}\n]*\blang=[^{}\n]*\}", r"\1", s)
    return s.replace("\\[", "[").replace("\\]", "]")


def expected(layout):
    """(text, where) in document order."""
    with open(layout, encoding="utf-8") as f:
        lay = yaml.safe_load(f)
    base = os.path.dirname(layout)
    out = []

    def md(text, where):
        for i, (p, lang) in enumerate(roundtrip.md_text(text)):
            if lang == "ar" or roundtrip.ARABIC.search(p) or "{{" in p:
                continue
            out.append((p, "%s, paragraph %d" % (where, i + 1)))
        # notes: after the paragraphs; only their presence and count is
        # compared in order with what follows them in the same article
        return notes(text)

    for part in lay.get("parts", []):
        if not isinstance(part, dict):
            continue
        if "section" in part:
            s = part["section"]
            t = s.get("title") if isinstance(s, dict) else s
            if isinstance(t, str) and "{{" not in t:
                out.append((passages(t), "section title"))
        elif "article" in part:
            a = part["article"]
            path = os.path.join(base, a["file"] if isinstance(a, dict) else a)
            with open(path, encoding="utf-8") as f:
                src = f.read()
            name = os.path.basename(path)
            nts = md(src, name)
            for k, n in enumerate(nts):
                out.append((n, "%s, note %d" % (name, k + 1), "note"))
        elif "text" in part:
            t = part["text"]
            t = t.get("text") if isinstance(t, dict) else t
            if isinstance(t, str):
                md(t, "text part")
        elif "table" in part:
            tb = part["table"]
            if not isinstance(tb, dict) or "file" not in tb:
                continue
            cap = tb.get("caption")
            if isinstance(cap, str) and "{{" not in cap:
                out.append((passages(cap), "table caption"))
            cols = [c["key"] for c in tb.get("columns", [])
                    if isinstance(c, dict) and c.get("type", "text") == "text" and c.get("key") != tb.get("group")]
            path = os.path.join(base, tb["file"])
            if not path.endswith(".csv"):
                continue
            with open(path, encoding="utf-8", newline="") as f:
                rows = list(csv.DictReader(f))
            if tb.get("group"):  # rows are grouped: the groups' order is not the file's
                continue
            # a column with one value in every row is printed once, under
            # the table ("Source: …"); a source's key (un-qa) is printed as
            # the source's name: neither is compared
            same = {c for c in cols if len({(row.get(c) or "").strip() for row in rows}) == 1}
            for r, row in enumerate(rows):
                for c in cols:
                    v = passages((row.get(c) or "").strip())
                    if v and c not in same and not re.fullmatch(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)+", v) \
                            and not roundtrip.ARABIC.search(v):
                        out.append((v, "%s row %d, %s" % (os.path.basename(path), r + 1, c)))
    return [(e[0], e[1], e[2] if len(e) > 2 else "") for e in out if not roundtrip.ARABIC.search(e[0])]


def check(tree, exp):
    """The problems of tree (squashed) against the expected texts."""
    problems = []
    at = 0
    count = {}
    for t, _, _ in exp:
        s = squash(t)
        count[s] = count.get(s, 0) + 1
    for t, where, kind in exp:
        s = squash(t)
        if not s:
            continue
        if kind == "note":
            # a note follows the paragraph that first refers to it, which
            # this simple reading may have left out: found anywhere, once
            if s not in tree:
                problems.append("%s not in the tree: %.60s" % (where, t))
            continue
        k = tree.find(s, at)
        if k < 0:
            before = tree.find(s)
            problems.append("%s %s: %.60s" % (where, "out of order (found before the text preceding it)"
                                              if before >= 0 else "not in the tree", t))
            continue
        at = k + len(s)
        if len(s) >= 40 and tree.count(s) != count[s]:
            problems.append("%s: %d times in the tree, %d in the sources: %.60s" % (where, tree.count(s), count[s], t))
    return problems


def planted(tree, exp):
    """The check fails on three defects planted in this tree: two
    paragraphs swapped, one written twice, one left out."""
    long = [squash(t) for t, _, k in exp if not k and len(squash(t)) >= 40]
    long = [s for s in long if tree.count(s) == 1]
    if len(long) < 6:
        return None  # too few (the Arabic sample): nothing planted
    a, b = long[1], long[4]
    i, j = tree.find(a), tree.find(b)
    swapped = tree[:i] + b + tree[i + len(a):j] + a + tree[j + len(b):]
    twice = tree.replace(long[2], long[2] * 2)
    lost = tree.replace(long[3], "")
    missed = [n for n, t in (("swapped", swapped), ("twice", twice), ("lost", lost)) if not check(t, exp)]
    return "planted defects not seen: " + ", ".join(missed) if missed else ""


def main():
    layout, struct = sys.argv[1], sys.argv[2]
    tree = squash(tree_text(struct))
    exp = expected(layout)
    problems = check(tree, exp)
    plant = ""
    if "--planted" in sys.argv[3:]:
        p = planted(tree, exp)
        if p:
            problems.append(p)
        plant = "; planted defects (two paragraphs swapped, one twice, one lost) seen" if p is not None \
            else "; too few paragraphs to plant defects in"
    print("%s: %d source texts in the tree in order%s%s" % (
        os.path.basename(layout), len(exp) - len(problems),
        plant if not problems else "", ", %d problems" % len(problems) if problems else ""))
    for p in problems[:10]:
        print("  PROBLEM " + p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
