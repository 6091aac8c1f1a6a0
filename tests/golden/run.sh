#!/bin/sh
# Golden layouts: `check --dump` of every layout in layouts/ and of the
# focused visual cases, compared line by line with the committed dumps in
# tests/golden/dumps/. A dump lists every positioned box (text with its
# font, size and width; rules, fills, images), so any change to line
# breaking, pagination or placement shows here as a diff. UPDATE=1 rewrites
# the dumps (read the diff before committing: make update-golden).
#   DOSSIER=… sh tests/golden/run.sh
set -eu
abs() { (cd "$(dirname "$1")" && printf '%s/%s\n' "$(pwd)" "$(basename "$1")"); }
DOSSIER=$(abs "$DOSSIER")
root=$(cd "$(dirname "$0")/../.." && pwd)
dumps=$root/tests/golden/dumps
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$dumps"
pass=0 fail=0
# case: NAME DIR LAYOUT — the layout is checked from its own directory
run_case() {
	name=$1 dir=$2 layout=$3
	if ! (cd "$dir" && "$DOSSIER" check -q --allow-path "$root" "$layout" --dump) >"$tmp/$name.dump" 2>"$tmp/$name.err"; then
		fail=$((fail + 1)); echo "FAIL $name: check failed"; sed 's/^/  /' "$tmp/$name.err"; return
	fi
	if [ "${UPDATE:-0}" = 1 ]; then
		cp "$tmp/$name.dump" "$dumps/$name.dump"; echo "updated $name"; return
	fi
	if [ ! -f "$dumps/$name.dump" ]; then
		fail=$((fail + 1)); echo "FAIL $name: no golden dump (make update-golden)"; return
	fi
	if diff -u "$dumps/$name.dump" "$tmp/$name.dump" >"$tmp/$name.diff"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1)); echo "FAIL $name: the layout changed"; head -40 "$tmp/$name.diff" | sed 's/^/  /'
	fi
}
for l in "$root"/layouts/*.yaml; do
	run_case "sample-$(basename "$l" .yaml)" "$root" "layouts/$(basename "$l")"
done
for l in "$root"/tests/visual/cases/*.yaml; do
	run_case "case-$(basename "$l" .yaml)" "$root/tests/visual/cases" "$(basename "$l")"
done
# The samples' PDFs, byte for byte: their SHA-256 sums are committed in
# tests/golden/samples.sha256 (a build is reproducible: no clock, no random).
for l in "$root"/layouts/*.yaml; do
	n=$(basename "$l" .yaml)
	if ! (cd "$root" && "$DOSSIER" build -q "layouts/$n.yaml" -o "$tmp/$n.pdf") 2>"$tmp/$n.err"; then
		fail=$((fail + 1)); echo "FAIL $n.pdf: build failed"; sed 's/^/  /' "$tmp/$n.err"; continue
	fi
	sum=$(sha256sum "$tmp/$n.pdf" | cut -d' ' -f1)
	if [ "${UPDATE:-0}" = 1 ]; then
		echo "$sum  samples/$n.pdf" >>"$tmp/samples.sha256"; continue
	fi
	want=$(awk -v f="samples/$n.pdf" '$2 == f { print $1 }' "$root/tests/golden/samples.sha256")
	if [ "$sum" = "$want" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1)); echo "FAIL samples/$n.pdf: the PDF's bytes changed ($sum, golden ${want:-none})"
	fi
done
[ "${UPDATE:-0}" = 1 ] && cp "$tmp/samples.sha256" "$root/tests/golden/samples.sha256"
echo "golden: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
