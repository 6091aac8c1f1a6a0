#!/bin/sh
# bench/run.sh — dossier's benchmark suite (bench/README.md). `make bench` runs it.
#
# Generates the workloads (python3, outside the timed region), then times
# whole processes with bench/timeit (fork/exec/wait4: median wall and CPU
# time and peak RSS of RUNS runs after one warm-up) and prints one table,
# which is also saved to bench/results.txt.
#
#   W1  the reference dossier (../shared/bench/gen.py): 40 sections, 82 pages;
#       also untagged (`document: tagged: false`), for what tagging costs,
#       in time and, with valgrind, in instructions (callgrind; CALLGRIND=0: not)
#   LB  the libharu lower bound: W1's glyphs straight to libharu (lowerbound.c)
#   W2  200 dossiers of 8 pages: `dossier batch` -j1/-j2 and a no-change rerun;
#       and, for comparison, 200 `dossier build` processes driven by make
#   W3  one table of 100,000 rows
#   W4  W1 with 10, 40, 160 and 640 sections
#   T   comparisons in the same run (issue #15): Typst 0.14 on W1 and W2 (node
#       and the npm package @myriaddreamin/typst-ts-node-compiler, installed
#       into BENCH_DIR/node_modules when npm is there; skipped with a message
#       otherwise), and MAIN_DOSSIER (another build of dossier, e.g. main's)
#       on W1, for the "no slower than before" ratio
#   Q   line-breaking quality of every layouts/*.yaml, first fit (greedy,
#       the "before") and total fit (optimal, the "after"): `dossier check
#       --quality=json --linebreak=…`, not timed; also saved to bench/quality.txt
#
# Environment: DOSSIER, TIMEIT, LOWERBOUND (the programs; the Makefile sets
# them), RUNS (default 5), ONLY (e.g. "w1 lb": a subset of w1 lb w2 w3 w4 t q),
# MAIN_DOSSIER (another dossier program to compare W1 with), TYPST_NPM=0
# (never run npm), W2_MAKE=0 (leave out W2's 200-process make rows),
# W3_ROWS (default 100000), BENCH_DIR (work files, default build/bench),
# RESULTS (default bench/results.txt; empty = do not save).
set -eu

cd "$(dirname "$0")/.."
ROOT=$(pwd)
abs() { case $1 in /*) echo "$1" ;; *) echo "$ROOT/$1" ;; esac; }
DOSSIER=$(abs "${DOSSIER:-build/release/dossier}")
TIMEIT=$(abs "${TIMEIT:-build/release/bench/timeit}")
LOWERBOUND=$(abs "${LOWERBOUND:-build/release/bench/lowerbound}")
RUNS=${RUNS:-5}
ONLY=${ONLY:-w1 lb w2 t w3 w4 q}
W3_ROWS=${W3_ROWS:-100000}
DIR=$(abs "${BENCH_DIR:-build/bench}")
RESULTS=${RESULTS-bench/results.txt}
N3=$(( RUNS < 3 ? RUNS : 3 )) # W2's full builds (7 s each): median of 3, as the other tools' figures
GEN=../shared/bench/gen.py
CONVERT=bench/convert.py
export SOURCE_DATE_EPOCH=1795392000 # fixed, so outputs are byte-identical between runs

for p in "$DOSSIER" "$TIMEIT"; do
	[ -x "$p" ] || { echo "bench: $p is missing; run 'make bench'" >&2; exit 2; }
done
command -v python3 >/dev/null || { echo "bench: python3 is needed to generate the inputs" >&2; exit 2; }
want() { case " $ONLY " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }

mkdir -p "$DIR"
# Measure a copy: a concurrent `make` must not relink the program mid-run.
cp "$DOSSIER" "$DIR/dossier.bin"
DOSSIER=$DIR/dossier.bin
REPORT=$DIR/results.txt
: >"$REPORT"
out() { printf '%s\n' "$*" | tee -a "$REPORT"; }
note() { printf 'bench: %s\n' "$*" >&2; }

# ---- helpers -----------------------------------------------------------
# measure NAME RUNS CMD...: run timeit; sets T (median s), TMIN, TMAX, CPU (s), RSS (KiB)
# and LOG (the command's stdout of the last run). Returns 1 when it failed.
measure() {
	m_name=$1 m_runs=$2
	shift 2
	LOG=$DIR/$m_name.log
	if ! m_line=$("$TIMEIT" -n "$m_runs" -o "$LOG" -- "$@"); then
		note "$m_name failed: $(tail -n 3 "$LOG.err" 2>/dev/null)"
		T=- TMIN=- TMAX=- CPU=- RSS=-
		return 1
	fi
	eval "$(echo "$m_line" | sed 's/median=/T=/; s/min=/TMIN=/; s/max=/TMAX=/; s/cpu=/CPU=/; s/rss_median=/RSS=/; s/rss_max=[0-9]*//; s/runs=[0-9]*//')"
	return 0
}
pages_of() { sed -n 's/.* \([0-9][0-9]*\) pages$/\1/p' "$1" | tail -n 1; }
bytes_of() { # a file's size, or the total of the PDFs in a directory
	if [ -f "$1" ]; then wc -c <"$1" | tr -d ' '
	elif [ -d "$1" ]; then cat "$1"/*.pdf | wc -c | tr -d ' '
	else echo -; fi
}
ms() { awk -v t="$1" 'BEGIN { if (t == "-") print "-"; else printf "%.1f", t * 1000 }'; }
mb() { awk -v k="$1" 'BEGIN { if (k == "-") print "-"; else printf "%.1f", k / 1024 }'; }
row() { # workload, pages, median ms, min-max ms, cpu ms, pages/s, peak MB, bytes, note
	out "$(printf '%-26s %6s %10s %17s %9s %8s %8s %10s  %s' "$@")"
}
rowt() { # name pages(or -) note: a row from T TMIN TMAX RSS and output file $4
	pps=$(awk -v p="$2" -v t="$T" 'BEGIN { if (p == "-" || p == "" || t == "-" || t == 0) print "-"; else printf "%.0f", p / t }')
	row "$1" "${2:--}" "$(ms "$T")" "$(ms "$TMIN")-$(ms "$TMAX")" "$(ms "$CPU")" "$pps" "$(mb "$RSS")" "$(bytes_of "$4")" "${3:-}"
}
CHECKS=""
check() { # label value op limit: appends PASS/FAIL to the targets list
	r=$(awk -v v="$2" -v l="$4" -v op="$3" 'BEGIN { if (v == "-" || v == "") { print "n/a"; exit }
		ok = (op == "<=") ? (v + 0 <= l + 0) : (v + 0 >= l + 0); print ok ? "PASS" : "FAIL" }')
	CHECKS="$CHECKS$(printf '%-44s %12s %2s %-8s %s' "$1" "$2" "$3" "$4" "$r")
"
}

# ---- inputs ------------------------------------------------------------
HAVE_GEN=1
if [ ! -f "$GEN" ]; then
	HAVE_GEN=0
	note "$GEN is missing: W1, W2, W4 and the lower bound need it and are skipped"
fi
note "generating inputs in $DIR (not timed)"
if [ $HAVE_GEN = 1 ] && ! { want w1 || want lb || want w2 || want w4; }; then
	HAVE_GEN=0 # Q and W3 alone need no generated inputs
fi
if [ $HAVE_GEN = 1 ]; then
	python3 "$GEN" --out "$DIR/in" >/dev/null
	python3 "$CONVERT" w1 "$DIR/in/w1.json" "$DIR/w1"
	python3 "$CONVERT" w1 "$DIR/in/w1.json" "$DIR/w1-nocharts" --no-charts
	if want w4; then
		for n in 10 40 160 640; do
			python3 "$CONVERT" w1 "$DIR/in/w1.json" "$DIR/w4-$n" --sections "$n"
		done
	fi
	if want w2; then
		rm -rf "$DIR/w2"
		python3 "$CONVERT" w2 "$DIR/in/w2.json" "$DIR/w2"
	fi
	if want t; then
		rm -rf "$DIR/typst"
		mkdir -p "$DIR/typst/w2"
		python3 bench/typst.py w1 "$DIR/in/w1.json" "$DIR/typst/w1.typ"
		python3 bench/typst.py w2 "$DIR/in/w2.json" "$DIR/typst/w2"
	fi
fi
if want w3; then
	python3 "$CONVERT" w3 "$DIR/w3" --rows "$W3_ROWS"
fi

# Charts are new: when W1's chart parts do not build, measure without them.
CHARTS=with
if [ $HAVE_GEN = 1 ] && ! "$DOSSIER" check -q "$DIR/w1/layout.yaml" >"$DIR/charts-check.log" 2>&1; then
	CHARTS=without
	note "W1 with charts does not build ($(head -n 1 "$DIR/charts-check.log")); measuring W1 and W4 without charts"
	for d in w1 w4-10 w4-40 w4-160 w4-640; do
		[ -d "$DIR/$d" ] && python3 "$CONVERT" w1 "$DIR/in/w1.json" "$DIR/$d" --no-charts \
			$(case $d in w4-*) echo --sections "${d#w4-}" ;; esac)
	done
fi

# ---- header ------------------------------------------------------------
out "dossier benchmarks — $(date -u '+%Y-%m-%d %H:%M') UTC — $("$DOSSIER" --version 2>/dev/null | head -n 1)$(git describe --always --dirty 2>/dev/null | sed 's/^/, commit /')"
out "machine: $(nproc) cores, $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1); $(uname -sr)"
out "whole process, median of $RUNS runs after 1 warm-up (W2 full builds: of $N3): wall time,"
out "cpu = user + system time of all its processes, peak RSS of the largest process; load average $(cut -d' ' -f1-3 /proc/loadavg) at the start"
out ""
row "workload" "pages" "median ms" "min-max ms" "cpu ms" "pages/s" "peak MB" "bytes" "note"
row "--------" "-----" "---------" "----------" "------" "-------" "-------" "-----" "----"

W1T=- W1RSS=- LBT=- W1CPU=- W1UT=- W1UCPU=- W1I=- W1UI=-
# ---- W1 ---------------------------------------------------------------
if [ $HAVE_GEN = 1 ] && want w1; then
	if measure w1 "$RUNS" "$DOSSIER" build "$DIR/w1/layout.yaml" -o "$DIR/w1.pdf"; then
		W1T=$T W1RSS=$RSS W1CPU=$CPU
		rowt "W1 ($CHARTS charts)" "$(pages_of "$LOG")" "" "$DIR/w1.pdf"
	else
		row "W1 ($CHARTS charts)" - - - - - - - "failed: see $LOG.err"
	fi
	# what tagging costs (issue #17): the same W1 with `document: tagged: false`
	awk '{ print } /^document:[ ]*$/ { print "  tagged: false" }' "$DIR/w1/layout.yaml" >"$DIR/w1/layout-untagged.yaml"
	if measure w1-untagged "$RUNS" "$DOSSIER" build "$DIR/w1/layout-untagged.yaml" -o "$DIR/w1-untagged.pdf"; then
		W1UT=$T W1UCPU=$CPU
		rowt "W1 untagged" "$(pages_of "$LOG")" "document: tagged: false" "$DIR/w1-untagged.pdf"
	fi
	# instructions (callgrind): steadier than time on a shared machine
	if [ "${CALLGRIND:-1}" != 0 ] && command -v valgrind >/dev/null; then
		instr() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$DOSSIER" build "$1" -o "$DIR/callgrind.pdf" 2>&1 >/dev/null |
			sed -n 's/.*Collected : *\([0-9][0-9]*\).*/\1/p' | tail -n 1; }
		W1I=$(instr "$DIR/w1/layout.yaml") W1UI=$(instr "$DIR/w1/layout-untagged.yaml")
		out "$(printf '%-26s %s' "W1 instructions" "tagged ${W1I:--}, untagged ${W1UI:--} (callgrind, one run each)")"
		[ -n "$W1I" ] || W1I=-
		[ -n "$W1UI" ] || W1UI=-
	fi
	if [ $CHARTS = with ] && measure w1-nocharts "$RUNS" "$DOSSIER" build "$DIR/w1-nocharts/layout.yaml" -o "$DIR/w1-nocharts.pdf"; then
		rowt "W1 without charts" "$(pages_of "$LOG")" "" "$DIR/w1-nocharts.pdf"
	fi
	if measure w1-check "$RUNS" "$DOSSIER" check "$DIR/w1/layout.yaml"; then
		rowt "W1 check (no PDF)" "$(pages_of "$LOG")" "load + layout only" ""
	fi
fi

# ---- lower bound -------------------------------------------------------
if [ $HAVE_GEN = 1 ] && want lb; then
	if [ ! -x "$LOWERBOUND" ]; then
		row "libharu lower bound" - - - - - - - "skipped: $LOWERBOUND missing"
	else
		"$DOSSIER" check "$DIR/w1/layout.yaml" --dump >"$DIR/w1.dump"
		"$LOWERBOUND" prepare "$ROOT/fonts" "$DIR/w1.dump" >"$DIR/w1.glyphs" 2>"$DIR/lowerbound-prepare.log"
		lbp=$(grep -c '^page' "$DIR/w1.glyphs")
		if measure lowerbound "$RUNS" "$LOWERBOUND" write "$DIR/w1.glyphs" "$DIR/lowerbound.pdf"; then
			LBT=$T
			rowt "LB: libharu, word/TextOut" "$lbp" "same runs as W1" "$DIR/lowerbound.pdf"
		fi
		if measure lowerbound-lines "$RUNS" "$LOWERBOUND" write "$DIR/w1.glyphs" "$DIR/lowerbound-lines.pdf" --lines; then
			rowt "LB: libharu, line/TextOut" "$lbp" "one TextOut per line" "$DIR/lowerbound-lines.pdf"
		fi
	fi
fi

# ---- W2 ----------------------------------------------------------------
W2J2=- W2RE=- W2FULL=- W2J1=- W2J1CPU=-
if [ $HAVE_GEN = 1 ] && want w2; then
	cd "$DIR/w2"
	W2PAGES=$(( $("$DOSSIER" check doc_001.yaml | sed -n 's/.* \([0-9][0-9]*\) pages$/\1/p') * $(ls doc_*.yaml | wc -l) ))
	if "$DOSSIER" batch --help 2>&1 | grep -q 'MANIFEST'; then
		for j in 1 2; do
			if measure "w2-batch-j$j" "$N3" "$DOSSIER" batch manifest.yaml -j "$j" --force -q; then
				rowt "W2 batch -j$j (200 docs)" "$W2PAGES" "--force: every dossier" "$DIR/w2/out"
				[ $j = 1 ] && W2J1=$T W2J1CPU=$CPU
				[ $j = 2 ] && W2J2=$T W2FULL=$T
			else
				row "W2 batch -j$j (200 docs)" - - - - - - - "failed: see $LOG.err"
			fi
		done
		if [ "$W2FULL" != - ] && measure w2-batch-rerun "$RUNS" "$DOSSIER" batch manifest.yaml -j 2 -q; then
			W2RE=$T
			rowt "W2 batch -j2, no change" - "rerun, nothing to do" ""
		fi
	else
		row "W2 dossier batch" - - - - - - - "pending: 'dossier batch' is not there yet"
	fi
	# The route that works today: `dossier deps` rules and make, one process per dossier.
	[ "${W2_MAKE:-1}" = 0 ] && { cd "$ROOT"; note "W2_MAKE=0: the make rows are left out"; } || {
	{
		printf 'DOSSIER = %s\nDOCS = $(patsubst %%.yaml,out/%%.pdf,$(wildcard doc_*.yaml))\n' "$DOSSIER"
		printf 'all: $(DOCS)\nout/%%.pdf: %%.yaml\n\t@mkdir -p out\n\t@$(DOSSIER) build -q $< -o $@\n'
		printf 'include deps.mk\n'
	} >Makefile.bench
	for f in doc_*.yaml; do "$DOSSIER" deps "$f" -o "out/${f%.yaml}.pdf"; done >deps.mk
	for j in 1 2; do
		if measure "w2-make-j$j" "$N3" make -s -B -j"$j" -f Makefile.bench; then
			rowt "W2 make -j$j (200 builds)" "$W2PAGES" "200 processes" "$DIR/w2/out"
		fi
	done
	if measure w2-make-rerun "$RUNS" make -s -j2 -f Makefile.bench; then
		rowt "W2 make -j2, no change" - "make sees it all current" ""
	fi
	cd "$ROOT"
	}
fi

# ---- T: the same work by another dossier and by Typst, in this run --------
W1MAIN=- TW1=- TW1B=- TW2=- TW2CPU=-
if [ $HAVE_GEN = 1 ] && want t; then
	if [ -n "${MAIN_DOSSIER:-}" ] && [ -x "$MAIN_DOSSIER" ]; then
		cp "$MAIN_DOSSIER" "$DIR/dossier-main.bin"
		# alternated with this dossier, so that both see the same load
		for pass in 1 2; do
			if measure w1-again "$RUNS" "$DOSSIER" build "$DIR/w1/layout.yaml" -o "$DIR/w1.pdf"; then
				W1T=$T
				rowt "W1, this dossier ($pass)" "$(pages_of "$LOG")" "alternating with the next row" "$DIR/w1.pdf"
			fi
			if measure w1-main "$RUNS" "$DIR/dossier-main.bin" build "$DIR/w1/layout.yaml" -o "$DIR/w1-main.pdf"; then
				W1MAIN=$T
				rowt "W1, MAIN_DOSSIER ($pass)" "$(pages_of "$LOG")" "$MAIN_DOSSIER" "$DIR/w1-main.pdf"
			fi
		done
	else
		note "MAIN_DOSSIER is not set: W1 is not compared with another dossier"
	fi
	MODS=$DIR/node_modules
	PKG=@myriaddreamin/typst-ts-node-compiler
	if ! command -v node >/dev/null; then
		row "Typst 0.14 (node)" - - - - - - - "skipped: node is not installed"
	else
		if [ ! -d "$MODS/$PKG" ] && [ "${TYPST_NPM:-1}" != 0 ] && command -v npm >/dev/null; then
			note "installing $PKG into $MODS (npm)"
			npm install --no-audit --no-fund --silent --prefix "$DIR" "$PKG" >"$DIR/npm.log" 2>&1 ||
				note "npm install failed: see $DIR/npm.log"
		fi
		if [ ! -d "$MODS/$PKG" ]; then
			row "Typst 0.14 (node)" - - - - - - - "skipped: $PKG is not installed (no npm?)"
		else
			tpages() { sed -n 's/.* \([0-9][0-9]*\) pages$/\1/p' "$1" | tail -n 1; }
			if measure typst-w1 "$RUNS" node bench/typst.mjs "$MODS" fonts "$DIR/typst/out" "$DIR/typst/w1.typ"; then
				TW1=$T TW1B=$(bytes_of "$DIR/typst/out/w1.pdf")
				rowt "Typst W1 (node)" "$(tpages "$LOG")" "one process" "$DIR/typst/out/w1.pdf"
			fi
			rm -rf "$DIR/typst/w2out"
			if measure typst-w2 "$N3" node bench/typst.mjs "$MODS" fonts "$DIR/typst/w2out" "$DIR"/typst/w2/doc_*.typ; then
				TW2=$T TW2CPU=$CPU
				rowt "Typst W2 (node)" "$(tpages "$LOG")" "one process, 200 documents" "$DIR/typst/w2out"
			fi
		fi
	fi
	if python3 -c 'import reportlab' 2>/dev/null; then
		note "ReportLab is installed, but gen.py writes no input for it: not measured"
	else
		row "ReportLab" - - - - - - - "skipped: python3-reportlab is not installed"
	fi
fi

# ---- W3 ----------------------------------------------------------------
W3T=- W3RSS=-
if want w3; then
	if measure w3 "$RUNS" "$DOSSIER" build "$DIR/w3/layout.yaml" -o "$DIR/w3.pdf"; then
		W3T=$T W3RSS=$RSS
		rowt "W3 table ($W3_ROWS rows)" "$(pages_of "$LOG")" "" "$DIR/w3.pdf"
	else
		row "W3 table ($W3_ROWS rows)" - - - - - - - "failed: see $LOG.err"
	fi
fi

# ---- W4 ----------------------------------------------------------------
W4R=- W4C=-
if [ $HAVE_GEN = 1 ] && want w4; then
	out ""
	out "$(printf '%-26s %6s %10s %10s %12s %9s %10s' "W4 scaling ($CHARTS charts)" "pages" "median ms" "ms/page" "cpu ms/page" "peak MB" "KB/page")"
	p40=-
	for n in 10 40 160 640; do
		if measure "w4-$n" "$RUNS" "$DOSSIER" build "$DIR/w4-$n/layout.yaml" -o "$DIR/w4-$n.pdf"; then
			p=$(pages_of "$LOG")
			mpp=$(awk -v t="$T" -v p="$p" 'BEGIN { printf "%.3f", t * 1000 / p }')
			cpp=$(awk -v t="$CPU" -v p="$p" 'BEGIN { printf "%.3f", t * 1000 / p }')
			out "$(printf '%-26s %6s %10s %10s %12s %9s %10s' "  $n sections" "$p" "$(ms "$T")" "$mpp" "$cpp" "$(mb "$RSS")" \
				"$(awk -v k="$RSS" -v p="$p" 'BEGIN { printf "%.0f", k / p }')")"
			[ "$n" = 40 ] && p40=$mpp c40=$cpp
			[ "$n" = 640 ] && [ "$p40" != - ] && W4R=$(awk -v a="$mpp" -v b="$p40" 'BEGIN { printf "%.2f", a / b }') \
				W4C=$(awk -v a="$cpp" -v b="$c40" 'BEGIN { printf "%.2f", a / b }')
		fi
	done
fi

# ---- Q: line-breaking quality (issue #4) --------------------------------
if want q; then
	out ""
	out "line-breaking quality (dossier check --quality): greedy = first fit (before), optimal = total fit (after)"
	qhead=$(printf '%-26s %-9s %5s %6s %6s %5s %6s %8s %6s %7s %5s %5s %7s' layout linebreak pages lines loose hyph consec overfull widows orphans emerg epara 'mean|r|')
	out "$qhead"
	QOUT=$DIR/quality.txt
	echo "$qhead" >"$QOUT"
	for l in layouts/*.yaml; do
		for m in greedy optimal; do
			if ! "$DOSSIER" check --quality=json --linebreak=$m "$l" >"$DIR/quality.json" 2>"$DIR/quality.err"; then
				out "$(printf '%-26s %-9s failed: %s' "$(basename "$l" .yaml)" $m "$(head -n 1 "$DIR/quality.err")")"
				continue
			fi
			qrow=$(python3 -c 'import json, sys
q = json.load(open(sys.argv[1]))
print("%-26s %-9s %5d %6d %6d %5d %6d %8d %6d %7d %5d %5d %7.3f" % (sys.argv[2], q["linebreak"], q["pages"], q["lines"],
      q["loose"], q["hyphenated"], q["consecutive_hyphens"], q["overfull"], q["widows"], q["orphans"],
      q["emergency_breaks"], q["emergency_paragraphs"], q["mean_abs_ratio"]))' "$DIR/quality.json" "$(basename "$l" .yaml)")
			out "$qrow"
			echo "$qrow" >>"$QOUT"
		done
	done
	[ -n "$RESULTS" ] && cp "$QOUT" bench/quality.txt
fi

# ---- targets (issue #7) -------------------------------------------------
check "W1 median, s" "$W1T" "<=" 0.045
check "W1 / libharu lower bound" "$(awk -v a="$W1T" -v b="$LBT" 'BEGIN { if (a == "-" || b == "-") print "-"; else printf "%.2f", a / b }')" "<=" 1.5
check "W1 peak RSS, MB" "$(mb "$W1RSS")" "<=" 60
check "W2 -j2 (dossier batch), s" "$W2J2" "<=" 0.75
check "W2 no-change rerun / full build" "$(awk -v a="$W2RE" -v b="$W2FULL" 'BEGIN { if (a == "-" || b == "-") print "-"; else printf "%.3f", a / b }')" "<=" 0.05
check "W3 median, s" "$W3T" "<=" 5
check "W3 peak RSS, MB" "$(mb "$W3RSS")" "<=" 300
check "W4 ms/page at 640 / at 40 sections" "$W4R" "<=" 1.3
check "  the same in CPU time (steadier)" "$W4C" "<=" 1.3
out ""
out "targets (issue #7)                                  value    limit     result"
printf '%s' "$CHECKS" | tee -a "$REPORT"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || a == "" || b == "" || b == 0) print "-"; else printf "%.3f", a / b }'; }
CHECKS=""
check "W2 batch -j1 / Typst W2 (wall)" "$(ratio "$W2J1" "$TW2")" "<=" 0.5
check "  the same in CPU time" "$(ratio "$W2J1CPU" "$TW2CPU")" "<=" 0.5
check "W2 batch -j2 / Typst W2 (wall)" "$(ratio "$W2J2" "$TW2")" "<=" 0.3
check "W1 / MAIN_DOSSIER's W1 (alternated)" "$(ratio "$W1T" "$W1MAIN")" "<=" 1.1
check "W1 / libharu lower bound" "$(ratio "$W1T" "$LBT")" "<=" 1.5
check "W1 bytes / Typst W1 bytes" "$(ratio "$(bytes_of "$DIR/w1.pdf")" "$TW1B")" "<=" 1
check "Congress sample (samples/), KB" "$(awk -v b="$(bytes_of samples/un-congress-2021.pdf)" 'BEGIN { if (b == "-") print "-"; else printf "%.1f", b / 1000 }')" "<=" 199.9
out ""
out "targets (issue #15), one paired run                value    limit     result"
printf '%s' "$CHECKS" | tee -a "$REPORT"

CHECKS=""
check "W1 tagged / untagged, wall time" "$(ratio "$W1T" "$W1UT")" "<=" 1.15
check "  the same in CPU time" "$(ratio "$W1CPU" "$W1UCPU")" "<=" 1.15
check "  the same in instructions (callgrind)" "$(ratio "$W1I" "$W1UI")" "<=" 1.15
check "W1 tagged / untagged, bytes" "$(ratio "$(bytes_of "$DIR/w1.pdf")" "$(bytes_of "$DIR/w1-untagged.pdf")")" "<=" 1.10
out ""
out "targets (issue #17)                                 value    limit     result"
printf '%s' "$CHECKS" | tee -a "$REPORT"

if [ -n "$RESULTS" ]; then
	cp "$REPORT" "$RESULTS"
	note "saved to $RESULTS"
fi
