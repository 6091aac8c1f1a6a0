#!/bin/sh
# Batch build timings: the 200-dossier manifest of the tests (project.sh)
# built with -j 1 and -j 2 (--force, every dossier built) and a run with
# nothing changed; the median of RUNS runs each (default 3).
#
#   DOSSIER=build/release/dossier sh tests/batch/bench.sh
set -eu
: "${DOSSIER:?set DOSSIER to the dossier binary}"
case $DOSSIER in
/*) ;;
*) DOSSIER=$(cd "$(dirname "$DOSSIER")" && pwd)/$(basename "$DOSSIER") ;;
esac
unset DOSSIER_FONTS SOURCE_DATE_EPOCH
repo=$(cd "$(dirname "$0")/../.." && pwd)
RUNS=${RUNS:-3}
N=${BATCH_N:-200}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$repo/tests/batch/project.sh"
mkproject "$tmp"
manifest "$tmp" 20 $((N / 20))
cd "$tmp"
"$DOSSIER" batch nightly.yaml -q >/dev/null

now() { date +%s.%N; }
# median of RUNS timings of "$@"
median() {
	r=0
	: >"$tmp/times"
	while [ $r -lt "$RUNS" ]; do
		a=$(now)
		"$@" >/dev/null 2>&1
		b=$(now)
		echo "$a $b" | awk '{ printf "%.3f\n", $2 - $1 }' >>"$tmp/times"
		r=$((r + 1))
	done
	sort -n "$tmp/times" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}
j1=$(median "$DOSSIER" batch nightly.yaml --force -j 1 -q)
j2=$(median "$DOSSIER" batch nightly.yaml --force -j 2 -q)
nc=$(median "$DOSSIER" batch nightly.yaml -q)
echo "dossiers: $N   CPUs: $(nproc)   median of $RUNS runs"
echo "  -j 1, every dossier built:  $j1 s"
echo "  -j 2, every dossier built:  $j2 s   (speed-up $(echo "$j1 $j2" | awk '{ printf "%.2f", $1 / $2 }'))"
echo "  nothing changed:            $nc s"
