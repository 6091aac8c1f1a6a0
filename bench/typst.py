#!/usr/bin/env python3
"""Turn the reference workload (../shared/bench/gen.py JSON) into Typst
markup, for the comparison run of bench/typst.mjs. Outside the timed region,
like the other tools' markup. Deterministic.

    typst.py w1 W1.JSON OUT.typ
    typst.py w2 W2.JSON OUTDIR      OUTDIR/doc_NNN.typ, one per dossier

It follows the layout contract of gen.py's docstring: A4, margins 20 mm
(22 mm bottom), body 10.5/14 pt justified, headings 16 pt bold, tables and
captions 9/11 pt, a 420 x 200 pt bar chart (fixed 0-125 axis), cover (no
footer), a contents page with page numbers, each section on a new page,
"Page X of Y" centred at 9 pt. The font is the one dossier's W1 uses (Noto
Serif from the project's fonts/, bench/convert.py), so the two PDFs embed
the same glyphs of the same faces: the size comparison is like for like.
"""
import json
import os
import sys


def esc(s):
    """Typst markup text: every character that could start markup escaped."""
    out = []
    for ch in str(s):
        if ch in '\\#*_`$<>@[]=-+/~"\'':
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def strlit(s):
    return '"' + str(s).replace("\\", "\\\\").replace('"', '\\"') + '"'


PREAMBLE = """#set document(title: %(title)s)
#set page(paper: "a4", margin: (top: 20mm, bottom: 22mm, x: 20mm),
  footer: context { if here().page() > 1 [#align(center)[#text(size: 9pt)[Page #counter(page).display() of #counter(page).final().first()]]] })
#set text(font: "Noto Serif", size: 10.5pt, lang: "en", hyphenate: false)
#set par(justify: true, leading: 14pt - 0.75em, spacing: 6pt)
#show heading: it => block(above: 0pt, below: 10pt, text(size: 16pt, weight: "bold", it.body))
#let bars(labels, values) = {
  let w = 420pt
  let h = 200pt
  let ml = 30pt
  let mb = 16pt
  let pw = w - ml
  let ph = h - mb
  let slot = pw / labels.len()
  block(width: w, height: h, breakable: false, {
    for t in (0, 25, 50, 75, 100, 125) {
      let y = ph - ph * t / 125
      place(top + left, dx: ml, dy: y, line(length: pw, stroke: 0.5pt + luma(80%%)))
      place(top + left, dx: 0pt, dy: y - 4pt, box(width: ml - 4pt, align(right, text(size: 8pt)[#t])))
    }
    for (i, v) in values.enumerate() {
      let bh = ph * v / 125
      place(top + left, dx: ml + slot * i + slot * 0.15, dy: ph - bh,
        rect(width: slot * 0.7, height: bh, fill: rgb(59, 110, 165), stroke: none))
      place(top + left, dx: ml + slot * i, dy: ph + 3pt,
        box(width: slot, align(center, text(size: 8pt, labels.at(i)))))
    }
  })
}
"""


def to_typst(doc):
    t = [PREAMBLE % {"title": strlit(doc["title"])}]
    t.append("#page(footer: none)[#v(70mm)#align(center)[#text(size: 26pt, weight: \"bold\")[%s]\\\n"
             "#v(12pt)#text(size: 14pt)[%s]\\\n#v(24pt)#text(size: 12pt)[%s]]]"
             % (esc(doc["title"]), esc(doc["subtitle"]), esc(doc["date"])))
    t.append("#heading(outlined: false)[Contents]\n"
             "#outline(title: none, depth: 1)\n")
    for s in doc["sections"]:
        t.append("#pagebreak()\n= " + esc(s["heading"]) + "\n")
        t += [esc(p) + "\n" for p in s["paragraphs"]]
        tb = s["table"]
        cells = ["[*%s*]" % esc(c) for c in tb["columns"]]
        for r in tb["rows"]:
            cells += ["[%s]" % esc(v) for v in r]
        t.append("#block(above: 8pt, below: 4pt)[#set text(size: 9pt)\n#set par(leading: 11pt - 0.75em, justify: false)\n"
                 "#table(columns: (40%%, 20%%, 20%%, 20%%), align: (x, y) => if x == 0 { left } else { right },\n"
                 "  stroke: (x, y) => (top: if y == 0 { 0.8pt } else if y == 1 { 0.5pt } else { none },"
                 " bottom: if y == %d { 0.8pt } else { none }),\n"
                 "  inset: (x: 4pt, y: 2pt),\n  %s)]\n" % (len(tb["rows"]), ", ".join(cells)))
        t.append("#text(size: 9pt)[%s]\n" % esc(tb["caption"]))
        c = s["chart"]
        t.append("#block(breakable: false, above: 6pt)[#bars((%s,), (%s,))\n#text(size: 9pt)[%s]]\n"
                 % (", ".join(strlit(l) for l in c["labels"]), ", ".join(str(v) for v in c["values"]),
                    esc(c["caption"])))
    return "\n".join(t)


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ("w1", "w2"):
        sys.exit("usage: typst.py w1 W1.JSON OUT.typ | typst.py w2 W2.JSON OUTDIR")
    with open(sys.argv[2], encoding="utf-8") as f:
        data = json.load(f)
    if sys.argv[1] == "w1":
        write(sys.argv[3], to_typst(data))
    else:
        os.makedirs(sys.argv[3], exist_ok=True)
        for i, d in enumerate(data):
            write(os.path.join(sys.argv[3], "doc_%03d.typ" % (i + 1)), to_typst(d))


if __name__ == "__main__":
    main()
