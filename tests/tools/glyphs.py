#!/usr/bin/env python3
"""Every character a PDF shows is drawn from a font that has it.

    glyphs.py PDF FONTDIR [CHAR...]

Reads the characters and the font each is drawn in from `mutool draw -F
stext` and the character map (platform 3, encoding 1, format 4) of each
font file in FONTDIR whose name starts with the PDF's font name (subset
prefix and style suffix dropped). Fails, listing them, for characters
drawn in a font that lacks them (an empty box on the page). Each CHAR
given must also be drawn, in some font; prefix one with '!' for a
character that must not appear.
"""
import glob
import html
import os
import re
import struct
import subprocess
import sys


def cmap_of(path):
    d = open(path, "rb").read()
    n = struct.unpack(">H", d[4:6])[0]
    for i in range(n):
        tag, _, off, _ = struct.unpack(">4sIII", d[12 + 16 * i:28 + 16 * i])
        if tag == b"cmap":
            break
    else:
        return set()
    nsub = struct.unpack(">H", d[off + 2:off + 4])[0]
    for i in range(nsub):
        p, e, so = struct.unpack(">HHI", d[off + 4 + 8 * i:off + 12 + 8 * i])
        t = off + so
        if (p, e) != (3, 1) or struct.unpack(">H", d[t:t + 2])[0] != 4:
            continue
        segx2 = struct.unpack(">H", d[t + 6:t + 8])[0]
        seg = segx2 // 2
        ends = struct.unpack(">%dH" % seg, d[t + 14:t + 14 + segx2])
        starts = struct.unpack(">%dH" % seg, d[t + 16 + segx2:t + 16 + 2 * segx2])
        deltas = struct.unpack(">%dh" % seg, d[t + 16 + 2 * segx2:t + 16 + 3 * segx2])
        ro_at = t + 16 + 3 * segx2
        ros = struct.unpack(">%dH" % seg, d[ro_at:ro_at + segx2])
        have = set()
        for k in range(seg):
            for c in range(starts[k], ends[k] + 1):
                if c == 0xFFFF:
                    continue
                if ros[k] == 0:
                    g = (c + deltas[k]) & 0xFFFF
                else:
                    ga = ro_at + 2 * k + ros[k] + 2 * (c - starts[k])
                    g = struct.unpack(">H", d[ga:ga + 2])[0]
                    g = (g + deltas[k]) & 0xFFFF if g else 0
                if g:
                    have.add(c)
        return have
    return set()


def main():
    pdf, fontdir = sys.argv[1:3]
    want = sys.argv[3:]
    xml = subprocess.run(["mutool", "draw", "-q", "-F", "stext", "-o", "-", pdf],
                         capture_output=True, text=True, check=True).stdout
    cmaps = {}
    bad, seen = [], set()
    font = None
    for m in re.finditer(r'<font name="([^"]*)"|<char [^>]*c="([^"]*)"', xml):
        if m.group(1) is not None:
            name = m.group(1).split("+")[-1].split(",")[0]
            if name not in cmaps:
                files = sorted(glob.glob(os.path.join(fontdir, name + "*.ttf")))
                cmaps[name] = cmap_of(files[0]) if files else None
            font = name
            continue
        ch = html.unescape(m.group(2))
        # MuPDF shows U+FFFD for a glyph with no text of its own: the second
        # glyph of a shaped cluster (a letter decomposed into base and mark),
        # whose text is on the cluster's first glyph; a raised or lowered
        # Arabic mark, whose text is on its letter, maps to WORD JOINER
        if not ch or ch in "\ufffd\u2060":
            continue
        seen.add(ch)
        have = cmaps.get(font)
        if have is not None and ch.strip() and ord(ch) not in have:
            bad.append("U+%04X %s in %s" % (ord(ch), ch, font))
    for w in want:
        if w.startswith("!") and w[1:] in seen:
            bad.append("%s is drawn" % w[1:])
        elif not w.startswith("!") and w not in seen:
            bad.append("%s is not drawn" % w)
    if bad:
        print("\n".join(sorted(set(bad))))
        sys.exit(1)


main()
