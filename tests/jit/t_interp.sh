#!/bin/bash
# t_interp.sh — the interpreter stays tested now that the JIT is the default engine: reruns the
# ISA tests, the assembly tests, the static guest programs and the plugin tests through
# tests/run.sh with PLUME pointing at a wrapper that adds `-accel interp` (plume passes its own
# options on when a guest execs another riscv64 program, so children stay interpreted too).
# Every rerun test must pass, as in the main run. Exit 0 pass, 1 fail.
set -u
cd "$(dirname "$0")/../.."
ROOT=$PWD
BUILD=${BUILD:-build}
REAL=${PLUME:-$ROOT/$BUILD/plume}
DIR=$ROOT/$BUILD/tests/jit
mkdir -p "$DIR"
# A compiled wrapper: a shell script would add PWD (and SHLVL) to the guest's environment.
WRAP=$DIR/plume-interp
cat >"$DIR/plume-interp.c" <<EOC
#include <stdlib.h>
#include <unistd.h>
int main(int argc, char **argv)
{
    char **v = calloc((size_t)argc + 3, sizeof *v);
    v[0] = argv[0];
    v[1] = "-accel";
    v[2] = "interp";
    for (int i = 1; i < argc; i++)
        v[i + 2] = argv[i];
    execv("$REAL", v);
    return 127;
}
EOC
gcc -O1 -o "$WRAP" "$DIR/plume-interp.c" || { echo "cannot build the wrapper"; exit 1; }

status=0
for pattern in isa/ asm/ -static plugins/; do
    log=$DIR/interp-${pattern//\//}.log
    PLUME=$WRAP bash tests/run.sh "$pattern" >"$log" 2>&1
    st=$?
    echo "interp rerun '$pattern': $(tail -n 1 "$log")"
    if [ $st != 0 ]; then
        grep '^FAIL' "$log"
        status=1
    fi
done
exit $status
