#!/bin/bash
# t_proc.sh — process behaviour on plume alone (proc_plume.c): execve of a riscv64 program
# re-runs plume on it, fork from a threaded process, /proc/cpuinfo, robust mutexes after the
# owner thread or process dies, or its process calls exit while the owner thread runs
# (EOWNERDEAD). Static and dynamic builds.
set -u
. "$(dirname "$0")/lib.sh"
for link in static dynamic; do
    exe=$(build tests/threads/proc_plume.c $link) || { fail "build $link"; continue; }
    expect() { # mode expected-output
        local out; out=$(timeout 20 "$PLUME" "$exe" "$1" 2>&1)
        [ "$out" = "$2" ] && pass "$link $1: $out" || fail "$link $1: got '$out', expected '$2'"
    }
    expect exec "argc 3 argv0 renamed argv2 'x y' machine riscv64 maps guest"
    expect forkthreads "fork while threaded: child status 13"
    expect cpuinfo "cpuinfo ok"
    expect robust "thread owner died: EOWNERDEAD, then consistent
process owner died: EOWNERDEAD, then consistent
owner thread running at exit_group: EOWNERDEAD, then consistent"
done
finish
