/*
 * sys_refused.c — syscalls plume answers with an error on purpose, because the host cannot do
 * their work for a riscv64 guest. Each answer is one Linux itself gives, so programs take the
 * path they already have for it:
 *
 *   ENOSYS, as a kernel built without the feature (and as qemu-riscv64 7.2):
 *     seccomp          filters are BPF over riscv64 syscall numbers and registers; the host
 *                      kernel would apply them to plume's x86-64 syscalls (prctl's
 *                      PR_SET_SECCOMP is EINVAL for the same reason, sys_proc.c)
 *     bpf              programs and maps are loaded into, and run by, the host kernel
 *     perf_event_open  counters would count plume's host instructions and events
 *     userfaultfd      faults are reported at host addresses, and plume's own accesses to
 *                      guest memory would block inside plume
 *     io_uring_*       the rings hold guest pointers the host kernel would use directly
 *     pkey_mprotect, pkey_alloc, pkey_free
 *                      riscv64 Linux has no memory protection keys (no ARCH_HAS_PKEYS)
 *     lookup_dcookie, nfsservctl
 *                      removed from Linux (6.8 and 3.1)
 *   EPERM, as Linux answers a caller without the capability it checks first:
 *     ptrace           a riscv64 tracee's registers and memory live inside plume; as with
 *                      Yama's ptrace_scope 3, tracing is not permitted
 *     kexec_load, kexec_file_load (CAP_SYS_BOOT), init_module, finit_module, delete_module
 *                      (CAP_SYS_MODULE): a riscv64 kernel image or module cannot run on the host
 *     reboot           CAP_SYS_BOOT is checked before the magic numbers: nothing plume runs may
 *                      restart or halt the host
 *   EINTR:
 *     restart_syscall  plume restarts interrupted calls itself, so a guest never has a restart
 *                      block pending; Linux's answer then is do_no_restart_syscall's EINTR
 *
 * The ENOSYS rows use sys_enosys (syscall.c).
 *
 * Threading: any vCPU thread; no state.
 */
#include "linux.h"

/* Calls only a capability the guest never gets here would allow: EPERM. */
int64_t sys_not_permitted(struct vcpu *cpu, const uint64_t *a)
{
    return -EPERM;
}

int64_t sys_restart_syscall(struct vcpu *cpu, const uint64_t *a)
{
    return -EINTR;
}
