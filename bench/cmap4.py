#!/usr/bin/env python3
"""Rewrite a TrueType font's BMP cmap (format 4) with as few segments as
possible, each mapped through the glyph id array, so that libharu 2.3.0's
linear segment search (HPDF_TTFontDef_GetGlyphid, called 65,536 times per
embedded face and document to build the CIDToGIDMap) ends early. The
mapping is unchanged (checked at the end). bench/README.md, R5.

    /usr/bin/python3 bench/cmap4.py IN.ttf OUT.ttf [GAP]

GAP (default 512): a gap of unmapped code points longer than this starts a
new segment; longer segments mean fewer segments and a bigger glyph id
array. Needs fontTools (Debian: python3-fonttools). Noto Serif: 138
segments become 9.
"""
import math, struct, sys
from fontTools.ttLib import TTFont

src, dst, gap = sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 512
f = TTFont(src)
best = f.getBestCmap()
bmp = {cp: g for cp, g in best.items() if cp < 0xFFFF}
gid = {n: i for i, n in enumerate(f.getGlyphOrder())}
cps = sorted(bmp)
segs, s = [], [cps[0], cps[0]]
for c in cps[1:]:
    if c - s[1] > gap:
        segs.append(tuple(s)); s = [c, c]
    else:
        s[1] = c
segs.append(tuple(s)); segs.append((0xFFFF, 0xFFFF))
n = len(segs)
arrs, ros, off = [], [], 0
for i, (a, b) in enumerate(segs[:-1]):
    ros.append(2 * (n - i) + 2 * off)   # from &idRangeOffset[i] to glyphIdArray[off]
    arr = [gid[bmp[c]] if c in bmp else 0 for c in range(a, b + 1)]
    arrs += arr; off += len(arr)
ros.append(0)
body = (struct.pack(">%dH" % n, *[b for a, b in segs]) + b"\0\0" +
        struct.pack(">%dH" % n, *[a for a, b in segs]) +
        struct.pack(">%dh" % n, *([0] * (n - 1) + [1])) +
        struct.pack(">%dH" % n, *ros) + struct.pack(">%dH" % len(arrs), *arrs))
es = int(math.log2(n)); sr = 2 * (1 << es)
raw = struct.pack(">HHHHHHH", 4, 14 + len(body), 0, 2 * n, sr, es, 2 * n - sr) + body
assert len(raw) < 65536, len(raw)
new = struct.pack(">HH", 0, 2) + struct.pack(">HHI", 0, 3, 20) + struct.pack(">HHI", 3, 1, 20) + raw
while len(new) % 4: new += b"\0"
f.save(dst)
data = bytearray(open(dst, "rb").read())
num = struct.unpack(">H", data[4:6])[0]
for i in range(num):
    if data[12 + 16 * i:16 + 16 * i] == b"cmap":
        rec = 12 + 16 * i
newoff = len(data) + ((4 - len(data) % 4) % 4)
data += b"\0" * (newoff - len(data)) + new
struct.pack_into(">II", data, rec + 8, newoff, len(new))
open(dst, "wb").write(data)
# check: fontTools reads back the same mapping
g = TTFont(dst)
assert {c: v for c, v in g.getBestCmap().items() if c < 0xFFFF} == bmp
print(dst, "segments", n, "array", len(arrs))
