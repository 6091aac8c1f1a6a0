#!/usr/bin/env python3
"""Charts in black and white: every chart of the visual chart case and of the
samples is rendered in grey (pdftoppm -gray, as a black-and-white printer
sees it) and measured.

- The series of a chart stay apart: in each legend, any two swatches differ
  in mean grey by at least MIN_DL levels (of 255), or in pattern (the mean
  absolute difference of their pixels is at least MIN_PATTERN).
- A timeline's highlighted event is darker than every other mark.

  DOSSIER=… python3 tests/visual/greyscale.py
"""
import os
import re
import subprocess
import sys
import tempfile

DPI = 144  # 2 pixels per point
MIN_DL = 12
MIN_PATTERN = 20

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

# layout, legend names (the series of its multi-series charts), the number
# of legends there must be, timelines: (highlighted label, other labels)
CASES = [
    ("tests/visual/cases/charts.yaml", ["plenary", "workshops", "side_events", "asia", "africa", "europe",
                                        "americas", "oceania", "other"], 6,
     [("14th Congress, Kyoto", ["Originally scheduled", "Kyoto Declaration adopted", "CCPCJ, 30th session"])]),
    ("layouts/un-congress-2021.yaml", [], 0,
     [("14th UN Crime Congress", ["Originally scheduled", "Follow-up at the 30th session"])]),
    ("layouts/human-rights-mechanisms.yaml", [], 0, []),
    ("layouts/six-languages.yaml", [], 0, []),
]


def read_pgm(path):
    with open(path, "rb") as f:
        data = f.read()
    m = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    w, h = int(m.group(1)), int(m.group(2))
    return w, h, data[m.end():]


def lines_of(pdf, page):
    """Text lines of a page: (text, xMin, yMin, xMax, yMax) in points."""
    out = subprocess.run(["pdftotext", "-q", "-bbox-layout", "-f", str(page), "-l", str(page), pdf, "-"],
                         capture_output=True, text=True, check=True).stdout
    res = []
    for ln in re.finditer(r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>',
                          out, re.S):
        words = re.findall(r">([^<]*)</word>", ln.group(5))
        text = " ".join(words).replace("&amp;", "&")
        res.append((text, *map(float, ln.group(1, 2, 3, 4))))
    return res


def region(img, x0, y0, x1, y1):
    w, h, px = img
    s = DPI / 72.0
    xs, ys = range(max(0, int(x0 * s)), min(w, int(x1 * s))), range(max(0, int(y0 * s)), min(h, int(y1 * s)))
    return [[px[y * w + x] for x in xs] for y in ys]


def mean(block):
    v = [p for row in block for p in row]
    return sum(v) / len(v) if v else 255


def swatch(img, ln):
    """The swatch left of a legend name (a line's 16 pt sample, or a bar's
    8 pt square), cropped to its ink, or None when there is none."""
    _, x, y0, _, y1 = ln
    b = region(img, x - 20.5, y0 - 1, x - 3.5, y1 + 1)
    ink = [(i, j) for i, row in enumerate(b) for j, p in enumerate(row) if p < 245]
    if len(ink) < 12:
        return None
    i0, i1 = min(i for i, _ in ink), max(i for i, _ in ink)
    j0, j1 = min(j for _, j in ink), max(j for _, j in ink)
    return [row[j0:j1 + 1] for row in b[i0:i1 + 1]]


def mad(a, b):
    n = min(len(a), len(b))
    m = min(len(a[0]), len(b[0]))
    return sum(abs(a[i][j] - b[i][j]) for i in range(n) for j in range(m)) / (n * m)


def main():
    dossier = os.path.abspath(os.environ.get("DOSSIER", os.path.join(ROOT, "build/release/dossier")))
    fails, legends_checked, highlights_checked = [], 0, 0
    with tempfile.TemporaryDirectory() as tmp:
        for layout, names, nlegends, timelines in CASES:
            name = os.path.splitext(os.path.basename(layout))[0]
            pdf = os.path.join(tmp, name + ".pdf")
            subprocess.run([dossier, "build", "-q", "--allow-path", ROOT, os.path.join(ROOT, layout), "-o", pdf],
                           check=True)
            npages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", pdf], capture_output=True,
                                                                      text=True).stdout).group(1))
            subprocess.run(["pdftoppm", "-q", "-gray", "-r", str(DPI), pdf, os.path.join(tmp, name)], check=True)
            found, before = 0, highlights_checked
            for page in range(1, npages + 1):
                pgm = os.path.join(tmp, "%s-%0*d.pgm" % (name, len(str(npages)), page))
                img = read_pgm(pgm)
                lines = lines_of(pdf, page)
                # legends: the names on one row, each after its swatch
                rows = {}
                for ln in lines:
                    if ln[0] in names:
                        sw = swatch(img, ln)
                        if sw:
                            rows.setdefault(round(ln[2]), []).append((ln[0], sw))
                for y, items in sorted(rows.items()):
                    if len(items) < 2:
                        continue
                    found += 1
                    for i in range(len(items)):
                        for j in range(i + 1, len(items)):
                            (na, a), (nb, b) = items[i], items[j]
                            dl, pat = abs(mean(a) - mean(b)), mad(a, b)
                            if dl < MIN_DL and pat < MIN_PATTERN:
                                fails.append("%s p%d y%d: '%s' and '%s' look alike in grey (mean %.0f vs %.0f, "
                                             "pattern difference %.0f)" % (name, page, y, na, nb, mean(a), mean(b), pat))
                # timelines: the darkest pixel of the mark over each event label
                def mark(ln):
                    b = region(img, ln[1] - 2, ln[2] - 9, ln[3] + 2, ln[2] - 0.5)
                    return min((p for row in b for p in row), default=255)
                for h, other in timelines:
                    hl = [ln for ln in lines if ln[0].startswith(h)]
                    others = [ln for ln in lines if any(ln[0].startswith(o) for o in other)]
                    if not hl or len(others) < len(other):
                        continue
                    highlights_checked += 1
                    for o in others:
                        if mark(hl[0]) >= mark(o) - 20:
                            fails.append("%s p%d: the highlighted '%s' (grey %d) is not darker than '%s' (grey %d)"
                                         % (name, page, h, mark(hl[0]), o[0], mark(o)))
            if highlights_checked < sum(1 for _ in timelines) + before:
                fails.append("%s: a timeline with its highlighted event was not found" % name)
            if found < nlegends:
                fails.append("%s: %d legends with swatches found, expected %d" % (name, found, nlegends))
            legends_checked += found
    for f in fails:
        print("FAIL", f)
    print("greyscale: %d legends and %d highlighted events checked, %d failures"
          % (legends_checked, highlights_checked, len(fails)))
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
