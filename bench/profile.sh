#!/bin/sh
# bench/profile.sh — where W1's instructions go (valgrind callgrind), and
# where W3's memory goes (valgrind massif). Run `make bench` (or
# bench/run.sh) first: it generates the inputs in build/bench.
#
#   sh bench/profile.sh            callgrind on W1: top inclusive and self entries
#   MASSIF=1 sh bench/profile.sh   also massif on W3 (about a minute)
#
# Output goes to build/bench/profile/ and the summary to stdout.
set -eu
cd "$(dirname "$0")/.."
DOSSIER=${DOSSIER:-build/release/dossier}
DIR=${BENCH_DIR:-build/bench}
P=$DIR/profile
command -v valgrind >/dev/null || { echo "profile: valgrind is not installed" >&2; exit 2; }
[ -f "$DIR/w1/layout.yaml" ] || { echo "profile: run 'make bench' first (no $DIR/w1)" >&2; exit 2; }
mkdir -p "$P"
export SOURCE_DATE_EPOCH=1795392000

# The wrappers above main and main itself say nothing; keep the rest.
skip='below main|libc-start|libc_start_call_main|0x000000000001ab70|src/app/main.c:main '
valgrind --tool=callgrind --callgrind-out-file="$P/w1.callgrind" \
	"$DOSSIER" build "$DIR/w1/layout.yaml" -o "$P/w1.pdf" >/dev/null 2>"$P/w1.callgrind.log"
total=$(sed -n 's/.*I *refs: *//p' "$P/w1.callgrind.log" | tr -d ,)
echo "W1: $total instructions (callgrind)"
echo
echo "top inclusive (function: instructions, share of the total):"
callgrind_annotate --inclusive=yes "$P/w1.callgrind" 2>/dev/null | sed -n '/PROGRAM TOTALS/,$p' |
	grep -E '^ *[0-9,]+ ' | grep -Ev "$skip|PROGRAM TOTALS" | grep '\[' | grep -v '???:0x' | head -n 20
echo
echo "top self:"
callgrind_annotate "$P/w1.callgrind" 2>/dev/null | sed -n '/PROGRAM TOTALS/,$p' |
	grep -E '^ *[0-9,]+ ' | grep -v 'PROGRAM TOTALS' | head -n 15

if [ "${MASSIF:-0}" = 1 ] && [ -f "$DIR/w3/layout.yaml" ]; then
	valgrind --tool=massif --massif-out-file="$P/w3.massif" \
		"$DOSSIER" build "$DIR/w3/layout.yaml" -o "$P/w3.pdf" >/dev/null 2>&1
	echo
	echo "W3 heap at its peak (massif):"
	peak=$(ms_print "$P/w3.massif" | sed -n 's/.*[[ ]\([0-9][0-9]*\) (peak).*/\1/p' | head -n 1)
	ms_print "$P/w3.massif" | awk -v n="$peak" '$1 == n && $2 ~ /^[0-9,]+$/ { on = 1 } on' |
		grep -E '^[0-9.]+%|^->[0-9.]+%|^\| ->[0-9.]+%|^\|   ->[0-9.]+%' | head -n 12
fi
