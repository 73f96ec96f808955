#!/bin/bash
# t_hostile.sh — a guest that wrecks its own environment (hostile.c): a signal with sp pointing
# nowhere (Linux: SIGSEGV, as the frame cannot be written; qemu-riscv64 7.2 wrongly reports
# SIGTRAP), rt_sigreturn without a frame, munmap of the whole user space or of the live stack
# (SIGSEGV), infinite one-instruction loops ended by alarm(), by a guest SIGALRM handler, and by
# SIGTERM/SIGINT sent from outside (default action and a guest handler). Each must end with the
# status Linux gives, promptly, and plume must leave through its own exit path (the insn
# plugin's atexit report is written) rather than crash.
. "$(dirname "$0")/lib.sh"

exe=$(build_guest hostile static) || { fail "cannot build hostile"; finish; }
insn=$ROOT/$BUILD/plugins/libinsn.so
[ -f "$insn" ] || { fail "$insn missing"; finish; }
report=$MB_OUT/hostile.report.$$
trap 'rm -f "$report"' EXIT

check() { # mode expected-statuses(regex) expected-stdout [signal-to-send]
    local mode=$1 want=$2 text=$3 sig=${4:-} out st pid start secs
    rm -f "$report"
    start=$(date +%s)
    if [ -n "$sig" ]; then
        # Background commands of a script start with SIGINT ignored: give plume the defaults.
        env --default-signal=INT,TERM "$PLUME" -plugin "$insn,outfile=$report" "$exe" "$mode" \
            >"$report.out" 2>/dev/null &
        pid=$!
        for _ in $(seq 50); do
            [ -s "$report.out" ] || [ "$mode" = spin ] && break
            sleep 0.1
        done
        sleep 0.3
        kill -s "$sig" "$pid"
        for _ in $(seq 100); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$pid" 2>/dev/null
        { wait "$pid"; } 2>/dev/null
        st=$?
        out=$(grep -v '^ready$' "$report.out")
        rm -f "$report.out"
    else
        out=$({ timeout 20 "$PLUME" -plugin "$insn,outfile=$report" "$exe" "$mode"; } 2>/dev/null)
        st=$?
    fi
    secs=$(($(date +%s) - start))
    local what="$mode${sig:+ + SIG$sig}"
    if ! [[ "$st" =~ ^($want)$ ]]; then
        fail "$what: status $(status_name "$st"), expected $want"
    elif [ "$out" != "$text" ]; then
        fail "$what: stdout [$out], expected [$text]"
    elif ! grep -q '^total insns: [1-9]' "$report" 2>/dev/null; then
        fail "$what: no plugin atexit report (plume did not leave through its exit path)"
    elif [ "$secs" -gt 10 ]; then
        fail "$what: took $secs s"
    else
        pass "$what: $(status_name "$st")"
    fi
}

check badsp-signal 139 ""
check garbage-sigreturn '13[2-9]' ""
check spin-alarm 142 ""
check spin-handler 7 ""
check unmap-all 139 ""
check unmap-stack 139 ""
check spin 143 "" TERM
check spin 130 "" INT
check spin-term-handler 9 "" TERM
finish
