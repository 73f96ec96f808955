/*
 * sys_extra.h — helpers shared by the topic files added for wider syscall coverage (sys_ipc.c,
 * sys_sched.c, sys_cred.c, sys_xattr.c, sys_notify.c, sys_splice.c, sys_vm.c, sys_pidfd.c,
 * sys_clock.c). src/linux/ only.
 *
 * Threading: the helpers run on the calling vCPU's thread and keep no state.
 */
#ifndef PLUME_LINUX_SYS_EXTRA_H
#define PLUME_LINUX_SYS_EXTRA_H

#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "linux.h"

/* Host pointer for the guest buffer [g, g+len) locked with prot, or NULL when it is not
 * accessible: the host call then sees NULL and reports its own errors in the kernel's order
 * (a bad size before a bad buffer), and -EFAULT for the buffer itself. */
static inline void *sx_buf_or_null(struct vcpu *cpu, gaddr_t g, size_t len, unsigned prot)
{
    return g ? mem_lock(lx_mem(cpu), g, len, prot) : NULL;
}

#endif
