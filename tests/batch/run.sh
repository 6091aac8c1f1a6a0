#!/bin/sh
# Batch builds (dossier batch, dossier report merge): the tests of issue #5.
#
#   DOSSIER=build/release/dossier sh tests/batch/run.sh
#
# Everything runs in a scratch directory holding a copy of fonts/, input/
# and layouts/ plus generated layouts (gen/lN.yaml, each a cover, a table of
# gen/data/d(N%10).csv and one of four articles), so that dossiers differ in
# what they read:
#
#   - a manifest of 200 dossiers (20 layouts x 10 delegations) builds; a
#     second run builds nothing; touch(1) alone builds nothing (content
#     hashes); editing one data file builds exactly the 20 dossiers using it;
#   - two builds in different directories at different times give
#     byte-identical PDFs (cmp), the same as `dossier build`;
#   - a batch killed with SIGKILL at random moments (the parent alone, or its
#     whole process group) leaves only complete PDFs (qpdf --check), and the
#     next run finishes the job and leaves no temporary file;
#   - shards 1/4 … 4/4 build each dossier exactly once and their merged
#     report equals the report of a full run (times aside);
#   - a broken dossier: the others build, the exit status is 1 and the report
#     names the error with its position; manifest errors, usage;
#   - numbered copies: one register for the manifest (or per group / entry),
#     the recipient on the cover, in articles and in output names; the
#     records in the state directory, not beside the PDFs; --var;
#   - a worker killed mid-batch: its dossier fails with the signal, a fresh
#     worker builds the rest, the same bytes as `dossier build`; torn
#     records read as none; a layout that reads one more file.
#
# BATCH_N=40 shrinks the big manifest (for the sanitizer build).
set -eu

: "${DOSSIER:?set DOSSIER to the dossier binary}"
case $DOSSIER in
/*) ;;
*) DOSSIER=$(cd "$(dirname "$DOSSIER")" && pwd)/$(basename "$DOSSIER") ;;
esac
[ -x "$DOSSIER" ] || { echo "run.sh: $DOSSIER is not executable" >&2; exit 2; }
unset DOSSIER_FONTS SOURCE_DATE_EPOCH JOB_COMPLETION_INDEX SLURM_ARRAY_TASK_ID SLURM_ARRAY_TASK_MIN \
	SLURM_ARRAY_TASK_STEP
export NO_COLOR=1 LC_ALL=C
repo=$(cd "$(dirname "$0")/../.." && pwd)
BATCH_N=${BATCH_N:-200}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/     /'; return 0; }
# expect NAME WANT GOT
expect() { if [ "$2" = "$3" ]; then ok "$1"; else bad "$1" "expected '$2', got '$3'"; fi; }
# status of "$@" (never stops the script)
st() { "$@" >"$tmp/out" 2>"$tmp/err" && echo 0 || echo $?; }
# count of dossiers with a status in a report
count() { grep -c "\"status\": \"$2\"" "$1" || true; }
# records in a state directory
nrec() { ls "$1" 2>/dev/null | grep -c '\.record$' || true; }
# the report without its times
untimed() { sed -e 's/"seconds": [0-9.]*//g' "$1"; }

. "$repo/tests/batch/project.sh"

P=$tmp/p
mkproject "$P"
cd "$P"

# ---- 1. the big manifest: build, rebuild nothing, touch, edit ----
nl=20
nd=$((BATCH_N / nl))
[ $nd -ge 1 ] || nd=1
total=$((nl * nd))
manifest "$P" $nl $nd
t0=$(date +%s)
s=$(st "$DOSSIER" batch nightly.yaml -j 2 --report r1.json)
t1=$(date +%s)
expect "batch of $total dossiers: exit status" 0 "$s"
expect "batch of $total: every dossier built" "$total" "$(count r1.json built)"
expect "batch of $total: $total PDFs" "$total" "$(ls out/*.pdf | wc -l | tr -d ' ')"
echo "     ($total dossiers in $((t1 - t0)) s with -j 2)"
if grep -q "$(printf '\r')" "$tmp/out" "$tmp/err"; then bad "no progress line when not a terminal"; else ok "no progress line when not a terminal"; fi
badpdf=""
for f in out/g0-del00.pdf out/g7-del01.pdf out/g19-del0$((nd - 1)).pdf; do
	qpdf --check "$f" >/dev/null 2>&1 || badpdf="$badpdf $f"
done
expect "batch: PDFs pass qpdf --check" "" "$badpdf"
pdfinfo out/g7-del01.pdf 2>/dev/null | grep -q '^Title: *Generated dossier 7 for del01$' && ok "variables reach the layout ({{ vars.delegation }} in the title)" ||
	bad "variables reach the layout" "$(pdfinfo out/g7-del01.pdf 2>&1 | grep Title)"
grep -q '"inputs_hash": "xxh3-128:[0-9a-f]\{32\}"' r1.json && ok "report: inputs hash" || bad "report: inputs hash"
expect "state: no record beside the PDFs" "" "$(find out -name '*dossier-hash*')"
expect "state: the records in .dossier-state beside the manifest" "$total" "$(nrec .dossier-state)"
grep -q '"pages": [1-9]' r1.json && grep -q '"bytes": [1-9]' r1.json && ok "report: pages and bytes" || bad "report: pages and bytes"
tail -1 "$tmp/out" | grep -q "^dossier batch: $total dossiers: $total built, 0 up to date, 0 failed in " &&
	ok "one-line summary" || bad "one-line summary" "$(tail -1 "$tmp/out")"

s=$(st "$DOSSIER" batch nightly.yaml --report r2.json)
expect "second run: exit status" 0 "$s"
expect "second run: nothing built" "0 $total" "$(count r2.json built) $(count r2.json up-to-date)"
grep -c '"inputs_hash": null' r2.json >/dev/null && bad "second run: inputs hashes in the report" || ok "second run: inputs hashes in the report"
# the same hashes as the first run
expect "second run: same inputs hashes" "$(grep -o 'xxh3-128:[0-9a-f]*' r1.json | sort | md5sum)" \
	"$(grep -o 'xxh3-128:[0-9a-f]*' r2.json | sort | md5sum)"

s=$(cd / && st "$DOSSIER" batch "$P/nightly.yaml" --report "$P/r2b.json")
expect "a run from another directory: nothing built" "0 0" "$s $(count r2b.json built)"
expect "a run from another directory: the same report" "$(untimed r2.json)" "$(untimed r2b.json | sed "s|\"$P/nightly.yaml\"|\"nightly.yaml\"|")"

touch gen/data/d3.csv gen/l5.yaml fonts/NotoSerif-Regular.ttf
s=$(st "$DOSSIER" batch nightly.yaml --report r3.json)
expect "touch(1) alone: nothing built (content hashes)" "0 0" "$s $(count r3.json built)"

printf 'delta,99\n' >>gen/data/d3.csv
s=$(st "$DOSSIER" batch nightly.yaml --report r4.json)
want=$((2 * nd))
expect "one data file edited: exit status" 0 "$s"
expect "one data file edited: exactly the $want dossiers that use it" "$want" "$(count r4.json built)"
others=$(grep '"status": "built"' r4.json | grep -v '"name": "g\(3\|13\)-' | wc -l | tr -d ' ')
expect "one data file edited: only gen/l3 and gen/l13 dossiers" 0 "$others"
s=$(st "$DOSSIER" batch nightly.yaml -n)
expect "dry run after that: nothing to build" "0 0" "$s $(grep -c '^build ' "$tmp/out" || true)"

# reasons in a dry run; output gone or replaced
rm out/g1-del00.pdf
printf 'not a pdf\n' >out/g2-del00.pdf
printf 'epsilon,5\n' >>gen/data/d4.csv
s=$(st "$DOSSIER" batch nightly.yaml -n)
grep -q '^build out/g1-del00.pdf: the output is missing' "$tmp/out" && ok "dry run: a missing output is named" || bad "dry run: a missing output is named" "$(head -3 "$tmp/out")"
grep -q '^build out/g2-del00.pdf: the output is not the recorded one' "$tmp/out" && ok "dry run: a replaced output is named" || bad "dry run: a replaced output is named"
grep -q '^build out/g4-del00.pdf: gen/data/d4.csv changed' "$tmp/out" && ok "dry run: the changed input is named" || bad "dry run: the changed input is named"
[ -f out/g1-del00.pdf ] && bad "dry run builds nothing" || ok "dry run builds nothing"
s=$(st "$DOSSIER" batch nightly.yaml --report r5.json)
expect "repair: missing, replaced and changed outputs rebuilt" "0 $((2 + 2 * nd))" "$s $(count r5.json built)"
qpdf --check out/g2-del00.pdf >/dev/null 2>&1 && ok "repair: the replaced output is a PDF again" || bad "repair: the replaced output is a PDF again"

# ---- 2. variables, the environment, --force: a small manifest ----
S=$tmp/s
mkproject "$S"
cd "$S"
manifest "$S" 2 2
"$DOSSIER" batch nightly.yaml -q >/dev/null 2>&1 || true
s=$(st env SOURCE_DATE_EPOCH=1700000000 "$DOSSIER" batch nightly.yaml --report r.json)
expect "SOURCE_DATE_EPOCH changed: every dossier rebuilt" "0 4" "$s $(count r.json built)"
pdfinfo out/g0-del00.pdf 2>/dev/null | grep -q 'CreationDate:.*2023' && ok "SOURCE_DATE_EPOCH reaches the PDF" || bad "SOURCE_DATE_EPOCH reaches the PDF"
s=$(st "$DOSSIER" batch nightly.yaml --force --report r.json)
expect "--force rebuilds every dossier" "0 4" "$s $(count r.json built)"
manifest "$S" 2 2 "  - {name: extra, layout: gen/l0.yaml, vars: {delegation: alpha}}"
s=$(st "$DOSSIER" batch nightly.yaml --report r.json)
expect "a new dossier: only it is built" "0 1" "$s $(count r.json built)"
manifest "$S" 2 2 "  - {name: extra, layout: gen/l0.yaml, vars: {delegation: beta}}"
s=$(st "$DOSSIER" batch nightly.yaml --report r.json)
expect "a variable changed: only its dossier is rebuilt" "0 1" "$s $(grep '"status": "built"' r.json | grep -c '"name": "extra"')"
pdfinfo out/extra.pdf 2>/dev/null | grep -q '^Title: *Generated dossier 0 for beta$' && ok "a variable changed: the new value in the PDF" || bad "a variable changed: the new value in the PDF"
s=$(st "$DOSSIER" batch nightly.yaml -j 1 --report r.json)
expect "-j 1, nothing changed: nothing built" "0 0" "$s $(count r.json built)"
# records are not flushed to disk: one a crash left empty, cut short or
# zero-filled is read as none, and its dossier is built again (and recorded)
recs=$(ls .dossier-state/*.record | head -3)
set -- $recs
: >"$1"
head -c 150 "$2" >"$2.cut" && mv "$2.cut" "$2"
sz=$(wc -c <"$3")
head -c "$sz" /dev/zero >"$3"
s=$(st "$DOSSIER" batch nightly.yaml -n)
expect "torn records (empty, cut short, zeros): read as none" "0 3" "$s $(grep -c '^build .*: not built before (no record)$' "$tmp/out")"
s=$(st "$DOSSIER" batch nightly.yaml --report r.json)
expect "torn records: their 3 dossiers built again" "0 3" "$s $(count r.json built)"
s=$(st "$DOSSIER" batch nightly.yaml --report r.json)
expect "torn records: then up to date" "0 0" "$s $(count r.json built)"
# a layout that now reads one more file: a worker hashes the files the
# record lists before the build, so the new list is hashed by a load-only
# pass and the dossier built again; recorded, so the next run builds nothing
printf '  - article: ../input/un-congress-2021/overview.md\n' >>gen/l1.yaml
s=$(st "$DOSSIER" batch nightly.yaml --report r.json)
expect "a layout reads one more file: its 2 dossiers built" "0 2" "$s $(count r.json built)"
grep -q "built again next run" "$tmp/out" && bad "a layout reads one more file: recorded" "$(cat "$tmp/out")" || ok "a layout reads one more file: recorded"
s=$(st "$DOSSIER" batch nightly.yaml --report r.json)
expect "a layout reads one more file: the next run builds nothing" "0 0" "$s $(count r.json built)"
(cd "$S" && "$DOSSIER" build -q gen/l1.yaml -o "$tmp/one.pdf" --var delegation=del01 --allow-path . >/dev/null 2>&1) || true
cmp -s "$tmp/one.pdf" out/g1-del01.pdf && ok "a layout reads one more file: dossier build's bytes" || bad "a layout reads one more file: dossier build's bytes"
rm -f "$tmp/one.pdf"

# ---- 3. reproducible: two directories, two times ----
A=$tmp/repro-a
B=$tmp/repro-b
mkproject "$A"
mkproject "$B"
manifest "$A" 4 2 "  - {name: congress, layout: layouts/un-congress-2021.yaml}"
cp "$A/nightly.yaml" "$B/nightly.yaml"
(cd "$A" && "$DOSSIER" batch nightly.yaml -q --report r.json >/dev/null 2>&1) || true
sleep 1
(cd "$B" && TZ=Asia/Ho_Chi_Minh "$DOSSIER" batch nightly.yaml -q -j 1 --report r.json >/dev/null 2>&1) || true
differ=""
n=0
for f in "$A"/out/*.pdf; do
	n=$((n + 1))
	cmp -s "$f" "$B/out/$(basename "$f")" || differ="$differ $(basename "$f")"
done
expect "two directories, two times: $n byte-identical PDFs" "9 " "$n $differ"
expect "two directories: the same inputs hashes" "$(grep -o 'xxh3-128:[0-9a-f]*' "$A/r.json" | sort | md5sum)" \
	"$(grep -o 'xxh3-128:[0-9a-f]*' "$B/r.json" | sort | md5sum)"
(cd "$A" && "$DOSSIER" build -q layouts/un-congress-2021.yaml -o "$tmp/single.pdf") || true
cmp -s "$tmp/single.pdf" "$A/out/congress.pdf" && ok "batch output = dossier build output" || bad "batch output = dossier build output"

# ---- 4. SIGKILL at random moments ----
K=$tmp/kill
mkproject "$K"
cd "$K"
manifest "$K" 10 2
"$DOSSIER" batch nightly.yaml -q >/dev/null 2>&1 || true
seed=$(( $(date +%s) % 1000 + $$ % 1000 ))
round=1
while [ $round -le 4 ]; do
	delay=$(awk -v s="$seed" -v r="$round" 'BEGIN { srand(s * 10 + r); printf "%.2f", 0.05 + rand() * 0.45 }')
	# odd rounds: the parent alone (its workers follow it); even rounds: the
	# whole process group, workers included, as a container runtime does
	if [ $((round % 2)) -eq 1 ]; then
		"$DOSSIER" batch nightly.yaml --force -q >/dev/null 2>&1 &
		pid=$!
		sleep "$delay"
		kill -9 "$pid" 2>/dev/null || true
		what="parent"
	else
		setsid "$DOSSIER" batch nightly.yaml --force -q >/dev/null 2>&1 &
		pid=$!
		sleep "$delay"
		kill -9 -- "-$pid" 2>/dev/null || kill -9 "$pid" 2>/dev/null || true
		what="process group"
	fi
	wait "$pid" 2>/dev/null || true
	sleep 0.2 # the workers' deaths are delivered asynchronously
	broken=""
	for f in out/*.pdf; do
		qpdf --check "$f" >/dev/null 2>&1 || broken="$broken $f"
	done
	expect "SIGKILL ($what) after ${delay}s: every output a complete PDF" "" "$broken"
	s=$(st "$DOSSIER" batch nightly.yaml --report r.json)
	expect "SIGKILL round $round: the next run finishes" "0 20" "$s $(ls out/*.pdf | wc -l | tr -d ' ')"
	broken=""
	for f in out/*.pdf; do
		qpdf --check "$f" >/dev/null 2>&1 || broken="$broken $f"
	done
	left=$(ls -A out | grep '\.tmp\.\|\.dossier-tmp\.' || true)
	expect "SIGKILL round $round: all valid, no temporary file left" " " "$broken $left"
	round=$((round + 1))
done
s=$(st "$DOSSIER" batch nightly.yaml --report r.json)
expect "after the kills: nothing left to build" "0 0" "$s $(count r.json built)"

# ---- 5. shards ----
H=$tmp/shard
mkproject "$H"
cd "$H"
manifest "$H" 6 3 "  - {name: congress, layout: layouts/un-congress-2021.yaml}"
cp -R "$H" "$tmp/full"
(cd "$tmp/full" && "$DOSSIER" batch nightly.yaml -q --report full.json >/dev/null 2>&1) || true
k=1
sum=0
while [ $k -le 4 ]; do
	s=$(st "$DOSSIER" batch nightly.yaml --shard $k/4 --report s$k.json)
	[ "$s" = 0 ] || bad "shard $k/4: exit status $s"
	sum=$((sum + $(count s$k.json built)))
	k=$((k + 1))
done
expect "shards 1/4 … 4/4: 19 dossiers built in all" 19 "$sum"
expect "shards: 19 PDFs" 19 "$(ls out/*.pdf | wc -l | tr -d ' ')"
dups=$(cat s1.json s2.json s3.json s4.json | grep -o '"output": "[^"]*"' | sort | uniq -d)
expect "shards: no dossier built twice" "" "$dups"
s=$(st "$DOSSIER" report merge s1.json s2.json s3.json s4.json -o all.json)
expect "report merge: exit status" 0 "$s"
if [ "$(untimed all.json)" = "$(untimed "$tmp/full/full.json")" ]; then ok "merged report = full run's report (times aside)"; else
	bad "merged report = full run's report" "$(untimed all.json | diff - "$(printf '%s' "$tmp/full/full.json")" | head -5)"
fi
s=$(st "$DOSSIER" report merge s1.json s2.json s2.json s4.json -o dup.json)
grep -q "is also in s2.json" "$tmp/err" && [ "$s" = 1 ] && ok "report merge: a shard given twice is an error" || bad "report merge: a shard given twice" "$s $(head -2 "$tmp/err")"
s=$(st "$DOSSIER" report merge s1.json s2.json s4.json -o part.json)
expect "report merge: a missing shard: exit status 1" 1 "$s"
grep -q '"missing": [1-9]' part.json && ok "report merge: missing dossiers counted" || bad "report merge: missing dossiers counted"
(cd "$tmp/full" && "$DOSSIER" batch nightly.yaml -q --report other.json >/dev/null 2>&1) || true
manifest "$tmp/full" 6 2
(cd "$tmp/full" && "$DOSSIER" batch nightly.yaml -q --report other.json >/dev/null 2>&1) || true
s=$(st "$DOSSIER" report merge s1.json "$tmp/full/other.json" -o x.json)
grep -q "another manifest" "$tmp/err" && ok "report merge: reports of another manifest refused" || bad "report merge: reports of another manifest refused" "$s $(head -2 "$tmp/err")"
"$DOSSIER" batch nightly.yaml --shard 2/4 -n >"$tmp/k2" 2>&1 || true
JOB_COMPLETION_INDEX=1 "$DOSSIER" batch nightly.yaml --shard auto/4 -n >"$tmp/auto" 2>&1 || true
cmp -s "$tmp/k2" "$tmp/auto" && ok "--shard auto/4 with JOB_COMPLETION_INDEX=1 = 2/4" || bad "--shard auto with JOB_COMPLETION_INDEX"
"$DOSSIER" batch nightly.yaml --shard 3/4 -n >"$tmp/k3" 2>&1 || true
SLURM_ARRAY_TASK_ID=5 SLURM_ARRAY_TASK_MIN=1 SLURM_ARRAY_TASK_STEP=2 "$DOSSIER" batch nightly.yaml --shard auto/4 -n >"$tmp/auto" 2>&1 || true
cmp -s "$tmp/k3" "$tmp/auto" && ok "--shard auto/4 with SLURM_ARRAY_TASK_ID=5 (1-7:2) = 3/4" || bad "--shard auto with SLURM_ARRAY_TASK_ID"

# ---- 6. a broken dossier among good ones ----
cd "$P"
sed 's/^  - section: "Figures"/  - sektion: "Figures"/' gen/l1.yaml >gen/broken.yaml
cat >broken.yaml <<'EOF'
dossier-manifest: 1
defaults: {output: "out-broken/{name}.pdf", vars: {delegation: x}}
dossiers:
  - {name: good-a, layout: gen/l0.yaml}
  - {name: broken, layout: gen/broken.yaml}
  - {name: good-b, layout: gen/l2.yaml}
EOF
s=$(st "$DOSSIER" batch broken.yaml --report rb.json)
expect "a broken dossier: exit status 1" 1 "$s"
expect "a broken dossier: the others build" "out-broken/good-a.pdf out-broken/good-b.pdf" "$(echo out-broken/*.pdf)"
grep -q '"name": "broken".*"status": "failed".*"error": {"file": "gen/broken.yaml", "line": 6, "col": 5, "message": "parts\[1\]: unknown part .sektion.; did you mean .section.?"}' rb.json &&
	ok "a broken dossier: the report names the error and its position" || bad "a broken dossier: the report names the error" "$(grep broken rb.json | head -2)"
grep -q "^gen/broken.yaml:6:5: error: parts\[1\]: unknown part 'sektion'" "$tmp/err" && ok "a broken dossier: its error on stderr" || bad "a broken dossier: its error on stderr" "$(head -3 "$tmp/err")"
grep -q "1 built\|2 built" "$tmp/out" && grep -q "1 failed" "$tmp/out" && ok "a broken dossier: the summary counts it" || bad "a broken dossier: summary" "$(tail -1 "$tmp/out")"
s=$(st "$DOSSIER" batch broken.yaml --report rb2.json)
expect "a broken dossier: tried again next run, the others up to date" "1 2 1" "$s $(count rb2.json up-to-date) $(count rb2.json failed)"

# ---- 7. manifest errors, copies, usage ----
cat >bad.yaml <<'EOF'
dossier-manifest: 1
dossiers:
  - {name: a, layout: gen/l0.yaml, ouput: "x.pdf"}
  - name: "b"
    layout: gen/l1.yaml
    matrix: {language: [en, vi]}
  - {name: c, layout: gen/l2.yaml, output: "out/{langage}.pdf", vars: {language: en}}
EOF
s=$(st "$DOSSIER" batch bad.yaml)
expect "manifest errors: exit status 1" 1 "$s"
grep -q "^bad.yaml:3:36: error: dossiers\[0\]: unknown key 'ouput'; did you mean 'output'?" "$tmp/err" && ok "manifest errors: file:line:col and did-you-mean" || bad "manifest errors: position" "$(head -3 "$tmp/err")"
grep -q "^bad.yaml:7:49: error: output: unknown name {langage}; did you mean {language}?" "$tmp/err" && ok "manifest errors: unknown {name} in a pattern" || bad "manifest errors: unknown {name}" "$(grep langage "$tmp/err")"
grep -q "nothing built" "$tmp/err" && [ ! -e x.pdf ] && [ ! -e out/b.pdf ] && ok "manifest errors: nothing built" || bad "manifest errors: nothing built"

printf 'name,title,delegation\nNguyen Van A,Minister,mps\nTran Thi B,Director,mfa\nLe Van C,Adviser,mps\n' >recipients.csv
cat >copies.yaml <<'EOF'
dossier-manifest: 1
dossiers:
  - name: "brief-{delegation}"
    layout: gen/l0.yaml
    output: "out-copies/{name}-{copy}-of-{copies}.pdf"
    matrix: {delegation: [mps, mfa]}
    recipients: {file: recipients.csv, match: delegation}
EOF
# a layout that names the recipient on its cover and in an article
cat >pc.md <<'EOF'
---
title: A personal note
---

This copy is for {{ recipient.name }} of {{ recipient.delegation }}.
EOF
cat >pc.yaml <<'EOF'
dossier: 1
document: {title: "Brief for {{ vars.delegation }}", date: 2021-03-15, language: en, prepared-for: "The delegations"}
fonts: {dir: fonts}
footer: {left: "For {{ recipient.name }} only", right: "Page {page} of {pages}"}
parts:
  - cover
  - article: pc.md
EOF
sed -i 's|layout: gen/l0.yaml|layout: pc.yaml|' copies.yaml
records=$(nrec .dossier-state)
s=$(st "$DOSSIER" batch copies.yaml --report rc.json)
expect "copies: one register 1…N for the whole manifest, whatever the matrix" \
	"0 out-copies/brief-mfa-3-of-3.pdf out-copies/brief-mps-1-of-3.pdf out-copies/brief-mps-2-of-3.pdf" \
	"$s $(echo out-copies/*.pdf)"
grep -q '"name": "brief-mfa", "copy": 3, "copies": 3' rc.json && ok "copies: numbered across the manifest in the report" || bad "copies: numbered in the report" "$(grep brief-mfa rc.json)"
hashes=$(grep -o 'xxh3-128:[0-9a-f]*' rc.json | sed 1d | sort -u | wc -l | tr -d ' ')
expect "copies: each copy its own inputs hash" 3 "$hashes"
f=out-copies/brief-mps-2-of-3.pdf
line="Copy 2 of 3 · prepared for Le Van C, Adviser (mps)"
pdftotext -q -f 1 -l 1 "$f" - | tr '\n' ' ' | grep -qF "$line" && ok "copies: the copy line on the cover" || bad "copies: the copy line on the cover"
cover=$(pdftotext -q -f 1 -l 1 "$f" - | tr '\n' ' ' | tr -s ' ')
case $cover in
*"Prepared for Le Van C, Adviser (mps)"*)
	case $cover in
	*"The delegations"*) bad "copies: the cover's Prepared for follows the recipient" "$cover" ;;
	*) ok "copies: the cover's Prepared for follows the recipient" ;;
	esac ;;
*) bad "copies: the cover's Prepared for follows the recipient" "$cover" ;;
esac
pdftotext -q "$f" - | tr '\n' ' ' | tr -s ' ' | grep -qF "This copy is for Le Van C of mps." && ok "copies: {{ recipient.name }} in an article" ||
	bad "copies: {{ recipient.name }} in an article" "$(head -3 "$tmp/err")"
n=$(pdfinfo "$f" 2>/dev/null | awk '/^Pages:/ {print $2}')
pdftotext -q -f "$n" -l "$n" "$f" - | tr '\n' ' ' | grep -qF "Copy 2 of 3" && ok "copies: the copy line in the footer of the last page" || bad "copies: the copy line in the footer"
pdftotext -q -f "$n" -l "$n" "$f" - | tr '\n' ' ' | grep -qF "For Le Van C only" && ok "copies: {{ recipient.name }} in a running line" || bad "copies: {{ recipient.name }} in a running line"
pdfinfo "$f" 2>/dev/null | grep -qF "$line" && ok "copies: the copy line in the metadata" || bad "copies: the copy line in the metadata" "$(pdfinfo "$f" | grep Subject)"
# per-group numbering when asked: each dossier of the matrix its own register
{ echo "copies: {numbering: per-group}"; sed 's|out-copies/|out-group/|' copies.yaml; } >group.yaml
s=$(st "$DOSSIER" batch group.yaml)
expect "copies: numbering: per-group restarts in each dossier" \
	"0 out-group/brief-mfa-1-of-1.pdf out-group/brief-mps-1-of-2.pdf out-group/brief-mps-2-of-2.pdf" "$s $(echo out-group/*.pdf)"
pdftotext -q -f 1 -l 1 out-group/brief-mfa-1-of-1.pdf - | tr '\n' ' ' | grep -qF "Copy 1 of 1 · prepared for Tran Thi B" &&
	ok "copies: per-group numbers on the cover" || bad "copies: per-group numbers on the cover"
# two entries with copies: one register by default, one per entry when asked
cat >entries.yaml <<'EOF'
dossier-manifest: 1
defaults: {layout: pc.yaml, recipients: {file: recipients.csv}}
dossiers:
  - {name: first, output: "out-e/{name}-{copy}-of-{copies}.pdf", vars: {delegation: x}}
  - {name: second, output: "out-e/{name}-{copy}-of-{copies}.pdf", vars: {delegation: y}}
EOF
"$DOSSIER" batch entries.yaml -n >"$tmp/out" 2>&1 || true
expect "copies: two entries share the manifest's register" \
	"out-e/first-1-of-6.pdf out-e/first-2-of-6.pdf out-e/first-3-of-6.pdf out-e/second-4-of-6.pdf out-e/second-5-of-6.pdf out-e/second-6-of-6.pdf" \
	"$(sed -n 's/^build \([^:]*\):.*/\1/p' "$tmp/out" | paste -s -d ' ' -)"
sed -i '1a copies: {numbering: per-entry}' entries.yaml
"$DOSSIER" batch entries.yaml -n >"$tmp/out" 2>&1 || true
expect "copies: numbering: per-entry" \
	"out-e/first-1-of-3.pdf out-e/first-2-of-3.pdf out-e/first-3-of-3.pdf out-e/second-1-of-3.pdf out-e/second-2-of-3.pdf out-e/second-3-of-3.pdf" \
	"$(sed -n 's/^build \([^:]*\):.*/\1/p' "$tmp/out" | paste -s -d ' ' -)"
# the recipient's fields in output names
cat >names.yaml <<'EOF'
dossier-manifest: 1
dossiers:
  - name: "brief-{delegation}"
    layout: pc.yaml
    matrix: {delegation: [mps, mfa]}
    output: "out-names/{recipient.delegation}/{copy} {recipient.name} ({recipient.title}).pdf"
    recipients: {file: recipients.csv, match: delegation}
EOF
s=$(st "$DOSSIER" batch names.yaml)
expect "copies: recipient fields in output names" \
	"0 out-names/mfa/3 Tran Thi B (Director).pdf|out-names/mps/1 Nguyen Van A (Minister).pdf|out-names/mps/2 Le Van C (Adviser).pdf" \
	"$s $(find out-names -name '*.pdf' | sort | paste -s -d '|' -)"
sed 's|{copy} {recipient.name}|{copy} {recipient.nmae}|' names.yaml >names-bad.yaml
s=$(st "$DOSSIER" batch names-bad.yaml)
grep -q "^names-bad.yaml:6:[0-9]*: error: output: unknown name {recipient.nmae}; did you mean {recipient.name}?" "$tmp/err" && [ "$s" = 1 ] &&
	ok "copies: a misspelt recipient field in an output name" || bad "copies: a misspelt recipient field" "$s $(head -2 "$tmp/err")"
# build state: in .dossier-state beside the manifest, nothing beside the PDFs
expect "state: no .dossier-hash beside the 9 PDFs" "9 0" \
	"$(find out-copies out-group out-names -name '*.pdf' 2>/dev/null | wc -l | tr -d ' ') $(find out-copies out-group out-names -name '*dossier-hash*' 2>/dev/null | wc -l | tr -d ' ')"
expect "state: one record per output in .dossier-state" $((records + 9)) "$(nrec .dossier-state)"
s=$(st "$DOSSIER" batch copies.yaml --report rc2.json)
expect "state: a no-change rerun of the copies builds nothing" "0 0 3" "$s $(count rc2.json built) $(count rc2.json up-to-date)"
# --state-dir and state-dir: put the records elsewhere
s=$(st "$DOSSIER" batch copies.yaml --state-dir "$tmp/st" --report rc3.json)
expect "state: --state-dir: a state directory without records builds again" "0 3 3" "$s $(count rc3.json built) $(nrec "$tmp/st")"
s=$(st "$DOSSIER" batch copies.yaml --state-dir "$tmp/st" --report rc3.json)
expect "state: --state-dir: a rerun builds nothing" "0 0" "$s $(count rc3.json built)"
{ echo "state-dir: st-key"; cat copies.yaml; } >copies-key.yaml
s=$(st "$DOSSIER" batch copies-key.yaml --report rc4.json)
expect "state: state-dir: in the manifest" "0 3 3" "$s $(count rc4.json built) $(nrec st-key)"
s=$(st "$DOSSIER" batch copies.yaml --state-dir "")
expect "usage: --state-dir without a directory" "2 dossier: --state-dir needs a directory, e.g. --state-dir .dossier-state" "$s $(head -1 "$tmp/err")"
# an earlier version's record beside a PDF is honoured once, then moved
L=$tmp/legacy
mkproject "$L"
printf 'dossier-manifest: 1\ndossiers:\n  - {name: one, layout: gen/l0.yaml, output: out/one.pdf, vars: {delegation: x}}\n' >"$L/m.yaml"
(cd "$L" && "$DOSSIER" batch m.yaml -q >/dev/null 2>&1) || true
mv "$L"/.dossier-state/*.record "$L/out/one.pdf.dossier-hash" 2>/dev/null || true
s=$(cd "$L" && st "$DOSSIER" batch m.yaml -n)
dry="$s $(head -1 "$tmp/out") $(find "$L/out" -name '*.dossier-hash' | wc -l | tr -d ' ')"
s=$(cd "$L" && st "$DOSSIER" batch m.yaml --report "$L/r.json")
moved="$s $(count "$L/r.json" built) $(nrec "$L/.dossier-state") $(find "$L/out" -name '*.dossier-hash' | wc -l | tr -d ' ')"
s=$(cd "$L" && st "$DOSSIER" batch m.yaml --report "$L/r.json")
expect "state: an old record beside the PDF is honoured (kept by a dry run), then moved to the state directory" \
	"0 up to date out/one.pdf 1 | 0 0 1 0 | 0 0" "$dry | $moved | $s $(count "$L/r.json" built)"

# --var: a layout that uses variables is previewed without a manifest
s=$(st "$DOSSIER" build pc.yaml -o var.pdf --var delegation=mps --var "recipient.name=Ann Lee" --var recipient.delegation=mps)
expect "--var: build" 0 "$s"
pdftotext -q var.pdf - | tr '\n' ' ' | tr -s ' ' | grep -qF "This copy is for Ann Lee of mps." && pdfinfo var.pdf | grep -q '^Title: *Brief for mps$' &&
	ok "--var: the values in the PDF" || bad "--var: the values in the PDF"
pdftotext -q -f 1 -l 1 var.pdf - | tr '\n' ' ' | tr -s ' ' | grep -qF "Prepared for Ann Lee" && ok "--var: Prepared for follows recipient.name" || bad "--var: Prepared for follows recipient.name"
s=$(st "$DOSSIER" check pc.yaml --var delegation=mps --var=recipient.name=Ann --var recipient.delegation=mps)
expect "--var: check" 0 "$s"
s=$(st "$DOSSIER" check pc.yaml)
grep -q "pc.yaml:2:30: error: {{ vars.delegation }}: the variable 'delegation' is not set (give it with --var delegation=VALUE" "$tmp/err" && [ "$s" = 1 ] &&
	ok "--var: check without it names the option" || bad "--var: check without it names the option" "$s $(head -1 "$tmp/err")"
printf 'fonts: {dir: fonts}\ndocument: {title: "T"}\nparts:\n  - text: "For {{ vars.name }}"\n' >vname.yaml
s=$(st "$DOSSIER" check vname.yaml)
expect "--var: {{ vars.name }} points to recipient.name" "1 vname.yaml:4:16: error: {{ vars.name }}: 'name' is not a variable; did you mean 'recipient.name' (the recipient of a numbered copy)?" "$s $(head -1 "$tmp/err")"
s=$(st "$DOSSIER" deps pc.yaml -o var.pdf --var delegation=mps --var recipient.name=Ann)
expect "--var: deps" "0 var.pdf:" "$s $(head -1 "$tmp/out" | cut -d' ' -f1)"
s=$(st "$DOSSIER" deps pc.yaml --var delegation)
expect "--var: no '=' is a usage error" "2 dossier: --var 'delegation': no '='" "$s $(head -1 "$tmp/err" | cut -d';' -f1)"
rm -f watch.pdf
timeout 20 "$DOSSIER" watch pc.yaml -o watch.pdf --var delegation=vn --var recipient.name=Watcher >"$tmp/wout" 2>&1 &
wpid=$!
i=0
while [ ! -s watch.pdf ] && [ $i -lt 75 ]; do sleep 0.2; i=$((i + 1)); done
sleep 0.5
kill "$wpid" 2>/dev/null || true
wait "$wpid" 2>/dev/null || true
pdfinfo watch.pdf 2>/dev/null | grep -q '^Title: *Brief for vn$' && ok "--var: watch" || bad "--var: watch" "$(cat "$tmp/wout")"
s=$(st "$DOSSIER" watch pc.yaml --var recipient.nmae=x)
expect "--var: watch refuses a bad name" "2 dossier: --var: unknown name 'recipient.nmae'; did you mean 'recipient.name'?" "$s $(head -1 "$tmp/err")"

mkdir -p afile-dir && : >afile
cat >nodir.yaml <<'EOF'
dossier-manifest: 1
dossiers:
  - {name: a, layout: gen/l0.yaml, output: "afile/a.pdf"}
EOF
s=$(st "$DOSSIER" batch nodir.yaml)
expect "an output directory that cannot be made: exit status 3" 3 "$s"
# a character that once aborted the process (U+FFFF, the line breaker's
# end mark): its dossier fails with the position, the others are built
printf -- '---\ntitle: Bad\n---\n\nHere \357\277\277 it is.\n' >nonchar.md
printf 'fonts: {dir: fonts}\ndocument: {title: "U+FFFF"}\nparts:\n  - article: nonchar.md\n' >nonchar.yaml
printf 'fonts: {dir: fonts}\ndocument: {title: "Good"}\nparts:\n  - text: "Fine."\n' >good.yaml
cat >nonchar-m.yaml <<'EOF'
dossier-manifest: 1
dossiers:
  - {name: nonchar, layout: nonchar.yaml, output: out-nc/nonchar.pdf}
  - {name: good, layout: good.yaml, output: out-nc/good.pdf}
EOF
s=$(st "$DOSSIER" batch nonchar-m.yaml --report nc.json)
expect "U+FFFF in an article: exit 1, the other dossier built" "1 out-nc/good.pdf" "$s $(echo out-nc/*.pdf)"
grep -q "nonchar.md:5:6: error: the text holds U+FFFF" "$tmp/err" && ok "U+FFFF: reported at the character, no abort" ||
	bad "U+FFFF: reported at the character" "$(head -3 "$tmp/err")"
expect "U+FFFF: the report lists one failed dossier" 1 "$(count nc.json failed)"
expect "usage: no manifest" 2 "$(st "$DOSSIER" batch)"
expect "usage: bad -j" 2 "$(st "$DOSSIER" batch nightly.yaml -j 0)"
expect "usage: bad --shard" 2 "$(st "$DOSSIER" batch nightly.yaml --shard 5/4)"
expect "usage: --shard auto without an index" 2 "$(st "$DOSSIER" batch nightly.yaml --shard auto/4)"
expect "usage: report without merge" 2 "$(st "$DOSSIER" report)"

# ---- 8. a worker that dies mid-batch ----
# A worker builds many dossiers one after another. One killed while it
# builds (SIGKILL, as the out-of-memory killer would; SIGSEGV would do, but
# under the sanitizers a crash ends with an exit status) fails that dossier
# alone, with the signal in its message; a fresh worker builds the dossiers
# after it, with the same bytes as separate builds, and the next run builds
# only the one.
C=$tmp/crash
mkproject "$C"
cd "$C"
manifest "$C" 6 2
for j in 1 2; do
	rm -rf out .dossier-state
	"$DOSSIER" batch nightly.yaml -j $j --report rk.json >"$tmp/out" 2>"$tmp/err" &
	bpid=$!
	# its first worker, found in /proc (procps may not be installed), is
	# stopped at once so that it cannot finish every dossier first, and
	# killed once the parent has surely handed it one
	i=0
	victim=""
	while [ -z "$victim" ] && [ $i -lt 2000 ]; do
		victim=$(cat /proc/"$bpid"/task/*/children 2>/dev/null | tr ' ' '\n' | grep . | head -1 || true)
		[ -n "$victim" ] || sleep 0.005
		i=$((i + 1))
	done
	[ -n "$victim" ] && kill -STOP "$victim" 2>/dev/null || true
	sleep 0.3
	[ -n "$victim" ] && kill -KILL "$victim" 2>/dev/null || true
	s=0
	wait "$bpid" || s=$?
	failed=$(grep '"status": "failed"' rk.json | sed 's/.*"name": "\([^"]*\)".*/\1/')
	expect "-j$j, a worker killed (SIGKILL): exit 3, one dossier failed, 11 built" "3 1 11" \
		"$s $(count rk.json failed) $(count rk.json built)"
	grep '"status": "failed"' rk.json | grep -q '"message": "the build was stopped by signal 9 (Killed)"' &&
		grep -q "^dossier: error: the build was stopped by signal 9" "$tmp/err" &&
		ok "-j$j, a worker killed: the dossier's error names the signal" ||
		bad "-j$j, a worker killed: the dossier's error names the signal" "$(grep failed rk.json) $(head -3 "$tmp/err")"
	# the last dossier of the manifest, after the one that failed, was built
	# by a worker started after the crash
	[ "$failed" != g5-del01 ] && [ -f out/g5-del01.pdf ] && ok "-j$j, a worker killed: the dossiers after it are built" ||
		bad "-j$j, a worker killed: the dossiers after it are built" "failed: $failed"
	differ=""
	for n in g4-del00 g5-del01; do
		[ "$n" = "$failed" ] && continue
		l=${n%-del*}
		"$DOSSIER" build -q "gen/l${l#g}.yaml" -o "$tmp/one.pdf" --var "delegation=${n#*-}" --allow-path . >/dev/null 2>&1 || true
		cmp -s "$tmp/one.pdf" "out/$n.pdf" && rm -f "$tmp/one.pdf" || differ="$differ $n"
	done
	expect "-j$j, a worker killed: later PDFs = dossier build's bytes" "" "$differ"
	expect "-j$j, a worker killed: no temporary file left" "" "$(ls -A out .dossier-state | grep 'dossier-tmp' || true)"
	s=$(st "$DOSSIER" batch nightly.yaml --report rk2.json)
	expect "-j$j, after the crash: the next run builds that dossier only" "0 1 $failed" \
		"$s $(count rk2.json built) $(grep '"status": "built"' rk2.json | sed 's/.*"name": "\([^"]*\)".*/\1/')"
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
