#!/bin/sh
# Usability tests (issue #8): help and manual pages, `dossier new` (every
# feature of its starter builds, with `build` and `batch`), make
# install/uninstall into a temporary DESTDIR with the installed binary run on
# a starter project, the installed documentation and manual pages (paths
# that follow PREFIX; every key the samples use described: man_keys.py),
# README's quick start and the marked examples of docs/ run as written
# (doc_examples.py), the JSON Schemas kept in step with the loaders,
# golden files of the caret-style error output (and colour only on a
# terminal without NO_COLOR), `dossier watch` rebuilding after an edit, and
# `dossier fonts`.
#
#   DOSSIER=build/release/dossier sh tests/usability/run.sh
#   UPDATE=1 DOSSIER=… sh tests/usability/run.sh   rewrite caret/*.expected
#     from the actual output; read every changed file before committing it.
#
# MAKE, BUILD and PREFIX (set by `make usability`) are passed to the
# `make install` under test, so that it installs the binary being tested
# without rebuilding it. Waits are bounded (10 s each) and poll: no test
# depends on how fast the machine is.
set -u

: "${DOSSIER:?set DOSSIER to the dossier binary}"
case $DOSSIER in
/*) ;;
*) DOSSIER=$(cd "$(dirname "$DOSSIER")" && pwd)/$(basename "$DOSSIER") ;;
esac
[ -x "$DOSSIER" ] || { echo "run.sh: $DOSSIER is not executable" >&2; exit 2; }
MAKE=${MAKE:-make}
BUILD=${BUILD:-release}
PREFIX=${PREFIX:-/usr/local}

# the same results whatever the caller's environment
unset DOSSIER_FONTS LC_ALL NO_COLOR
export LC_MESSAGES=C LC_COLLATE=C

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d)
watch_pid=""
cleanup() {
	[ -n "$watch_pid" ] && kill "$watch_pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

pass=0
fail=0
skipped=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() {
	fail=$((fail + 1))
	echo "FAIL $1"
	[ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/     /'
	return 0
}
# check NAME COMMAND...: ok when the command succeeds
check() {
	name=$1
	shift
	if "$@" >"$tmp/out" 2>&1; then ok "$name"; else bad "$name" "$(head -n 8 "$tmp/out")"; fi
}
# status NAME WANT COMMAND...: ok when the command exits with WANT
status() {
	name=$1 want=$2
	shift 2
	"$@" >"$tmp/out" 2>&1
	got=$?
	if [ "$got" = "$want" ]; then ok "$name"; else bad "$name" "exit status $got, expected $want: $(head -n 4 "$tmp/out")"; fi
}
# contains NAME FILE TEXT: ok when FILE has TEXT (fixed string)
contains() {
	if grep -qF -- "$3" "$2"; then ok "$1"; else bad "$1" "no '$3' in: $(head -n 8 "$2")"; fi
}
# wait_for SECONDS COMMAND...: poll every 0.1 s until COMMAND succeeds
wait_for() {
	limit=$(($1 * 10))
	shift
	i=0
	while [ "$i" -lt "$limit" ]; do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}
sum() { cksum <"$1" 2>/dev/null; }
pages() { pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ {print $2}'; }

# ---------------------------------------------------------------- help, man
echo "== help and manual pages"
"$DOSSIER" --help >"$tmp/help" 2>&1
for c in new watch fonts; do
	contains "--help lists '$c'" "$tmp/help" "  $c "
	status "dossier $c --help" 0 "$DOSSIER" "$c" --help
done
status "dossier new without DIR is a usage error" 2 "$DOSSIER" new
status "dossier watch without LAYOUT is a usage error" 2 "$DOSSIER" watch
status "dossier fonts --bogus is a usage error" 2 "$DOSSIER" fonts --bogus
for m in man/dossier.1 man/dossier-layout.5; do
	if out=$(groff -man -Tutf8 -ww -z "$repo/$m" 2>&1) && [ -z "$out" ]; then
		ok "$m: groff -ww reports nothing"
	else
		bad "$m: groff -ww reports nothing" "$out"
	fi
	check "$m: man -l renders it" sh -c "MANWIDTH=80 man -l '$repo/$m' | grep -q 'SEE ALSO'"
done
# every command of the usage text and every option of --help is in dossier(1)
"$DOSSIER" >/dev/null 2>"$tmp/usage"
cmds=$(sed -n 's/^.*dossier \([a-z][a-z-]*\) .*/\1/p' "$tmp/usage" | sort -u)
missing=""
for c in $cmds; do
	grep -q "^\.B $c\$" "$repo/man/dossier.1" || missing="$missing $c"
done
if [ -z "$missing" ] && [ -n "$cmds" ]; then
	ok "dossier(1) documents every command ($(echo "$cmds" | tr "\n" " " | sed "s/ $//"))"
else
	bad "dossier(1) documents every command" "missing from SYNOPSIS:$missing"
fi
missing=""
for o in $(sed -n 's/^  \(-[a-zA-Z]\), \(--[a-z-]*\).*/\1 \2/p' "$tmp/help"); do
	grep -qF -- "$(echo "$o" | sed 's/-/\\-/g')" "$repo/man/dossier.1" || missing="$missing $o"
done
if [ -z "$missing" ]; then ok "dossier(1) documents every option of --help"; else bad "dossier(1) documents every option of --help" "missing:$missing"; fi

# ---------------------------------------------------------------- new
echo "== dossier new"
cd "$tmp" || exit 2
"$DOSSIER" new starter >"$tmp/new.out" 2>&1
st=$?
[ "$st" = 0 ] && ok "new starter" || bad "new starter" "exit status $st: $(cat "$tmp/new.out")"
for f in briefing.yaml input/facts.yaml input/sessions.csv input/background.md input/emblem.png manifest.yaml README.md; do
	[ -f "starter/$f" ] && ok "new wrote $f" || bad "new wrote $f"
done
check "the starter project checks" sh -c "cd starter && '$DOSSIER' check briefing.yaml"
check "the starter project builds" sh -c "cd starter && '$DOSSIER' build -q briefing.yaml"
n=$(pages starter/briefing.pdf)
[ "${n:-0}" -ge 3 ] && ok "the starter PDF has $n pages" || bad "the starter PDF has at least 3 pages" "pages: ${n:-none}"
# the starter teaches what the samples use: each feature is in its files and
# reaches the PDF
starter_has() { # NAME FILE REGEX
	grep -Eq -- "$3" "starter/$2" && ok "starter: $1" || bad "starter: $1" "no /$3/ in $2"
}
starter_has "data: sources" briefing.yaml '^data:'
starter_has "{{ }} in text" briefing.yaml '\{\{ *[a-z]+\.[a-z.-]+ *\}\}'
starter_has "{{ }} in an article" input/background.md '\{\{ *[a-z]+\.[a-z.-]+ *\}\}'
starter_has "a chart with an id" briefing.yaml '^ +id: chart:'
starter_has "a cover image" briefing.yaml 'cover: \{image: '
starter_has "an image in an article" input/background.md '^!\[[^]]+\]\([^)]+\.png'
starter_has "a footnote" input/background.md '^\[\^[a-z0-9-]+\]: '
starter_has "a cross-reference" input/background.md '\[\]\(#[a-z:-]+\)'
starter_has "the sources part" briefing.yaml '^  - sources'
starter_has "a source with cite:" input/facts.yaml '^ +cite: '
for f in briefing.yaml input/facts.yaml manifest.yaml; do
	starter_has "$f names its schema" "$f" '^# yaml-language-server: \$schema=/.+\.schema\.json$'
	sch=$(sed -n 's/^# yaml-language-server: \$schema=//p' "starter/$f")
	[ -n "$sch" ] && [ -f "$sch" ] && ok "starter: $f's schema exists" || bad "starter: $f's schema exists" "$sch"
done
pdftotext -q starter/briefing.pdf - 2>/dev/null | tr '\n' ' ' >"$tmp/starter.txt"
grep -q '{{' "$tmp/starter.txt" && bad "starter: no {{ left in the PDF" || ok "starter: no {{ left in the PDF"
contains "starter PDF: a cross-reference to the chart" "$tmp/starter.txt" "the chart “Seats booked by session” on page"
contains "starter PDF: the image's caption" "$tmp/starter.txt" "Figure 1. "
contains "starter PDF: the Sources part" "$tmp/starter.txt" "[1] Workshop programme"
[ "$(pdfimages -list starter/briefing.pdf 2>/dev/null | awk 'NR > 2' | wc -l)" -ge 2 ] &&
	ok "starter PDF: the image on the cover and in the article" ||
	bad "starter PDF: the image on the cover and in the article" "$(pdfimages -list starter/briefing.pdf 2>&1)"
check "the starter manifest builds" sh -c "cd starter && '$DOSSIER' batch -q manifest.yaml"
[ "$(ls starter/copies/*.pdf 2>/dev/null | wc -l)" = 2 ] && ok "the starter manifest makes two copies" ||
	bad "the starter manifest makes two copies" "$(ls starter/copies 2>&1)"
pdftotext -q starter/copies/briefing-2-of-2.pdf - 2>/dev/null | grep -q "Copy 2 of 2" &&
	ok "the second copy says so" || bad "the second copy says so"
# the font line names a directory that holds the fonts the project will use
fdir=$(sed -n 's/^fonts: the Noto fonts in \(\/.*\) (.*)$/\1/p' "$tmp/new.out")
[ -n "$fdir" ] && [ -f "$fdir/NotoSerif-Regular.ttf" ] && ok "new: the font line names the fonts' directory ($fdir)" ||
	bad "new: the font line names the fonts' directory" "$(grep '^fonts:' "$tmp/new.out")"
rm -rf starter/copies
# a project made beside a fonts/ directory: the line names that directory
mkdir -p "$tmp/beside" && ln -s "$repo/fonts" "$tmp/beside/fonts"
"$DOSSIER" new "$tmp/beside/proj" >"$tmp/new.out" 2>&1
fdir=$(sed -n 's/^fonts: the Noto fonts in \(\/.*\) (.*)$/\1/p' "$tmp/new.out")
[ "$fdir" = "$(cd "$repo/fonts" && pwd -P)" ] && ok "new beside fonts/: the font line names it" ||
	bad "new beside fonts/: the font line names it" "$(grep '^fonts:' "$tmp/new.out")"
(cd starter && find . | sort) >"$tmp/before"
status "new refuses a directory that is not empty" 1 "$DOSSIER" new starter
contains "the refusal says why" "$tmp/out" "exists and is not empty"
(cd starter && find . | sort) | cmp -s - "$tmp/before" && ok "the refusal changed nothing" || bad "the refusal changed nothing"
: >a-file
status "new refuses a file" 1 "$DOSSIER" new a-file
mkdir empty-dir
status "new accepts an empty directory" 0 "$DOSSIER" new -q empty-dir
status "new creates parent directories" 0 "$DOSSIER" new -q deep/er/project
status "new --copy-fonts" 0 "$DOSSIER" new --copy-fonts selfcontained
[ "$(ls selfcontained/fonts/*.ttf 2>/dev/null | wc -l)" -eq 8 ] && [ -f selfcontained/fonts/OFL.txt ] &&
	ok "--copy-fonts copied 8 fonts and OFL.txt" || bad "--copy-fonts copied 8 fonts and OFL.txt" "$(ls selfcontained/fonts 2>&1)"
(cd selfcontained && "$DOSSIER" deps briefing.yaml) >"$tmp/deps" 2>&1
contains "--copy-fonts: the project uses its own fonts" "$tmp/deps" "fonts/NotoSerif-Regular.ttf"
# (the system's hyphenation dictionary is an input too, but not the project's to carry)
if grep "^  /" "$tmp/deps" | grep -qv "^  /usr/share/hyphen/"; then bad "--copy-fonts: no file outside the project" "$(grep '^  /' "$tmp/deps")"; else ok "--copy-fonts: no file outside the project"; fi
mv selfcontained moved
check "--copy-fonts: the project builds after a move" sh -c "cd moved && '$DOSSIER' build -q briefing.yaml -o x.pdf"

# ---------------------------------------------------------------- install
echo "== make install DESTDIR=… (PREFIX=$PREFIX)"
dest=$tmp/dest
inst=$dest$PREFIX/bin/dossier
data=$dest$PREFIX/share/dossier
check "make install" "$MAKE" -C "$repo" --no-print-directory install DESTDIR="$dest" PREFIX="$PREFIX" build="$BUILD"
for f in "$PREFIX/bin/dossier" "$PREFIX/share/man/man1/dossier.1" "$PREFIX/share/man/man5/dossier-layout.5" \
	"$PREFIX/share/dossier/fonts/NotoSerif-Regular.ttf" "$PREFIX/share/dossier/fonts/OFL.txt" \
	"$PREFIX/share/dossier/schema/layout.schema.json" "$PREFIX/share/dossier/schema/facts.schema.json" \
	"$PREFIX/share/dossier/layouts/un-congress-2021.yaml" "$PREFIX/share/dossier/input/un-congress-2021/facts.yaml"; do
	[ -f "$dest$f" ] && ok "installed $f" || bad "installed $f"
done
[ -x "$inst" ] && ok "the installed binary is executable" || bad "the installed binary is executable"
"$inst" --version >"$tmp/version" 2>&1
if grep -Eq '^built with libharu [0-9][^,]*, cairo [0-9][^,]*, libyaml [0-9][^,]*, md4c [0-9]' "$tmp/version"; then
	ok "installed dossier --version names the library versions"
else
	bad "installed dossier --version names the library versions" "$(cat "$tmp/version")"
fi
mkdir -p "$tmp/elsewhere"
cd "$tmp/elsewhere" || exit 2
"$inst" new proj >"$tmp/new.out" 2>&1
st=$?
[ "$st" = 0 ] && ok "installed: new" || bad "installed: new" "exit status $st: $(cat "$tmp/new.out")"
# an installed binary's fonts are the installed ones, not ../fonts/ beside the project
fdir=$(sed -n 's/^fonts: the Noto fonts in \(\/.*\) (.*)$/\1/p' "$tmp/new.out")
if [ "$fdir" = "$(cd "$data/fonts" 2>/dev/null && pwd -P)" ]; then
	ok "installed: new names the installed fonts"
else
	bad "installed: new names the installed fonts" "$(grep '^fonts:' "$tmp/new.out")"
fi
check "installed: the starter project builds" sh -c "cd proj && '$inst' build -q briefing.yaml"
check "installed: the starter manifest builds" sh -c "cd proj && '$inst' batch -q manifest.yaml"
[ -s proj/briefing.pdf ] && ok "installed: the starter PDF is written" || bad "installed: the starter PDF is written"
schema_line=$(sed -n '1s/^# yaml-language-server: \$schema=//p' proj/briefing.yaml)
if [ -n "$schema_line" ] && [ -f "$schema_line" ]; then
	ok "installed: the starter layout names the installed schema"
else
	bad "installed: the starter layout names the installed schema" "$(head -n 1 proj/briefing.yaml)"
fi
"$inst" fonts >"$tmp/fonts" 2>&1
contains "installed: dossier fonts finds the installed fonts" "$tmp/fonts" "NotoSerif-Regular.ttf"
check "installed: the sample dossier builds" "$inst" build -q "$data/layouts/un-congress-2021.yaml" -o "$tmp/sample.pdf"
check "installed: man -l dossier.1" sh -c "MANWIDTH=80 man -l '$dest$PREFIX/share/man/man1/dossier.1' | grep -q 'dossier new'"
# the documentation travels with the program
doc=$dest$PREFIX/share/doc/dossier
for f in README.md layout.md articles.md facts.md statistics.md charts.md batch.md errors.md; do
	[ -f "$doc/$f" ] && ok "installed doc/dossier/$f" || bad "installed doc/dossier/$f"
done
for f in "$repo"/docs/*.md; do
	cmp -s "$f" "$doc/$(basename "$f")" || missing_doc="${missing_doc:-} $(basename "$f")"
done
[ -z "${missing_doc:-}" ] && ok "installed: every docs/*.md, unchanged" || bad "installed: every docs/*.md, unchanged" "$missing_doc"
# the installed README's links lead to the installed docs
broken=""
for l in $(grep -o '](\([^)#: ]*\)' "$doc/README.md" 2>/dev/null | sed 's/^](//' | sort -u); do
	case $l in
	/*) [ -e "$dest$l" ] || broken="$broken $l" ;;
	*) [ -e "$doc/$l" ] || broken="$broken $l" ;;
	esac
done
[ -z "$broken" ] && ok "installed: README's links resolve" || bad "installed: README's links resolve" "$broken"
# the manual pages name the installed paths, with no placeholder left
for m in man1/dossier.1 man5/dossier-layout.5; do
	f=$dest$PREFIX/share/man/$m
	if grep -n '@[A-Z]*@' "$f" >"$tmp/ph"; then bad "installed $m: no placeholder left" "$(head -n 3 "$tmp/ph")"; else ok "installed $m: no placeholder left"; fi
	contains "installed $m names $PREFIX/share/dossier" "$f" "$PREFIX/share/dossier/"
	contains "installed $m names $PREFIX/share/doc/dossier" "$f" "$PREFIX/share/doc/dossier/"
done
# a new user can use every key the samples use from the installed page alone
MANWIDTH=200 man -l "$dest$PREFIX/share/man/man5/dossier-layout.5" 2>/dev/null | col -bx >"$tmp/layout5.txt"
python3 "$here/man_keys.py" "$tmp/layout5.txt" "$repo"/layouts/*.yaml \
	--src "$repo"/src/load/load_layout.c "$repo"/src/load/load_chart.c "$repo"/src/load/load_facts.c \
	"$repo"/src/load/load_article.c "$repo"/src/load/load_table.c >"$tmp/mankeys" 2>&1
rc=$?
grep -E '^FAIL ' "$tmp/mankeys" | sed 's/^FAIL /FAIL dossier-layout(5): /'
p=$(grep -c '^ok ' "$tmp/mankeys")
f=$(grep -c '^FAIL ' "$tmp/mankeys")
pass=$((pass + p))
fail=$((fail + f))
echo "ok   dossier-layout(5) describes every key the samples use: $p checks"
if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then bad "man_keys.py ran" "$(tail -n 8 "$tmp/mankeys")"; fi
# the installed samples' $schema lines name the installed schemas
bad_schema=""
for f in "$data"/layouts/*.yaml "$data"/input/*/*.yaml; do
	s=$(sed -n '1s/^# yaml-language-server: \$schema=//p' "$f")
	[ -z "$s" ] && continue
	[ -f "$(dirname "$f")/$s" ] || bad_schema="$bad_schema ${f#$data/}:$s"
done
[ -z "$bad_schema" ] && ok "installed: the samples' \$schema lines resolve" || bad "installed: the samples' \$schema lines resolve" "$bad_schema"
cd "$tmp" || exit 2
check "make uninstall" "$MAKE" -C "$repo" --no-print-directory uninstall DESTDIR="$dest" PREFIX="$PREFIX" build="$BUILD"
left=$(find "$dest" -type f 2>/dev/null)
[ -z "$left" ] && ok "uninstall removed every installed file" || bad "uninstall removed every installed file" "$left"
# paths in the manual pages follow PREFIX (install-data needs no rebuild)
other=/opt/dossier-prefix-test
check "make install-data PREFIX=$other" "$MAKE" -C "$repo" --no-print-directory install-data DESTDIR="$tmp/dest2" PREFIX="$other"
for m in man1/dossier.1 man5/dossier-layout.5; do
	f=$tmp/dest2$other/share/man/$m
	contains "PREFIX=$other: $m names $other/share/dossier" "$f" "$other/share/dossier/"
	if [ ! -f "$f" ] || grep -n '/usr/local' "$f" >"$tmp/ul"; then bad "PREFIX=$other: $m does not name /usr/local" "$(head -n 3 "$tmp/ul")"; else ok "PREFIX=$other: $m does not name /usr/local"; fi
done
[ -f "$tmp/dest2$other/share/doc/dossier/layout.md" ] && ok "PREFIX=$other: docs in $other/share/doc/dossier" || bad "PREFIX=$other: docs in $other/share/doc/dossier"

# ---------------------------------------------------------------- schema
echo "== JSON Schemas (docs/schema)"
py=""
for p in /usr/bin/python3 python3; do
	if "$p" -c 'import jsonschema, yaml' 2>/dev/null; then py=$p; break; fi
done
if [ -z "$py" ]; then
	bad "python3 with jsonschema and yaml" "install python3-jsonschema python3-yaml (tools/install-deps.sh test)"
else
	"$py" "$here/schema_check.py" "$tmp/starter" "$tmp/moved" >"$tmp/schema" 2>&1
	rc=$?
	grep -E '^(ok|FAIL) ' "$tmp/schema" | sed 's/^ok /ok   schema: /; s/^FAIL /FAIL schema: /'
	p=$(grep -c '^ok ' "$tmp/schema")
	f=$(grep -c '^FAIL ' "$tmp/schema")
	pass=$((pass + p))
	fail=$((fail + f))
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then bad "schema_check.py ran" "$(tail -n 8 "$tmp/schema")"; fi
fi

# ---------------------------------------------------------------- docs
echo "== README and docs/ against the program (doc_examples.py)"
mkdir -p "$tmp/docs"
python3 "$here/doc_examples.py" "$DOSSIER" "$repo" "$tmp/docs" >"$tmp/docs.out" 2>&1
rc=$?
grep -E '^(ok|FAIL) ' "$tmp/docs.out" | sed 's/^ok /ok   /'
p=$(grep -c '^ok ' "$tmp/docs.out")
f=$(grep -c '^FAIL ' "$tmp/docs.out")
pass=$((pass + p))
fail=$((fail + f))
if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then bad "doc_examples.py ran" "$(tail -n 8 "$tmp/docs.out")"; fi

# ---------------------------------------------------------------- caret
echo "== caret-style error output (tests/usability/caret)"
cd "$here/caret" || exit 2
for y in *.yaml; do
	n=${y%.yaml}
	NO_COLOR=1 "$DOSSIER" check "$y" >"$tmp/stdout" 2>"$tmp/stderr"
	st=$?
	if [ "${UPDATE:-0}" = 1 ]; then
		cp "$tmp/stderr" "$n.expected"
		echo "updated $n.expected"
	fi
	if [ "$st" != 1 ]; then
		bad "caret $n" "exit status $st, expected 1"
	elif ! diff -u "$n.expected" "$tmp/stderr" >"$tmp/diff"; then
		bad "caret $n" "$(cat "$tmp/diff")"
	else
		ok "caret $n"
	fi
done
# a source line comes from the bytes the build read, never from reading the
# file again: a file whose content depends on who reads it (here the
# process's environment, allowed by --allow-path) is not echoed, and a text
# with NUL bytes is not shown at all
mkdir -p "$tmp/envcase"
ln -s /proc/self/environ "$tmp/envcase/env.md"
printf 'fonts: {dir: %s/fonts}\ndocument: {title: "Env"}\nparts:\n  - article: env.md\n' "$repo" >"$tmp/envcase/layout.yaml"
(cd "$tmp/envcase" && env -i DOSSIER_SECRET_MARK=hunter2 PATH="$PATH" NO_COLOR=1 "$DOSSIER" check --allow-path /proc layout.yaml) >"$tmp/stdout" 2>"$tmp/stderr"
if grep -q "env.md:1:[0-9]*: error" "$tmp/stderr" && ! grep -q hunter2 "$tmp/stderr"; then
	ok "no source line from /proc/self/environ"
else
	bad "no source line from /proc/self/environ" "$(cat -v "$tmp/stderr")"
fi
"$DOSSIER" check misspelt-key.yaml 2>"$tmp/stderr"
if grep -q "$(printf '\033')" "$tmp/stderr"; then bad "no colour when stderr is a file"; else ok "no colour when stderr is a file"; fi
if command -v script >/dev/null 2>&1 && ! script -qec true /dev/null >/dev/null 2>&1; then
	# a machine (or chroot) without /dev/pts cannot give us a terminal
	echo "skip colour on a terminal: no pseudo-terminal can be created here"
	skipped=$((skipped + 1))
elif command -v script >/dev/null 2>&1; then
	# script(1) runs the command on a pseudo-terminal
	script -qec "'$DOSSIER' check misspelt-key.yaml" /dev/null >"$tmp/tty" 2>&1
	if grep -q "$(printf '\033')\[" "$tmp/tty"; then ok "colour on a terminal"; else bad "colour on a terminal" "$(cat "$tmp/tty")"; fi
	grep -q "did you mean 'margins'" "$tmp/tty" && ok "on a terminal: the hint" || bad "on a terminal: the hint" "$(cat "$tmp/tty")"
	NO_COLOR=1 script -qec "'$DOSSIER' check misspelt-key.yaml" /dev/null >"$tmp/tty" 2>&1
	if grep -q "$(printf '\033')" "$tmp/tty"; then bad "NO_COLOR=1: no colour on a terminal" "$(cat -v "$tmp/tty")"; else ok "NO_COLOR=1: no colour on a terminal"; fi
	NO_COLOR='' script -qec "'$DOSSIER' check misspelt-key.yaml" /dev/null >"$tmp/tty" 2>&1
	if grep -q "$(printf '\033')\[" "$tmp/tty"; then ok "NO_COLOR empty: colour on a terminal"; else bad "NO_COLOR empty: colour on a terminal"; fi
else
	bad "script(1) (util-linux) to test colour on a terminal"
fi
cd "$tmp" || exit 2

# ---------------------------------------------------------------- watch
echo "== dossier watch"
"$DOSSIER" new -q w >/dev/null 2>&1
cd "$tmp/w" || exit 2
"$DOSSIER" watch briefing.yaml -o out.pdf >log 2>&1 &
watch_pid=$!
built() { [ "$(grep -c 'out.pdf: [0-9]* pages' log)" -ge "$1" ]; }
if wait_for 10 built 1; then ok "watch: first build"; else bad "watch: first build" "$(cat log)"; fi
contains "watch: says what it watches" log "watching briefing.yaml and "
s1=$(sum out.pdf)
printf '\nA paragraph added while watching.\n' >>input/background.md
if wait_for 10 built 2; then ok "watch: rebuilt after an article changed"; else bad "watch: rebuilt after an article changed" "$(cat log)"; fi
contains "watch: the change is named" log "changed: input/background.md"
s2=$(sum out.pdf)
[ "$s1" != "$s2" ] && ok "watch: the PDF changed" || bad "watch: the PDF changed"
pdftotext -q out.pdf - 2>/dev/null | tr '\n' ' ' | grep -q "A paragraph added while watching" &&
	ok "watch: the new text is in the PDF" || bad "watch: the new text is in the PDF"
sed 's/^  margins:/  margns:/' briefing.yaml >b.tmp && mv b.tmp briefing.yaml
if wait_for 10 grep -q "the last good PDF is kept" log; then ok "watch: an error keeps the last good PDF"; else bad "watch: an error keeps the last good PDF" "$(cat log)"; fi
contains "watch: prints the error with its hint" log "did you mean 'margins'?"
contains "watch: prints the caret line" log "      |   ^"
[ "$(sum out.pdf)" = "$s2" ] && ok "watch: the PDF is unchanged after the error" || bad "watch: the PDF is unchanged after the error"
# fix the layout and name a new article: it is watched from then on
printf -- '---\ntitle: "Added later"\n---\nFirst version.\n' >input/extra.md
sed 's/^  margns:/  margins:/' briefing.yaml >b.tmp && printf '  - article: input/extra.md\n' >>b.tmp && mv b.tmp briefing.yaml
if wait_for 10 built 3; then ok "watch: rebuilt after the fix"; else bad "watch: rebuilt after the fix" "$(cat log)"; fi
sed 's/First version/Second version/' input/extra.md >e.tmp && mv e.tmp input/extra.md
if wait_for 10 built 4; then ok "watch: a newly named file is watched"; else bad "watch: a newly named file is watched" "$(cat log)"; fi
pdftotext -q out.pdf - 2>/dev/null | grep -q "Second version" && ok "watch: the newly named file's text is in the PDF" ||
	bad "watch: the newly named file's text is in the PDF"
# editors save by writing a new file and renaming it over the old one, or by
# deleting the file and creating it again: each is a change to follow
n=$(grep -c 'out.pdf: [0-9]* pages' log)
{ cat input/background.md; printf '\nSaved by a rename.\n'; } >bg.swp && mv bg.swp input/background.md
if wait_for 10 built $((n + 1)); then ok "watch: rebuilt after a save by rename"; else bad "watch: rebuilt after a save by rename" "$(tail -n 5 log)"; fi
pdftotext -q out.pdf - 2>/dev/null | tr '\n' ' ' | grep -q "Saved by a rename" &&
	ok "watch: the renamed file's text is in the PDF" || bad "watch: the renamed file's text is in the PDF"
cp input/background.md bg.keep
errs=$(grep -c "cannot read 'input/background.md'" log)
rm input/background.md
# the build without the file fails; the file must stay watched all the same
gone() { [ "$(grep -c "cannot read 'input/background.md'" log)" -gt "$errs" ]; }
if wait_for 10 gone; then ok "watch: a deleted article is an error"; else bad "watch: a deleted article is an error" "$(tail -n 5 log)"; fi
n=$(grep -c 'out.pdf: [0-9]* pages' log)
{ cat bg.keep; printf '\nWritten again after a delete.\n'; } >input/background.md
if wait_for 10 built $((n + 1)); then ok "watch: rebuilt after delete and create"; else bad "watch: rebuilt after delete and create" "$(tail -n 5 log)"; fi
pdftotext -q out.pdf - 2>/dev/null | tr '\n' ' ' | grep -q "Written again after a delete" &&
	ok "watch: the recreated file's text is in the PDF" || bad "watch: the recreated file's text is in the PDF"
# U+FFFF once aborted the process, and the watcher with it
printf -- '---\ntitle: "Added later"\n---\nThird \357\277\277 version.\n' >e.tmp && mv e.tmp input/extra.md
if wait_for 10 grep -q "extra.md:4:7: error: the text holds U+FFFF" log; then ok "watch: U+FFFF reported at the character"; else bad "watch: U+FFFF reported at the character" "$(tail -n 5 log)"; fi
kill -0 "$watch_pid" 2>/dev/null && ok "watch: still running after U+FFFF" || bad "watch: still running after U+FFFF"
n=$(grep -c 'out.pdf: [0-9]* pages' log)
printf -- '---\ntitle: "Added later"\n---\nFourth version.\n' >e.tmp && mv e.tmp input/extra.md
if wait_for 10 built $((n + 1)); then ok "watch: rebuilt after U+FFFF was removed"; else bad "watch: rebuilt after U+FFFF was removed" "$(tail -n 5 log)"; fi
before=$(grep -c 'out.pdf: [0-9]* pages' log)
: >unrelated.txt
sleep 0.5
[ "$(grep -c 'out.pdf: [0-9]* pages' log)" = "$before" ] && ok "watch: other files do not trigger a build" || bad "watch: other files do not trigger a build" "$(tail -n 3 log)"
kill -INT "$watch_pid"
stopped() { ! kill -0 "$watch_pid" 2>/dev/null; }
if wait_for 10 stopped; then
	wait "$watch_pid"
	st=$?
	[ "$st" = 0 ] && ok "watch: Ctrl-C stops it with status 0" || bad "watch: Ctrl-C stops it with status 0" "status $st"
else
	bad "watch: Ctrl-C stops it" "still running"
	kill -KILL "$watch_pid" 2>/dev/null
fi
watch_pid=""
left=$(ls -A . | grep '\.dossier-tmp\.\|\.tmp\.' || true)
[ -n "$left" ] && bad "watch: no temporary file left" "$left" || ok "watch: no temporary file left"
cd "$tmp" || exit 2

# ---------------------------------------------------------------- fonts
echo "== dossier fonts"
status "fonts --dir fonts/" 0 "$DOSSIER" fonts --dir "$repo/fonts"
cp "$tmp/out" "$tmp/fonts"
contains "fonts: lists a file" "$tmp/fonts" "NotoSerif-Regular.ttf"
contains "fonts: family and style" "$tmp/fonts" 'family "Noto Serif", style "Regular"'
contains "fonts: embeddable" "$tmp/fonts" "TrueType (glyf outlines): can be embedded"
contains "fonts: Vietnamese covered" "$tmp/fonts" "vi: complete"
contains "fonts: Chinese not covered" "$tmp/fonts" "zh: missing "
grep -qE "^  NotoSerif +Regular, Bold, Italic, BoldItalic$" "$tmp/fonts" && ok "fonts: usable families" ||
	bad "fonts: usable families" "$(grep -A6 '^families' "$tmp/fonts")"
# a family with only some faces is usable; the others take the nearest face
grep -qE "^  DroidSansFallback +Regular \(Bold, Italic, BoldItalic: the nearest face it has\)$" "$tmp/fonts" &&
	ok "fonts: a Regular-only family is usable" ||
	bad "fonts: a Regular-only family is usable" "$(grep -A6 '^families' "$tmp/fonts")"
status "fonts LAYOUT" 0 "$DOSSIER" fonts "$repo/layouts/un-congress-2021.yaml"
contains "fonts LAYOUT: the layout's font directory" "$tmp/out" "$repo/fonts"
status "fonts: a missing directory" 1 "$DOSSIER" fonts --dir "$tmp/no-such-dir"
mkdir -p "$tmp/nofonts"
status "fonts: a directory without fonts" 1 "$DOSSIER" fonts --dir "$tmp/nofonts"
contains "fonts: says there are none" "$tmp/out" "no font files"
# a font whose licence bits forbid embedding: the same check as build's
mkdir -p "$tmp/lic"
python3 "$repo/tests/errors/mkfont.py" "$repo/fonts/NotoSans-Regular.ttf" "$tmp/lic/Lic-Regular.ttf" fstype=0002
"$DOSSIER" fonts --dir "$tmp/lic" >"$tmp/out" 2>&1
contains "fonts: a font whose licence forbids embedding is flagged" "$tmp/out" "cannot be embedded: its licence forbids embedding it"
# fonts the machine happens to have: a CFF font, and DejaVu's nested composites
otf=$(ls /usr/share/fonts/opentype/*/*.otf 2>/dev/null | head -n 1)
if [ -n "$otf" ]; then
	mkdir -p "$tmp/otf" && cp "$otf" "$tmp/otf/"
	"$DOSSIER" fonts --dir "$tmp/otf" >"$tmp/out" 2>&1
	contains "fonts: a CFF font cannot be embedded" "$tmp/out" "CFF (PostScript) outlines: cannot be embedded"
else
	echo "skip fonts: a CFF font (no .otf font on this machine)"
fi
if [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then
	"$DOSSIER" fonts --dir /usr/share/fonts/truetype/dejavu >"$tmp/out" 2>&1
	contains "fonts: DejaVu's Vietnamese composites are flagged" "$tmp/out" "which libharu 2.3.0 prints without some marks"
else
	echo "skip fonts: nested composites (no DejaVu Sans on this machine)"
fi

echo "$pass passed, $fail failed, $skipped skipped"
[ "$fail" -eq 0 ]
