# tests/slurm.sh: a single-node Slurm for the tests: munged, slurmctld and
# slurmd on 127.0.0.1, with a generated slurm.conf, keys, state and logs
# in a folder of the test's, on free ports.  Source it, then:
#
#   slurm_start DIR   0 once the node is idle (SLURM_CONF exported), or 1
#                     with the reason in $slurm_why
#   slurm_wait JOB    wait for every task of JOB to end; prints their
#                     states, one a line
#   slurm_stop        cancel what runs, end every daemon started here
#
# Put slurm_stop in the test's EXIT trap: no daemon outlives the test.
slurm_pids=

slurm_conf() {	# DIR CTLD_PORT SLURMD_PORT
	cat <<EOF
ClusterName=pithtest
SlurmctldHost=localhost(127.0.0.1)
SlurmUser=root
SlurmctldPort=$2
SlurmdPort=$3
AuthType=auth/munge
AuthInfo=socket=$1/munge.sock
CredType=cred/munge
StateSaveLocation=$1/state
SlurmdSpoolDir=$1/spool
SlurmctldPidFile=$1/slurmctld.pid
SlurmdPidFile=$1/slurmd.pid
SlurmctldLogFile=$1/slurmctld.log
SlurmdLogFile=$1/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=pith Nodes=localhost Default=YES MaxTime=INFINITE State=UP
EOF
}

slurm_start() {	# DIR
	d=$1
	PATH=/usr/sbin:/sbin:$PATH
	for p in munged mungekey slurmctld slurmd sbatch squeue scontrol scancel; do
		command -v $p >/dev/null 2>&1 ||
			{ slurm_why="$p not installed (Debian packages slurm-wlm, munge)"; return 1; }
	done
	[ "$(id -u)" -eq 0 ] || { slurm_why="slurmd must run as root"; return 1; }
	mkdir -p "$d/state" "$d/spool" && chmod 700 "$d"
	mungekey -c -k "$d/munge.key" 2>"$d/mungekey.err" ||
		{ slurm_why="mungekey: $(head -n 1 "$d/mungekey.err")"; return 1; }
	munged -F --force --key-file="$d/munge.key" --socket="$d/munge.sock" \
	    --pid-file="$d/munged.pid" --log-file="$d/munged.log" \
	    --seed-file="$d/munge.seed" 2>"$d/munged.err" &
	slurm_pids="$!"
	set -- $(python3 -c 'import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(*[x.getsockname()[1] for x in s])')
	slurm_conf "$d" "$1" "$2" > "$d/slurm.conf"
	export SLURM_CONF="$d/slurm.conf"
	i=0; while [ ! -S "$d/munge.sock" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	[ -S "$d/munge.sock" ] || { slurm_why="munged: $(tail -n 1 "$d/munged.err")"; return 1; }
	slurmctld -D -f "$SLURM_CONF" >"$d/slurmctld.out" 2>&1 &
	slurm_pids="$slurm_pids $!"
	slurmd -D -f "$SLURM_CONF" -N localhost >"$d/slurmd.out" 2>&1 &
	slurm_pids="$slurm_pids $!"
	i=0; while ! sinfo -h -o %T 2>/dev/null | grep -qx idle && [ $i -lt 100 ]; do
		sleep 0.1; i=$((i + 1)); done
	sinfo -h -o %T 2>/dev/null | grep -qx idle && return 0
	slurm_why="the node did not come up: $(grep -h error "$d"/slurm*.out | tail -n 1)"
	return 1
}

slurm_wait() {	# JOB
	i=0; while [ -n "$(squeue -h -j "$1" 2>/dev/null)" ] && [ $i -lt 600 ]; do
		sleep 0.1; i=$((i + 1)); done
	scontrol -o show job "$1" | sed -n 's/.* JobState=\([A-Z_]*\) .*/\1/p'
}

slurm_stop() {
	[ -n "$slurm_pids" ] || return 0
	scancel --user="$(id -un)" 2>/dev/null
	i=0; while [ -n "$(squeue -h 2>/dev/null)" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	for p in $slurm_pids; do kill "$p" 2>/dev/null; done
	for p in $slurm_pids; do
		i=0; while kill -0 "$p" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
		kill -KILL "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	slurm_pids=
}
