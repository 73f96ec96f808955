/*
 * drcov.c — bundled plugin: code coverage in DynamoRIO's drcov format (version 2), which
 * Lighthouse, bncov and similar tools load.
 *
 * Options: filename=<path> (coverage file, default drcov.log), outfile=<path>|- (summary, common.h).
 * File: the text header "DRCOV VERSION: 2", "DRCOV FLAVOR: drcov", "Module Table: version 2,
 * count N", "Columns: id, base, end, entry, checksum, timestamp, path" and one row per module,
 * then "BB Table: M bbs" followed by M binary 8-byte records (little-endian): uint32 start
 * offset from the module base, uint16 size in bytes, uint16 module id.
 * Modules: the file mappings of the guest. A guest address becomes a host address by adding
 * the guest base (qemu_plugin_insn_haddr - qemu_plugin_insn_vaddr, as in QEMU's user mode),
 * and guest file mappings are host file mappings, so the process's own /proc/self/maps shows
 * each ELF image the guest mapped — the executable, the ELF interpreter and every library
 * (also those loaded with dlopen) — under its host path. All mappings of one path inside the
 * guest space form one module (base = lowest start, end = highest end). The table is read
 * again only when a block lies outside every known module; blocks in anonymous memory (code
 * the guest generated, the vDSO) are counted in the summary but not written.
 * Blocks: each distinct (start, size) once, at its first translation (in user mode a block
 * is translated when it is about to run).
 * Summary report: "<m> modules, <b> blocks, <a> blocks outside modules" and the file name.
 * Threading: the module and block tables are protected by a mutex (translation and exit); no
 * execution-time instrumentation at all. State: one struct passed as userdata.
 */
#include "common.h"

#include <inttypes.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

/* Span of the guest address space searched in the host maps (riscv64 Sv39 and below). */
#define GUEST_SPAN (1ull << 47)

struct module {
    uint64_t base, end; /* guest addresses */
    char *path;         /* NULL: anonymous range, not a module */
    unsigned id;
};

struct bb {
    uint64_t start;
    uint32_t size;
    unsigned mod;
};

struct drcov_state {
    char *path;
    FILE *file;
    GMutex lock;
    GPtrArray *mods; /* struct module *, files and anonymous ranges */
    unsigned n_files;
    GArray *bbs;     /* struct bb */
    GHashTable *seen; /* start ^ size << 48 */
    uint64_t outside;
    struct report_out out;
};

/* Find or create the module holding pc (NULL-path entries are anonymous). Caller holds lock. */
static struct module *module_of_locked(struct drcov_state *st, uint64_t pc, uint64_t gbase)
{
    for (guint i = 0; i < st->mods->len; i++) {
        struct module *m = g_ptr_array_index(st->mods, i);
        if (pc >= m->base && pc < m->end)
            return m;
    }
    FILE *maps = fopen("/proc/self/maps", "r");
    if (!maps)
        return NULL;
    char line[4096 + 128], path[4096] = "";
    uint64_t lo = 0, hi = 0;
    bool found = false;
    while (!found && fgets(line, sizeof(line), maps)) {
        unsigned long long s, e;
        int off = 0;
        if (sscanf(line, "%llx-%llx %*s %*s %*s %*s %n", &s, &e, &off) < 2)
            continue;
        if (s <= gbase + pc && gbase + pc < e) {
            found = true;
            lo = s - gbase;
            hi = e - gbase;
            snprintf(path, sizeof(path), "%s", off ? line + off : "");
            path[strcspn(path, "\n")] = 0;
        }
    }
    struct module *m = NULL;
    if (found) {
        m = g_new0(struct module, 1);
        m->base = lo;
        m->end = hi;
        if (path[0] == '/') {
            rewind(maps);
            while (fgets(line, sizeof(line), maps)) {
                unsigned long long s, e;
                int off = 0;
                if (sscanf(line, "%llx-%llx %*s %*s %*s %*s %n", &s, &e, &off) < 2 || !off ||
                    s < gbase || e > gbase + GUEST_SPAN)
                    continue;
                line[strcspn(line, "\n")] = 0;
                if (strcmp(line + off, path))
                    continue;
                m->base = MIN(m->base, s - gbase);
                m->end = MAX(m->end, e - gbase);
            }
            m->path = g_strdup(path);
            m->id = st->n_files++;
        }
        g_ptr_array_add(st->mods, m);
    }
    fclose(maps);
    return m;
}

static void on_trans(struct qemu_plugin_tb *tb, void *ud)
{
    struct drcov_state *st = ud;
    size_t n = qemu_plugin_tb_n_insns(tb);
    struct qemu_plugin_insn *first = qemu_plugin_tb_get_insn(tb, 0);
    struct qemu_plugin_insn *last = qemu_plugin_tb_get_insn(tb, n - 1);
    uint64_t start = qemu_plugin_tb_vaddr(tb);
    uint64_t size = qemu_plugin_insn_vaddr(last) + qemu_plugin_insn_size(last) - start;
    uint64_t gbase = (uint64_t)(uintptr_t)qemu_plugin_insn_haddr(first) - start;
    uint64_t key = start ^ (size << 48);
    g_mutex_lock(&st->lock);
    if (!g_hash_table_contains(st->seen, &key)) {
        uint64_t *k = g_new(uint64_t, 1);
        *k = key;
        g_hash_table_add(st->seen, k);
        struct module *m = module_of_locked(st, start, gbase);
        if (m && m->path) {
            struct bb b = {start, (uint32_t)size, m->id};
            g_array_append_val(st->bbs, b);
        } else {
            st->outside++;
        }
    }
    g_mutex_unlock(&st->lock);
}

static void on_exit_cb(void *ud)
{
    struct drcov_state *st = ud;
    g_mutex_lock(&st->lock);
    GPtrArray *files = g_ptr_array_new();
    for (guint i = 0; i < st->mods->len; i++) {
        struct module *m = g_ptr_array_index(st->mods, i);
        if (m->path)
            g_ptr_array_add(files, m);
    }
    fprintf(st->file, "DRCOV VERSION: 2\nDRCOV FLAVOR: drcov\n");
    fprintf(st->file, "Module Table: version 2, count %u\n", files->len);
    fprintf(st->file, "Columns: id, base, end, entry, checksum, timestamp, path\n");
    for (guint i = 0; i < files->len; i++) {
        const struct module *m = g_ptr_array_index(files, i);
        fprintf(st->file, "%u, 0x%016" PRIx64 ", 0x%016" PRIx64 ", 0x%016x, 0x%08x, 0x%08x, %s\n",
                m->id, m->base, m->end, 0, 0, 0, m->path);
    }
    fprintf(st->file, "BB Table: %u bbs\n", st->bbs->len);
    for (guint i = 0; i < st->bbs->len; i++) {
        const struct bb *b = &g_array_index(st->bbs, struct bb, i);
        const struct module *m = g_ptr_array_index(files, b->mod);
        uint32_t off = (uint32_t)(b->start - m->base);
        uint16_t rec[2] = {(uint16_t)b->size, (uint16_t)b->mod};
        uint8_t raw[8];
        for (int k = 0; k < 4; k++)
            raw[k] = off >> (8 * k);
        for (int k = 0; k < 2; k++) {
            raw[4 + 2 * k] = rec[k] & 0xff;
            raw[5 + 2 * k] = rec[k] >> 8;
        }
        fwrite(raw, 1, sizeof(raw), st->file);
    }
    fclose(st->file);
    reportf(&st->out, "%u modules, %u blocks, %" PRIu64 " blocks outside modules: %s\n",
            files->len, st->bbs->len, st->outside, st->path);
    g_ptr_array_free(files, TRUE);
    g_mutex_unlock(&st->lock);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc,
                                           char **argv)
{
    struct drcov_state *st = g_new0(struct drcov_state, 1);
    bool ok = true;
    const char *path = "drcov.log";
    for (int i = 0; i < argc && ok; i++) {
        const char *a = argv[i], *v = opt_value(a, "filename");
        if (v && *v)
            path = v;
        else if (!opt_outfile(a, "drcov", &st->out, &ok))
            return bad_option("drcov", a, "filename=<path>");
    }
    if (!ok)
        return -1;
    st->path = g_strdup(path);
    st->file = fopen(path, "wb");
    if (!st->file) {
        fprintf(stderr, "drcov: cannot create %s (filename=%s)\n", path, path);
        return -1;
    }
    g_mutex_init(&st->lock);
    st->mods = g_ptr_array_new();
    st->bbs = g_array_new(FALSE, FALSE, sizeof(struct bb));
    st->seen = g_hash_table_new(g_int64_hash, g_int64_equal);
    qemu_plugin_register_vcpu_tb_trans_cb(id, on_trans, st);
    qemu_plugin_register_atexit_cb(id, on_exit_cb, st);
    return 0;
}
