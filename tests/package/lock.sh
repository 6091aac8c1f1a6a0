#!/bin/sh
# lock.sh — tools/install-deps.sh waits for apt's locks instead of failing
# when another apt or dpkg (unattended upgrades) holds them.
#
# A background process takes apt's locks the way apt does (fcntl locks on
# /var/lib/dpkg/lock-frontend, /var/lib/dpkg/lock and /var/lib/apt/lists/lock)
# for HOLD seconds. install-deps.sh is run meanwhile with a dpkg-query that
# reports one installed package (hyphen-en-us) as missing, so that it runs
# apt-get update and apt-get install for it, which changes nothing on the
# machine. It must succeed, after the locks are released; with
# DPKG_LOCK_TIMEOUT=0 (apt's old behaviour) it must fail at once.
#
# Run as root: sh tests/package/lock.sh. Needs python3 and the network (apt-get
# update). Other apt commands on the machine wait (or fail) during HOLD.
set -eu
repo=$(cd "$(dirname "$0")/../.." && pwd)
HOLD=${HOLD:-6}
fail() { echo "lock-test: FAIL: $*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || { echo "lock-test: SKIPPED: needs root"; exit 0; }
dpkg-query -W -f='${Status}' hyphen-en-us 2>/dev/null | grep -q ' installed$' ||
	fail "hyphen-en-us is not installed (tools/install-deps.sh build installs it)"

W=$(mktemp -d /tmp/dossier-lock.XXXXXX)
holder=""
trap '[ -z "$holder" ] || kill "$holder" 2>/dev/null || true; rm -rf "$W"' EXIT
# dpkg-query that says hyphen-en-us is not installed, the real one otherwise.
real=$(command -v dpkg-query)
cat >"$W/dpkg-query" <<EOF
#!/bin/sh
for a; do [ "\$a" = hyphen-en-us ] && { echo "unknown ok not-installed"; exit 0; }; done
exec $real "\$@"
EOF
chmod +x "$W/dpkg-query"
# apt-get that notes whether the lock holder still runs when an install starts.
realapt=$(command -v apt-get)
cat >"$W/apt-get" <<EOF
#!/bin/sh
case " \$* " in *" install "*)
	if [ -n "\${HOLDER:-}" ] && kill -0 "\$HOLDER" 2>/dev/null; then echo held; else echo free; fi >"$W/at-install" ;;
esac
exec $realapt "\$@"
EOF
chmod +x "$W/apt-get"

hold() { # SECONDS [LOCK...]: hold apt's locks (default: all three), print "locked" once held
	python3 -c '
import fcntl, sys, time
fs = []
for p in sys.argv[2:] or ("/var/lib/dpkg/lock-frontend", "/var/lib/dpkg/lock", "/var/lib/apt/lists/lock"):
    f = open(p, "a")
    fcntl.lockf(f, fcntl.LOCK_EX)
    fs.append(f)
print("locked", flush=True)
time.sleep(float(sys.argv[1]))
' "$@" >"$W/held" &
	holder=$!
	i=0
	until grep -q locked "$W/held" 2>/dev/null; do
		sleep 0.1; i=$((i + 1)); [ $i -lt 300 ] || fail "could not take apt's locks (another apt running?)"
	done
}

# 1. The old behaviour: no waiting, so it fails while the locks are held.
hold "$HOLD"
t0=$(date +%s)
if PATH=$W:$PATH DPKG_LOCK_TIMEOUT=0 sh "$repo/tools/install-deps.sh" build >"$W/nowait.log" 2>&1; then
	fail "install-deps.sh with DPKG_LOCK_TIMEOUT=0 succeeded while the locks were held"
fi
t1=$(date +%s)
echo "lock-test: DPKG_LOCK_TIMEOUT=0: fails after $((t1 - t0)) s: $(grep -m1 -i 'lock' "$W/nowait.log" || tail -n1 "$W/nowait.log")"
wait "$holder" || true
holder=""

# 2. The default: it waits for the locks, then installs.
rm -f "$W/held"
hold "$HOLD"
t0=$(date +%s)
PATH=$W:$PATH sh "$repo/tools/install-deps.sh" build >"$W/wait.log" 2>&1 ||
	{ cat "$W/wait.log" >&2; fail "install-deps.sh failed while waiting for the locks"; }
t1=$(date +%s)
[ $((t1 - t0)) -ge $((HOLD - 1)) ] || fail "install-deps.sh finished in $((t1 - t0)) s, before the locks ($HOLD s) were released"
grep -q 'waiting for another apt' "$W/wait.log" || fail "install-deps.sh did not say it waited: $(cat "$W/wait.log")"
echo "lock-test: default: waited for the locks held $HOLD s, then succeeded after $((t1 - t0)) s ($(head -1 "$W/wait.log"))"
wait "$holder" || true
holder=""

# 3. Only dpkg's locks held (apt-get update passes): apt-get install waits.
rm -f "$W/held"
t0=$(date +%s)
hold $((HOLD * 3)) /var/lib/dpkg/lock-frontend /var/lib/dpkg/lock
HOLDER=$holder PATH=$W:$PATH sh "$repo/tools/install-deps.sh" build >"$W/wait2.log" 2>&1 ||
	{ cat "$W/wait2.log" >&2; fail "install-deps.sh failed while waiting for dpkg's locks"; }
t1=$(date +%s)
[ $((t1 - t0)) -ge $((HOLD * 3 - 1)) ] || fail "install-deps.sh finished in $((t1 - t0)) s, before dpkg's locks ($((HOLD * 3)) s) were released"
[ "$(cat "$W/at-install" 2>/dev/null)" = held ] ||
	fail "the locks were released before apt-get install started: the test proves nothing (HOLD=$HOLD too short?)"
echo "lock-test: dpkg's locks only: apt-get install waited, install-deps.sh succeeded after $((t1 - t0)) s (locks held $((HOLD * 3)) s)"
echo "lock-test: PASS"
