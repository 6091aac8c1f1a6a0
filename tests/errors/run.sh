#!/bin/sh
# Error-message tests: every directory NN-name/ here is one bad input. The
# case is copied to a scratch directory and built from inside it:
#
#   NO_COLOR=1 $DOSSIER build layout.yaml -o out.pdf
#
# (or with the arguments in the case's 'args' file, one line, split on
# blanks; an empty 'args' file means no arguments at all). Then:
#
#   - the exit status must be the first line of 'expected', and below 128
#     (a signal, e.g. a crash, is always a failure);
#   - stderr, filtered to the diagnostic lines ("FILE:LINE:COL: error: …",
#     "dossier: error: …", warnings and notes) and the final
#     "dossier: N error(s); …" summary, must equal the rest of 'expected'.
#     Source snippets and caret lines (which start with a blank) are not
#     compared. When the second line of 'expected' is "# first-line-only",
#     only the first line of stderr is compared, unfiltered (usage errors,
#     which print the usage text after it);
#   - no out.pdf, no out.pdf.tmp.* and no other new file may be left behind.
#
# A case may hold a setup.sh, run in the scratch directory (with REPO set to
# the repository) before the build, to make inputs from the repository's
# files, such as a damaged copy of a font (tests/errors/mkfont.py).
#
# The scratch directory mirrors the repository's depth (tmp/tests/errors/NN-x
# with tmp/fonts -> the repository's fonts), so the layouts' fonts: dir:
# ../../../fonts resolves and paths in messages read as in the repository.
#
#   DOSSIER=build/release/dossier sh tests/errors/run.sh [NN-name …]
#   UPDATE=1 DOSSIER=… sh tests/errors/run.sh   rewrite 'expected' from the
#     actual output; read every changed file before committing it.
set -eu

: "${DOSSIER:?set DOSSIER to the dossier binary}"
case $DOSSIER in
/*) ;;
*) DOSSIER=$(cd "$(dirname "$DOSSIER")" && pwd)/$(basename "$DOSSIER") ;;
esac
[ -x "$DOSSIER" ] || { echo "run.sh: $DOSSIER is not executable" >&2; exit 2; }

# the same results whatever the caller's environment
unset DOSSIER_FONTS LC_ALL
export LC_MESSAGES=C LC_COLLATE=C

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
ln -s "$repo/fonts" "$tmp/fonts"
mkdir -p "$tmp/tests/errors"

pass=0
fail=0

# filter < stderr > diagnostics
filter() {
	grep -E '^[^ ].*: (error|warning|note): |^dossier: [0-9]+ errors?; ' || true
}

run_case() {
	src=$1
	name=$(basename "$src")
	work=$tmp/tests/errors/$name
	rm -rf "$work"
	cp -R "$src" "$work"
	rm -f "$work/expected" "$work/args"
	# inputs made from the repository's files (e.g. a damaged copy of a
	# font) rather than kept: the case's setup.sh makes them first
	if [ -f "$work/setup.sh" ]; then
		(cd "$work" && REPO="$repo" sh ./setup.sh) || echo "setup.sh of $name failed" >&2
		rm -f "$work/setup.sh"
	fi
	(cd "$work" && find . | sort) >"$tmp/before"
	if [ -f "$src/args" ]; then
		args=$(head -n 1 "$src/args")
	else
		args="build layout.yaml -o out.pdf"
	fi
	set +e
	# $args is split on blanks on purpose
	# shellcheck disable=SC2086
	(cd "$work" && NO_COLOR=1 exec "$DOSSIER" $args) >"$tmp/stdout" 2>"$tmp/stderr"
	status=$?
	set -e

	first_only=0
	if [ -f "$src/expected" ] && [ "$(sed -n 2p "$src/expected")" = "# first-line-only" ]; then
		first_only=1
	fi
	if [ "$first_only" = 1 ]; then
		head -n 1 "$tmp/stderr" >"$tmp/actual"
	else
		filter <"$tmp/stderr" >"$tmp/actual"
	fi

	if [ "${UPDATE:-0}" = 1 ]; then
		{
			echo "$status"
			[ "$first_only" = 1 ] && echo "# first-line-only"
			cat "$tmp/actual"
		} >"$src/expected"
		echo "updated $name"
	fi

	why=""
	if [ ! -f "$src/expected" ]; then
		why="no expected file"
	else
		want_status=$(head -n 1 "$src/expected")
		if [ "$first_only" = 1 ]; then
			sed 1,2d "$src/expected" >"$tmp/expected"
		else
			sed 1d "$src/expected" >"$tmp/expected"
		fi
		if [ "$status" -ge 128 ]; then
			why="killed by signal $((status - 128))"
		elif [ "$status" != "$want_status" ]; then
			why="exit status $status, expected $want_status"
		fi
		if ! diff -u "$tmp/expected" "$tmp/actual" >"$tmp/diff"; then
			why="${why:+$why; }stderr differs"
		fi
		# out.pdf, out.pdf.tmp.* or any other file the run made
		leftover=$( (cd "$work" && find . | sort) | comm -13 "$tmp/before" - | sed 's|^\./||')
		if [ -n "$leftover" ]; then
			why="${why:+$why; }left behind: $(printf '%s\n' "$leftover" | paste -s -d ' ' -)"
		fi
	fi
	if [ -z "$why" ]; then
		pass=$((pass + 1))
		echo "ok $name"
	else
		fail=$((fail + 1))
		echo "FAIL $name: $why"
		[ -s "$tmp/diff" ] && sed 's/^/    /' "$tmp/diff"
		echo "    --- full stderr:"
		sed 's/^/    | /' "$tmp/stderr"
	fi
	rm -f "$tmp/diff"
	rm -rf "$work"
}

if [ $# -gt 0 ]; then
	for n in "$@"; do
		run_case "$here/${n%/}"
	done
else
	for d in "$here"/[0-9]*/; do
		[ -d "$d" ] || continue
		run_case "${d%/}"
	done
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
