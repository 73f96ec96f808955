#!/bin/bash
# t_strace_extra.sh — -strace decodes the arguments of the IPC, inotify, splice, fadvise,
# scheduling, priority, mlockall, membarrier, unshare and xattr syscalls symbolically
# (tests/guest/extra/strace_calls.c makes one call of each). qemu-riscv64 7.2 prints most of these
# as raw numbers, so the lines are checked against patterns, not against qemu.
set -u
. "$(dirname "$0")/extra/lib.sh"
exe=$(build_extra strace_calls static) || exit 1
log=$OUT/strace_calls.log
"$PLUME" -strace "$exe" 2>"$log" >/dev/null || { echo "FAIL: exit status $?"; exit 1; }

fails=0
expect() { # extended regex that one line of the log must match
    if grep -Eq -- "$1" "$log"; then
        echo "ok: $1"
    else
        echo "FAIL: no line matches: $1"
        fails=$((fails + 1))
    fi
}
P='0x[0-9a-f]{16}'
expect "msgget\(IPC_PRIVATE,IPC_CREAT\|0600\) = [0-9]+$"
expect "msgrcv\([0-9]+,$P,8,0,IPC_NOWAIT\|MSG_NOERROR\) = -1 errno=42 "
expect "msgctl\([0-9]+,IPC_RMID,NULL\) = 0$"
expect "semget\(IPC_PRIVATE,2,IPC_CREAT\|IPC_EXCL\|0600\) = [0-9]+$"
expect "semctl\([0-9]+,0,GETALL,0x[0-9a-f]+\) = 0$"
expect "shmget\(IPC_PRIVATE,4096,IPC_CREAT\|0600\) = [0-9]+$"
expect "shmat\([0-9]+,NULL,SHM_RDONLY\) = $P$"
expect "shmctl\([0-9]+,IPC_STAT,$P\) = 0$"
expect "shmdt\($P\) = 0$"
expect "inotify_add_watch\([0-9]+,\"/tmp\",IN_CREATE\|IN_DELETE\) = [0-9]+$"
expect "splice\([0-9]+,NULL,[0-9]+,NULL,5,SPLICE_F_NONBLOCK\|SPLICE_F_MORE\) = "
expect "fadvise64\([0-9]+,0,0,POSIX_FADV_DONTNEED\) = "
expect "setxattr\(\"/tmp/plume-strace-[0-9]+\",\"user.s\",$P,1,XATTR_CREATE\) = "
expect "sched_get_priority_max\(SCHED_FIFO\) = 99$"
expect "sched_setscheduler\(0,SCHED_BATCH,$P\) = 0$"
expect "getpriority\(PRIO_PROCESS,0\) = [0-9]+$"
expect "mlockall\(MCL_FUTURE\) = 0$"
expect "membarrier\(MEMBARRIER_CMD_QUERY,0,0\) = [0-9]+$"
expect "unshare\(CLONE_FILES\) = 0$"
[ "$fails" = 0 ] || { echo "$fails pattern(s) missing; log: $log"; exit 1; }
exit 0
