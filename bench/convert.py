#!/usr/bin/env python3
"""Turn the reference workload (../shared/bench/gen.py JSON) into dossier
inputs: layouts and CSV files. Runs outside the timed region, like the
other tools' markup. Deterministic: the same JSON gives the same bytes.

    convert.py w1 W1.JSON OUTDIR [--sections N] [--no-charts]
        OUTDIR/layout.yaml and one CSV per table and chart. --sections N
        repeats (or cuts) the 40 sections to N, renumbered (W4).
    convert.py w2 W2.JSON OUTDIR [--no-charts]
        OUTDIR/doc_NNN.yaml for each of the 200 dossiers, their CSVs, and
        OUTDIR/manifest.yaml listing them for `dossier batch`.
    convert.py w3 OUTDIR [--rows 100000]
        OUTDIR/stats.csv (deterministic, Vietnamese names, numeric columns)
        and OUTDIR/layout.yaml showing it as one table with a total row.

The layout follows the shared layout contract (gen.py): A4, margins 20 mm
(22 mm bottom), one serif family everywhere (Noto Serif: the reference
tools used DejaVu Serif, which libharu 2.3.0 cannot print Vietnamese with,
docs/layout.md#fonts), body 10.5/14 justified, headings 16 pt bold, tables
and captions 9/11, contents entries 10.5/14, chart 200 pt high, "Page X of
Y" centred at 9 pt, no running header.
"""
import argparse
import csv
import json
import os
import random
import re
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
FONTS = os.path.normpath(os.path.join(HERE, "..", "fonts"))


def q(s):
    """A YAML double-quoted scalar."""
    return '"' + str(s).replace('\\', '\\\\').replace('"', '\\"') + '"'


def header(title, subtitle, fonts):
    return [
        "dossier: 1",
        "document:",
        f"  title: {q(title)}",
        f"  subtitle: {q(subtitle)}",
        "  date: 2026-11-23",
        "  language: en",
        "page: {size: A4, margins: {top: 20mm, bottom: 22mm, inside: 20mm, outside: 20mm}}",
        f"fonts: {{dir: {q(fonts)}, body: NotoSerif, heading: NotoSerif}}",
        "styles:",
        "  body: {size: 10.5, leading: 14, space-after: 6, align: justify}",
        "  h1: {size: 16, leading: 20, space-after: 10}",
        "  table: {size: 9, leading: 11}",
        "  table-header: {size: 9, leading: 11}",
        "  caption: {size: 9, leading: 11}",
        "  toc-1: {size: 10.5, leading: 14, space-before: 0, space-after: 0}",
        "  footer: {size: 9}",
        "header:",
        "footer: {center: \"Page {page} of {pages}\"}",
    ]


RENUM = re.compile(r"^(Table |Figure )?\d+\.")


def renumber(s, n):
    """'3. Topic' -> 'N. Topic'; 'Table 3. …' -> 'Table N. …'."""
    return RENUM.sub(lambda m: f"{m.group(1) or ''}{n}.", s, count=1)


def sections(out, secs, prefix, charts):
    """Parts for the sections; writes their CSVs into out. Returns lines."""
    lines = []
    for i, s in enumerate(secs):
        n = i + 1
        lines.append(f"  - section: {{title: {q(renumber(s['heading'], n))}}}")
        for p in s["paragraphs"]:
            lines.append(f"  - text: {q(p)}")
        t = s.get("table")
        if t:
            cf = f"{prefix}t{n:04d}.csv"
            with open(os.path.join(out, cf), "w", encoding="utf-8", newline="") as f:
                w = csv.writer(f, lineterminator="\n")
                w.writerow([f"c{k}" for k in range(len(t["columns"]))])
                w.writerows(t["rows"])
            cols = ", ".join(
                f"{{key: c{k}, label: {q(c)}{', type: integer' if k else ''}}}"
                for k, c in enumerate(t["columns"]))
            lines.append(f"  - table: {{file: {cf}, caption: {q(renumber(t['caption'], n))}, "
                         f"columns: [{cols}], zebra: false}}")
        c = s.get("chart")
        if c and charts:
            cf = f"{prefix}c{n:04d}.csv"
            with open(os.path.join(out, cf), "w", encoding="utf-8", newline="") as f:
                w = csv.writer(f, lineterminator="\n")
                w.writerow(["label", "value"])
                w.writerows(zip(c["labels"], c["values"]))
            lines.append(f"  - chart: {{type: bar, file: {cf}, category: label, series: [value], "
                         f"title: {q(renumber(c['caption'], n))}, height: 200pt, y-min: 0, y-max: 125}}")
    return lines


def document(doc, out, name, fonts, nsec=None, charts=True, prefix=""):
    secs = doc["sections"]
    if nsec:
        secs = [secs[i % len(secs)] for i in range(nsec)]
    lines = header(doc["title"], doc.get("subtitle", ""), fonts)
    lines += ["parts:", "  - cover", "  - toc: {title: Contents, depth: 1}"]
    lines += sections(out, secs, prefix, charts)
    with open(os.path.join(out, name), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def w1(a):
    os.makedirs(a.out, exist_ok=True)
    doc = json.load(open(a.json, encoding="utf-8"))
    document(doc, a.out, "layout.yaml", a.fonts, a.sections, not a.no_charts)


def w2(a):
    os.makedirs(a.out, exist_ok=True)
    docs = json.load(open(a.json, encoding="utf-8"))
    names = []
    for i, doc in enumerate(docs):
        name = f"doc_{i + 1:03d}"
        document(doc, a.out, name + ".yaml", a.fonts, None, not a.no_charts, prefix=name + "-")
        names.append(name)
    # docs/batch.md (src/app/manifest.h): the dossiers, each a name, its
    # layout and its output, relative to the manifest.
    with open(os.path.join(a.out, "manifest.yaml"), "w", encoding="utf-8") as f:
        f.write("# W2: 200 dossiers of 3 sections (bench/convert.py)\n")
        f.write("dossier-manifest: 1\n")
        f.write("defaults: {output: \"out/{name}.pdf\"}\n")
        f.write("dossiers:\n")
        for n in names:
            f.write(f"  - {{name: {n}, layout: {n}.yaml}}\n")


# W3: a deterministic statistics table with Vietnamese names.
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng",
          "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Minh", "Quang", "Thu", "Ngọc", "Đức", "Thanh", "Hữu", "Xuân"]
GIVEN = ["Kỳ", "Hằng", "Ánh", "Tuấn", "Vũ", "Dũng", "Hương", "Lan", "Phúc", "Thảo", "Bình",
         "Khánh", "Long", "Mai", "Nam", "Quỳnh", "Sơn", "Trang", "Việt", "Yến"]
PROVINCES = ["Hà Nội", "Huế", "Đà Nẵng", "Cần Thơ", "Hải Phòng", "Nghệ An", "Khánh Hòa",
             "Lâm Đồng", "Thành phố Hồ Chí Minh", "Quảng Ninh", "Bình Định", "Đắk Lắk"]


def w3(a):
    os.makedirs(a.out, exist_ok=True)
    rng = random.Random(20261123)
    with open(os.path.join(a.out, "stats.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "name", "province", "meetings", "delegates", "budget", "share"])
        for i in range(a.rows):
            name = unicodedata.normalize(
                "NFC", f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}")
            w.writerow([i + 1, name, rng.choice(PROVINCES), rng.randint(0, 40),
                        rng.randint(1, 480), f"{rng.randint(0, 2_000_000) / 100:.2f}",
                        f"{rng.randint(0, 1000) / 10:.1f}"])
    lines = header("Delegate statistics, 2026", f"{a.rows:,} rows", a.fonts)
    lines += [
        "parts:",
        "  - section: {title: \"Delegates by name and province\", new-page: false}",
        "  - table:",
        "      file: stats.csv",
        "      caption: \"Meetings, delegates and budget by delegate\"",
        "      columns:",
        "        - {key: id, label: \"No.\", type: integer}",
        "        - {key: name, label: \"Name\"}",
        "        - {key: province, label: \"Province\"}",
        "        - {key: meetings, label: \"Meetings\", type: integer}",
        "        - {key: delegates, label: \"Delegates\", type: integer}",
        "        - {key: budget, label: \"Budget (USD)\", type: decimal, decimals: 2}",
        "        - {key: share, label: \"Share\", type: percent}",
        "      total: {label: \"Total\", columns: [meetings, delegates, budget]}",
    ]
    with open(os.path.join(a.out, "layout.yaml"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("w1")
    p.add_argument("json")
    p.add_argument("out")
    p.add_argument("--sections", type=int)
    p.add_argument("--no-charts", action="store_true")
    p.set_defaults(fn=w1)
    p = sub.add_parser("w2")
    p.add_argument("json")
    p.add_argument("out")
    p.add_argument("--no-charts", action="store_true")
    p.set_defaults(fn=w2)
    p = sub.add_parser("w3")
    p.add_argument("out")
    p.add_argument("--rows", type=int, default=100_000)
    p.set_defaults(fn=w3)
    for p in sub.choices.values():
        p.add_argument("--fonts", default=FONTS, help="font directory (default: the repository's fonts/)")
    a = ap.parse_args()
    a.fn(a)


if __name__ == "__main__":
    main()
