#!/usr/bin/env python3
"""A dossier in the reader's language: for every label catalogue (labels/*.yaml)
build one dossier that makes dossier write its own words (cover, contents,
facts panel, a table continued over pages with subtotals and a total, charts
with source lines, a timeline, a numbered figure, cross-references, the
sources list, the running footer), changing only `language:`, and check the
text pdftotext extracts: it has that language's labels and no word of an
English label that the language's catalogue does not use itself.

The content is neutral (Latin nonsense words and numbers) so that any English
word found was written by dossier. Run by make e2e; DOSSIER names the binary."""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DOSSIER = os.environ.get("DOSSIER", os.path.join(ROOT, "build/release/dossier"))

# the labels this dossier makes dossier write (copies and table numbers aside)
USED = """contents figure caption continued source source-line sources
sources-differ total subtotal event short-name dates originally-scheduled postponed
postponed-note venue format organiser theme key-figures figure-column value note name
role organisation email phone agenda workshops outcomes people contacts prepared-for
prepared-by date page-of ref-figure ref-table-titled ref-chart-titled ref-part""".split()

FACTS = """
sources:
  - {id: s1, title: "Lorem ipsum", publisher: "Dolor Sit", date: 2021-03-11, cite: "Lorem"}
  - {id: s2, title: "Amet consectetur", publisher: "Adipiscing", date: 2021-03-12, cite: "Amet"}
event:
  name: "Conventus Magnus Quattuordecim"
  short-name: "CMQ"
  dates: {start: 2021-03-07, end: 2021-03-12}
  original-dates: {start: 2020-04-20, end: 2020-04-27}
  venue: "Kyotum"
  format: "Mixtum"
  organisers: ["Gubernatio Iaponica", "Officium Nationum"]
  theme: "Concordia et iustitia"
  source: s1
figures:
  - {key: part, label: "Participes", value: 5600, qualifier: "~", unit: "pers", source: s1}
  - {key: part, label: "Participes", value: 5000, qualifier: "~", unit: "pers", source: s2}
  - {key: civ, label: "Civitates", value: 152, source: s2, note: "nota bene"}
agenda:
  - {number: 1, title: "Praeventio criminum", source: s1}
workshops:
  - {number: 1, title: "Educatio iuvenum"}
outcomes:
  - {title: "Declaratio Kyotensis", text: "Lorem ipsum dolor.", date: 2021-03-07, source: s2}
people:
  - {name: "Gaia Valeria", role: "Secretaria", organisation: "Officium", source: s2}
contacts:
  - {name: "Sonia Ia", role: "Nuntia", organisation: "Officium", email: "sonia@example.org", phone: "(+43-699) 1459-4990", source: s2}
"""

ARTICLE = """---
title: "Lorem ipsum dolor"
id: art
language: {lang}
---
Lorem ipsum [](#fig:x), [](#tab:x), [](#chart:x), [](#art).

![Imago prima](emblem.svg){{#fig:x}}
"""

LAYOUT = """dossier: 1
document:
  title: "Conventus Magnus"
  author: "Unitas"
  organisation: "Officium"
  date: 2021-03-15
  language: {lang}
  prepared-for: "Delegatio"
page: {{size: A5, margins: 15mm}}
fonts:
  dir: {fonts}
  fallback: [{{family: NotoNaskhArabic, scale: 1.2}}, DroidSansFallback]
parts:
  - cover: {{}}
  - toc: {{depth: 2}}
  - section: {{title: "Pars prima"}}
  - facts: {{file: facts.yaml, title: "Facta"}}
  - article: {{file: article.md}}
  - table:
      id: tab:x
      file: rows.csv
      caption: "Tabula longa"
      columns: [{{key: grp, label: "Grex"}}, {{key: n, label: "Numerus", type: integer}}]
      group: grp
      subtotals: true
      total: {{columns: [n]}}
  - chart: {{id: "chart:x", type: hbar, file: rows.csv, category: grp, series: [n], title: "Tabula picta", source: s1}}
  - chart: {{type: timeline, title: "Tempora", facts: facts.yaml, source: s2}}
  - sources: {{}}
"""

# The same dossier numbered (docs/layout.md#numbering): numbered headings, an
# annex, numbered tables and figures with their captions, the list of tables
# and figures, cross-references to numbered exhibits, roman front matter.
LAYOUT_NUMBERED = LAYOUT.replace(
    "parts:\n  - cover: {{}}\n  - toc: {{depth: 2}}\n",
    "numbering: {{headings: true, exhibits: true, pages: roman-front}}\n"
    "parts:\n  - cover: {{}}\n  - toc: {{depth: 2}}\n  - figures\n").replace(
    '  - chart: {{id: "chart:x"', '  - section: {{title: "Pars altera", annex: true}}\n  - chart: {{id: "chart:x"')
assert LAYOUT_NUMBERED.count("figures") == 1 and "annex" in LAYOUT_NUMBERED
USED_NUMBERED = """contents figures-list figure table caption annex continued ref-figure
ref-table-numbered page-of""".split()

VARIANTS = [("", LAYOUT, USED), (" numbered", LAYOUT_NUMBERED, USED_NUMBERED)]


def words(text):
    return set(re.findall(r"[A-Za-z]{3,}", text))


def norm(s, lang="en"):
    """Letters as written (NFKC: Arabic presentation forms, which dossier
    draws, read as the letters), bidi controls dropped, white space as one
    space; none at all in Chinese, where a line may break anywhere."""
    s = unicodedata.normalize("NFKC", s)
    s = re.sub("[\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c\u064b-\u0652\u0670]", "", s)
    s = re.sub(r"\s+", " ", s.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2009", " "))
    return s.replace(" ", "") if lang.startswith("zh") else s


def segments(text):
    """The fixed parts of a label text, without its placeholders."""
    return [p.strip() for p in re.split(r"\{[a-z]+\}", text) if p.strip()]


def texts(v):
    return list(v.values()) if isinstance(v, dict) else [v]


def main():
    langs = sorted(f[:-5] for f in os.listdir(os.path.join(ROOT, "labels")) if f.endswith(".yaml"))
    en = yaml.safe_load(open(os.path.join(ROOT, "labels/en.yaml"), encoding="utf-8"))
    content = FACTS + ARTICLE + LAYOUT + "Grex Numerus"
    passed = failed = 0
    tmp = tempfile.mkdtemp()
    try:
        with open(os.path.join(tmp, "facts.yaml"), "w", encoding="utf-8") as f:
            f.write(FACTS)
        with open(os.path.join(tmp, "rows.csv"), "w", encoding="utf-8") as f:
            f.write("grp,n\n" + "".join(f"G{i // 12},{i}\n" for i in range(60)))
        shutil.copy(os.path.join(ROOT, "input/un-congress-2021/emblem.svg"), tmp)
        for lang in langs:
            cat = yaml.safe_load(open(os.path.join(ROOT, f"labels/{lang}.yaml"), encoding="utf-8"))
            with open(os.path.join(tmp, "article.md"), "w", encoding="utf-8") as f:
                f.write(ARTICLE.format(lang=lang))
            for variant, layout, used in VARIANTS:
                lay = os.path.join(tmp, f"l10n-{lang}.yaml")
                with open(lay, "w", encoding="utf-8") as f:
                    f.write(layout.format(lang=lang, fonts=os.path.join(ROOT, "fonts")))
                pdf = os.path.join(tmp, f"l10n-{lang}.pdf")
                r = subprocess.run([DOSSIER, "build", "-q", lay, "-o", pdf], capture_output=True, text=True)
                if r.returncode != 0 or r.stderr:
                    print(f"FAIL {lang}{variant}: build\n     {r.stderr.strip()}")
                    failed += 1
                    continue
                got = norm(subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"], capture_output=True,
                                          text=True).stdout, lang)
                # Arabic lines come out in visual order when most of a page is
                # left to right: look for the words in either order
                got_rev = norm(" ".join(w[::-1] for w in got.split(" ")))
                def found(seg):
                    if seg in got or seg in got_rev:
                        return True
                    # right-to-left lines: each word, in either order, without
                    # the punctuation that moves about it
                    ws = [w.strip("()[]:.,،؛«»\"“”") for w in seg.split(" ")]
                    return all(w in got or w[::-1] in got for w in ws if w)
                missing = []
                for key in used:
                    # a label with plural forms: the form the count chose
                    if not any(all(found(seg) for seg in segments(norm(t, lang))) for t in texts(cat[key])):
                        missing.append(f"{key}: '{texts(cat[key])[-1]}'")
                # English words dossier wrote: in an English label, not in this
                # language's labels, not in the content
                own = set()
                for v in cat.values():
                    for t in texts(v):
                        own |= words(t)
                english = set()
                for v in en.values():
                    for t in texts(v):
                        english |= words(re.sub(r"\{[a-z]+\}", "", t))
                left = sorted(w for w in english - own - words(content) if re.search(rf"\b{w}\b", got))
                if missing or (lang != "en" and left):
                    failed += 1
                    print(f"FAIL {lang}{variant}: labels missing: {', '.join(missing[:8]) or 'none'}; "
                          f"English words: {', '.join(left) or 'none'}")
                else:
                    passed += 1
                    print(f"ok   {lang}{variant}: {len(used)} labels in the language, no English word of dossier's own")
    finally:
        shutil.rmtree(tmp)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
