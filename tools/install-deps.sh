#!/bin/sh
# Install the Debian packages dossier needs to build, test and render its
# samples. As root it runs apt-get; otherwise it prints the command to run.
#   tools/install-deps.sh build    packages to build dossier and render samples
#   tools/install-deps.sh test     also the packages the test suite uses
#   tools/install-deps.sh deb      also the packaging tools (make deb, make package-test)
#   tools/install-deps.sh cluster  also a single-node Slurm with munge (make cluster-test)
# When another apt or dpkg holds the lock (unattended upgrades do), it waits
# for it up to DPKG_LOCK_TIMEOUT seconds (default 600) instead of failing.
set -eu
build="gcc make pkgconf libc6-dev libhpdf-dev libcairo2-dev libyaml-dev libmd4c-dev
libunibreak-dev libhyphen-dev hyphen-en-us hyphen-fr hyphen-es hyphen-ru libharfbuzz-dev libfreetype-dev
libutf8proc-dev libpng-dev zlib1g-dev libdeflate-dev libxxhash-dev libfribidi-dev librsvg2-dev libicu-dev fonts-noto-cjk"
test="$build libcmocka-dev poppler-utils qpdf mupdf-tools valgrind
python3-jsonschema python3-yaml groff-base man-db bsdextrautils fonts-dejavu-core"
deb="$build dpkg-dev debhelper fakeroot lintian debootstrap poppler-utils qpdf"
cluster="$build slurm-wlm munge"
case "${1:-build}" in
build) want=$build ;;
test) want=$test ;;
deb) want=$deb ;;
cluster) want=$cluster ;;
*) echo "usage: $0 build|test|deb|cluster" >&2; exit 2 ;;
esac
# npm fetches the CommonMark specification's examples (make conformance); a
# Node.js installed otherwise may bring its own npm
if [ "$want" = "$test" ] && ! command -v npm >/dev/null 2>&1; then
	want="$want npm"
fi
missing=""
for p in $want; do
	st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$st" in *" installed") ;; *) missing="$missing $p" ;; esac
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
	echo "dossier needs these Debian packages:$missing" >&2
	echo "install them with:  sudo apt-get install -y$missing" >&2
	exit 1
fi
echo "installing:$missing"
export DEBIAN_FRONTEND=noninteractive
# apt-get install waits for dpkg's locks itself (DPkg::Lock::Timeout); apt-get
# update does not wait for the lock of the package lists: it is tried again
# every 5 s while another apt holds that lock.
wait_s=${DPKG_LOCK_TIMEOUT:-600}
lock="-o DPkg::Lock::Timeout=$wait_s"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
t0=$(date +%s)
# shellcheck disable=SC2086
until apt-get $lock update -qq >"$log" 2>&1; do
	if ! grep -q 'Could not get lock' "$log" || [ $(($(date +%s) - t0 + 5)) -gt "$wait_s" ]; then
		cat "$log" >&2
		exit 1
	fi
	[ -n "${said:-}" ] || echo "waiting for another apt to release its lock ($(grep -m1 'Could not get lock' "$log" | sed 's/^E: //'))"
	said=1
	sleep 5
done
cat "$log"
# shellcheck disable=SC2086
apt-get $lock install -y -qq --no-install-recommends $missing >/dev/null
