#!/usr/bin/env bash
# utils/bench.sh [--quick] [--mini PATH] [--redis PATH] [--out DIR] [--only LIST]
#
# Owns the side-by-side benchmark of redis-mini against Debian's redis-server
# (the bar set by the performance issue), run by `make bench` and, with
# --quick, `make bench-quick`. Method: ../shared/guide/benchmarking.md.
#
# Why it is shaped this way: the machines are small and shared, so absolute
# figures drift; only the two servers measured in the same run, alternated
# A B A B with medians over rounds, give ratios worth reading. Each server
# runs on a free loopback port in its own temp dir, pinned to one CPU while
# redis-benchmark is pinned to the other. Instruction counts come from
# callgrind (N vs 3N requests, so start-up cancels out) because they repeat
# to about 1% where timings do not.
#
# Measures, in table order: a) rps, p50, p99 and b) server CPU per request
# (/proc utime+stime) and e) INFO eventloop wakeups per request and events
# per wakeup, read+write system calls and sleeps per request (/proc), all
# from one redis-benchmark run per command and pipeline;
# c) used_memory/rss for 16-byte keys and values loaded with redis-cli --pipe;
# d) callgrind instructions per request; f) memory per idle client;
# g) p99/max latency while the keyspace grows; h) active expiry.
#
# Each measure is a function that calls `record SECTION MEASURE SERVER VALUE`;
# the report takes medians per (measure, server) and prints them in section
# order. To add a measure, write a function and list it in ROUND_MEASURES
# (run every round, on a server started for the round) or ONCE_MEASURES
# (run once per server, starting their own servers: the deterministic ones
# and the ones too long to repeat).
#
# Output: a markdown table on stdout and in $OUT/results.md, $OUT/results.csv,
# a gnuplot chart $OUT/bench.png, raw logs and callgrind files in $OUT/logs.
# If README.md has the bench markers, the table and chart go between them.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
readonly ROOT
readonly BIND=127.0.0.1
readonly SERVER_CPU=0
readonly CLIENT_CPU_PREFERRED=1
readonly PORT_MIN=20000            # below the kernel's ephemeral port range
readonly PORT_SPAN=12000
readonly PORT_TRIES=100
readonly START_TIMEOUT_S=15
readonly VALGRIND_START_TIMEOUT_S=120
readonly SHUTDOWN_WAIT_S=30
readonly LOAD_CLIENTS=50
readonly LOAD_KEYSPACE=100000
readonly LOAD_PIPELINES=(16 1)
readonly LOAD_TESTS=(set get)
readonly CG_CLIENTS=10
readonly CG_KEYSPACE=10000
readonly CG_CASES=("get 16" "set 16" "get 1")
readonly IDLE_CLIENTS_MIN=1000
readonly IDLE_FD_MARGIN=200
readonly IDLE_CONNECT_TIMEOUT_S=60
readonly IDLE_SETTLE_S=5              # idle long enough for cron to shrink client buffers
readonly WANTED_OPEN_FILES=20000
readonly GROWTH_REQUESTS_PCT=105   # with -r 10x -n, 105% of N SETs make about N keys
readonly GROWTH_KEYSPACE_FACTOR=10
readonly EXPIRY_BURST_PCT=50          # of the keys with TTLs, these expire in the burst
readonly EXPIRY_SPAN_MS=1000          # the burst
readonly EXPIRY_LIVE_TTL_MS=3600000   # the other keys outlive the run
readonly EXPIRY_SETTLE_MS=1000        # the second figure is read this long after the burst
readonly EXPIRY_ATTEMPTS=3             # each doubles the time given to load the keys
readonly EXPIRY_SAMPLE_S=0.05
readonly EXPIRY_BACKGROUND_REQUESTS=1000000000  # stopped when sampling ends
readonly KEY_PREFIX="key:"         # + 12 digits = 16-byte keys, as redis-benchmark's
readonly VALUE_PREFIX="val:"       # + 12 digits = 16-byte values, never int-encoded
readonly EXPIRY_KEY_PREFIX="exp:"  # apart from the keys the background GETs read
readonly KEY_DIGITS=12
readonly BYTES_PER_MB=1000000
readonly USEC_PER_SEC=1000000
readonly MARK_START='<!-- bench:start -->'
readonly MARK_END='<!-- bench:end -->'
# Counts that explain the other figures rather than compete (system calls
# per request are equal by design; a faster server sleeps more often): in
# the table, not in the chart, where a ratio of near-zero counts would
# dwarf the rest.
readonly CHART_SKIP_RE='eventloop|syscalls/req|sleeps'
readonly COLOR_BETTER=0x2ca02c
readonly COLOR_WORSE=0xd62728

# Sizes per mode; set_mode fills them in.
ROUNDS=0 REQUESTS_P16=0 REQUESTS_P1=0 MEMORY_KEYS=0 CG_REQUESTS=0
GROWTH_KEYS=0 EXPIRY_KEYS=0 EXPIRY_LEAD_MS=0 IDLE_CLIENTS=0
EXPIRY_START=0
MODE=full
MINI_BIN="$ROOT/src/redis-mini-server"
REDIS_BIN=""
REDIS_GIVEN=no
OUT="$ROOT/utils/bench-out"
CLIENT_CPU=$CLIENT_CPU_PREFERRED
CLK_TCK=100
WORK=""
STARTED_PIDS=()
SERVER_PID="" SERVER_PORT=""
CG_TOTAL=""
SERVERS=(mini)
declare -A BIN=() LABEL=([mini]=redis-mini [redis]=redis-server)
ROUND_MEASURES=(measure_load)
ONCE_MEASURES=(measure_memory measure_callgrind measure_idle_clients measure_growth measure_expiry)
ONLY=""
BEGAN=$SECONDS

log() { echo "bench [$((SECONDS - BEGAN))s]: $*" >&2; }
die() { log "error: $*"; exit 1; }

usage() {
    echo "usage: utils/bench.sh [--quick] [--mini PATH] [--redis PATH] [--out DIR] [--only load,memory,callgrind,idle_clients,growth,expiry]" >&2
    exit 2
}

set_mode() {
    MODE=$1
    if [[ $MODE == quick ]]; then
        ROUNDS=1 REQUESTS_P16=400000 REQUESTS_P1=50000 MEMORY_KEYS=200000 CG_REQUESTS=20000
        GROWTH_KEYS=1000000 EXPIRY_KEYS=200000 EXPIRY_LEAD_MS=3000 IDLE_CLIENTS=2000
    else
        ROUNDS=3 REQUESTS_P16=2000000 REQUESTS_P1=200000 MEMORY_KEYS=1000000 CG_REQUESTS=100000
        GROWTH_KEYS=10000000 EXPIRY_KEYS=1000000 EXPIRY_LEAD_MS=6000
        IDLE_CLIENTS=9900 # under maxclients 10000, leaving room for INFO
    fi
}

parse_args() {
    set_mode full
    while (($#)); do
        case "$1" in
            --quick) set_mode quick ;;
            --mini) (($# >= 2)) || usage; MINI_BIN=$2; shift ;;
            --redis) (($# >= 2)) || usage; REDIS_BIN=$2; REDIS_GIVEN=yes; shift ;;
            --out) (($# >= 2)) || usage; OUT=$2; shift ;;
            --only) (($# >= 2)) || usage; ONLY=$2; shift ;;
            -h | --help) usage ;;
            *) usage ;;
        esac
        shift
    done
}

# ---------------------------------------------------------------- setup

# --only load,callgrind keeps the measure functions of those names.
select_measures() {
    [[ -n $ONLY ]] || return 0
    local wanted=",$ONLY," kept=() m
    for m in "${ROUND_MEASURES[@]}"; do [[ $wanted == *",${m#measure_},"* ]] && kept+=("$m"); done
    ROUND_MEASURES=("${kept[@]}")
    kept=()
    for m in "${ONCE_MEASURES[@]}"; do [[ $wanted == *",${m#measure_},"* ]] && kept+=("$m"); done
    ONCE_MEASURES=("${kept[@]}")
    ((${#ROUND_MEASURES[@]} + ${#ONCE_MEASURES[@]} > 0)) || die "--only $ONLY matches no measure"
}

has() { command -v "$1" >/dev/null 2>&1; }

# Installs the bench packages when a tool is missing (deps/install.sh says
# how to do it by hand when it cannot), then insists on the required ones.
ensure_tools() {
    local tool missing=no
    for tool in redis-benchmark redis-cli taskset valgrind gnuplot; do
        has "$tool" || missing=yes
    done
    [[ $REDIS_GIVEN == no ]] && ! has redis-server && missing=yes
    if [[ $missing == yes ]]; then
        bash "$ROOT/deps/install.sh" bench || log "some bench packages are missing; going on without them"
    fi
    for tool in redis-benchmark redis-cli taskset awk; do
        has "$tool" || die "$tool is required (deps/install.sh bench)"
    done
}

resolve_servers() {
    [[ $MINI_BIN == */* ]] || MINI_BIN=$(command -v "$MINI_BIN" || echo "$MINI_BIN")
    [[ -x $MINI_BIN ]] || die "no server binary at $MINI_BIN (build it first: make)"
    BIN[mini]=$(cd "$(dirname "$MINI_BIN")" && pwd)/$(basename "$MINI_BIN")
    [[ $REDIS_GIVEN == yes ]] || REDIS_BIN=$(command -v redis-server || true)
    if [[ -n $REDIS_BIN && -x $REDIS_BIN ]]; then
        BIN[redis]=$(cd "$(dirname "$REDIS_BIN")" && pwd)/$(basename "$REDIS_BIN")
        SERVERS=(mini redis)
    else
        log "redis-server not found: running redis-mini alone, without ratios"
    fi
}

# The idle-clients measure needs one descriptor per client, in both the
# server and redis-benchmark, which inherit this limit.
raise_open_files() {
    local soft
    soft=$(ulimit -Sn)
    if [[ $soft == unlimited ]] || ((soft >= WANTED_OPEN_FILES)); then return 0; fi
    ulimit -Sn "$WANTED_OPEN_FILES" 2>/dev/null || ulimit -Sn "$(ulimit -Hn)" 2>/dev/null || true
}

choose_cpus() {
    CLK_TCK=$(getconf CLK_TCK)
    if (($(nproc) < 2)); then
        CLIENT_CPU=$SERVER_CPU
        log "one CPU only: server and redis-benchmark share CPU $SERVER_CPU"
    fi
}

prepare_dirs() {
    mkdir -p "$OUT"
    OUT=$(cd "$OUT" && pwd)
    rm -rf "$OUT/logs" "$OUT/results.md" "$OUT/results.csv" "$OUT/bench.png"
    mkdir -p "$OUT/logs"
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/redis-mini-bench.XXXXXX")
    : >"$WORK/raw.tsv"
}

# ---------------------------------------------------------------- servers

port_in_use() { (exec 3<>"/dev/tcp/$BIND/$1") 2>/dev/null; }

free_port() {
    local port try
    for ((try = 0; try < PORT_TRIES; try++)); do
        port=$((PORT_MIN + RANDOM % PORT_SPAN))
        port_in_use "$port" || { echo "$port"; return 0; }
    done
    die "no free port found in $PORT_MIN..$((PORT_MIN + PORT_SPAN))"
}

forget_pid() {
    local pid=$1 kept=() p
    for p in "${STARTED_PIDS[@]}"; do [[ $p == "$pid" ]] || kept+=("$p"); done
    STARTED_PIDS=("${kept[@]}")
}

wait_ready() {
    local port=$1 pid=$2 timeout=$3 log_file=$4 deadline=$((SECONDS + $3))
    until [[ $(redis-cli -h "$BIND" -p "$port" ping 2>/dev/null) == PONG ]]; do
        kill -0 "$pid" 2>/dev/null || { tail -n 20 "$log_file" >&2; die "server exited at start-up (log: $log_file)"; }
        ((SECONDS < deadline)) || die "server not answering PING after ${timeout}s (log: $log_file)"
        sleep 0.1
    done
}

# start_server SERVER TAG TIMEOUT [WRAPPER...]: starts SERVER (mini|redis),
# optionally under WRAPPER (valgrind), pinned to SERVER_CPU, in a temp dir
# with an empty config file; sets SERVER_PID and SERVER_PORT.
start_server() {
    local server=$1 tag=$2 timeout=$3 dir port log_file
    shift 3
    port=$(free_port)
    [[ -n $port ]] || die "no free port"
    dir=$(mktemp -d "$WORK/$server.XXXXXX")
    log_file="$OUT/logs/$server-$tag.log"
    : >"$dir/bench.conf"
    (cd "$dir" && exec taskset -c "$SERVER_CPU" "$@" "${BIN[$server]}" "$dir/bench.conf" \
        --port "$port" --bind "$BIND" --save "" --appendonly no) >"$log_file" 2>&1 &
    SERVER_PID=$! SERVER_PORT=$port
    STARTED_PIDS+=("$SERVER_PID")
    wait_ready "$port" "$SERVER_PID" "$timeout" "$log_file"
}

# Waits up to $2 seconds for our child $1 to exit; returns 1 if it did not.
wait_exit() {
    local pid=$1 deadline=$((SECONDS + $2))
    while kill -0 "$pid" 2>/dev/null; do
        ((SECONDS < deadline)) || return 1
        sleep 0.1
    done
}

# SHUTDOWN NOSAVE, then SIGTERM, then SIGKILL; reaps the child.
stop_server() {
    local pid=$1 port=$2
    redis-cli -h "$BIND" -p "$port" shutdown nosave >/dev/null 2>&1 || true
    wait_exit "$pid" "$SHUTDOWN_WAIT_S" || { kill -TERM "$pid" 2>/dev/null || true; wait_exit "$pid" "$SHUTDOWN_WAIT_S"; } ||
        kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    forget_pid "$pid"
}

cleanup() {
    local pid
    for pid in "${STARTED_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${STARTED_PIDS[@]}"; do
        wait_exit "$pid" 5 || kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    [[ -n $WORK ]] && rm -rf "$WORK"
}

# ---------------------------------------------------------------- probes

redis_benchmark() {
    local port=$1
    shift
    taskset -c "$CLIENT_CPU" redis-benchmark -h "$BIND" -p "$port" "$@"
}

# Prints one INFO field of a section, or nothing when the server lacks it.
info_field() {
    redis-cli -h "$BIND" -p "$1" info "$2" 2>/dev/null | tr -d '\r' |
        awk -F: -v field="$3" '$1 == field { print $2; exit }'
}

# utime + stime in clock ticks: fields 14 and 15 of /proc/PID/stat, counted
# after the ")" that closes the command name (which may hold spaces).
cpu_ticks() {
    awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"
}

# Read and write system calls so far (syscr + syscw of /proc/PID/io).
rw_syscalls() {
    awk '$1 == "syscr:" || $1 == "syscw:" { n += $2 } END { print n + 0 }' "/proc/$1/io"
}

# Times the process gave up the CPU by blocking (it slept in the poll).
voluntary_switches() {
    awk '$1 == "voluntary_ctxt_switches:" { print $2 }' "/proc/$1/status"
}

# Prints "ticks wakeups events syscalls switches"; the eventloop figures are
# "-" when absent.
snapshot() {
    local port=$1 pid=$2 wakeups events
    wakeups=$(info_field "$port" eventloop eventloop_wakeups)
    events=$(info_field "$port" eventloop eventloop_events)
    echo "$(cpu_ticks "$pid") ${wakeups:--} ${events:--} $(rw_syscalls "$pid") $(voluntary_switches "$pid")"
}

# record SECTION MEASURE SERVER VALUE: one raw figure (empty values are dropped).
record() {
    [[ -n $4 ]] || return 0
    printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >>"$WORK/raw.tsv"
}

calc() { awk "BEGIN { printf \"%.6f\", $1 }"; }

requests_for_pipeline() {
    if (($1 > 1)); then echo "$REQUESTS_P16"; else echo "$REQUESTS_P1"; fi
}

# ---------------------------------------------------------------- measures

# a) rps, p50, p99; b) server CPU µs per request; e) eventloop wakeups per
# request and events per wakeup, all from the same redis-benchmark run.
measure_load() {
    local server=$1 port=$2 pid=$3 round=$4 pipeline test
    for pipeline in "${LOAD_PIPELINES[@]}"; do
        for test in "${LOAD_TESTS[@]}"; do
            load_run "$server" "$port" "$pid" "$round" "$pipeline" "$test"
        done
    done
}

load_run() {
    local server=$1 port=$2 pid=$3 round=$4 pipeline=$5 test=$6 n csv before after
    local name="${test^^} -P$pipeline"
    n=$(requests_for_pipeline "$pipeline")
    csv="$OUT/logs/load-$server-r$round-$test-P$pipeline.csv"
    log "round $round ${LABEL[$server]}: $name, $n requests"
    before=$(snapshot "$port" "$pid")
    redis_benchmark "$port" -c "$LOAD_CLIENTS" -n "$n" -r "$LOAD_KEYSPACE" -P "$pipeline" \
        -t "$test" --csv >"$csv" 2>"$csv.err" || log "redis-benchmark failed (see $csv.err)"
    after=$(snapshot "$port" "$pid")
    record_latency "$server" "$name" "$csv"
    record_cpu "$server" "$name" "$n" "$before" "$after"
    record_eventloop "$server" "$name" "$n" "$before" "$after"
    record_kernel "$server" "$name" "$n" "$before" "$after"
}

# redis-benchmark 7.0 CSV: "test","rps","avg","min","p50","p95","p99","max".
record_latency() {
    local server=$1 name=$2 csv=$3 rps p50 p99
    read -r rps p50 p99 < <(tr -d '"' <"$csv" | awk -F, 'NR > 1 && NF >= 7 { print $2, $5, $7; exit }') || true
    [[ -n ${rps:-} ]] || { log "no CSV row in $csv"; return 0; }
    record a "$name rps" "$server" "$rps"
    record a "$name p50 ms" "$server" "$p50"
    record a "$name p99 ms" "$server" "$p99"
}

record_cpu() {
    local server=$1 name=$2 n=$3 t0 t1
    read -r t0 _ <<<"$4"
    read -r t1 _ <<<"$5"
    record b "$name server CPU µs/req" "$server" "$(calc "($t1 - $t0) / $CLK_TCK * $USEC_PER_SEC / $n")"
}

record_eventloop() {
    local server=$1 name=$2 n=$3 w0 e0 w1 e1
    read -r _ w0 e0 _ <<<"$4"
    read -r _ w1 e1 _ <<<"$5"
    [[ $w0 != - && $w1 != - && $e0 != - && $e1 != - ]] || return 0
    record e "$name eventloop wakeups/req" "$server" "$(calc "($w1 - $w0) / $n")"
    ((w1 > w0)) && record e "$name eventloop events/wakeup" "$server" "$(calc "($e1 - $e0) / ($w1 - $w0)")"
    return 0
}

# How much the kernel is asked to do per request, from /proc for both
# servers: server CPU time is mostly these system calls and sleeps, so equal
# counts mean the CPU difference is user space.
record_kernel() {
    local server=$1 name=$2 n=$3 s0 v0 s1 v1
    read -r _ _ _ s0 v0 <<<"$4"
    read -r _ _ _ s1 v1 <<<"$5"
    record e "$name read+write syscalls/req" "$server" "$(calc "($s1 - $s0) / $n")"
    record e "$name sleeps (voluntary switches)/1000 req" "$server" "$(calc "($v1 - $v0) * 1000 / $n")"
}

# RESP SET commands for N keys, generated once per run and reused.
load_file() {
    local n=$1 file="$WORK/set-$1.resp"
    [[ -s $file ]] || awk -v n="$n" -v kp="$KEY_PREFIX" -v vp="$VALUE_PREFIX" -v d="$KEY_DIGITS" 'BEGIN {
        for (i = 0; i < n; i++) {
            k = sprintf("%s%0" d "d", kp, i); v = sprintf("%s%0" d "d", vp, i)
            printf "*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n", length(k), k, length(v), v
        }
    }' >"$file"
    echo "$file"
}

# c) used_memory and used_memory_rss after MEMORY_KEYS SETs of 16-byte keys
# and values; the figures repeat, so one fresh server per binary is enough.
measure_memory() {
    local server=$1 file pipe_log used rss keys
    file=$(load_file "$MEMORY_KEYS")
    log "${LABEL[$server]}: memory for $MEMORY_KEYS keys"
    start_server "$server" memory "$START_TIMEOUT_S"
    pipe_log="$OUT/logs/memory-$server-pipe.log"
    redis-cli -h "$BIND" -p "$SERVER_PORT" --pipe <"$file" >"$pipe_log" 2>&1 || log "redis-cli --pipe failed (see $pipe_log)"
    grep -q 'errors: 0,' "$pipe_log" || log "errors while loading keys (see $pipe_log)"
    keys=$(redis-cli -h "$BIND" -p "$SERVER_PORT" dbsize 2>/dev/null || true)
    [[ $keys == "$MEMORY_KEYS" ]] || log "${LABEL[$server]} holds ${keys:-?} keys, expected $MEMORY_KEYS"
    used=$(info_field "$SERVER_PORT" memory used_memory)
    rss=$(info_field "$SERVER_PORT" memory used_memory_rss)
    stop_server "$SERVER_PID" "$SERVER_PORT"
    record c "used_memory MB, $MEMORY_KEYS keys" "$server" "${used:+$(calc "$used / $BYTES_PER_MB")}"
    record c "used_memory_rss MB, $MEMORY_KEYS keys" "$server" "${rss:+$(calc "$rss / $BYTES_PER_MB")}"
}

# Sets CG_TOTAL to the instructions callgrind counted for a server that
# served N requests (a global, not $(...), so the server stays in STARTED_PIDS).
callgrind_total() {
    local server=$1 test=$2 pipeline=$3 n=$4 tag out
    tag="callgrind-$test-P$pipeline-$n"
    out="$OUT/logs/$server-$tag.out"
    start_server "$server" "$tag" "$VALGRIND_START_TIMEOUT_S" valgrind --tool=callgrind --callgrind-out-file="$out"
    redis_benchmark "$SERVER_PORT" -c "$CG_CLIENTS" -P "$pipeline" -t "$test" -r "$CG_KEYSPACE" -n "$n" -q \
        >"$OUT/logs/$server-$tag.bench.log" 2>&1 || log "redis-benchmark failed under callgrind"
    stop_server "$SERVER_PID" "$SERVER_PORT"
    CG_TOTAL=$(awk '/^(summary|totals):/ { print $2; exit }' "$out" 2>/dev/null || true)
}

# d) user-space instructions per request: (I(3N) - I(N)) / 2N, start-up and
# shutdown cancel out. GETs run on an empty keyspace, as in the guide.
measure_callgrind() {
    local server=$1 case test pipeline n=$CG_REQUESTS i1 i3
    has valgrind || { log "valgrind missing: no instruction counts"; return 0; }
    for case in "${CG_CASES[@]}"; do
        read -r test pipeline <<<"$case"
        log "${LABEL[$server]}: callgrind ${test^^} -P$pipeline, $n and $((3 * n)) requests"
        callgrind_total "$server" "$test" "$pipeline" "$n"
        i1=$CG_TOTAL
        callgrind_total "$server" "$test" "$pipeline" "$((3 * n))"
        i3=$CG_TOTAL
        [[ -n $i1 && -n $i3 ]] || { log "no callgrind totals for ${LABEL[$server]}"; continue; }
        record d "${test^^} -P$pipeline callgrind instr/req" "$server" "$(calc "($i3 - $i1) / (2 * $n)")"
    done
}

# f) memory per idle client: used_memory and rss before and after
# redis-benchmark -I holds IDLE_CLIENTS connections open (kept under the
# 10,000 maxclients default so our own INFO connection still gets in),
# read IDLE_SETTLE_S after they are all connected: a steady idle state.
measure_idle_clients() {
    local server=$1 clients used0 rss0 used1 rss1 bench_pid log_file
    clients=$(idle_client_count)
    ((clients > 0)) || { log "ulimit -n too low for idle clients"; return 0; }
    log "${LABEL[$server]}: memory of $clients idle clients"
    start_server "$server" idle "$START_TIMEOUT_S"
    used0=$(info_field "$SERVER_PORT" memory used_memory)
    rss0=$(info_field "$SERVER_PORT" memory used_memory_rss)
    log_file="$OUT/logs/$server-idle.bench.log"
    taskset -c "$CLIENT_CPU" redis-benchmark -h "$BIND" -p "$SERVER_PORT" -c "$clients" -I >"$log_file" 2>&1 &
    bench_pid=$!
    STARTED_PIDS+=("$bench_pid")
    wait_clients "$SERVER_PORT" "$((clients + 1))" || log "only $(connected_clients "$SERVER_PORT") clients connected"
    sleep "$IDLE_SETTLE_S"
    used1=$(info_field "$SERVER_PORT" memory used_memory)
    rss1=$(info_field "$SERVER_PORT" memory used_memory_rss)
    stop_child "$bench_pid"
    stop_server "$SERVER_PID" "$SERVER_PORT"
    [[ -n $used0 && -n $used1 && -n $rss0 && -n $rss1 ]] || { log "no INFO memory from ${LABEL[$server]}"; return 0; }
    record f "used_memory bytes per idle client, $clients clients" "$server" "$(calc "($used1 - $used0) / $clients")"
    record f "used_memory_rss bytes per idle client, $clients clients" "$server" "$(calc "($rss1 - $rss0) / $clients")"
}

idle_client_count() {
    local limit
    limit=$(ulimit -n)
    [[ $limit == unlimited ]] && { echo "$IDLE_CLIENTS"; return 0; }
    limit=$((limit - IDLE_FD_MARGIN))
    ((limit < IDLE_CLIENTS_MIN)) && { echo 0; return 0; }
    echo $((limit < IDLE_CLIENTS ? limit : IDLE_CLIENTS))
}

connected_clients() { info_field "$1" clients connected_clients; }

wait_clients() {
    local port=$1 want=$2 deadline=$((SECONDS + IDLE_CONNECT_TIMEOUT_S)) have
    while :; do
        have=$(connected_clients "$port")
        ((${have:-0} >= want)) && return 0
        ((SECONDS < deadline)) || return 1
        sleep 0.2
    done
}

# Ends a client process we started (redis-benchmark) and reaps it.
stop_child() {
    kill -TERM "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
    forget_pid "$1"
}

# g) p99 and max latency while 50 clients grow the keyspace from 0 to about
# GROWTH_KEYS keys: -r is ten times -n so nearly every SET adds a key, and
# the hash table rehashes many times on the way.
measure_growth() {
    local server=$1 csv keys p99 max
    local requests=$((GROWTH_KEYS * GROWTH_REQUESTS_PCT / 100)) name="SET -P16 growing to $((GROWTH_KEYS / 1000000))M keys"
    log "${LABEL[$server]}: $name"
    start_server "$server" growth "$START_TIMEOUT_S"
    csv="$OUT/logs/growth-$server.csv"
    redis_benchmark "$SERVER_PORT" -c "$LOAD_CLIENTS" -n "$requests" -r "$((GROWTH_KEYS * GROWTH_KEYSPACE_FACTOR))" \
        -P 16 -t set --csv >"$csv" 2>"$csv.err" || log "redis-benchmark failed (see $csv.err)"
    keys=$(redis-cli -h "$BIND" -p "$SERVER_PORT" dbsize 2>/dev/null || true)
    stop_server "$SERVER_PID" "$SERVER_PORT"
    log "${LABEL[$server]} grew to ${keys:-?} keys"
    read -r p99 max < <(tr -d '"' <"$csv" | awk -F, 'NR > 1 && NF >= 8 { print $7, $8; exit }') || true
    record g "$name p99 ms" "$server" "${p99:-}"
    record g "$name max ms" "$server" "${max:-}"
}

now_ms() { date +%s%3N; }

# RESP SET commands with PXAT for N keys: the first EXPIRY_BURST_PCT % expire
# evenly over [start, start + span) ms, the others an hour later, so the live
# count at any time is known. (%.0f: mawk's %d stops at 2^31.)
expiry_file() {
    local n=$1 start=$2 span=$3 file="$WORK/expire.resp"
    awk -v n="$n" -v e="$(expiring_keys)" -v start="$start" -v span="$span" -v later="$EXPIRY_LIVE_TTL_MS" \
        -v d="$KEY_DIGITS" -v kp="$EXPIRY_KEY_PREFIX" -v vp="$VALUE_PREFIX" 'BEGIN {
        for (i = 0; i < n; i++) {
            k = sprintf("%s%0" d "d", kp, i); v = sprintf("%s%0" d "d", vp, i)
            t = sprintf("%.0f", i < e ? start + int(i * span / e) : start + later)
            printf "*5\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n$4\r\nPXAT\r\n$%d\r\n%s\r\n", length(k), k, length(v), v, length(t), t
        }
    }' >"$file"
    echo "$file"
}

expiring_keys() { echo $((EXPIRY_KEYS * EXPIRY_BURST_PCT / 100)); }

# Keys of expiry_file still live at time $1 (ms).
live_keys() {
    awk -v now="$1" -v n="$EXPIRY_KEYS" -v e="$(expiring_keys)" -v start="$EXPIRY_START" -v span="$EXPIRY_SPAN_MS" 'BEGIN {
        expired = now < start ? 0 : int((now - start) * e / span)
        print n - (expired > e ? e : expired)
    }'
}

# h) active expiry while 50 clients run GETs on other keys: of EXPIRY_KEYS
# keys with TTLs, half expire within EXPIRY_SPAN_MS; DBSIZE sampled against
# the known live count gives the expired-but-present keys. Reported: their
# peak share of the present keys, and their share once the burst is over.
measure_expiry() {
    local server=$1 lead=$EXPIRY_LEAD_MS attempt bench_pid samples="$OUT/logs/expiry-$1.tsv" peak settled
    log "${LABEL[$server]}: active expiry, $(expiring_keys) of $EXPIRY_KEYS keys expiring within ${EXPIRY_SPAN_MS}ms"
    for ((attempt = 1; ; attempt++)); do
        expiry_load "$server" "$lead" && break
        stop_server "$SERVER_PID" "$SERVER_PORT"
        ((attempt < EXPIRY_ATTEMPTS)) || { log "keys still loading when they began to expire; no expiry figures"; return 0; }
        lead=$((lead * 2))
        log "keys still loading when they began to expire; again with ${lead}ms to load"
    done
    # Started directly, not through redis_benchmark: $! must be the client itself.
    taskset -c "$CLIENT_CPU" redis-benchmark -h "$BIND" -p "$SERVER_PORT" -c "$LOAD_CLIENTS" -n "$EXPIRY_BACKGROUND_REQUESTS" \
        -r "$LOAD_KEYSPACE" -P 1 -t get -q >"$OUT/logs/expiry-$server.bench.log" 2>&1 &
    bench_pid=$!
    STARTED_PIDS+=("$bench_pid")
    sample_expiry "$SERVER_PORT" >"$samples"
    stop_child "$bench_pid"
    stop_server "$SERVER_PID" "$SERVER_PORT"
    read -r peak settled < <(expiry_figures "$samples") || true
    record h "active expiry: peak expired-but-present % of present keys" "$server" "${peak:-}"
    record h "active expiry: expired-but-present % 1 s after the last expiry" "$server" "${settled:-}"
}

# Starts a server and loads the keys, the first to expire $2 ms from now;
# fails (server left running) if the load ends after that.
expiry_load() {
    local server=$1 lead=$2 file
    start_server "$server" expiry "$START_TIMEOUT_S"
    EXPIRY_START=$(($(now_ms) + lead))
    file=$(expiry_file "$EXPIRY_KEYS" "$EXPIRY_START" "$EXPIRY_SPAN_MS")
    redis-cli -h "$BIND" -p "$SERVER_PORT" --pipe <"$file" >"$OUT/logs/expiry-$server-pipe.log" 2>&1 || true
    (($(now_ms) < EXPIRY_START))
}

# Prints "ms present live" samples until EXPIRY_SETTLE_MS after the last
# expiry; ms is the middle of the DBSIZE round trip.
sample_expiry() {
    local port=$1 end=$((EXPIRY_START + EXPIRY_SPAN_MS + EXPIRY_SETTLE_MS)) before after now present
    while :; do
        before=$(now_ms)
        present=$(redis-cli -h "$BIND" -p "$port" dbsize 2>/dev/null || echo "")
        after=$(now_ms)
        [[ $present =~ ^[0-9]+$ ]] || return 0
        now=$(((before + after) / 2))
        printf '%s\t%s\t%s\n' "$now" "$present" "$(live_keys "$now")"
        ((now >= end)) && return 0
        sleep "$EXPIRY_SAMPLE_S"
    done
}

# From the samples: the peak stale share of the present keys, and the share
# at the first sample EXPIRY_SETTLE_MS after the last expiry.
expiry_figures() {
    awk -F'\t' -v end="$((EXPIRY_START + EXPIRY_SPAN_MS + EXPIRY_SETTLE_MS))" '
        $2 > 0 { stale = ($2 - $3) / $2 * 100; if (stale > peak) peak = stale }
        $2 > 0 && $1 >= end && settled == "" { settled = sprintf("%.2f", stale) }
        END { printf "%.2f %s\n", peak, settled }' "$1"
}

# ---------------------------------------------------------------- driver

run_rounds() {
    local round server measure
    ((${#ROUND_MEASURES[@]} > 0)) || return 0
    for ((round = 1; round <= ROUNDS; round++)); do
        for server in "${SERVERS[@]}"; do
            start_server "$server" "round$round" "$START_TIMEOUT_S"
            for measure in "${ROUND_MEASURES[@]}"; do
                "$measure" "$server" "$SERVER_PORT" "$SERVER_PID" "$round"
            done
            stop_server "$SERVER_PID" "$SERVER_PORT"
        done
    done
}

run_once_measures() {
    local measure server
    for measure in "${ONCE_MEASURES[@]}"; do
        for server in "${SERVERS[@]}"; do "$measure" "$server"; done
    done
}

# ---------------------------------------------------------------- report

# Prints "measure<TAB>mini<TAB>redis<TAB>ratio<TAB>higher_is_better" rows
# (medians, raw numbers), in section order then first-recorded order.
summarize() {
    awk -F'\t' '
        function median(list,   v, n, i, j, t) {
            n = split(list, v, " ")
            for (i = 2; i <= n; i++) for (j = i; j > 1 && v[j - 1] + 0 > v[j] + 0; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
            return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
        }
        !(($1 SUBSEP $2) in order) { order[$1 SUBSEP $2] = ++count; sec[count] = $1; name[count] = $2 }
        { vals[$2, $3] = vals[$2, $3] " " $4 }
        END {
            for (i = 1; i <= count; i++) {
                m = name[i]; mini = redis = ratio = ""
                if ((m, "mini") in vals) mini = median(vals[m, "mini"])
                if ((m, "redis") in vals) redis = median(vals[m, "redis"])
                if (mini != "" && redis != "" && redis + 0 != 0) ratio = mini / redis
                printf "%s\t%05d\t%s\t%s\t%s\t%s\t%d\n", sec[i], i, m, mini, redis, ratio, (m ~ / rps$/)
            }
        }' "$WORK/raw.tsv" | sort -t$'\t' -k1,1 -k2,2n | cut -f3-
}

redis_version() {
    [[ -n ${BIN[redis]:-} ]] || { echo "absent"; return 0; }
    "${BIN[redis]}" --version | awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^v=/) { sub(/^v=/, "", $i); print $i } }'
}

header_line() {
    local rounds="1 round"
    ((ROUNDS > 1)) && rounds="medians of $ROUNDS rounds"
    printf 'Benchmark %s (%s mode, %s), %s cores, Linux %s, redis-server %s; server on CPU %s, redis-benchmark on CPU %s.' \
        "$(date -u '+%Y-%m-%d %H:%M UTC')" "$MODE" "$rounds" "$(nproc)" "$(uname -r)" "$(redis_version)" "$SERVER_CPU" "$CLIENT_CPU"
}

notes_line() {
    printf 'Load: %s clients, -r %s, %s requests at -P16 and %s at -P1. Instructions: callgrind, %s clients, (I(3N)-I(N))/2N with N=%s. ' \
        "$LOAD_CLIENTS" "$LOAD_KEYSPACE" "$REQUESTS_P16" "$REQUESTS_P1" "$CG_CLIENTS" "$CG_REQUESTS"
    printf 'Growth: %s clients, -P16, about %s new keys. Expiry: %s keys with TTLs, %s%% of them expiring evenly within %s ms, under a %s-client GET load. ' \
        "$LOAD_CLIENTS" "$GROWTH_KEYS" "$EXPIRY_KEYS" "$EXPIRY_BURST_PCT" "$EXPIRY_SPAN_MS" "$LOAD_CLIENTS"
    printf 'Ratio = redis-mini / redis-server: higher is better for rps, lower for everything else.'
    [[ -n ${BIN[redis]:-} ]] || printf ' redis-server was not found, so redis-mini ran alone.'
}

# Markdown table of the summary; numbers grouped by thousands.
render_markdown() {
    header_line
    printf '\n\n'
    notes_line
    printf '\n\n| measure | redis-mini | redis-server | ratio |\n|---|---:|---:|---:|\n'
    awk -F'\t' '
        function group(s,   out) { out = ""; while (length(s) > 3) { out = "," substr(s, length(s) - 2) out; s = substr(s, 1, length(s) - 3) } return s out }
        function fmt(v,   a) {
            if (v == "") return "—"
            a = v < 0 ? -v : v
            if (a >= 1000) return (v < 0 ? "-" : "") group(sprintf("%.0f", a))
            if (a >= 100) return sprintf("%.1f", v)
            if (a >= 1) return sprintf("%.2f", v)
            return sprintf("%.3f", v)
        }
        { printf "| %s | %s | %s | %s |\n", $1, fmt($2), fmt($3), $4 == "" ? "—" : sprintf("%.2f", $4) }' "$WORK/summary.tsv"
}

render_csv() {
    echo "measure,redis_mini,redis_server,ratio"
    awk -F'\t' '{ printf "\"%s\",%s,%s,%s\n", $1, $2, $3, $4 == "" ? "" : sprintf("%.4f", $4) }' "$WORK/summary.tsv"
}

# Bar chart of the ratios, green where redis-mini does better, with 1.0 drawn.
render_chart() {
    has gnuplot || { log "gnuplot missing: no chart"; return 0; }
    local data="$WORK/chart.tsv"
    awk -F'\t' -v good="$((COLOR_BETTER))" -v bad="$((COLOR_WORSE))" -v skip="$CHART_SKIP_RE" '$4 != "" && $1 !~ skip {
        better = $5 ? $4 >= 1 : $4 <= 1
        printf "%s\t%s\t%d\n", $1, $4, better ? good : bad
    }' "$WORK/summary.tsv" >"$data"
    [[ -s $data ]] || { log "no ratios to chart"; return 0; }
    gnuplot <<EOF 2>"$OUT/logs/gnuplot.log" || { log "gnuplot failed (see $OUT/logs/gnuplot.log)"; return 0; }
set terminal pngcairo noenhanced size 1400,800 font ",10"
set output "$OUT/bench.png"
set datafile separator "\t"
set title "redis-mini / redis-server, $(date -u +%Y-%m-%d), $MODE mode (green: redis-mini better)"
set ylabel "ratio"
set yrange [0:*]
set grid ytics
set style fill solid 0.7 border -1
set boxwidth 0.7
set xtics rotate by 50 right
set bmargin 16
plot "$data" using 0:2:3:xtic(1) with boxes lc rgb variable notitle, \
     1 with lines lw 2 lc rgb "black" title "1.0 = same as redis-server"
EOF
}

# Replaces the text between the README markers with the results and chart.
# Only a complete run of the project's own server may do that: a partial
# (--only) run or another binary would leave a misleading table behind.
update_readme() {
    local readme="$ROOT/README.md" block="$WORK/readme-block.md"
    [[ -f $readme ]] && grep -qF "$MARK_START" "$readme" && grep -qF "$MARK_END" "$readme" || return 0
    if [[ -n $ONLY ]] || ! [[ ${BIN[mini]} -ef $ROOT/src/redis-mini-server ]]; then
        log "README.md left alone: only a full set of measures of src/redis-mini-server goes there"
        return 0
    fi
    { echo; cat "$OUT/results.md"; } >"$block"
    if [[ -f $OUT/bench.png ]]; then
        cp "$OUT/bench.png" "$ROOT/utils/bench.png"
        printf '\n![redis-mini / redis-server ratios](utils/bench.png)\n' >>"$block"
    fi
    echo >>"$block"
    awk -v start="$MARK_START" -v end="$MARK_END" -v block="$block" '
        index($0, start) { print; while ((getline line < block) > 0) print line; skipping = 1; next }
        index($0, end) { skipping = 0 }
        !skipping' "$readme" >"$WORK/README.new"
    cat "$WORK/README.new" >"$readme"
    log "README.md benchmark section updated"
}

report() {
    summarize >"$WORK/summary.tsv"
    render_markdown >"$OUT/results.md"
    render_csv >"$OUT/results.csv"
    render_chart
    cat "$OUT/results.md"
    update_readme
}

main() {
    parse_args "$@"
    select_measures
    trap cleanup EXIT
    trap 'exit 130' INT TERM
    ensure_tools
    resolve_servers
    choose_cpus
    raise_open_files
    prepare_dirs
    log "$MODE mode, servers: ${SERVERS[*]}; output in $OUT"
    run_rounds
    run_once_measures
    report
    log "done in $((SECONDS - BEGAN))s; results in $OUT"
}

main "$@"
