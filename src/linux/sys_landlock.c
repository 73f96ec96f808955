/*
 * sys_landlock.c — Landlock unprivileged sandboxing: landlock_create_ruleset,
 * landlock_add_rule, landlock_restrict_self.
 *
 * Rulesets are host objects behind guest descriptors. The attribute structures are
 * fixed-size integers with one layout on riscv64 and x86-64 (landlock_ruleset_attr; the packed
 * landlock_path_beneath_attr, 12 bytes; landlock_net_port_attr, 16 bytes), locked in guest
 * memory. landlock_restrict_self confines the calling host thread, which is the guest thread:
 * plume's own file accesses on its behalf (opening files, exec) are confined with it, as the
 * kernel's are for a native program, and other guest threads are not, as on Linux.
 *
 * Threading: any vCPU thread; no state.
 */
#include <sys/syscall.h>

#include "sys_extra.h"

#define RULE_PATH_BENEATH 1
#define RULE_NET_PORT 2

int64_t sys_landlock_create_ruleset(struct vcpu *cpu, const uint64_t *a)
{
    /* The kernel checks the size (at most a page) before it reads the attributes. */
    void *attr = a[1] <= 4096 ? sx_buf_or_null(cpu, a[0], a[1], PAGE_READ) : NULL;

    if (a[0] && a[1] && a[1] <= 4096 && !attr)
        return -EFAULT;
    return lx_err(syscall(SYS_landlock_create_ruleset, attr, a[1], (unsigned)a[2]));
}

int64_t sys_landlock_add_rule(struct vcpu *cpu, const uint64_t *a)
{
    int type = (int)a[1];
    size_t size = type == RULE_PATH_BENEATH ? 12 : type == RULE_NET_PORT ? 16 : 0;
    void *attr = size ? sx_buf_or_null(cpu, a[2], size, PAGE_READ) : NULL;

    if (a[2] && size && !attr)
        return -EFAULT;
    return lx_err(syscall(SYS_landlock_add_rule, (int)a[0], type, attr, (unsigned)a[3]));
}

int64_t sys_landlock_restrict_self(struct vcpu *cpu, const uint64_t *a)
{
    return lx_err(syscall(SYS_landlock_restrict_self, (int)a[0], (unsigned)a[1]));
}
