#!/bin/sh
# Install the Debian packages dossier needs to build, test and render its
# samples. As root it runs apt-get; otherwise it prints the command to run.
#   tools/install-deps.sh build    packages to build dossier and render samples
#   tools/install-deps.sh test     also the packages the test suite uses
set -eu
build="gcc make pkgconf libc6-dev libhpdf-dev libcairo2-dev libyaml-dev libmd4c-dev
libunibreak-dev libhyphen-dev hyphen-en-us hyphen-fr hyphen-es hyphen-ru libharfbuzz-dev libfreetype-dev
libutf8proc-dev libpng-dev libxxhash-dev libfribidi-dev"
test="$build libcmocka-dev poppler-utils qpdf mupdf-tools valgrind
python3-jsonschema python3-yaml groff-base"
case "${1:-build}" in
build) want=$build ;;
test) want=$test ;;
*) echo "usage: $0 build|test" >&2; exit 2 ;;
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
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
