#!/bin/sh
# tests/tags/run.sh — the tagged PDF of every sample, read by real readers
# (docs/accessibility.md):
#   - text.py: the tree's text (as pdf.js reads it) holds the sources'
#     paragraphs, list items, headings, notes, captions and table cells, in
#     order, each once; and fails on defects planted in that text;
#   - qpdf --check: the file is sound;
#     (a passage's markup, "]{lang=fr}", shows nowhere: tree.mjs)
#   - poppler's pdfinfo -struct-text: the structure tree with its text,
#     compared with tests/tags/golden/NAME.txt (UPDATE=1 writes them);
#   - Mozilla pdf.js (tree.mjs): getStructTree on every page against the
#     page's marked content: each MCID once, in the tree and on the page, no
#     artifact's text in the tree, every Figure with an alternative, the
#     headings in reading order, and the roles, languages and figures of
#     tests/tags/expect/NAME.json;
#   - document: tagged: false gives an untagged file; an image without a
#     text alternative is a warning, an error with accessibility: strict.
# Needs DOSSIER and PDFJS (the directory npm installed pdfjs-dist into).
set -u
: "${DOSSIER:?}" "${PDFJS:?}"
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }
# the samples, a grouped table with subtotals (tests/visual/cases), and
# passages in another language in every kind of text (langs/)
for l in "$root"/layouts/*.yaml "$root/tests/visual/cases/tables.yaml" "$here/langs/langs.yaml"; do
	n=$(basename "$l" .yaml)
	pdf="$tmp/$n.pdf"
	if ! (cd "$root" && "$DOSSIER" build "$l" -o "$pdf" >"$tmp/$n.log" 2>&1); then
		bad "$n: dossier build failed: $(tail -3 "$tmp/$n.log")"
		continue
	fi
	if qpdf --check "$pdf" >"$tmp/qpdf.txt" 2>&1; then ok; else bad "$n: qpdf --check: $(tail -3 "$tmp/qpdf.txt")"; fi
	pdfinfo "$pdf" | grep -q '^Tagged: *yes' && ok || bad "$n: pdfinfo does not say Tagged: yes"
	pdfinfo -struct-text "$pdf" >"$tmp/$n.txt" 2>&1
	if [ "${UPDATE:-}" = 1 ]; then
		cp "$tmp/$n.txt" "$here/golden/$n.txt"
	elif diff -u "$here/golden/$n.txt" "$tmp/$n.txt" >"$tmp/diff.txt" 2>&1; then
		ok
	else
		bad "$n: the structure tree changed (pdfinfo -struct-text):"
		head -40 "$tmp/diff.txt" | sed 's/^/  /'
	fi
	# the cover's title, however many lines it takes, is one element whose
	# text has the title's words with their spaces (the lines of one text
	# are not run together); a right-to-left title is read in display order
	python3 - "$l" "$tmp/$n.txt" >"$tmp/title.txt" <<'PY' && ok || bad "$n: $(cat "$tmp/title.txt")"
import re, sys, unicodedata
lay = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r'^document:.*?^  title: *"?(.*?)"?\s*$', lay, re.S | re.M)
title = m.group(1).replace('\\"', '"') if m else ""
# a passage in another language is its words ([Bộ Công an]{lang=vi}: docs/layout.md)
title = re.sub(r"\[([^\[\]]*)\]\{[^{}]*\blang=[^{}]*\}", r"\1", title)
tree = open(sys.argv[2], encoding="utf-8").read()
if not title or any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in title):
    print("no left-to-right title to find"); sys.exit(0)
q = str.maketrans("\u2018\u2019\u201c\u201d", "''\"\"")  # typography made the quotes curly
# the text of an H1 (Title) element: its text lines, and those of a Span of
# a passage in another language inside it, joined at the passage's edges
lines = tree.split("\n")
want = " ".join(title.translate(q).split())
def heading_text(i):
    ind = len(lines[i]) - len(lines[i].lstrip())
    out = []
    for t in lines[i + 1:]:
        if len(t) - len(t.lstrip()) <= ind:
            break
        m = re.match(r'^\s*"(.*)"$', t)
        if m:
            out.append(m.group(1))
    return " ".join(" ".join(out).translate(q).split())
ok = any(re.match(r"^\s*(H1|Title)\b", t) and want in heading_text(i) for i, t in enumerate(lines))
print("the title is an H1 (Title) in the tree, as written" if ok else
      "the title is not an H1 (Title) of the tree as written: " + want[:60])
sys.exit(0 if ok else 1)
PY
	# table headers: every /Headers names the /ID of a TH (PDF/UA,
	# Matterhorn 15-003); IDs are unique
	pdfinfo -struct "$pdf" 2>&1 | python3 -c '
import re, sys
ids, heads, th = {}, [], set()
for line in sys.stdin:
    m = re.match(r"\s*(\w+) <([^>]*)>", line)
    if m:
        ids[m.group(2)] = ids.get(m.group(2), 0) + 1
        if m.group(1) == "TH":
            th.add(m.group(2))
    m = re.match(r"\s*/Headers \[(.*)\]", line)
    if m:
        heads += re.findall(r"\(([^)]*)\)", m.group(1))
bad = [h for h in heads if h not in th] + [i for i, n in ids.items() if n > 1]
print("%d /Headers names, %d IDs%s" % (len(heads), len(ids), ": not the ID of one TH: " + " ".join(bad[:5]) if bad else ""))
sys.exit(1 if bad else 0)' >"$tmp/hd.txt" && ok || bad "$n: $(cat "$tmp/hd.txt")"
	ex="$here/expect/$n.json"
	[ -f "$ex" ] || ex=
	if TAGS_TEXT="$tmp/$n.tree" node "$here/tree.mjs" "$PDFJS" "$pdf" $ex >"$tmp/js.txt" 2>&1; then
		ok
		sed 's/^/  /' "$tmp/js.txt"
	else
		bad "$n: pdf.js:"
		sed 's/^/  /' "$tmp/js.txt"
	fi
	# the tree's text is the sources' text, in order (text.py)
	if python3 "$here/text.py" "$l" "$tmp/$n.tree" --planted >"$tmp/text.txt" 2>&1; then
		ok
		sed 's/^/  /' "$tmp/text.txt"
	else
		bad "$n: the tree's text:"
		sed 's/^/  /' "$tmp/text.txt"
	fi
done

# the switch and the alternatives
mkdir -p "$tmp/p"
printf -- '---\ntitle: Pictures\n---\n\n![](dot.png)\n\n![A red dot](dot.png)\n' >"$tmp/p/a.md"
cp "$root/tests/visual/cases/figure-alpha.png" "$tmp/p/dot.png" 2>/dev/null ||
	python3 -c "import base64,sys;open(sys.argv[1],'wb').write(base64.b64decode('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC'))" "$tmp/p/dot.png"
for mode in on off strict; do
	extra=
	[ $mode = off ] && extra='  tagged: false'
	[ $mode = strict ] && extra='  accessibility: strict'
	printf 'document:\n  title: Pictures\n%s\nparts:\n  - article: a.md\n' "$extra" >"$tmp/p/$mode.yaml"
	(cd "$tmp/p" && "$DOSSIER" build $mode.yaml -o $mode.pdf >$mode.log 2>&1)
	echo $? >"$tmp/p/$mode.rc"
done
grep -q "a.md:5:.*image 'dot.png' has no text alternative" "$tmp/p/on.log" && [ "$(cat "$tmp/p/on.rc")" = 0 ] && ok ||
	bad "an image without alt text is not a warning with its position: $(cat "$tmp/p/on.log")"
[ "$(grep -c 'no text alternative' "$tmp/p/on.log")" = 1 ] && ok || bad "the image with alt text was reported too"
[ "$(cat "$tmp/p/strict.rc")" != 0 ] && grep -q "error.*no text alternative" "$tmp/p/strict.log" && ok ||
	bad "accessibility: strict does not make it an error: $(cat "$tmp/p/strict.log")"
grep -q 'no text alternative' "$tmp/p/off.log" && bad "tagged: false still asks for alt text" || ok
pdfinfo "$tmp/p/off.pdf" | grep -q '^Tagged: *no' && ok || bad "tagged: false: the PDF is tagged"
pdfinfo "$tmp/p/on.pdf" | grep -q '^Tagged: *yes' && ok || bad "the PDF is not tagged by default"
strings "$tmp/p/off.pdf" | grep -q 'StructTreeRoot' && bad "tagged: false wrote a structure tree" || ok
# the PDF/UA claim: only for a tagged PDF with no accessibility warning
# (an image without alt text); a note says why it is not made (a layout
# without a document title is an error: no case without one here)
pdfua() { pdfinfo -meta "$1" | grep -q '<pdfuaid:part>1</pdfuaid:part>'; }
pdfua "$tmp/p/on.pdf" && bad "an image without alt text, and the PDF still claims PDF/UA" || ok
grep -q "note: the PDF will not claim PDF/UA" "$tmp/p/on.log" && ok || bad "no note that PDF/UA is not claimed: $(cat "$tmp/p/on.log")"
pdfua "$tmp/p/off.pdf" && bad "an untagged PDF claims PDF/UA" || ok
printf -- '---\ntitle: Pictures\n---\n\n![A red dot](dot.png)\n' >"$tmp/p/b.md"
printf 'document:\n  title: Pictures\nparts:\n  - article: b.md\n' >"$tmp/p/alt.yaml"
(cd "$tmp/p" && "$DOSSIER" build alt.yaml -o alt.pdf >alt.log 2>&1)
pdfua "$tmp/p/alt.pdf" && ok || bad "a titled, tagged PDF with alt text does not claim PDF/UA: $(cat "$tmp/p/alt.log")"
grep -q 'PDF/UA' "$tmp/p/alt.log" && bad "a note about PDF/UA though nothing is missing" || ok
# a title wholly in another language: the XMP's dc:title has an entry in it
printf 'document:\n  title: "[Tuyên bố Kyoto]{lang=vi}"\nparts:\n  - article: b.md\n' >"$tmp/p/vi.yaml"
(cd "$tmp/p" && "$DOSSIER" build vi.yaml -o vi.pdf >vi.log 2>&1)
pdfinfo -meta "$tmp/p/vi.pdf" 2>&1 | tr -d '\n' |
	grep -q '<rdf:li xml:lang="x-default">Tuyên bố Kyoto</rdf:li><rdf:li xml:lang="vi">Tuyên bố Kyoto</rdf:li>' && ok ||
	bad "a title wholly in Vietnamese has no xml:lang=\"vi\" entry in the XMP's dc:title: $(pdfinfo -meta "$tmp/p/vi.pdf" 2>&1 | grep -i title)"
echo "tags: $pass passed, $fail failed"
[ $fail = 0 ]
