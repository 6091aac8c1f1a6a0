#!/bin/sh
# tests/tags/run.sh — the tagged PDF of every sample, read by real readers
# (docs/accessibility.md):
#   - qpdf --check: the file is sound;
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
for l in "$root"/layouts/*.yaml; do
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
	ex="$here/expect/$n.json"
	[ -f "$ex" ] || ex=
	if node "$here/tree.mjs" "$PDFJS" "$pdf" $ex >"$tmp/js.txt" 2>&1; then
		ok
		sed 's/^/  /' "$tmp/js.txt"
	else
		bad "$n: pdf.js:"
		sed 's/^/  /' "$tmp/js.txt"
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
echo "tags: $pass passed, $fail failed"
[ $fail = 0 ]
