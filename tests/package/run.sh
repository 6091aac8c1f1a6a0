#!/bin/sh
# run.sh — the Debian package on a fresh Debian 12: `make deb`, then in a new
# Debian 12 root (debootstrap minbase, nothing of dossier's dependencies in it)
# `apt-get install ./dossier_VERSION_amd64.deb`, which must bring in every
# library and dictionary the program needs; with the installed program,
# `dossier new` + `dossier build` of the starter project and a build of an
# installed sample dossier, then `apt-get purge` must leave no file behind.
# The PDFs are checked on this machine with pdfinfo (and qpdf --check when
# installed).
#
# Run as root from the project's top directory: make package-test. Needs the
# network (debootstrap and apt-get use the machine's Debian mirror) and takes a
# few minutes; the minbase root is cached in /tmp/dossier-pkg-base.tar.
# Where debootstrap or chroot cannot run, the test says why and is skipped
# (exit 0, "SKIPPED" on the last line).
#
#   KEEP=1    keep the Debian root (its path is printed)
set -eu
repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"
skip() { echo "package-test: SKIPPED: $*"; exit 0; }
fail() { echo "package-test: FAIL: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || skip "needs root (debootstrap, chroot, mount)"
${MAKE:-make} --no-print-directory deb >/tmp/dossier-pkg-make.log 2>&1 ||
	{ tail -30 /tmp/dossier-pkg-make.log >&2; fail "make deb failed (log: /tmp/dossier-pkg-make.log)"; }
version=$(sed -n 's/^VERSION := //p' Makefile)
deb=build/deb/dossier_${version}_$(dpkg --print-architecture).deb
[ -f "$deb" ] || fail "make deb did not make $deb"
# A copy of its own, which a later make deb cannot remove under the test.
PKG=$(mktemp -d /tmp/dossier-pkg.XXXXXX)
trap 'rm -rf "$PKG"' EXIT
cp "$deb" "$PKG/"
echo "package-test: built $deb ($(wc -c <"$deb") bytes); lintian: $(grep -c '^E:' build/deb/lintian.txt || true) errors, $(grep -c '^W:' build/deb/lintian.txt || true) warnings"

# ---- a fresh Debian 12 root ----
sources=/etc/apt/sources.list.d/debian.sources
mirror=$(awk '/^URIs:/{print $2; exit}' "$sources" 2>/dev/null || true)
[ -n "$mirror" ] || mirror=http://deb.debian.org/debian
BASE=/tmp/dossier-pkg-base.tar
if [ ! -f "$BASE" ]; then
	echo "package-test: debootstrap bookworm (minbase) from $mirror"
	tmp=$(mktemp -d /tmp/dossier-pkg-base.XXXXXX)
	chmod 755 "$tmp"
	debootstrap --variant=minbase bookworm "$tmp" "$mirror" >/tmp/dossier-pkg-debootstrap.log 2>&1 || {
		rm -rf "$tmp"
		skip "debootstrap failed (no network or no mirror?): $(tail -n 2 /tmp/dossier-pkg-debootstrap.log | tr '\n' ' ')"
	}
	tar -C "$tmp" -cf "$BASE.tmp.$$" . && mv "$BASE.tmp.$$" "$BASE"
	rm -rf "$tmp"
fi
ROOT=$(mktemp -d /tmp/dossier-pkg-root.XXXXXX)
cleanup() {
	umount -l "$ROOT/proc" 2>/dev/null || true
	umount -l "$ROOT/dev" 2>/dev/null || true
	if [ "${KEEP:-0}" = 1 ]; then echo "package-test: Debian root kept: $ROOT"; else rm -rf "$ROOT"; fi
	rm -rf "$PKG"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP
tar -C "$ROOT" -xf "$BASE"
chmod 755 "$ROOT" # mktemp made it 0700, and so did the base for "."
if [ -f "$sources" ]; then
	rm -f "$ROOT/etc/apt/sources.list"
	cp "$sources" "$ROOT/etc/apt/sources.list.d/"
fi
cp /etc/resolv.conf "$ROOT/etc/resolv.conf" 2>/dev/null || true
mkdir -p "$ROOT/work"
cp "$PKG/$(basename "$deb")" "$ROOT/work/"
mount -t proc proc "$ROOT/proc" || skip "cannot mount /proc in the Debian root"
mount --bind /dev "$ROOT/dev" || skip "cannot bind-mount /dev in the Debian root"
inroot() {
	chroot "$ROOT" /usr/bin/env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin TERM=dumb \
		LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive sh -ec "$1"
}
inroot true || skip "cannot chroot into the Debian root"
inroot '! command -v dossier && ! dpkg -s libhpdf-2.3.0 >/dev/null 2>&1' ||
	fail "the fresh root already has dossier or libharu"

# ---- install, use, purge ----
debname=$(basename "$deb")
inroot "apt-get -o DPkg::Lock::Timeout=600 update -qq &&
	apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends ./work/$debname" \
	>/tmp/dossier-pkg-apt.log 2>&1 ||
	{ tail -20 /tmp/dossier-pkg-apt.log >&2; fail "apt-get install ./$debname failed (log: /tmp/dossier-pkg-apt.log)"; }
echo "package-test: apt-get install ./$debname: $(grep -c '^Setting up' /tmp/dossier-pkg-apt.log) packages set up"
inroot "dossier --version | head -1; command -v dossier" >"$ROOT/work/version.txt" ||
	fail "the installed dossier does not run"
[ "$(sed -n 2p "$ROOT/work/version.txt")" = /usr/bin/dossier ] || fail "dossier is not /usr/bin/dossier"
echo "package-test: installed $(head -1 "$ROOT/work/version.txt")"
for f in usr/share/man/man1/dossier.1.gz usr/share/man/man5/dossier-layout.5.gz \
	usr/share/dossier/fonts/NotoSerif-Regular.ttf usr/share/dossier/schema/layout.schema.json \
	usr/share/doc/dossier/copyright usr/share/doc/dossier/README.md usr/share/doc/dossier/nightly.md \
	usr/share/doc/dossier/examples/dossier-nightly.service usr/share/doc/dossier/examples/dossier-nightly.timer \
	usr/share/doc/dossier/examples/dossier-nightly.cron usr/share/doc/dossier/examples/nightly.sbatch; do
	[ -f "$ROOT/$f" ] || fail "the package did not install /$f"
done

# The starter project, built by a user other than root (the data files must
# be readable by everyone), and an installed sample (French, Spanish and
# Russian hyphenation).
inroot 'useradd -m analyst && su analyst -c "cd && dossier new brief && cd brief && dossier build briefing.yaml -o /tmp/brief.pdf"' \
	>"$ROOT/work/new.log" 2>&1 || { cat "$ROOT/work/new.log" >&2; fail "dossier new + dossier build failed"; }
inroot 'grep -q "schema=/usr/share/dossier/schema/layout.schema.json" /home/analyst/brief/briefing.yaml' ||
	fail "the starter layout does not name the installed schema: $(head -1 "$ROOT/home/analyst/brief/briefing.yaml")"
inroot 'dossier build /usr/share/dossier/layouts/six-languages.yaml -o /tmp/six.pdf' >"$ROOT/work/sample.log" 2>&1 ||
	{ cat "$ROOT/work/sample.log" >&2; fail "the installed sample dossier does not build"; }
for p in brief six; do
	pdf=$ROOT/tmp/$p.pdf
	[ -s "$pdf" ] || fail "/tmp/$p.pdf was not written"
	pages=$(pdfinfo "$pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
	[ "${pages:-0}" -ge 1 ] || fail "pdfinfo cannot read /tmp/$p.pdf"
	if command -v qpdf >/dev/null; then
		qpdf --check "$pdf" >/dev/null 2>&1 || fail "qpdf --check finds errors in /tmp/$p.pdf"
	fi
	echo "package-test: /tmp/$p.pdf: $pages pages, $(wc -c <"$pdf") bytes"
done

inroot 'apt-get purge -y -q dossier' >>/tmp/dossier-pkg-apt.log 2>&1 || fail "apt-get purge dossier failed"
for d in usr/bin/dossier usr/share/dossier usr/share/doc/dossier; do
	[ ! -e "$ROOT/$d" ] || fail "/$d is left after apt-get purge dossier"
done
echo "package-test: PASS: installed with apt-get on a fresh Debian 12, built the starter project and a sample, purged cleanly"
