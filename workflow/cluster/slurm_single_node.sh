#!/usr/bin/env bash
# A one-node SLURM cluster on this machine, for trying the workflow's SLURM profile
# (workflow/profiles/slurm) without a cluster, and for CI (.ci/run). Debian packages,
# no systemd needed. Run as root:
#
#   workflow/cluster/slurm_single_node.sh start    # install, configure, start, wait until the node is idle
#   workflow/cluster/slurm_single_node.sh status   # our daemons, the node, the queue (exit 0: ready)
#   workflow/cluster/slurm_single_node.sh stop     # cancel the jobs, end exactly the daemons `start` started
#
# `start` installs slurm-wlm, slurmdbd, munge and mariadb-server from Debian's packages
# if they are missing, writes /etc/slurm/slurm.conf and /etc/slurm/slurmdbd.conf (one
# node: this machine, its CPUs and memory as `slurmd -C` reads them; one partition,
# `standard`, as in the profile), and starts munged, a private MariaDB (its own data
# directory, 127.0.0.1 only, port $DB_PORT), slurmdbd, slurmctld and slurmd, each in the
# foreground of its own session with its pid recorded in $RUN_DIR/<daemon>.pid. The
# accounting database is there because the Snakemake SLURM executor asks `sacct` for
# the state of its jobs whenever `sacct` exists, as on a real site (without accounting
# `sacct` fails, and the executor never learns that its jobs ended).
#
# Idempotent: files are rewritten only when their content would change, a daemon whose
# pid file names a live process of the same program is left alone, and a munged that
# something else started is used, not restarted (nor stopped). A running slurmctld,
# slurmd, slurmdbd that this script did not start is an error: this machine already
# has a SLURM, and this script does not touch it. Files written by anything else than
# this script in /etc/slurm are never overwritten.
#
# Settings (environment): EXACTDLN_SLURM_WAIT seconds to wait for each daemon and for
# the idle node (default 120).
set -euo pipefail

RUN_DIR=/run/exactdln-slurm            # pid files, the database socket
LIB_DIR=/var/lib/exactdln-slurm        # database files, slurmctld state, slurmd spool
LOG_DIR=/var/log/exactdln-slurm        # one log per daemon: <daemon>.log
SLURM_CONF=/etc/slurm/slurm.conf
SLURMDBD_CONF=/etc/slurm/slurmdbd.conf
MARKER="# Written by exactdln's workflow/cluster/slurm_single_node.sh; it rewrites this file."
CLUSTER=exactdln
PARTITION=standard                     # the partition named in workflow/profiles/slurm
DB_PORT=6816                           # next to SLURM's 6817-6819, away from a system MariaDB's 3306
DB_NAME=slurm_acct_db
WAIT=${EXACTDLN_SLURM_WAIT:-120}
PACKAGES=(slurm-wlm slurmdbd munge mariadb-server)
DAEMONS=(munged mariadbd slurmdbd slurmctld slurmd)   # start order; stop goes backwards

say() { echo "slurm_single_node: $*"; }
die() { echo "slurm_single_node: error: $*" >&2; exit 1; }

STARTED="started by slurm_single_node.sh"  # marks each start in a daemon's log

LAUNCHED=()  # the daemons this run of the script started

show_logs() {  # what each daemon started by this run logged since it started (at most 30 lines each)
  local name log
  for name in "${LAUNCHED[@]}"; do
    log="$LOG_DIR/$name.log"
    [ -s "$log" ] || continue
    echo "---- $log, since its last start (at most 30 lines)" >&2
    awk -v m="$STARTED" 'index($0, m) {n = 0} {line[n++] = $0} END {for (i = (n > 30 ? n - 30 : 0); i < n; i++) print line[i]}' "$log" >&2
  done
}

fail() {  # the error, the daemons' logs, the error again (the last line one sees)
  echo "slurm_single_node: error: $*" >&2
  show_logs
  die "$*"
}

binary() {  # the real file of a daemon's program (slurmctld is an alternatives link)
  readlink -f "$(command -v "$1")"
}

our_pid() {  # the pid of our running daemon $1, or nothing
  local pidfile="$RUN_DIR/$1.pid" pid
  [ -s "$pidfile" ] || return 0
  pid=$(cat "$pidfile")
  if [ -d "/proc/$pid" ] && [ "$(readlink -f "/proc/$pid/exe" 2>/dev/null)" = "$(binary "$1")" ]; then
    echo "$pid"
  fi
}

other_pids() {  # pids of daemon $1 that we did not start
  local ours pid
  ours=$(our_pid "$1")
  for pid in $(pgrep -x "$1" || true); do
    [ "$pid" = "$ours" ] || echo "$pid"
  done
}

wait_for() {  # wait_for NAME COMMAND...: run COMMAND every second until it succeeds, at most $WAIT s
  local name=$1 waited=0
  shift
  until "$@" >/dev/null 2>&1; do
    [ -n "$(our_pid "$name")" ] || fail "$name exited (its log is $LOG_DIR/$name.log)"
    [ "$waited" -lt "$WAIT" ] || fail "$name: not ready after ${WAIT} s ($*)"
    sleep 1
    waited=$((waited + 1))
  done
}

launch() {  # launch NAME COMMAND...: run a daemon in the foreground of its own session, record its pid
  local name=$1 pid
  shift
  say "starting $name"
  echo "==== $(date '+%F %T') $name $STARTED" >>"$LOG_DIR/$name.log"
  LAUNCHED+=("$name")
  # Not a process-group leader here (no job control), so setsid execs the daemon itself.
  setsid "$@" </dev/null >>"$LOG_DIR/$name.log" 2>&1 &
  pid=$!
  echo "$pid" >"$RUN_DIR/$name.pid"
  sleep 1
  [ -n "$(our_pid "$name")" ] || fail "$name (pid $pid) exited right after starting (its log is $LOG_DIR/$name.log)"
}

install_packages() {
  local missing=() p
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ "${#missing[@]}" -eq 0 ]; then
    say "packages already installed: ${PACKAGES[*]}"
    return
  fi
  command -v apt-get >/dev/null || die "missing ${missing[*]}, and no apt-get to install them (Debian or Ubuntu needed)"
  say "installing ${missing[*]} from Debian's packages"
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

put_file() {  # put_file PATH MODE OWNER < content: write only if the content changes
  local path=$1 mode=$2 owner=$3 new d
  new=$(cat)
  if [ -e "$path" ] && ! head -n 1 "$path" | grep -qxF "$MARKER"; then
    die "$path exists and was not written by this script; move it away to use this script"
  fi
  if [ -e "$path" ] && [ "$(cat "$path")" = "$new" ]; then
    return
  fi
  for d in "${DAEMONS[@]:2}"; do
    [ -z "$(our_pid "$d")" ] || die "$path would change while $d runs: run '$0 stop' first"
  done
  say "writing $path"
  install -m "$mode" -o "${owner%:*}" -g "${owner#*:}" /dev/null "$path"
  printf '%s\n' "$new" >"$path"
}

write_configs() {
  local node hardware password
  node=$(hostname -s)
  # NodeName=<host> CPUs=.. Boards=.. SocketsPerBoard=.. CoresPerSocket=.. ThreadsPerCore=.. RealMemory=..
  hardware=$(slurmd -C | head -n 1 | sed 's/^NodeName=[^ ]* //')
  [[ $hardware == CPUs=* ]] || die "unexpected 'slurmd -C' output: $(slurmd -C | head -n 1)"
  password=$(sed -n 's/^StoragePass=//p' "$SLURMDBD_CONF" 2>/dev/null || true)
  [ -n "$password" ] || password=$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')

  mkdir -p /etc/slurm
  put_file "$SLURM_CONF" 0644 root:root <<EOF
$MARKER
# One node, this machine (CPUs and memory from 'slurmd -C'); no systemd, no cgroups.
ClusterName=$CLUSTER
SlurmctldHost=$node(127.0.0.1)
SlurmUser=slurm
AuthType=auth/munge
StateSaveLocation=$LIB_DIR/slurmctld
SlurmdSpoolDir=$LIB_DIR/slurmd
SlurmctldPidFile=$RUN_DIR/slurmctld.pid
SlurmdPidFile=$RUN_DIR/slurmd.pid
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
SlurmdParameters=config_overrides
ReturnToService=2
MpiDefault=none
AccountingStorageType=accounting_storage/slurmdbd
AccountingStorageHost=127.0.0.1
AccountingStoreFlags=job_comment
JobCompType=jobcomp/none
NodeName=$node NodeAddr=127.0.0.1 $hardware State=UNKNOWN
PartitionName=$PARTITION Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF
  put_file "$SLURMDBD_CONF" 0600 slurm:slurm <<EOF
$MARKER
# Job accounting for the one-node cluster, in a private MariaDB (127.0.0.1:$DB_PORT).
AuthType=auth/munge
DbdHost=$node
DbdAddr=127.0.0.1
SlurmUser=slurm
PidFile=$RUN_DIR/slurmdbd.pid
StorageType=accounting_storage/mysql
StorageHost=127.0.0.1
StoragePort=$DB_PORT
StorageUser=slurm
StoragePass=$password
StorageLoc=$DB_NAME
EOF
}

make_dir() {  # make_dir PATH MODE OWNER: create it if missing
  [ -d "$1" ] || install -d -m "$2" -o "${3%:*}" -g "${3#*:}" "$1"
}

make_dirs() {
  [ -s /etc/munge/munge.key ] || die "no /etc/munge/munge.key (the munge package creates it)"
  make_dir "$RUN_DIR" 0755 root:root
  make_dir "$RUN_DIR/mariadb" 0755 mysql:mysql
  make_dir /run/munge 0755 munge:munge
  make_dir "$LIB_DIR" 0755 root:root
  make_dir "$LIB_DIR/slurmctld" 0755 slurm:slurm
  make_dir "$LIB_DIR/slurmd" 0755 root:root
  make_dir "$LOG_DIR" 0755 root:root
  # munged writes its own log file (as user munge); the others log to standard error
  [ -e "$LOG_DIR/munged.log" ] || install -m 0640 -o munge -g munge /dev/null "$LOG_DIR/munged.log"
}

db() { mariadb --no-defaults --socket="$RUN_DIR/mariadb/mariadb.sock" -u root "$@"; }

start_daemons() {
  local name others
  for name in "${DAEMONS[@]}"; do
    if [ -n "$(our_pid "$name")" ]; then
      say "$name already running (pid $(our_pid "$name")), started by this script"
      continue
    fi
    others=$(other_pids "$name" | tr '\n' ' ')
    if [ -n "$others" ]; then
      case $name in
        munged)  # a system munged with the system key serves us as well
          say "munged already running (pid ${others% }), not ours: using it"
          continue ;;
        mariadbd)  # ours has its own data directory and port: no conflict
          ;;
        *) die "$name is already running (pid ${others% }) and was not started by this script: this machine has its own SLURM (stop it first, e.g. 'systemctl stop $name')" ;;
      esac
    fi
    case $name in
      munged)
        launch munged setpriv --reuid=munge --regid=munge --init-groups \
          "$(command -v munged)" --foreground --log-file="$LOG_DIR/munged.log"
        wait_for "munged" bash -c 'munge -n | unmunge'
        ;;
      mariadbd)
        if [ ! -d "$LIB_DIR/mariadb/mysql" ]; then
          say "creating the accounting database's files in $LIB_DIR/mariadb"
          mariadb-install-db --no-defaults --user=mysql --datadir="$LIB_DIR/mariadb" \
            --auth-root-authentication-method=socket --skip-test-db >>"$LOG_DIR/mariadbd.log" 2>&1 ||
            fail "mariadb-install-db failed"
        fi
        launch mariadbd "$(command -v mariadbd)" --no-defaults --user=mysql --datadir="$LIB_DIR/mariadb" \
          --socket="$RUN_DIR/mariadb/mariadb.sock" --pid-file="$RUN_DIR/mariadb/mariadbd.pid" \
          --bind-address=127.0.0.1 --port="$DB_PORT" --skip-name-resolve --innodb-buffer-pool-size=64M
        wait_for "mariadbd" db -e "SELECT 1"
        local password
        password=$(sed -n 's/^StoragePass=//p' "$SLURMDBD_CONF")
        db -e "CREATE USER IF NOT EXISTS 'slurm'@'127.0.0.1' IDENTIFIED BY '$password';
               GRANT ALL ON $DB_NAME.* TO 'slurm'@'127.0.0.1';" || fail "could not create the database user"
        ;;
      slurmdbd)
        launch slurmdbd "$(command -v slurmdbd)" -D
        wait_for "slurmdbd" sacctmgr -n list cluster
        if ! sacctmgr -n -P list cluster format=cluster | grep -qx "$CLUSTER"; then
          sacctmgr -i add cluster "$CLUSTER" >/dev/null || fail "could not register cluster $CLUSTER with slurmdbd"
        fi
        ;;
      slurmctld)
        launch slurmctld "$(command -v slurmctld)" -D
        wait_for "slurmctld" bash -c 'scontrol ping | grep -q UP'
        ;;
      slurmd)
        launch slurmd "$(command -v slurmd)" -D
        ;;
    esac
  done
}

node_state() { sinfo -h -N -n "$(hostname -s)" -o %T 2>/dev/null | head -n 1; }

wait_for_idle_node() {
  local waited=0 state
  while :; do
    state=$(node_state)
    case $state in
      idle | mixed | allocated) say "node $(hostname -s) is $state; partition $PARTITION ready"; return ;;
      down* | drain*) scontrol update nodename="$(hostname -s)" state=resume >/dev/null 2>&1 || true ;;
    esac
    [ -n "$(our_pid slurmd)" ] || fail "slurmd exited (its log is $LOG_DIR/slurmd.log)"
    [ "$waited" -lt "$WAIT" ] || fail "node $(hostname -s) not idle after ${WAIT} s (state: ${state:-unknown})"
    sleep 1
    waited=$((waited + 1))
  done
}

start() {
  install_packages
  make_dirs
  write_configs
  start_daemons
  wait_for_idle_node
  sinfo
}

stop() {
  local name pid waited jobs i ended=()
  if [ -n "$(our_pid slurmctld)" ]; then
    mapfile -t jobs < <(squeue -h -o %i 2>/dev/null)
    if [ "${#jobs[@]}" -gt 0 ]; then
      say "cancelling jobs ${jobs[*]}"
      scancel "${jobs[@]}" || true
      waited=0
      while [ -n "$(squeue -h -o %i 2>/dev/null)" ] && [ "$waited" -lt 30 ]; do
        sleep 1
        waited=$((waited + 1))
      done
    fi
  fi
  for ((i = ${#DAEMONS[@]} - 1; i >= 0; i--)); do
    name=${DAEMONS[i]}
    pid=$(our_pid "$name")
    if [ -z "$pid" ]; then
      rm -f "$RUN_DIR/$name.pid"
      continue
    fi
    say "stopping $name (pid $pid)"
    kill -TERM "$pid"
    ended+=("$pid")
    waited=0
    while [ -d "/proc/$pid" ]; do
      if [ "$waited" -ge 30 ]; then
        say "$name (pid $pid) still running after 30 s: killing it"
        kill -KILL "$pid" 2>/dev/null || true
        sleep 1
        break
      fi
      sleep 1
      waited=$((waited + 1))
    done
    rm -f "$RUN_DIR/$name.pid"
  done
  for pid in "${ended[@]}"; do
    [ ! -d "/proc/$pid" ] || die "pid $pid is still running"
  done
  say "no daemon started by this script is running"
}

status() {
  local name ready=0 state
  for name in "${DAEMONS[@]}"; do
    if [ -n "$(our_pid "$name")" ]; then
      echo "$name: running, pid $(our_pid "$name")"
    elif [ -n "$(other_pids "$name" 2>/dev/null)" ]; then
      echo "$name: running, pid $(other_pids "$name" | tr '\n' ' '), not started by this script"
      [ "$name" = munged ] || ready=1
    else
      echo "$name: not running"
      ready=1
    fi
  done
  if [ -n "$(our_pid slurmctld)" ]; then
    state=$(node_state)
    echo "node $(hostname -s): ${state:-unknown}"
    case $state in idle | mixed | allocated) ;; *) ready=1 ;; esac
    squeue
  fi
  return "$ready"
}

[ "$(id -u)" -eq 0 ] || die "run as root (it installs packages and starts daemons)"
case ${1:-} in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
