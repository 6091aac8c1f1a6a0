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

    # ---- duplex: every sample printed on both sides ----
    # Margins made unequal (inside 30 mm, outside 20 mm) so that mirroring
    # shows; a dossier read right to left is bound on the right, so its odd
    # pages are left-hand pages and have their inside margin on the right.
    for name in sorted(n[:-5] for n in os.listdir(os.path.join(ROOT, "layouts")) if n.endswith(".yaml")):
        src = open(os.path.join(ROOT, "layouts", name + ".yaml"), encoding="utf-8").read()
        src = src.replace("../", ROOT + "/")
        src, k = re.subn(r"duplex: false", "duplex: true", src)
        src, k2 = re.subn(r"inside: [\d.]+mm, outside: [\d.]+mm", "inside: 30mm, outside: 20mm", src)
        if not (k and k2):
            check(False, f"duplex {name}: the layout has 'duplex: false' and margins to change")
            continue
        lay = os.path.join(tmp, "dx-" + name + ".yaml")
        open(lay, "w", encoding="utf-8").write(src)
        pdf = os.path.join(tmp, "dx-" + name + ".pdf")
        r = subprocess.run([DOSSIER, "build", lay, "-o", pdf, "--allow-path", ROOT], capture_output=True, text=True)
        check(r.returncode == 0, f"duplex {name}: builds ({r.stderr.strip()[:200]})")
        if r.returncode:
            continue
        rtl = re.search(r"^\s*language: (ar|he|fa|ur)\b", src, re.M) is not None
        # blank but for the classification marking, which every sheet carries
        text1, text2 = (subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), pdf, "-"], capture_output=True,
                                       text=True).stdout for n in (1, 2))
        extra = [t for t in text2.split("\n") if t.strip() and t not in text1.split("\n")]
        w, h, rows = gray(pdf, 2, tmp, 30)
        ink = min(min(r) for r in rows[h // 8:h - h // 8])
        check(not extra and ink >= 250, f"duplex {name}: the cover's back (page 2) is blank but for the marking ({extra[:2]}, darkest {ink})")
        bbox = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True, text=True).stdout
        pages = re.split(r"<page ", bbox)[1:]
        bad, edge = [], {0: False, 1: False}
        for no, pg in enumerate(pages, 1):
            pw = float(re.match(r'width="([\d.]+)"', pg)[1])
            xs = [(float(a), float(b)) for a, b in re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"', pg)]
            if no < 3 or not xs or abs(pw - A4[0]) > 1:  # the cover, its back, turned pages
                continue
            left_side = (no % 2 == 0) != rtl  # the page's binding is on its right
            lm, rm = (20 * MM, 30 * MM) if left_side else (30 * MM, 20 * MM)
            lo, hi = min(a for a, b in xs), max(b for a, b in xs)
            if lo < lm - 0.6 or hi > pw - rm + 0.6:
                bad.append(f"p{no} text {lo / MM:.1f}..{(pw - hi) / MM:.1f} mm from the edges, margins {lm / MM:.0f}/{rm / MM:.0f}")
            # the text reaches the line's start margin on some page of each side
            if (abs(hi - (pw - rm)) < 1.5) if rtl else (abs(lo - lm) < 1.5):
                edge[no % 2] = True
        check(not bad, f"duplex {name}: text inside the mirrored margins on every page ({'; '.join(bad[:3])})")
        check(edge[0] and edge[1], f"duplex {name}: text set against the start margin on odd and on even pages (mirrored)")

print("print profiles:", "ok" if not fails else f"{fails} failed")
sys.exit(1 if fails else 0)
