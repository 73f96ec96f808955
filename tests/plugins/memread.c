/*
 * memread.c — a plugin that reads guest memory when the guest asks it to: at syscall 500 (no
 * riscv64 syscall has that number) with a0 = address and a1 = length, it reads [a0, a0 + a1)
 * with qemu_plugin_read_memory_vaddr and prints "memread: <bytes>" or "memread: failed" on
 * stderr. tests/harden/t_own_fds.sh (ownfd --plugin) uses it to make the plugin core open /proc/self/mem (for a
 * PROT_NONE page) and checks that the guest cannot take that descriptor away.
 */
#include <qemu-plugin.h>

#include <stdio.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

static void on_syscall(unsigned int vcpu, int64_t num, uint64_t a1, uint64_t a2, uint64_t a3,
                       uint64_t a4, uint64_t a5, uint64_t a6, uint64_t a7, uint64_t a8,
                       void *udata)
{
    if (num != 500 || a2 == 0 || a2 > 256)
        return;
    GByteArray *b = g_byte_array_new();
    if (qemu_plugin_read_memory_vaddr(a1, b, a2))
        fprintf(stderr, "memread: %.*s\n", (int)b->len, (const char *)b->data);
    else
        fprintf(stderr, "memread: failed\n");
    g_byte_array_free(b, TRUE);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc,
                                           char **argv)
{
    qemu_plugin_register_vcpu_syscall_cb(id, on_syscall, NULL);
    return 0;
}
