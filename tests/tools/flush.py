#!/usr/bin/env python3
"""flush.py LAYOUT PDF [DOSSIER] — is every line drawn as long as it was measured?

Layout measures each piece of text (with its kerning) and places the next
one, or the right margin of a justified line, from that width; the PDF
viewer draws the glyphs with the advances and TJ kerns the render stage
wrote. The two must agree. This compares, on every page and baseline, the
right end of the text items in `dossier check --dump` (x + w) with the right
end of the glyphs mutool draws (stext), and fails on any difference above
0.02 pt. Justified lines are then flush to the margin as drawn, since layout
places them flush (tests/unit/test_layout.c).
"""
import collections
import re
import subprocess
import sys

def main():
    layout, pdf = sys.argv[1], sys.argv[2]
    dossier = sys.argv[3] if len(sys.argv) > 3 else 'dossier'
    dump = subprocess.run([dossier, 'check', '--dump', layout], capture_output=True, text=True,
                          check=True).stdout
    want = collections.defaultdict(float)   # (page, baseline from the top) -> right end
    heights = {}
    page = 0
    for line in dump.splitlines():
        m = re.match(r'page (\d+)', line)
        if m:
            page = int(m.group(1))
            continue
        m = re.match(r'  text ([\d.-]+) ([\d.-]+)(?: lang=\S+)? w=([\d.-]+) \S+ [\d.]+ "(.*)"$', line)
        if m and m.group(4).strip():
            want[(page, float(m.group(2)))] = max(want[(page, float(m.group(2)))],
                                                  float(m.group(1)) + float(m.group(3)))
    out = subprocess.run(['mutool', 'draw', '-F', 'stext', '-o', '-', pdf],
                         capture_output=True, text=True, check=True).stdout
    got = collections.defaultdict(float)
    for pno, pg in enumerate(out.split('<page ')[1:], start=1):
        h = float(re.search(r'height="([\d.]+)"', pg).group(1))
        heights[pno] = h
        for ch in re.finditer(r'<char quad="([^"]+)" x="[^"]+" y="([\d.]+)"[^>]*c="([^"]*)"', pg):
            if ch.group(3) in (' ', ''):
                continue
            q = [float(v) for v in ch.group(1).split()]
            key = (pno, round(h - float(ch.group(2)), 2))
            got[key] = max(got[key], q[2])
    bad = checked = 0
    for (p, y), end in sorted(want.items()):
        # the drawn baseline is the same to float precision
        cands = [e for (gp, gy), e in got.items() if gp == p and abs(gy - y) < 0.02]
        if not cands:
            continue
        checked += 1
        if abs(max(cands) - end) > 0.02:
            bad += 1
            print(f'{pdf}: page {p}, baseline {y:.2f}: measured to {end:.3f}, drawn to {max(cands):.3f}')
    if checked < 20:
        print(f'{pdf}: only {checked} lines matched; is this the layout of the PDF?')
        return 1
    if bad:
        return 1
    print(f'{checked} lines drawn exactly as long as measured (to 0.02 pt)')
    return 0

sys.exit(main())
