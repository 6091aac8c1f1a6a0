#!/usr/bin/python3
"""Make the Arabic and CJK fallback fonts in fonts/ from Debian's font packages.

    /usr/bin/python3 tools/script-fonts.py [OUTDIR]     (default: fonts)

Needs fonts-noto-core, fonts-droid-fallback and python3-fonttools.

- NotoNaskhArabic-{Regular,Bold}.ttf: Debian's Noto Naskh Arabic, flattened.
  Most of its glyphs (831 of 1602, among them the presentation forms dossier
  draws) are composites nested two or more levels deep, whose inner pieces
  libharu 2.3.0 does not embed (docs/scripts.md). Flattening turns every
  composite into a plain outline. Nothing else changes.
- DroidSansFallback-Regular.ttf: Debian's DroidSansFallbackFull.ttf has
  49,382 glyphs; libharu 2.3.0 takes at most 32,767. About 20,000 of them are
  pieces (radicals) that the ideographs are built from, so the font is
  flattened first and then subset to CJK punctuation, kana, bopomofo, the
  20,902 unified ideographs (U+4E00-9FFF) and the full-width forms: 21,360
  glyphs, 4.4 MB. Extension A (U+3400-4DBF) and the compatibility
  ideographs are left out to keep the file small.

- NotoSansDevanagari-{Regular,Bold}.ttf, NotoSansThai-{Regular,Bold}.ttf:
  Debian's, copied unchanged (shaped by HarfBuzz; the renderer subsets them).

Licences: Noto Naskh Arabic, Noto Sans Devanagari and Noto Sans Thai is under the SIL Open Font License 1.1
(fonts/OFL.txt); Droid Sans Fallback under the Apache License 2.0
(fonts/LICENSE-DroidSansFallback.txt).
"""
import sys, os, shutil
from fontTools.ttLib import TTFont
from fontTools.pens.recordingPen import DecomposingRecordingPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools import subset

NOTO = "/usr/share/fonts/truetype/noto"
DROID = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"
CJK = [(0x3000, 0x30FF), (0x3100, 0x312F), (0x4E00, 0x9FFF), (0xFE10, 0xFE1F),
       (0xFE30, 0xFE4F), (0xFF00, 0xFFEF)]


def flatten(font):
    gs = font.getGlyphSet()
    glyf = font["glyf"]
    for name in font.getGlyphOrder():
        g = glyf[name]
        if not g.isComposite():
            continue
        rec = DecomposingRecordingPen(gs)
        gs[name].draw(rec)
        pen = TTGlyphPen(None)
        rec.replay(pen)
        ng = pen.glyph()
        glyf[name] = ng
    # hinting instructions referred to the components; drop them
    for t in ("fpgm", "prep", "cvt ", "hdmx", "LTSH", "VDMX"):
        if t in font:
            del font[t]
    for name in font.getGlyphOrder():
        g = glyf[name]
        if hasattr(g, "program"):
            from fontTools.ttLib.tables import ttProgram
            g.program = ttProgram.Program()
            g.program.fromBytecode(b"")
    font["maxp"].maxComponentElements = 0
    font["maxp"].maxComponentDepth = 0


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "fonts"
    for face in ("Regular", "Bold"):
        f = TTFont(f"{NOTO}/NotoNaskhArabic-{face}.ttf")
        flatten(f)
        f.save(os.path.join(out, f"NotoNaskhArabic-{face}.ttf"))
        print(f"{out}/NotoNaskhArabic-{face}.ttf")
        for fam in ("NotoSansDevanagari", "NotoSansThai"):
            shutil.copyfile(f"{NOTO}/{fam}-{face}.ttf", os.path.join(out, f"{fam}-{face}.ttf"))
            print(f"{out}/{fam}-{face}.ttf")
    f = TTFont(DROID)
    flatten(f)
    opts = subset.Options()
    opts.hinting = False
    opts.layout_features = []
    opts.name_IDs = ["*"]
    opts.notdef_outline = True
    opts.glyph_names = False
    opts.drop_tables += ["GSUB", "GPOS", "GDEF", "vhea", "vmtx"]
    s = subset.Subsetter(opts)
    s.populate(unicodes=[c for a, b in CJK for c in range(a, b + 1)])
    s.subset(f)
    f.save(os.path.join(out, "DroidSansFallback-Regular.ttf"))
    print(f"{out}/DroidSansFallback-Regular.ttf")


main()
