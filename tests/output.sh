#!/bin/sh
# The output path, checked end to end (docs/errors.md, "The output is never
# a partial PDF"), and the options and environment parsed strictly:
#
#   - an output that is a FIFO or a device node is refused (exit 3) and left
#     as it was; so is one that is an input, through a symbolic or a hard
#     link, for build, batch (--report) and report merge;
#   - a batch whose outputs are one file through a linked directory;
#   - a full disk (a small tmpfs, as root): exit 3 with the system's
#     message, the previous PDF unchanged, no temporary file left;
#   - a killed run's temporary file is removed by the next run into the
#     directory; a running one's is not;
#   - SOURCE_DATE_EPOCH: only whole numbers up to the end of year 9999;
#   - encryption: two builds in the same second get different file IDs,
#     both open with their passwords; a password file with a byte order
#     mark and CRLF works with the password alone.
#
#   DOSSIER=build/release/dossier sh tests/output.sh
set -eu

: "${DOSSIER:?set DOSSIER to the dossier binary}"
case $DOSSIER in
/*) ;;
*) DOSSIER=$(cd "$(dirname "$DOSSIER")" && pwd)/$(basename "$DOSSIER") ;;
esac
unset DOSSIER_FONTS SOURCE_DATE_EPOCH
export NO_COLOR=1 LC_ALL=C
repo=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
mnt=""
cleanup() {
	if [ -n "$mnt" ]; then umount "$mnt" 2>/dev/null || true; fi
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/     /'; return 0; }
skip() { echo "skip $1"; }
# run "$@" with stderr in $tmp/err; prints the exit status
st() { timeout 120 "$@" >"$tmp/out" 2>"$tmp/err" && echo 0 || echo $?; }
# temporary files of dossier in a directory (hidden ones included)
tmpfiles() { ls -A "$1" | grep -E '\.dossier-tmp\.|\.tmp\.' || true; }

cd "$tmp"
cat >layout.yaml <<EOF
fonts: {dir: $repo/fonts}
document: {title: "Output checks", date: 2021-03-15}
parts:
  - text: "Hello."
EOF
cp layout.yaml layout.orig

# ---- FIFO and device nodes ----
mkfifo pipe.pdf
s=$(st "$DOSSIER" build layout.yaml -o pipe.pdf)
[ "$s" = 3 ] && [ -p pipe.pdf ] && grep -q "^pipe.pdf: error: the output is a FIFO" "$tmp/err" &&
	ok "-o FIFO: exit 3, the FIFO left as it was" || bad "-o FIFO refused" "$s $(cat "$tmp/err")"
[ -z "$(tmpfiles .)" ] && ok "-o FIFO: no temporary file" || bad "-o FIFO: no temporary file" "$(tmpfiles .)"
if [ "$(id -u)" = 0 ] && mknod null c 1 3 2>/dev/null; then
	# a twin of /dev/null in the scratch directory: the real one is never used
	s=$(st "$DOSSIER" build layout.yaml -o null)
	[ "$s" = 3 ] && [ -c null ] && grep -q "^null: error: the output is a character device" "$tmp/err" &&
		ok "-o a character device (as root): exit 3, the device left as it was" ||
		bad "-o a character device refused" "$s $(cat "$tmp/err")"
else
	skip "-o a character device: not root, or mknod failed"
fi
mkdir outdir.pdf
s=$(st "$DOSSIER" build layout.yaml -o outdir.pdf)
[ "$s" = 3 ] && grep -q "the output is a directory" "$tmp/err" && ok "-o a directory: exit 3, said so" ||
	bad "-o a directory" "$s $(cat "$tmp/err")"

# ---- the output is an input ----
ln -s layout.yaml link.pdf
s=$(st "$DOSSIER" build layout.yaml -o link.pdf)
[ "$s" = 3 ] && cmp -s layout.yaml layout.orig && grep -q "same file as the input 'layout.yaml'" "$tmp/err" &&
	ok "-o a symbolic link to the layout: exit 3, the layout unchanged" ||
	bad "-o a symbolic link to the layout" "$s $(cat "$tmp/err")"
ln layout.yaml hard.pdf
s=$(st "$DOSSIER" build layout.yaml -o hard.pdf)
[ "$s" = 3 ] && cmp -s layout.yaml layout.orig && ok "-o a hard link to the layout: exit 3, the layout unchanged" ||
	bad "-o a hard link to the layout" "$s $(cat "$tmp/err")"
rm -f link.pdf hard.pdf

# ---- batch: one file through a linked directory; the report ----
mkdir b && cp layout.yaml b/ && ln -s . b/same
cat >b/m.yaml <<'EOF'
dossier-manifest: 1
dossiers:
  - {name: a, layout: layout.yaml, output: o.pdf}
  - {name: b, layout: layout.yaml, output: same/o.pdf}
EOF
s=$(st "$DOSSIER" batch b/m.yaml -q)
[ "$s" = 1 ] && grep -q "^b/m.yaml:4:5: error: dossier 'b' writes 'b/same/o.pdf', the same file as 'b/o.pdf'" "$tmp/err" &&
	[ ! -e b/o.pdf ] && ok "batch: two outputs, one file through a linked directory: refused at the entry" ||
	bad "batch: one file through a linked directory" "$s $(cat "$tmp/err")"
cat >b/m.yaml <<'EOF'
dossier-manifest: 1
dossiers:
  - {name: a, layout: layout.yaml, output: o.pdf}
EOF
mkfifo b/report.json
s=$(st "$DOSSIER" batch b/m.yaml -q --report b/report.json)
[ "$s" = 3 ] && [ -p b/report.json ] && [ ! -e b/o.pdf ] && grep -q "^b/report.json: error: the output is a FIFO" "$tmp/err" &&
	ok "batch --report FIFO: exit 3 before anything is built" || bad "batch --report FIFO" "$s $(cat "$tmp/err")"
rm b/report.json
s=$(st "$DOSSIER" batch b/m.yaml -q --report b/r.json)
[ "$s" = 0 ] && ok "batch builds" || bad "batch builds" "$s $(cat "$tmp/err")"
cp b/r.json r.orig
ln -s r.json b/merged.json
s=$(st "$DOSSIER" report merge b/r.json -o b/merged.json)
[ "$s" = 3 ] && cmp -s b/r.json r.orig && ok "report merge -o a link to its input: exit 3, the input unchanged" ||
	bad "report merge -o its input" "$s $(cat "$tmp/err")"

# ---- killed runs' temporary files ----
mkdir k
sh -c 'exit 0' &
dead=$!
wait "$dead" || true
host=$(uname -n | tr -c 'A-Za-z0-9\n-' '-')
printf 'half a PDF' >"k/.out.pdf.dossier-tmp.$host.$dead.00112233aabbccdd"
printf 'half a PDF' >"k/.other.pdf.dossier-tmp.$host.$$.00112233aabbccdd"  # this shell: alive
printf 'half a PDF' >"k/.old.pdf.dossier-tmp.$host.$$.0011223344556677"
touch -d '2 days ago' "k/.old.pdf.dossier-tmp.$host.$$.0011223344556677"
# another machine's (a shared directory): its process cannot be asked
printf 'half a PDF' >"k/.far.pdf.dossier-tmp.elsewhere-$host.$dead.00112233aabbccdd"
s=$(st "$DOSSIER" build layout.yaml -o k/out.pdf)
left=$(tmpfiles k | sort | tr '\n' ' ')
[ "$s" = 0 ] && [ "$left" = ".far.pdf.dossier-tmp.elsewhere-$host.$dead.00112233aabbccdd .other.pdf.dossier-tmp.$host.$$.00112233aabbccdd " ] &&
	ok "a killed run's temporary file (dead process, or 2 days old) is removed; a running one's and another machine's are kept" ||
	bad "killed runs' temporary files" "$s left: $left"

# ---- SOURCE_DATE_EPOCH ----
for v in 99999999999999999 253402300800 -1 1e9 0x10 12abc; do
	s=$(SOURCE_DATE_EPOCH=$v st "$DOSSIER" build layout.yaml -o sde.pdf)
	if [ "$s" = 2 ] && [ ! -e sde.pdf ] && grep -q "SOURCE_DATE_EPOCH is '$v'" "$tmp/err"; then
		ok "SOURCE_DATE_EPOCH=$v: usage error naming the value"
	else
		bad "SOURCE_DATE_EPOCH=$v refused" "$s $(cat "$tmp/err")"
	fi
	rm -f sde.pdf
done
s=$(SOURCE_DATE_EPOCH=253402300799 st "$DOSSIER" build layout.yaml -o sde.pdf)
[ "$s" = 0 ] && pdfinfo sde.pdf | grep -q "^CreationDate: .* 9999" && ok "SOURCE_DATE_EPOCH=253402300799: the last second of 9999" ||
	bad "SOURCE_DATE_EPOCH at the end of 9999" "$s $(pdfinfo sde.pdf 2>&1 | grep -i date)"
s=$(st "$DOSSIER" batch b/m.yaml -q --force)
s2=$(SOURCE_DATE_EPOCH=1e9 st "$DOSSIER" batch b/m.yaml -q --force)
[ "$s" = 0 ] && [ "$s2" = 2 ] && ok "batch: a bad SOURCE_DATE_EPOCH is a usage error" || bad "batch: bad SOURCE_DATE_EPOCH" "$s $s2"

# ---- encryption ----
mkdir e
cat >e/layout.yaml <<EOF
fonts: {dir: $repo/fonts}
document: {title: "Same metadata", date: 2021-03-15}
security: {user-password-file: user.pw, owner-password-file: owner.pw}
parts:
  - text: "The same text."
EOF
# a byte order mark and CRLF, as an editor on Windows saves it
printf '\357\273\277user-pw\r\n' >e/user.pw
printf 'owner-pw\n' >e/owner.pw
same=no
try=1
while [ $try -le 5 ] && [ $same = no ]; do
	t0=$(date +%s)
	"$DOSSIER" build -q e/layout.yaml -o e/a.pdf &
	pa=$!
	"$DOSSIER" build -q e/layout.yaml -o e/b.pdf &
	pb=$!
	wait $pa || true
	wait $pb || true
	[ "$(date +%s)" = "$t0" ] && same=yes
	try=$((try + 1))
done
[ $same = yes ] || echo "note: the two encrypted builds never fell in one second"
ida=$(grep -a -o '/ID \[ <[0-9A-F]*>' e/a.pdf || true)
idb=$(grep -a -o '/ID \[ <[0-9A-F]*>' e/b.pdf || true)
[ -n "$ida" ] && [ -n "$idb" ] && [ "$ida" != "$idb" ] && ok "two encrypted builds started together (same metadata, same passwords): different file IDs" ||
	bad "encrypted builds: different file IDs" "$ida / $idb"
cmp -s e/a.pdf e/b.pdf && bad "encrypted builds differ" || ok "encrypted builds differ"
for f in a b; do
	qpdf --decrypt --password=user-pw e/$f.pdf e/$f-dec.pdf >/dev/null 2>&1 &&
		qpdf --decrypt --password=owner-pw e/$f.pdf e/$f-dec2.pdf >/dev/null 2>&1 &&
		pdftotext -q e/$f-dec.pdf - | grep -q "The same text" &&
		ok "encrypted $f.pdf: opens with the user password (file with BOM and CRLF) and the owner password" ||
		bad "encrypted $f.pdf decrypts" "$(qpdf --check --password=user-pw e/$f.pdf 2>&1 | tail -2)"
done

# ---- a full disk ----
if [ "$(id -u)" != 0 ]; then
	skip "full disk: not root (a tmpfs must be mounted)"
elif ! { mkdir full && mount -t tmpfs -o size=200k tmpfs full 2>/dev/null; }; then
	skip "full disk: cannot mount a tmpfs here"
else
	mnt=$tmp/full
	s=$(st "$DOSSIER" build layout.yaml -o full/out.pdf)
	if [ "$s" != 0 ]; then
		bad "full disk: the first build fits" "$s $(cat "$tmp/err")"
	else
		cp full/out.pdf good.pdf
		dd if=/dev/zero of=full/fill bs=1k >/dev/null 2>&1 || true
		sed 's/Hello\./Hello again, with more words./' layout.yaml >layout2.yaml
		s=$(st "$DOSSIER" build layout2.yaml -o full/out.pdf)
		[ "$s" = 3 ] && grep -q "^full/out.pdf: error: cannot write the PDF: No space left on device" "$tmp/err" &&
			ok "full disk: exit 3 with the system's message" || bad "full disk: exit 3, No space left on device" "$s $(cat "$tmp/err")"
		cmp -s good.pdf full/out.pdf && ok "full disk: the previous PDF unchanged" || bad "full disk: the previous PDF unchanged"
		[ -z "$(tmpfiles full)" ] && ok "full disk: no temporary file left" || bad "full disk: no temporary file left" "$(tmpfiles full)"
	fi
	umount "$mnt" && mnt=""
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
