#!/usr/bin/env bash
# deps/install.sh [--check] [build|run|test|bench]
#
# Owns the list of Debian packages redis-mini depends on, and installing the
# missing ones. Nothing third-party is copied into the repository: every
# dependency is a Debian package, found at build time by pkg-config.
#
# Why it is shaped this way: `make run` and `make test` call it every time, so
# when nothing is missing it must print nothing and return fast (one
# dpkg-query call). When something is missing it installs it with apt-get as
# root (or through passwordless sudo); otherwise it prints the exact command
# to run and exits 1, so the make target stops with a clear message.
#
# Groups are cumulative: run = build + the redis-cli tools, test = run +
# test packages (among them redis-server, the reference the RDB interop
# tests exchange dump files with), bench = test + bench. The test group also
# installs the npm
# packages of the node client tests (tests/clients/node) with `npm ci`, into
# that directory only, when they are missing or older than its lock file.
# --check only reports: it lists what is missing and exits 1, installs nothing.
set -euo pipefail

readonly BUILD_PACKAGES=(gcc libc6-dev make pkg-config libjemalloc-dev liblzf-dev)
readonly RUN_PACKAGES=(redis-tools)
readonly TEST_PACKAGES=(libhiredis-dev tcl procps python3-redis nodejs redis-server)
readonly BENCH_PACKAGES=(valgrind gnuplot-nox procps util-linux)
readonly DEFAULT_GROUP=test
readonly INSTALLED_STATUS="install ok installed"
readonly REDIS_SERVICE=redis-server
readonly REDIS_DEFAULT_PORT=6379
readonly EXIT_MISSING=1
readonly EXIT_USAGE=2
readonly NODE_TESTS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/tests/clients/node"

usage() {
    echo "usage: deps/install.sh [--check] [build|run|test|bench]  (default: $DEFAULT_GROUP)" >&2
    exit "$EXIT_USAGE"
}

# Prints the packages of a group, one per line.
packages_for_group() {
    case "$1" in
        build) printf '%s\n' "${BUILD_PACKAGES[@]}" ;;
        run)   packages_for_group build; printf '%s\n' "${RUN_PACKAGES[@]}" ;;
        test)  packages_for_group run; printf '%s\n' "${TEST_PACKAGES[@]}"; npm_package ;;
        bench) packages_for_group test; printf '%s\n' "${BENCH_PACKAGES[@]}" ;;
        *) usage ;;
    esac
}

# Debian's nodejs comes without npm, which is its own package; NodeSource's
# nodejs bundles npm and conflicts with Debian's npm. So npm is wanted only
# when there is no npm command at all.
npm_package() {
    command -v npm >/dev/null 2>&1 || echo npm
}

# The node tests' modules are current when npm ci's record of what it
# installed is at least as new as the lock file.
node_modules_current() {
    local installed="$NODE_TESTS_DIR/node_modules/.package-lock.json"
    [[ -f $installed && ! $NODE_TESTS_DIR/package-lock.json -nt $installed ]]
}

install_node_modules() {
    echo "deps: installing the node client test modules (npm ci in tests/clients/node)" >&2
    (cd "$NODE_TESTS_DIR" && npm ci --no-audit --no-fund --loglevel=error >&2)
}

# Prints the packages among "$@" that dpkg does not report as installed.
# One dpkg-query for all of them (unknown packages only complain on stderr).
missing_packages() {
    { dpkg-query -W -f='${Package} ${Status}\n' "$@" 2>/dev/null || true; } |
        awk -v ok="$INSTALLED_STATUS" -v wanted="$*" '
            substr($0, index($0, " ") + 1) == ok { have[$1] = 1 }
            END { n = split(wanted, w, " "); for (i = 1; i <= n; i++) if (!(w[i] in have)) print w[i] }'
}

# Runs "$@" as root: directly, through passwordless sudo, or fails with 1.
as_root() {
    if ((EUID == 0)); then
        "$@"
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        sudo "$@"
    else
        return 1
    fi
}

can_become_root() {
    ((EUID == 0)) || { command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; }
}

port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

apt_install() {
    as_root apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -q --no-install-recommends "$@"
}

# Keeps the service from starting at boot: systemd's unit when systemd
# runs, the SysV links otherwise. Failures are ignored (a container may
# have neither).
disable_redis_service() {
    if [[ -d /run/systemd/system ]] && command -v systemctl >/dev/null 2>&1; then
        as_root systemctl disable "$REDIS_SERVICE" >/dev/null 2>&1 || true
    elif command -v update-rc.d >/dev/null 2>&1; then
        as_root update-rc.d "$REDIS_SERVICE" disable >/dev/null 2>&1 || true
    fi
}

# Debian's redis-server package starts a service on 6379, the port `make
# run` uses, and enables it at boot. The tests only need the binary (they
# run their own redis-server on free ports), so if the install is what
# started the service, stop it and disable it.
stop_started_redis_service() {
    local was_busy=$1
    [[ $was_busy == yes ]] && return 0
    port_in_use "$REDIS_DEFAULT_PORT" || return 0
    echo "deps: stopping and disabling the $REDIS_SERVICE service the install started on port $REDIS_DEFAULT_PORT" >&2
    if command -v service >/dev/null 2>&1; then
        as_root service "$REDIS_SERVICE" stop >/dev/null 2>&1 || true
    fi
    disable_redis_service
}

print_manual_command() {
    echo "deps: missing packages: $*" >&2
    echo "deps: run this as root, then retry:" >&2
    echo "  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $*" >&2
}

install_missing() {
    local missing=("$@")
    if ! can_become_root; then
        print_manual_command "${missing[@]}"
        exit "$EXIT_MISSING"
    fi
    local redis_port_busy=no
    port_in_use "$REDIS_DEFAULT_PORT" && redis_port_busy=yes
    echo "deps: installing ${missing[*]}" >&2
    apt_install "${missing[@]}"
    if printf '%s\n' "${missing[@]}" | grep -qxF "$REDIS_SERVICE"; then
        stop_started_redis_service "$redis_port_busy"
    fi
}

main() {
    local check_only=no group=$DEFAULT_GROUP
    while (($#)); do
        case "$1" in
            --check) check_only=yes ;;
            build | run | test | bench) group=$1 ;;
            *) usage ;;
        esac
        shift
    done
    if ! command -v dpkg-query >/dev/null 2>&1; then
        echo "deps: not a Debian system; install by hand: $(packages_for_group "$group" | xargs)" >&2
        exit 0
    fi
    local wanted missing
    mapfile -t wanted < <(packages_for_group "$group")
    mapfile -t missing < <(missing_packages "${wanted[@]}")
    local node_missing=no
    [[ $group == test || $group == bench ]] && ! node_modules_current && node_missing=yes
    ((${#missing[@]} == 0)) && [[ $node_missing == no ]] && exit 0
    if [[ $check_only == yes ]]; then
        ((${#missing[@]})) && echo "deps: missing packages: ${missing[*]}" >&2
        [[ $node_missing == yes ]] && echo "deps: missing: node modules of $NODE_TESTS_DIR (npm ci)" >&2
        exit "$EXIT_MISSING"
    fi
    ((${#missing[@]})) && install_missing "${missing[@]}"
    [[ $node_missing == yes ]] && install_node_modules
    return 0
}

main "$@"
