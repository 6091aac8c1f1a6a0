#!/bin/sh
# slurm.sh — `dossier batch --shard auto/4` on a real Slurm: a single-node
# cluster (Debian's slurm-wlm with munge) configured and started here, in a
# scratch directory, and stopped at the end.
#
# A 200-dossier manifest (tests/batch/project.sh: 20 layouts x 10 delegations)
# is built twice from the same sources: once on this machine by one
# `dossier batch`, once as the 4-task job array tests/cluster/nightly.sbatch
# followed by a `dossier report merge` job that waits for it (the commands of
# docs/nightly.md). The merged report must equal the one-machine report once
# the times ("seconds") are set aside, and every PDF must be byte-identical.
#
# Run as root (the daemons run as root on unprivileged ports) with slurm-wlm
# and munge installed: make cluster-test. Where munged, slurmctld or slurmd
# cannot start (a container without the rights they need), the test says why
# and is skipped (exit 0, "SKIPPED" on the last line).
#
#   DOSSIER   the dossier to run (default build/release/dossier)
#   KEEP=1    keep the scratch directory (its path is printed)
set -eu
repo=$(cd "$(dirname "$0")/../.." && pwd)
DOSSIER=${DOSSIER:-$repo/build/release/dossier}
case $DOSSIER in /*) ;; *) DOSSIER=$(pwd)/$DOSSIER ;; esac

skip() { echo "cluster-test: SKIPPED: $*"; exit 0; }
fail() { echo "cluster-test: FAIL: $*" >&2; exit 1; }

[ -x "$DOSSIER" ] || fail "$DOSSIER is not an executable"
[ "$(id -u)" -eq 0 ] || skip "needs root to run munged, slurmctld and slurmd"
for p in munged slurmctld slurmd sbatch squeue scontrol sinfo; do
	command -v $p >/dev/null || skip "$p is missing (tools/install-deps.sh cluster installs slurm-wlm and munge)"
done

W=$(mktemp -d /tmp/dossier-slurm.XXXXXX)
chmod 755 "$W"
pids=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	for p in $pids; do
		i=0
		while kill -0 "$p" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
		kill -9 "$p" 2>/dev/null || true
	done
	if [ "${KEEP:-0}" = 1 ]; then echo "cluster-test: scratch directory kept: $W"; else rm -rf "$W"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# ---- munge: its own key and socket ----
mkdir -m 700 "$W/munge"
dd if=/dev/urandom of="$W/munge/munge.key" bs=1024 count=1 2>/dev/null
chmod 400 "$W/munge/munge.key"
MSOCK=$W/munge/munge.socket
munged -F --force --socket="$MSOCK" --key-file="$W/munge/munge.key" \
	--pid-file="$W/munge/munged.pid" --log-file="$W/munge/munged.log" \
	--seed-file="$W/munge/munged.seed" >"$W/munge/stderr" 2>&1 &
pids="$!"
i=0
until [ -S "$MSOCK" ]; do
	sleep 0.1; i=$((i + 1))
	[ $i -lt 100 ] && kill -0 $pids 2>/dev/null ||
		skip "munged does not start: $(tail -n 3 "$W/munge/stderr" "$W/munge/munged.log" 2>/dev/null | tr '\n' ' ')"
done

# ---- slurm.conf: this host as controller and only node ----
host=$(hostname -s)
node=$(slurmd -C | sed -n '1s/^NodeName=[^ ]* //p')
[ -n "$node" ] || skip "slurmd -C does not describe this machine"
mkdir -p "$W/slurm/state" "$W/slurm/spool"
export SLURM_CONF="$W/slurm/slurm.conf"
cat >"$SLURM_CONF" <<EOF
ClusterName=dossiertest
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
SlurmctldPort=16817
SlurmdPort=16818
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$MSOCK
StateSaveLocation=$W/slurm/state
SlurmdSpoolDir=$W/slurm/spool
SlurmctldPidFile=$W/slurm/slurmctld.pid
SlurmdPidFile=$W/slurm/slurmd.pid
SlurmctldLogFile=$W/slurm/slurmctld.log
SlurmdLogFile=$W/slurm/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
ReturnToService=2
MinJobAge=600
NodeName=$host NodeAddr=127.0.0.1 $node State=UNKNOWN
PartitionName=batch Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
slurmctld -D -i -f "$SLURM_CONF" >"$W/slurm/slurmctld.stderr" 2>&1 &
pids="$pids $!"
slurmd -D -f "$SLURM_CONF" -N "$host" >"$W/slurm/slurmd.stderr" 2>&1 &
pids="$pids $!"
i=0
while :; do
	st=$(sinfo -h -n "$host" -o %T 2>/dev/null || true)
	[ "$st" = idle ] && break
	i=$((i + 1))
	[ $i -lt 60 ] || skip "the Slurm node is not idle after 30 s (state '${st:-none}'): $(tail -n 2 \
		"$W/slurm/slurmctld.stderr" "$W/slurm/slurmctld.log" "$W/slurm/slurmd.stderr" \
		"$W/slurm/slurmd.log" 2>/dev/null | tr '\n' ' ')"
	sleep 0.5
done
echo "cluster-test: Slurm $(sinfo -V | cut -d' ' -f2) up: node $host ($node)"

# ---- the project, twice ----
# shellcheck source=../batch/project.sh
. "$repo/tests/batch/project.sh"
mkproject "$W/one"
manifest "$W/one" 20 10
mkdir -p "$W/one/reports"
cp -R "$W/one" "$W/cluster"
unset SOURCE_DATE_EPOCH JOB_COMPLETION_INDEX SLURM_ARRAY_TASK_ID

st=0
(cd "$W/one" && "$DOSSIER" batch nightly.yaml -q -j 2 --report reports/one.json) >"$W/one.log" 2>&1 || st=$?
[ $st -eq 0 ] || { cat "$W/one.log" >&2; fail "the one-machine batch exits with status $st"; }

# The job script of docs/nightly.md, submitted from the manifest's directory
# with this dossier first in PATH (sbatch passes the environment on).
mkdir -p "$W/bin"
ln -s "$DOSSIER" "$W/bin/dossier"
cp "$repo/tests/cluster/nightly.sbatch" "$W/cluster/"
cd "$W/cluster"
PATH=$W/bin:$PATH
export PATH
jid=$(sbatch --parsable nightly.sbatch) || fail "sbatch refused the job array"
mid=$(sbatch --parsable --dependency=afterany:"$jid" --job-name=dossier-merge --output=reports/merge-%j.log \
	--wrap 'dossier report merge reports/shard-[1-4].json -o reports/nightly.json') ||
	fail "sbatch refused the merge job"
echo "cluster-test: submitted array job $jid (4 tasks) and merge job $mid"
t0=$(date +%s)
while [ -n "$(squeue -h -j "$jid,$mid" -o %i 2>/dev/null)" ]; do
	[ $(($(date +%s) - t0)) -lt 900 ] || fail "the jobs are not done after 15 minutes: $(squeue -h -j "$jid,$mid")"
	sleep 1
done
echo "cluster-test: jobs done in $(($(date +%s) - t0)) s"

# Every array task and the merge job ended with exit code 0.
scontrol -o show job "$jid" >"$W/jobs.txt" || fail "scontrol does not know job $jid any more"
scontrol -o show job "$mid" >>"$W/jobs.txt" || fail "scontrol does not know job $mid any more"
n=$(grep -c 'JobState=COMPLETED.* ExitCode=0:0' "$W/jobs.txt" || true)
[ "$n" -eq 5 ] || {
	sed 's/^JobId=\([0-9]*\).* ArrayTaskId=\([^ ]*\).* JobState=\([^ ]*\).* ExitCode=\([^ ]*\).*/job \1 task \2: \3 exit \4/' "$W/jobs.txt" >&2
	cat reports/*.log >&2 2>/dev/null || true
	fail "$n of 5 jobs (4 array tasks + merge) completed with exit code 0"
}
for k in 1 2 3 4; do
	[ -s "reports/shard-$k.json" ] || fail "reports/shard-$k.json is missing"
	grep -q "\"shard\": \"$k/4\"" "reports/shard-$k.json" ||
		fail "reports/shard-$k.json is not the report of shard $k/4: $(grep '"shard"' "reports/shard-$k.json")"
done

# The merged report is the one-machine report, apart from the times.
notime() { sed -E 's/"seconds": [0-9.]+/"seconds": _/g' "$1"; }
notime reports/nightly.json >"$W/merged.notime"
notime "$W/one/reports/one.json" >"$W/one.notime"
if ! cmp -s "$W/merged.notime" "$W/one.notime"; then
	diff "$W/one.notime" "$W/merged.notime" | head -20 >&2
	fail "the merged report differs from the one-machine report"
fi
grep -q '"built": 200' reports/nightly.json || fail "the merged report does not say 200 built: $(grep summary reports/nightly.json)"

# Every PDF is byte-identical.
n=0
for f in "$W/one"/out/*.pdf; do
	b=$(basename "$f")
	cmp -s "$f" "out/$b" || fail "out/$b differs between the one-machine and the Slurm run"
	n=$((n + 1))
done
m=$(find out -name '*.pdf' | wc -l)
[ "$n" -eq 200 ] && [ "$m" -eq 200 ] || fail "$n PDFs from the one-machine run, $m from the Slurm run; 200 expected"

echo "cluster-test: one machine:  $(grep '"summary"' "$W/one/reports/one.json" | sed 's/^ *//')"
echo "cluster-test: Slurm merged: $(grep '"summary"' reports/nightly.json | sed 's/^ *//')"
echo "cluster-test: one machine:  $(grep '"index": 0,' "$W/one/reports/one.json" | sed 's/^ *//')"
echo "cluster-test: Slurm merged: $(grep '"index": 0,' reports/nightly.json | sed 's/^ *//')"
for k in 1 2 3 4; do
	echo "cluster-test: shard $k:      $(grep '"summary"' "reports/shard-$k.json" | sed 's/^ *//')"
done
echo "cluster-test: PASS: the merged report equals the one-machine report (times aside) and the 200 PDFs are byte-identical"
