#!/bin/sh
# bench/profile.sh — where W1's instructions go (valgrind callgrind), and
# where W3's memory goes (valgrind massif). Run `make bench` (or
# bench/run.sh) first: it generates the inputs in build/bench.
#
#   sh bench/profile.sh            callgrind on W1: top inclusive and self entries
#   MASSIF=1 sh bench/profile.sh   also massif on W3 (about a minute)
#   W2=1 sh bench/profile.sh       also a batch worker: callgrind of `batch -j1`
#                                  on W2's first 40 dossiers, what each worker did
#                                  for its dossier (--toggle-collect=run_workers)
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

if [ "${W2:-0}" = 1 ] && [ -f "$DIR/w2/manifest.yaml" ]; then
	# 40 dossiers: a batch of 32 or more prepares its faces for hb-subset
	bin=$(cd "$(dirname "$DOSSIER")" && pwd)/$(basename "$DOSSIER")
	mkdir -p "$P/w2"
	out=$(cd "$P/w2" && pwd)
	rm -f "$out"/worker.*
	{
		grep -v -e '^defaults:' -e '^dossiers:' -e '^  - ' "$DIR/w2/manifest.yaml"
		echo "defaults: {output: \"$out/pdf/{name}.pdf\"}"
		echo "dossiers:"
		grep '^  - ' "$DIR/w2/manifest.yaml" | head -n 40
	} >"$DIR/w2/profile-manifest.yaml"
	(cd "$DIR/w2" && valgrind --tool=callgrind --toggle-collect=run_workers \
		--callgrind-out-file="$out/worker.%p" "$bin" batch profile-manifest.yaml -j1 --force) \
		>/dev/null 2>"$P/w2.callgrind.log"
	echo
	grep -h 'Collected' "$P/w2.callgrind.log" | awk '{ print $NF }' | sort -n | awk '$1 > 1000000 { a[++n] = $1 }
		END { if (n) printf "W2: %d workers, median %d instructions per dossier (min %d, max %d)\n", n, a[int((n + 1) / 2)], a[1], a[n] }'
	w=$(ls -S "$out"/worker.* | sed -n 20p)
	echo "top inclusive of one worker ($w):"
	callgrind_annotate --inclusive=yes "$w" 2>/dev/null | sed -n '/PROGRAM TOTALS/,$p' |
		grep -E '^ *[0-9,]+ ' | grep -Ev "$skip|PROGRAM TOTALS|batch.c:|main.c:main" | grep '\[' | grep -v '???:0x' | head -n 25
fi

if [ "${MASSIF:-0}" = 1 ] && [ -f "$DIR/w3/layout.yaml" ]; then
	valgrind --tool=massif --massif-out-file="$P/w3.massif" \
		"$DOSSIER" build "$DIR/w3/layout.yaml" -o "$P/w3.pdf" >/dev/null 2>&1
	echo
	echo "W3 heap at its peak (massif):"
	peak=$(ms_print "$P/w3.massif" | sed -n 's/.*[[ ]\([0-9][0-9]*\) (peak).*/\1/p' | head -n 1)
	ms_print "$P/w3.massif" | awk -v n="$peak" '$1 == n && $2 ~ /^[0-9,]+$/ { on = 1 } on' |
		grep -E '^[0-9.]+%|^->[0-9.]+%|^\| ->[0-9.]+%|^\|   ->[0-9.]+%' | head -n 12
fi
