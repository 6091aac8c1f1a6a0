#!/usr/bin/env python3
"""Turn the reference workload (../shared/bench/gen.py JSON) into dossier
inputs: a layout, one Markdown article per section, one CSV per table.
Outside the timed region, like the other tools' markup.

    convert.py w1.json OUTDIR [--sections N] [--charts]
"""
import argparse, csv, json, os

def q(s):
    return '"' + s.replace('\\', '\\\\').replace('"', '\\"') + '"'

def convert(doc, out, fonts, nsec=None, charts=True):
    os.makedirs(out, exist_ok=True)
    secs = doc["sections"]
    if nsec:
        secs = [secs[i % len(secs)] for i in range(nsec)]
    lines = [
        "dossier: 1",
        "document:",
        f"  title: {q(doc['title'])}",
        f"  subtitle: {q(doc.get('subtitle', ''))}",
        "  date: 2026-11-23",
        "  language: en",
        "page: {size: A4, margins: {top: 20mm, bottom: 22mm, inside: 20mm, outside: 20mm}}",
        f"fonts: {{dir: {fonts}}}",
        "styles:",
        "  body: {size: 10.5, leading: 14}",
        "  h1: {size: 16, leading: 20}",
        "  table: {size: 9, leading: 11}",
        "  table-header: {size: 9, leading: 11}",
        "  caption: {size: 9, leading: 11}",
        "header: {}",
        "footer: {center: \"Page {page} of {pages}\"}",
        "parts:",
        "  - cover: {}",
        "  - toc: {title: Contents, depth: 1}",
    ]
    for i, s in enumerate(secs):
        md = os.path.join(out, f"s{i:04d}.md")
        with open(md, "w", encoding="utf-8") as f:
            f.write("---\ntitle: " + q(s["heading"]) + "\n---\n")
            f.write("\n\n".join(s["paragraphs"]) + "\n")
        lines.append(f"  - section: {{title: {q(s['heading'])}}}")
        lines.append(f"  - text: {q(s['paragraphs'][0])}")
        for p in s["paragraphs"][1:]:
            lines.append(f"  - text: {q(p)}")
        t = s.get("table")
        if t:
            cf = f"t{i:04d}.csv"
            with open(os.path.join(out, cf), "w", encoding="utf-8", newline="") as f:
                w = csv.writer(f)
                keys = [f"c{k}" for k in range(len(t["columns"]))]
                w.writerow(keys)
                w.writerows(t["rows"])
            cols = ", ".join(
                f"{{key: c{k}, label: {q(c)}{', type: integer' if k else ''}}}" for k, c in enumerate(t["columns"]))
            lines.append(f"  - table: {{file: {cf}, caption: {q(t['caption'])}, columns: [{cols}]}}")
        c = s.get("chart")
        if c and charts:
            cf = f"c{i:04d}.csv"
            with open(os.path.join(out, cf), "w", encoding="utf-8", newline="") as f:
                w = csv.writer(f)
                w.writerow(["label", "value"])
                w.writerows(zip(c["labels"], c["values"]))
            lines.append(f"  - chart: {{type: bar, file: {cf}, category: label, series: [value], "
                         f"title: {q(c['caption'])}, height: 200pt, y-min: 0, y-max: 125}}")
        os.remove(md)
    with open(os.path.join(out, "layout.yaml"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")

if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("json")
    ap.add_argument("out")
    ap.add_argument("--sections", type=int)
    ap.add_argument("--no-charts", action="store_true")
    ap.add_argument("--fonts", default=os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "fonts")))
    a = ap.parse_args()
    doc = json.load(open(a.json, encoding="utf-8"))
    convert(doc, a.out, a.fonts, a.sections, not a.no_charts)
