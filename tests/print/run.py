#!/usr/bin/env python3
"""The print profiles (docs/print.md), checked with readers: the page boxes
with pdfinfo -box, the colour operators in the content streams as qpdf
--qdf writes them out, and the pixels of pages poppler renders (the safe
area, the bleed of the cover band, the crop marks).

Builds the Congress sample three ways (no profile, office, press with crop
marks, press without) from copies of its layout that differ only in the
print: block. Exit 1 on a failure."""
import os, re, subprocess, sys, tempfile

DOSSIER = os.environ.get("DOSSIER", "build/release/dossier")
ROOT = os.path.abspath(os.path.dirname(__file__) + "/../..")
LAYOUT = os.path.join(ROOT, "layouts/un-congress-2021.yaml")
MM = 72 / 25.4
A4 = (595.276, 841.89)
fails = 0


def check(ok, what):
    global fails
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        fails += 1


def build(tmp, name, block):
    src = open(LAYOUT, encoding="utf-8").read().replace("../", ROOT + "/")
    if block:
        src = src.replace("\npage:", "\nprint: " + block + "\npage:", 1)
    lay = os.path.join(tmp, name + ".yaml")
    open(lay, "w", encoding="utf-8").write(src)
    pdf = os.path.join(tmp, name + ".pdf")
    r = subprocess.run([DOSSIER, "build", lay, "-o", pdf, "--allow-path", ROOT], capture_output=True, text=True)
    check(r.returncode == 0, f"{name}: builds ({r.stderr.strip()[:200]})")
    return pdf


def boxes(pdf):
    out = subprocess.run(["pdfinfo", "-box", "-f", "1", "-l", "999", pdf], capture_output=True, text=True).stdout
    pages = {}
    for m in re.finditer(r"Page\s+(\d+) (\w+Box):\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)", out):
        pages.setdefault(int(m[1]), {})[m[2]] = tuple(float(m[i]) for i in range(3, 7))
    check(len(pages) > 10, f"{os.path.basename(pdf)}: boxes of {len(pages)} pages read")
    return pages


def content(pdf, tmp):
    q = os.path.join(tmp, "q.pdf")
    subprocess.run(["qpdf", "--qdf", "--object-streams=disable", pdf, q], check=True)
    data = open(q, "rb").read().decode("latin-1")
    # the page content streams: what follows "stream" up to "endstream"
    return "\n".join(re.findall(r"stream\r?\n(.*?)endstream", data, re.S))


def gray(pdf, page, tmp, res=72):
    """The page as rows of grey values (pdftoppm -gray, PGM)."""
    base = os.path.join(tmp, "g")
    subprocess.run(["pdftoppm", "-gray", "-r", str(res), "-f", str(page), "-l", str(page), pdf, base], check=True)
    f = [n for n in os.listdir(tmp) if n.startswith("g-") and n.endswith(".pgm")][0]
    d = open(os.path.join(tmp, f), "rb").read()
    os.remove(os.path.join(tmp, f))
    parts = d.split(maxsplit=4)
    w, h = int(parts[1]), int(parts[2])
    px = d[len(d) - w * h:]
    return w, h, [px[y * w:(y + 1) * w] for y in range(h)]


def near(a, b, eps=0.02):
    return all(abs(x - y) <= eps for x, y in zip(a, b))


with tempfile.TemporaryDirectory() as tmp:
    screen = build(tmp, "screen", None)
    office = build(tmp, "office", "{profile: office}")
    press = build(tmp, "press", "{profile: press}")
    marks = build(tmp, "marks", "{profile: press, crop-marks: true, bleed: 3mm}")

    # ---- boxes ----
    b = boxes(screen)
    check(all(near(p["MediaBox"], (0, 0) + A4) for p in b.values()), "screen: MediaBox is the A4 page")
    b = boxes(office)
    check(all(near(p["MediaBox"], (0, 0) + A4) for p in b.values()), "office: MediaBox is the A4 page")
    bl = 3 * MM
    b = boxes(press)
    n = len(b)
    check(n > 10, f"press: {n} pages")
    want_media = (0, 0, A4[0] + 2 * bl, A4[1] + 2 * bl)
    check(all(near(p["MediaBox"], want_media) for p in b.values()), f"press: MediaBox = trim + 3 mm bleed {want_media}")
    check(all(near(p["TrimBox"], (bl, bl, bl + A4[0], bl + A4[1])) for p in b.values()), "press: TrimBox on every page, the A4 trim")
    check(all(near(p["BleedBox"], want_media) for p in b.values()), "press: BleedBox on every page, trim + 3 mm")
    s = bl + 10 * MM
    b = boxes(marks)
    check(all(near(p["TrimBox"], (s, s, s + A4[0], s + A4[1])) for p in b.values()), "press + crop marks: TrimBox inside the marks' room")
    check(all(near(p["BleedBox"], (s - bl, s - bl, s + A4[0] + bl, s + A4[1] + bl)) for p in b.values()), "press + crop marks: BleedBox = trim + 3 mm")
    check(all(near(p["MediaBox"], (0, 0, A4[0] + 2 * s, A4[1] + 2 * s)) for p in b.values()), "press + crop marks: MediaBox holds the marks")

    # ---- colour operators ----
    c = content(screen, tmp)
    check(re.search(r"^0\.10196 0\.10196 0\.10196 rg$", c, re.M) is not None, "screen: body text in #1A1A1A (rg)")
    c = content(office, tmp)
    check(re.search(r"^0 0 0 rg$", c, re.M) is not None, "office: text in pure black, 0 0 0 rg")
    check(re.search(r"^0\.10196 0\.10196 0\.10196 rg$", c, re.M) is None, "office: no #1A1A1A")
    check(re.search(r"^[\d.]+ [\d.]+ [\d.]+ [\d.]+ [kK]$", c, re.M) is None, "office: no CMYK (sRGB)")
    c = content(press, tmp)
    rgb = re.findall(r"^[\d.]+ [\d.]+ [\d.]+ (?:rg|RG)$", c, re.M)
    cmyk = re.findall(r"^[\d.]+ [\d.]+ [\d.]+ [\d.]+ [kK]$", c, re.M)
    check(not rgb and len(cmyk) > 100, f"press: colours as DeviceCMYK: {len(cmyk)} k/K, {len(rgb)} rg/RG")
    check(re.search(r"^0 0 0 1 k$", c, re.M) is not None, "press: text in pure K, 0 0 0 1 k")
    greys = [x for x in cmyk if x.startswith("0 0 0 ") and 0 < float(x.split()[3]) < 1]
    check(len(greys) > 0, f"press: neutral greys in black ink alone ({greys[0] if greys else 'none'})")
    # the charts: their paths are filled in the chart colours, converted
    navy = "0.674 0.389 0 0.627 k"  # #1F3A5F
    check(navy in cmyk, "press: the navy of headings and charts as " + navy)

    # ---- pixels: the office safe area, the press bleed and marks ----
    for name, pdf in (("office", office),):
        worst = None
        for page in (1, 2, 3, 5):
            w, h, rows = gray(pdf, page, tmp)
            m = 8 * MM - 1  # one pixel of antialiasing
            for y, row in enumerate(rows):
                for x, v in enumerate(row):
                    if v < 200 and (x < m or x > w - m or y < m or y > h - m):
                        worst = worst or (page, x, y, v)
        check(worst is None, f"{name}: nothing inked within 8 mm of the trim on pages 1, 2, 3, 5 ({worst})")
    w, h, rows = gray(screen, 1, tmp)
    check(rows[2][w // 2] < 128, "screen: the cover band runs to the top edge")
    w, h, rows = gray(press, 1, tmp)
    check(rows[1][w // 2] < 128 and rows[h // 3][1] > 200, "press: the cover band reaches into the bleed, the page's white beside it")
    w, h, rows = gray(marks, 1, tmp)
    sx = round(s)
    inside = [rows[sx][x] for x in range(2, sx - round(bl) - 3)]  # along the top trim line, left of the bleed
    check(min(inside) < 160, "press + crop marks: a mark on the trim line, outside the bleed")
    check(min(rows[y][x] for y in range(0, sx - round(bl) - 3) for x in range(sx + 4, sx + 40)) > 200,
          "press + crop marks: nothing else in the marks' room")

    # ---- a profile and keys refused ----
    r = subprocess.run([DOSSIER, "check", os.path.join(tmp, "office.yaml"), "--allow-path", ROOT], capture_output=True, text=True)
    check(r.returncode == 0, "office: check passes")
    bad = open(os.path.join(tmp, "office.yaml"), encoding="utf-8").read().replace("{profile: office}", "{profile: offset}")
    open(os.path.join(tmp, "bad.yaml"), "w", encoding="utf-8").write(bad)
    r = subprocess.run([DOSSIER, "check", os.path.join(tmp, "bad.yaml"), "--allow-path", ROOT], capture_output=True, text=True)
    check(r.returncode != 0 and "profile" in r.stderr, "an unknown profile is refused: " + r.stderr.strip().split("\n")[0][-90:])

print("print profiles:", "ok" if not fails else f"{fails} failed")
sys.exit(1 if fails else 0)
