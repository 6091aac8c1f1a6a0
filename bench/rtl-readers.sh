#!/bin/sh
# bench/rtl-readers.sh — what three PDF readers return for the same Arabic
# lines as dossier and as Typst 0.14 write them (docs/scripts.md, "What
# readers return").
#
#   sh bench/rtl-readers.sh
#
# Needs a built dossier (make), poppler's pdftotext, mutool, pdf.js
# (build/pdfjs-3.11.174, which `make roundtrip` installs) and, for the Typst
# column, the npm package that `make bench` installs into
# build/bench/node_modules (left out with a message when it is missing).
# Writes build/bench/rtl-readers.txt: per writer and reader the text, and
# whether it equals the source exactly, equals it once spaces are ignored,
# and has the source's words in order.
set -eu
cd "$(dirname "$0")/.."
BIN=${BIN:-build/release/dossier}
PDFJS=${PDFJS:-build/pdfjs-3.11.174}
MODS=${MODS:-build/bench/node_modules}
OUT=${OUT:-build/bench/rtl-readers.txt}
[ -x "$BIN" ] || { echo "rtl-readers: $BIN is missing (run make first)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Two lines: a number and a Latin name inside Arabic, an Arabic comma after
# a number, a lam-alef and vowel marks.
L1='أُحيل التقرير إلى الأمم المتحدة في عام 2021 باسم Kyoto للسلام، ثم لا شيء.'
L2='منذ عام 1955، يجتمع المؤتمر كل خمس سنوات.'
printf '%s\n%s\n' "$L1" "$L2" >"$tmp/source.txt"

cat >"$tmp/ar.md" <<EOF
---
language: ar
title: "عرض"
---
$L1

$L2
EOF
cat >"$tmp/ar.yaml" <<EOF
dossier: 1
document: {title: "Arabic", date: 2021-03-01, language: ar, tagged: true}
fonts: {dir: $PWD/fonts, body: NotoSerif, heading: NotoSans, fallback: [{family: NotoNaskhArabic, scale: 1.2}]}
footer: {}
header: {}
parts:
  - article: ar.md
EOF
"$BIN" build "$tmp/ar.yaml" -o "$tmp/dossier.pdf" >/dev/null

cat >"$tmp/ar.typ" <<EOF
#set page(footer: none, header: none)
#set text(font: ("Noto Naskh Arabic", "Noto Serif"), lang: "ar", dir: rtl)
$L1

$L2
EOF
writers=dossier
if [ -d "$MODS/@myriaddreamin/typst-ts-node-compiler" ] &&
	node bench/typst.mjs "$MODS" fonts "$tmp" "$tmp/ar.typ" >/dev/null; then
	mv "$tmp/ar.pdf" "$tmp/typst.pdf"
	writers="dossier typst"
else
	echo "rtl-readers: Typst left out (run make bench once to install it)" >&2
fi

for w in $writers; do
	pdftotext "$tmp/$w.pdf" "$tmp/$w.poppler.txt"
	mutool draw -q -F txt -o "$tmp/$w.mupdf.txt" "$tmp/$w.pdf" 2>/dev/null
	if [ -d "$PDFJS" ]; then
		node tests/roundtrip/pdfjs_text.mjs "$PDFJS" "$tmp/$w.pdf" >"$tmp/$w.pdfjs.txt"
	fi
done

mkdir -p "$(dirname "$OUT")"
python3 - "$tmp" $writers >"$OUT" <<'EOF'
import os, re, sys, unicodedata
tmp, writers = sys.argv[1], sys.argv[2:]
src = open(os.path.join(tmp, "source.txt"), encoding="utf-8").read().split("\n")[:2]
# Bidi controls poppler adds around each run, and WORD JOINER, are not text.
CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u2060"))
def clean(s):
    return unicodedata.normalize("NFC", s.translate(CONTROLS))
for w in writers:
    for reader in ("poppler", "pdfjs", "mupdf"):
        f = os.path.join(tmp, "%s.%s.txt" % (w, reader))
        if not os.path.exists(f):
            continue
        lines = [re.sub(r"\s+", " ", clean(l)).strip() for l in open(f, encoding="utf-8").read().split("\n")]
        lines = [l for l in lines if l]
        print("== %s, read by %s" % (w, reader))
        for s in src:
            words = s.split()
            def score(l):
                return sum(x in l or x[::-1] in l for x in words)
            got = max(lines, key=score) if lines else ""
            def inorder(t, ws):
                pos = 0
                for x in ws:
                    k = t.find(x, pos)
                    if k < 0:
                        return False
                    pos = k + len(x)
                return True
            nospace = lambda t: re.sub(r"\s", "", t)
            print("  source: %s" % s)
            print("  read:   %s" % got)
            print("  exact: %s; without spaces: %s; words in order: %s; each word reversed: %s" % (
                "yes" if got == s else "no",
                "yes" if nospace(got) == nospace(s) else "no",
                "yes" if inorder(got, words) else "no",
                "yes" if all(x[::-1] in got for x in words if not x.isascii()) else "no"))
        print()
EOF
cat "$OUT"
