#!/usr/bin/env python3
"""Make a broken copy of a TrueType font for the error catalogue.

    mkfont.py SRC DST MODE

MODE: truncate     the first 90% of the file only (into GPOS)
      fstype=HEX   OS/2 fsType set to HEX (0002: restricted licence)
      no-win-cmap  the (3,1) character map renamed (3,0): FreeType still
                   finds the (0,3) Unicode map, libharu finds none
      bad-loca     the last glyph's location far past the end of 'glyf'
The bytes are edited in place with struct; checksums are not updated
(neither FreeType nor libharu checks them).
"""
import struct
import sys


def tables(d):
    n = struct.unpack(">H", d[4:6])[0]
    t = {}
    for i in range(n):
        tag, _, off, ln = struct.unpack(">4sIII", d[12 + 16 * i:28 + 16 * i])
        t[tag.decode("latin-1")] = (off, ln)
    return t


def main():
    src, dst, mode = sys.argv[1:4]
    d = bytearray(open(src, "rb").read())
    t = tables(d)
    if mode == "truncate":
        d = d[: len(d) * 9 // 10]
    elif mode.startswith("fstype="):
        off = t["OS/2"][0]
        struct.pack_into(">H", d, off + 8, int(mode[7:], 16))
    elif mode == "no-win-cmap":
        off = t["cmap"][0]
        n = struct.unpack(">H", d[off + 2:off + 4])[0]
        for i in range(n):
            e = off + 4 + 8 * i
            if struct.unpack(">HH", d[e:e + 4]) == (3, 1):
                struct.pack_into(">HH", d, e, 3, 0)
    elif mode == "bad-loca":
        head = t["head"][0]
        longfmt = struct.unpack(">h", d[head + 50:head + 52])[0]
        n = struct.unpack(">H", d[t["maxp"][0] + 4:t["maxp"][0] + 6])[0]
        loca = t["loca"][0]
        if longfmt:
            struct.pack_into(">I", d, loca + 4 * n, 0x7FFFFFF0)
        else:
            struct.pack_into(">H", d, loca + 2 * n, 0xFFF0)
    else:
        sys.exit("mkfont.py: unknown mode " + mode)
    open(dst, "wb").write(d)


main()
