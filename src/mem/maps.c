/*
 * maps.c — the guest's /proc/self/maps text, in the kernel's exact format.
 *
 * One line per guest mapping: "start-end perms offset major:minor inode", then, for named
 * mappings, spaces up to column 73 and the name (file path, [heap] for anonymous memory
 * touching the program break, [stack] for the mapping holding the initial stack). Addresses are
 * guest addresses, at least 8 hex digits, like Linux's %08lx. A mapping the host kernel made
 * for the guest with an identity plume cannot know in advance (a SysV shm attach) takes the
 * host's own line for it: name, device, inode and offset (mem_show_host_identity).
 *
 * Threading: takes mem_private.lock while reading the list. Any thread.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>

#include "mem_priv.h"

/* Column where Linux starts the name: 25 + 6 * sizeof(void *) on a 64-bit kernel. */
#define MAPS_NAME_COLUMN 73

/* Name Linux would print for v, or NULL. */
static const char *maps_name(const struct mem_private *p, const struct mem_vma *v)
{
    if (v->kind == VMA_FILE)
        return v->name;
    /* Linux's test (vma_is_initial_heap): it also names an anonymous bss ending at the
     * initial break. */
    if (v->kind == VMA_ANON && p->brk_start && v->start <= p->brk_cur && v->end >= p->brk_start)
        return "[heap]";
    if (p->stack_marker && v->start <= p->stack_marker && v->end > p->stack_marker)
        return "[stack]";
    return NULL;
}

int mem_show_host_identity(struct mem_space *m, gaddr_t start, uint64_t len)
{
    struct mem_private *p = m->priv;
    uintptr_t h = (uintptr_t)g2h(m, start);
    unsigned long long s, e, off, ino;
    unsigned maj, mnr;
    char line[PATH_MAX + 128], *name = NULL;
    int at = 0, err = -ENOENT;
    FILE *f = fopen("/proc/self/maps", "r");

    if (!f)
        return -errno;
    while (!name && fgets(line, sizeof(line), f)) {
        int n =
            sscanf(line, "%llx-%llx %*s %llx %x:%x %llu %n", &s, &e, &off, &maj, &mnr, &ino, &at);
        if (n < 6 || h < s || h >= e || at == 0)
            continue;
        line[strcspn(line, "\n")] = 0;
        name = xstrdup(line + at);
    }
    fclose(f);
    if (!name)
        return err;
    pthread_mutex_lock(&p->lock);
    struct mem_vma *v = vma_find(p, start);
    if (v && v->start == start && v->end == start + len && h + len <= e) {
        free(v->name);
        v->name = name;
        name = NULL;
        v->kind = VMA_FILE;
        v->dev = makedev(maj, mnr);
        v->ino = ino;
        v->off = off + (h - s);
        err = 0;
    }
    pthread_mutex_unlock(&p->lock);
    free(name);
    return err;
}

char *mem_format_maps(struct mem_space *m, size_t *len)
{
    struct mem_private *p = m->priv;
    size_t cap, n = 0, i;
    char *buf;

    pthread_mutex_lock(&p->lock);
    cap = (p->n_vmas + 1) * (MAPS_NAME_COLUMN + 64);
    for (i = 0; i < p->n_vmas; i++)
        if (p->vmas[i].name)
            cap += strlen(p->vmas[i].name);
    buf = xmalloc(cap + 1);
    for (i = 0; i < p->n_vmas; i++) {
        const struct mem_vma *v = &p->vmas[i];
        const char *name = maps_name(p, v);
        uint64_t off = v->kind == VMA_FILE ? v->off : 0;
        int w;

        w = snprintf(
            buf + n, cap - n, "%08llx-%08llx %c%c%c%c %08llx %02x:%02x %llu ",
            (unsigned long long)v->start, (unsigned long long)v->end,
            v->prot & TARGET_PROT_READ ? 'r' : '-', v->prot & TARGET_PROT_WRITE ? 'w' : '-',
            v->prot & TARGET_PROT_EXEC ? 'x' : '-', v->shared ? 's' : 'p', (unsigned long long)off,
            major(v->dev), minor(v->dev), (unsigned long long)v->ino);
        n += (size_t)w;
        if (name) {
            while (w < MAPS_NAME_COLUMN) {
                buf[n++] = ' ';
                w++;
            }
            n += (size_t)snprintf(buf + n, cap - n, "%s", name);
        }
        buf[n++] = '\n';
    }
    buf[n] = 0;
    pthread_mutex_unlock(&p->lock);
    *len = n;
    return buf;
}
