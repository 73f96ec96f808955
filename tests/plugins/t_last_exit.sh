#!/bin/bash
# t_last_exit.sh — the last two threads exit through exit(2) at the same moment
# (threads_lastexit.c), 200 times: every run must end with status 0 and run the plugin's atexit
# callbacks exactly once ("threads: ok" from threads.c, one vcpu_exit). Exactly one of the two
# threads must find itself last and end the process through the exit sequence.
. "$(dirname "$0")/lib.sh"
SO=$TP/libthreads.so
build_so "$SO"
riscv64-linux-gnu-gcc -O2 -pthread -static tests/plugins/threads_lastexit.c -o "$tmp/g" || exit 1
bad=0
for i in $(seq 200); do
    timeout 20 env -i "$PLUME" -plugin "$SO,exits=1,inits=2" "$tmp/g" >/dev/null 2>"$tmp/err"
    st=$?
    if [ "$st" != 0 ] || [ "$(grep -c '^threads: ok$' "$tmp/err")" != 1 ]; then
        bad=$((bad + 1))
        [ $bad = 1 ] && { echo "run $i: status $st"; head -n 5 "$tmp/err"; }
    fi
done
echo "$bad of 200 runs without a single atexit or with a wrong status"
[ $bad = 0 ]
