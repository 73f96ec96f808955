/*
 * sys_extra.h — helpers shared by the topic files added for wider syscall coverage (sys_ipc.c,
 * sys_sched.c, sys_cred.c, sys_xattr.c, sys_notify.c, sys_splice.c, sys_vm.c, sys_pidfd.c,
 * sys_clock.c, sys_aio.c, sys_admin.c, sys_keys.c, sys_landlock.c, sys_numa.c). src/linux/
 * only.
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

/* Host pointer for the guest buffer [g, g+len) that the host kernel may or may not touch (it
 * faults only if it does, as Linux's copy to or from user memory does): the locked buffer, else
 * its host address while it lies inside the guest space (the host then sees plume's PROT_NONE
 * reservation or the guest's own protection and answers EFAULT), else a kernel address the
 * host refuses at once, as Linux refuses one beyond user space. Never plume's own memory. */
static inline void *sx_buf_lazy(struct vcpu *cpu, gaddr_t g, size_t len, unsigned prot)
{
    void *p = mem_lock(lx_mem(cpu), g, len, prot);

    if (p)
        return p;
    if (g < GUEST_SPACE && len <= GUEST_SPACE - g)
        return g2h(lx_mem(cpu), g);
    return (void *)(uintptr_t)(1ull << 63);
}

#endif
