#!/bin/sh
# bench/tags-compare.sh — the structure trees of W1 as dossier and Typst 0.14
# write it, side by side (bench/README.md, "Tagged PDF: dossier and Typst").
#
#   sh bench/tags-compare.sh [DOSSIER_PDF TYPST_PDF]
#
# Defaults: build/bench/w1.pdf and build/bench/typst/out/w1.pdf, which
# `make bench` (or ONLY="w1 t" sh bench/run.sh after one) leaves there.
# Writes build/bench/tags-compare.txt (OUT=… to change): for each file the
# catalogue's tagging keys, the PDF/UA claim in the XMP, the number of
# structure elements per role, which attributes occur (Alt, Lang, Scope,
# Headers, ID, ActualText), the first table's and the first section's
# nesting, and how much page content is an artifact. Needs poppler's
# pdfinfo and qpdf; reads the files, does not judge them.
set -eu
cd "$(dirname "$0")/.."
D=${1:-build/bench/w1.pdf}
T=${2:-build/bench/typst/out/w1.pdf}
OUT=${OUT:-build/bench/tags-compare.txt}
for f in "$D" "$T"; do
	[ -f "$f" ] || { echo "tags-compare: $f is missing (run make bench first)" >&2; exit 1; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

one() { # name file
	f=$2
	echo "== $1: $f"
	pdfinfo "$f" | grep -E '^(Creator|Producer|Tagged|Pages|File size|PDF version)'
	printf 'PDF/UA claim (XMP pdfuaid:part): '
	pdfinfo -meta "$f" 2>/dev/null | grep -o 'pdfuaid:part[^/]*' | head -1 | grep . || echo none
	pdfinfo -struct "$f" >"$tmp/s.txt" 2>/dev/null || true
	pdfinfo -struct-text "$f" >"$tmp/t.txt" 2>/dev/null || true
	qpdf --qdf --object-streams=disable "$f" "$tmp/q.pdf" 2>/dev/null || true
	python3 - "$tmp/s.txt" "$tmp/t.txt" "$tmp/q.pdf" <<'EOF'
import collections, re, sys
s = open(sys.argv[1], encoding="utf-8", errors="replace").read().splitlines()
t = open(sys.argv[2], encoding="utf-8", errors="replace").read().splitlines()
q = open(sys.argv[3], "rb").read()
roles = collections.Counter()
for line in s:
    m = re.match(r"\s*([A-Za-z][A-Za-z0-9]*)(?: \"[^\"]*\")?(?: <[^>]*>)?(?: \((?:block|inline)\))?:?$", line)
    if m and m.group(1) not in ("Object",):
        roles[m.group(1)] += 1
print("elements: %d" % sum(roles.values()))
print("per role: " + " ".join("%s:%d" % kv for kv in sorted(roles.items())))
for key in (b"/Alt", b"/ActualText", b"/Lang", b"/Scope", b"/Headers", b"/ID ", b"/ColSpan", b"/RowSpan",
            b"/IDTree", b"/RoleMap", b"/ClassMap", b"/ParentTree", b"/MarkInfo", b"/Suspects",
            b"/DisplayDocTitle", b"/Tabs", b"/Artifact", b"/Pagination", b"/MCR", b"/OBJR"):
    print("%-17s %6d" % (key.decode().strip(), q.count(key)))
bdc = len(re.findall(rb"/MCID\s+\d+\s*>>\s*BDC", q))
art = len(re.findall(rb"/Artifact\s*(?:<<[^>]*>>)?\s*BDC|/Artifact\s*BMC", q))
print("marked content: %d with an MCID, %d artifacts" % (bdc, art))
def subtree(lines, start_rx, n=40):
    for i, l in enumerate(lines):
        if re.match(start_rx, l):
            ind = len(l) - len(l.lstrip())
            out = [l]
            for l2 in lines[i + 1:]:
                if l2.strip() and len(l2) - len(l2.lstrip()) <= ind:
                    break
                out.append(l2)
            return out[:n]
    return []
print("first table (pdfinfo -struct-text, 40 lines):")
for l in subtree(t, r"\s*Table\b"):
    print("  " + l[:110])
print("the first section after the contents (24 lines):")
toc = max([i for i, l in enumerate(t) if "TOCI" in l] or [0])
for i, l in enumerate(t):
    if i > toc and re.match(r"\s*(Sect|Part|H1|H2)\b", l):
        for l2 in t[i:i + 24]:
            print("  " + l2[:110])
        break
EOF
	echo
}
mkdir -p "$(dirname "$OUT")"
{
	one dossier "$D"
	one "Typst 0.14" "$T"
} >"$OUT"
echo "tags-compare: wrote $OUT"
