#!/bin/bash
# t_options.sh — the -g option itself: invalid ports and a busy port end plume with one
# "plume: -g: ..." line and status 1 before any guest code runs; QEMU_GDB works like -g; a unix
# socket path works; gdb's kill ends plume (SIGKILL) and detach lets the program run on; an
# execve of a riscv64 program under -g runs the new image without the stub; SIGTERM ends a plume
# still waiting for gdb.
. "$(dirname "$0")/lib.sh"

exe=$(build_guest basic static) || fail "cannot build the guest"

for bad in abc 0 70000 -5 ""; do
    st=0
    timeout 10 "$PLUME" -g "$bad" "$exe" >"$WORK/out" 2>"$WORK/err" || st=$?
    [ "$st" = 1 ] || fail "-g '$bad': status $st, expected 1"
    [ "$(wc -l <"$WORK/err")" = 1 ] || { cat "$WORK/err"; fail "-g '$bad': not one line"; }
    expect_line "$WORK/err" "plume: -g: invalid port '$bad' (a number from 1 to 65535, or a socket path)"
    [ -s "$WORK/out" ] && fail "-g '$bad': the guest ran"
done
echo "ok invalid ports"

# A port somebody listens on: held by a python listener for the duration of the check.
port=$(free_port)
python3 -c 'import socket, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("", int(sys.argv[1]))); s.listen(1); print("ready", flush=True); time.sleep(20)' "$port" \
    >"$WORK/holder" &
holder=$!
for _ in $(seq 50); do grep -q ready "$WORK/holder" && break; sleep 0.1; done
st=0
timeout 10 "$PLUME" -g "$port" "$exe" >"$WORK/out" 2>"$WORK/err" || st=$?
kill $holder
[ "$st" = 1 ] || fail "busy port: status $st, expected 1"
[ "$(wc -l <"$WORK/err")" = 1 ] || { cat "$WORK/err"; fail "busy port: not one line"; }
expect_line "$WORK/err" "plume: -g: cannot listen on port $port: Address already in use"
echo "ok busy port"

port=$(free_port)
start_emu "$port" "$WORK/out" env QEMU_GDB="$port" "$PLUME" "$exe"
run_gdb "$port" "$exe" "$WORK/gdb" "break add" "continue" "continue"
wait_emu
st=$EMU_ST
expect_line "$WORK/gdb" "Breakpoint 1, add (a=20, b=20) at basic.c:9"
expect_line "$WORK/out" "x=40 counter=47 seven=7,7"
[ "$st" = 40 ] || fail "QEMU_GDB: status $st"
echo "ok QEMU_GDB"

sock=$WORK/sock
start_emu 0 "$WORK/out" "$PLUME" -g "$sock" "$exe"
for _ in $(seq 50); do [ -S "$sock" ] && break; sleep 0.1; done
run_gdb "$sock" "$exe" "$WORK/gdb" "break seven" "continue" "continue" "continue"
wait_emu
st=$EMU_ST
expect_line "$WORK/gdb" "[Inferior 1 (Remote target) exited with code 050]"
[ "$st" = 40 ] || fail "unix socket: status $st"
[ -e "$sock" ] && fail "socket file left behind"
echo "ok unix socket"

port=$(free_port)
start_emu "$port" "$WORK/out" "$PLUME" -g "$port" "$exe"
run_gdb "$port" "$exe" "$WORK/gdb" "break twice" "continue" "kill"
wait_emu
st=$EMU_ST
expect_line "$WORK/gdb" "[Inferior 1 (Remote target) killed]"
[ "$st" = 137 ] || fail "kill: status $st, expected 137 (SIGKILL)"
[ -s "$WORK/out" ] && fail "kill: the guest printed something"
echo "ok kill"

port=$(free_port)
start_emu "$port" "$WORK/out" "$PLUME" -g "$port" "$exe"
run_gdb "$port" "$exe" "$WORK/gdb" "break twice" "continue" "detach"
wait_emu
st=$EMU_ST
expect_line "$WORK/gdb" "[Inferior 1 (Remote target) detached]"
expect_line "$WORK/out" "x=40 counter=47 seven=7,7"
[ "$st" = 40 ] || fail "detach: status $st"
echo "ok detach"

# execve of a riscv64 program re-runs plume without -g: gdb stays with the process that it was
# debugging (its connection ends at the exec) and the new image runs without waiting for one.
execs=$(build_guest execs static) || fail "cannot build execs"
port=$(free_port)
start_emu "$port" "$WORK/out" "$PLUME" -g "$port" "$execs"
run_gdb "$port" "$execs" "$WORK/gdb" "continue"
wait_emu
st=$EMU_ST
expect_line "$WORK/out" "parent execs"
expect_line "$WORK/out" "child runs"
[ "$st" = 7 ] || { cat "$WORK/gdb"; fail "execve under -g: status $st, expected 7"; }
echo "ok execve runs the new image without the stub"

# Nobody connects: SIGTERM (or Ctrl-C) ends plume while it waits, as it ends qemu.
port=$(free_port)
"$PLUME" -g "$port" "$exe" >"$WORK/out" 2>&1 &
waiter=$!
for _ in $(seq 50); do ss -ltn 2>/dev/null | grep -q ":$port " && break; sleep 0.1; done
kill -TERM $waiter
st=0
wait $waiter || st=$?
[ "$st" = 143 ] || fail "SIGTERM while waiting for gdb: status $st, expected 143"
echo "ok SIGTERM while waiting for gdb"
