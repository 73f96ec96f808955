#!/bin/bash
# t_engines.sh — the interpreter on the tests the main run gives the default engine (the JIT):
# reruns the ISA tests, the assembly tests, the static guest programs and the plugin tests
# through tests/run.sh with `-accel interp` (PLUME points at a small compiled wrapper that adds
# the option; plume passes its own options on when a guest execs another riscv64 program, so
# children keep the engine). Every rerun test must pass, as in the main run. Exit 0 pass, 1
# fail.
set -u
cd "$(dirname "$0")/../.."
ROOT=$PWD
BUILD=${BUILD:-build}
REAL=${PLUME:-$ROOT/$BUILD/plume}
DIR=$ROOT/$BUILD/tests/jit
mkdir -p "$DIR"
# Compiled wrappers: a shell script would add PWD (and SHLVL) to the guest's environment.
status=0
for engine in interp; do
    wrap=$DIR/plume-$engine
    cat >"$wrap.c" <<EOC
#include <stdlib.h>
#include <unistd.h>
int main(int argc, char **argv)
{
    char **v = calloc((size_t)argc + 3, sizeof *v);
    v[0] = argv[0];
    v[1] = "-accel";
    v[2] = "$engine";
    for (int i = 1; i < argc; i++)
        v[i + 2] = argv[i];
    execv("$REAL", v);
    return 127;
}
EOC
    gcc -O1 -o "$wrap" "$wrap.c" || { echo "cannot build the $engine wrapper"; exit 1; }
    for pattern in isa/ asm/ -static plugins/; do
        log=$DIR/$engine-${pattern//\//}.log
        PLUME=$wrap bash tests/run.sh "$pattern" >"$log" 2>&1
        st=$?
        echo "$engine rerun '$pattern': $(tail -n 1 "$log")"
        if [ $st != 0 ]; then
            grep '^FAIL' "$log"
            status=1
        fi
    done
done
exit $status
