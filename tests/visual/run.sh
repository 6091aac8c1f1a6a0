#!/bin/sh
# Visual reference tests: pages rendered by poppler (pdftoppm, grey) compared
# with committed reference PNGs that a person has looked at. This is what
# catches lost diacritics, overlaps and clipped text, which text extraction
# cannot see. UPDATE=1 rewrites the references (look at them before
# committing: make update-refs, then open tests/visual/ref/*.png).
#   DOSSIER=… IMGDIFF=… sh tests/visual/run.sh
set -eu
abs() { (cd "$(dirname "$1")" && printf '%s/%s\n' "$(pwd)" "$(basename "$1")"); }
DOSSIER=$(abs "$DOSSIER")
IMGDIFF=$(abs "$IMGDIFF")
cd "$(dirname "$0")"
ref=ref
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$ref" failed
pass=0
fail=0
# case: NAME LAYOUT DPI
run_case() {
	name=$1 layout=$2 dpi=$3
	# the cases read ../../../input: the repository is allowed
	if ! "$DOSSIER" build -q --allow-path ../.. "$layout" -o "$tmp/$name.pdf"; then
		fail=$((fail + 1)); echo "FAIL $name: build"; return
	fi
	pdftoppm -q -r "$dpi" -gray -png "$tmp/$name.pdf" "$tmp/$name"
	if [ "${UPDATE:-0}" = 1 ]; then
		rm -f "$ref/$name"-[0-9]*.png
		cp "$tmp/$name"-[0-9]*.png "$ref/"
		echo "updated $name ($(ls "$tmp/$name"-[0-9]*.png | wc -l) pages)"
		return
	fi
	nref=$(ls "$ref/$name"-[0-9]*.png 2>/dev/null | wc -l)
	nnew=$(ls "$tmp/$name"-[0-9]*.png | wc -l)
	if [ "$nref" -ne "$nnew" ]; then
		fail=$((fail + 1)); echo "FAIL $name: $nnew pages, the reference has $nref"; return
	fi
	for r in "$ref/$name"-[0-9]*.png; do
		b=$(basename "$r")
		if out=$("$IMGDIFF" "$r" "$tmp/$b" "failed/diff-$b"); then
			pass=$((pass + 1))
		else
			fail=$((fail + 1)); cp "$tmp/$b" "failed/new-$b"
			echo "FAIL $b: $out (see tests/visual/failed/)"
		fi
	done
	echo "checked $name: $nnew pages"
}
run_case vietnamese cases/vietnamese.yaml 100
run_case scripts cases/scripts.yaml 100
run_case figures cases/figures.yaml 60
run_case tables cases/tables.yaml 60
run_case charts cases/charts.yaml 50
for l in ../../layouts/*.yaml; do
	run_case "$(basename "$l" .yaml)" "$l" 40
done
rmdir failed 2>/dev/null || true
[ "${UPDATE:-0}" = 1 ] && exit 0
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
