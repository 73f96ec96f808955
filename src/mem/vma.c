/*
 * vma.c — the sorted list of guest mappings (what /proc/self/maps shows) and the free-space
 * search used by mmap, mremap and the loader.
 *
 * The list is a sorted array of non-overlapping page-aligned ranges: binary search finds an
 * address, inserts and removals memmove. Adjacent entries are merged when Linux would merge
 * the vmas (same protection and sharing, both private anonymous, or the same file at
 * contiguous offsets), so the maps text looks like the kernel's; brk-style mappings (the heap,
 * ELF bss) only extend a mapping that ends where they start, as Linux's vm_brk_flags does.
 *
 * Threading: every function here runs with mem_private.lock held.
 */
#include <stdlib.h>
#include <string.h>

#include "mem_priv.h"

size_t vma_lower_bound(const struct mem_private *p, gaddr_t a)
{
    size_t lo = 0, hi = p->n_vmas;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (p->vmas[mid].end <= a)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

struct mem_vma *vma_find(struct mem_private *p, gaddr_t a)
{
    size_t i = vma_lower_bound(p, a);

    if (i < p->n_vmas && p->vmas[i].start <= a)
        return &p->vmas[i];
    return NULL;
}

bool vma_range_free(const struct mem_private *p, gaddr_t start, gaddr_t end)
{
    size_t i = vma_lower_bound(p, start);

    return i >= p->n_vmas || p->vmas[i].start >= end;
}

bool vma_range_covered(const struct mem_private *p, gaddr_t start, gaddr_t end)
{
    size_t i = vma_lower_bound(p, start);
    gaddr_t a = start;

    for (; a < end && i < p->n_vmas; i++) {
        if (p->vmas[i].start > a)
            return false;
        a = p->vmas[i].end;
    }
    return a >= end;
}

static void vma_free_entry(struct mem_vma *v)
{
    free(v->name);
    v->name = NULL;
}

/* Make room for one entry at index i. */
static void vma_open_slot(struct mem_private *p, size_t i)
{
    if (p->n_vmas == p->cap_vmas) {
        p->cap_vmas = p->cap_vmas ? p->cap_vmas * 2 : 64;
        p->vmas = xrealloc(p->vmas, p->cap_vmas * sizeof(*p->vmas));
    }
    memmove(&p->vmas[i + 1], &p->vmas[i], (p->n_vmas - i) * sizeof(*p->vmas));
    p->n_vmas++;
}

static void vma_close_slots(struct mem_private *p, size_t i, size_t n)
{
    if (n == 0)
        return;
    memmove(&p->vmas[i], &p->vmas[i + n], (p->n_vmas - i - n) * sizeof(*p->vmas));
    p->n_vmas -= n;
}

/* If a lies strictly inside an entry, split that entry at a. */
static void vma_split_at(struct mem_private *p, gaddr_t a)
{
    size_t i = vma_lower_bound(p, a);
    struct mem_vma *v;

    if (i >= p->n_vmas || p->vmas[i].start >= a)
        return;
    vma_open_slot(p, i + 1);
    v = &p->vmas[i];
    v[1] = v[0];
    if (v[0].name)
        v[1].name = xstrdup(v[0].name);
    v[0].end = a;
    v[1].start = a;
    if (v[1].kind == VMA_FILE)
        v[1].off += a - v[0].start;
}

static bool vma_mergeable(const struct mem_vma *a, const struct mem_vma *b)
{
    if (a->end != b->start || a->prot != b->prot || a->shared != b->shared || a->kind != b->kind)
        return false;
    switch (a->kind) {
    case VMA_ANON:
        return true;
    case VMA_FILE:
        return a->dev == b->dev && a->ino == b->ino && a->off + (a->end - a->start) == b->off &&
               ((!a->name && !b->name) || (a->name && b->name && !strcmp(a->name, b->name)));
    default:
        return false;
    }
}

/* Merge entry i with its right neighbour if compatible; returns true if merged. */
static bool vma_try_merge_next(struct mem_private *p, size_t i)
{
    if (i + 1 >= p->n_vmas || !vma_mergeable(&p->vmas[i], &p->vmas[i + 1]))
        return false;
    p->vmas[i].end = p->vmas[i + 1].end;
    vma_free_entry(&p->vmas[i + 1]);
    vma_close_slots(p, i + 1, 1);
    return true;
}

/* Merge the entries around indices [i, j] with their neighbours where possible. */
static void vma_merge_around(struct mem_private *p, size_t i, size_t j)
{
    size_t k = j + 1 < p->n_vmas ? j + 1 : p->n_vmas - 1;
    size_t lo = i ? i - 1 : 0;

    while (k > lo) {
        k--;
        vma_try_merge_next(p, k);
    }
}

void vma_remove_range(struct mem_private *p, gaddr_t start, gaddr_t end)
{
    size_t i, j;

    vma_split_at(p, start);
    vma_split_at(p, end);
    i = vma_lower_bound(p, start);
    for (j = i; j < p->n_vmas && p->vmas[j].end <= end; j++)
        vma_free_entry(&p->vmas[j]);
    vma_close_slots(p, i, j - i);
}

void vma_insert(struct mem_private *p, const struct mem_vma *v, bool after_only)
{
    size_t i = vma_lower_bound(p, v->start);

    vma_open_slot(p, i);
    p->vmas[i] = *v;
    if (!after_only)
        vma_merge_around(p, i, i);
    else if (i > 0)
        vma_try_merge_next(p, i - 1);
}

void vma_set_prot(struct mem_private *p, gaddr_t start, gaddr_t end, uint8_t prot)
{
    size_t i, j;

    vma_split_at(p, start);
    vma_split_at(p, end);
    i = vma_lower_bound(p, start);
    for (j = i; j < p->n_vmas && p->vmas[j].start < end; j++)
        p->vmas[j].prot = prot;
    if (j > i)
        vma_merge_around(p, i, j - 1);
}

gaddr_t vma_find_free(const struct mem_private *p, uint64_t len)
{
    gaddr_t hi = p->mmap_base, lo = MEM_MIN_ADDR;
    size_t i;

    if (len == 0 || len > GUEST_SPACE - MEM_MIN_ADDR)
        return 0;
    /* Top-down: the highest hole below mmap_base, as Linux's default layout does. */
    i = vma_lower_bound(p, hi);
    if (i < p->n_vmas && p->vmas[i].start < hi)
        hi = p->vmas[i].start;
    while (i-- > 0) {
        const struct mem_vma *v = &p->vmas[i];
        if (v->end < hi && hi - v->end >= len)
            return hi - len;
        if (v->start < hi)
            hi = v->start;
    }
    if (hi >= lo && hi - lo >= len)
        return hi - len;
    /* Then bottom-up above mmap_base (the stack gap included), like Linux's fallback. */
    lo = p->mmap_base;
    for (i = vma_lower_bound(p, lo); i < p->n_vmas; i++) {
        const struct mem_vma *v = &p->vmas[i];
        if (v->start > lo && v->start - lo >= len)
            return lo;
        if (v->end > lo)
            lo = v->end;
    }
    if (GUEST_SPACE - lo >= len)
        return lo;
    return 0;
}
