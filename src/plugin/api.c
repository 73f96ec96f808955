/*
 * api.c — the exported qemu_plugin_* functions (all but the register functions, api_regs.c,
 * and the version-1-only ones, api_v1.c).
 *
 * This file sees the version-7 declarations. Functions whose meaning depends on the calling
 * plugin's API version find it from the plugin id when they have one, otherwise from the
 * caller's return address (plg_caller_abi); for versions 1-6 the trailing userdata argument
 * of the v7 prototypes was never passed and is ignored.
 *
 * Threading: context rules are those of the spec (§3.7): registration from any thread,
 * translation-time functions inside tb_trans on the translating vCPU, memory-callback helpers
 * inside a memory callback on its vCPU.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <qemu-plugin.h>

#include "../exec/exec.h"
#include "../loader/loader.h"
#include "../mem/mem.h"
#include "../riscv/insn.h"
#include "../util/log.h"
#include "core.h"

/* ---- life cycle and events ---- */

/* Register fn for event ev of plugin id; userdata only exists for version 7 plugins. */
static void reg(qemu_plugin_id_t id, enum plg_event ev, plg_fn fn, void *udata, const char *who)
{
    struct plg_ctx *ctx = plg_ctx_get(id, who);
    plg_register(ctx, ev, fn, ctx->abi >= 7 ? udata : NULL);
}

void qemu_plugin_uninstall(qemu_plugin_id_t id, qemu_plugin_udata_cb_t cb, void *userdata)
{
    struct plg_ctx *ctx = plg_ctx_get(id, __func__);
    plg_request_uninstall(ctx, (plg_fn)cb, ctx->abi >= 7 ? userdata : NULL);
}

void qemu_plugin_reset(qemu_plugin_id_t id, qemu_plugin_udata_cb_t cb, void *userdata)
{
    struct plg_ctx *ctx = plg_ctx_get(id, __func__);
    plg_request_reset(ctx, (plg_fn)cb, ctx->abi >= 7 ? userdata : NULL);
}

/* The registration functions that tie one callback type to one event, a row each: exported
 * name, callback type, event. */
#define REGISTER_FN(name, cb_type, ev)                                                             \
    void name(qemu_plugin_id_t id, cb_type cb, void *userdata)                                     \
    {                                                                                              \
        reg(id, ev, (plg_fn)cb, userdata, __func__);                                               \
    }

/* clang-format off */
REGISTER_FN(qemu_plugin_register_vcpu_init_cb, qemu_plugin_vcpu_udata_cb_t, PLG_EV_VCPU_INIT)
REGISTER_FN(qemu_plugin_register_vcpu_exit_cb, qemu_plugin_vcpu_udata_cb_t, PLG_EV_VCPU_EXIT)
REGISTER_FN(qemu_plugin_register_vcpu_idle_cb, qemu_plugin_vcpu_udata_cb_t, PLG_EV_VCPU_IDLE)
REGISTER_FN(qemu_plugin_register_vcpu_resume_cb, qemu_plugin_vcpu_udata_cb_t, PLG_EV_VCPU_RESUME)
REGISTER_FN(qemu_plugin_register_vcpu_tb_trans_cb, qemu_plugin_vcpu_tb_trans_cb_t,
            PLG_EV_TB_TRANS)
REGISTER_FN(qemu_plugin_register_vcpu_syscall_cb, qemu_plugin_vcpu_syscall_cb_t, PLG_EV_SYSCALL)
REGISTER_FN(qemu_plugin_register_vcpu_syscall_filter_cb, qemu_plugin_vcpu_syscall_filter_cb_t,
            PLG_EV_SYSCALL_FILTER)
REGISTER_FN(qemu_plugin_register_vcpu_syscall_ret_cb, qemu_plugin_vcpu_syscall_ret_cb_t,
            PLG_EV_SYSCALL_RET)
REGISTER_FN(qemu_plugin_register_flush_cb, qemu_plugin_udata_cb_t, PLG_EV_FLUSH)
/* clang-format on */

#undef REGISTER_FN

void qemu_plugin_register_vcpu_discon_cb(qemu_plugin_id_t id, enum qemu_plugin_discon_type type,
                                         qemu_plugin_vcpu_discon_cb_t cb, void *userdata)
{
    unsigned t = (unsigned)type;
    if (t & QEMU_PLUGIN_DISCON_INTERRUPT)
        reg(id, PLG_EV_DISCON_INTERRUPT, (plg_fn)cb, userdata, __func__);
    if (t & QEMU_PLUGIN_DISCON_EXCEPTION)
        reg(id, PLG_EV_DISCON_EXCEPTION, (plg_fn)cb, userdata, __func__);
    if (t & QEMU_PLUGIN_DISCON_HOSTCALL)
        reg(id, PLG_EV_DISCON_HOSTCALL, (plg_fn)cb, userdata, __func__);
}

void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id, qemu_plugin_udata_cb_t cb, void *userdata)
{
    plg_register(plg_ctx_get(id, __func__), PLG_EV_ATEXIT, (plg_fn)cb, userdata);
}

typedef void (*cb_id_idx_t)(qemu_plugin_id_t id, unsigned idx);

void qemu_plugin_vcpu_for_each(qemu_plugin_id_t id, qemu_plugin_vcpu_udata_cb_t cb, void *userdata)
{
    struct plg_ctx *ctx = plg_ctx_get(id, __func__);
    if (!cb)
        return;
    plg_lock();
    for (guint i = 0; i < plg_core.live->len; i++) {
        struct vcpu *cpu = g_ptr_array_index(plg_core.live, i);
        if (ctx->abi >= 7)
            cb(cpu->index, userdata);
        else
            ((cb_id_idx_t)(plg_fn)cb)(id, cpu->index);
    }
    plg_unlock();
}

/* ---- translation time ---- */

size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb)
{
    return tb->n;
}

uint64_t qemu_plugin_tb_vaddr(const struct qemu_plugin_tb *tb)
{
    return tb->vaddr;
}

struct qemu_plugin_insn *qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *tb, size_t idx)
{
    return idx < tb->n ? &tb->insns[idx] : NULL;
}

/* Versions 1-2 declared `const void *qemu_plugin_insn_data(insn)`: they get the pointer (in the
 * same return register), later versions the copy-out behaviour. */
size_t qemu_plugin_insn_data(const struct qemu_plugin_insn *insn, void *dest, size_t len)
{
    if (plg_caller_abi(__builtin_return_address(0)) <= 2)
        return (size_t)(uintptr_t)insn->bytes;
    size_t n = len < insn->len ? len : insn->len;
    memcpy(dest, insn->bytes, n);
    return n;
}

size_t qemu_plugin_insn_size(const struct qemu_plugin_insn *insn)
{
    return insn->len;
}

uint64_t qemu_plugin_insn_vaddr(const struct qemu_plugin_insn *insn)
{
    return insn->vaddr;
}

/* The process of a translation handle. */
static struct proc *tb_proc(const struct qemu_plugin_tb *tb)
{
    return tb->cpu && tb->cpu->proc ? tb->cpu->proc : plg_core.proc;
}

void *qemu_plugin_insn_haddr(const struct qemu_plugin_insn *insn)
{
    struct proc *p = tb_proc(insn->tb);
    return p && p->mem ? g2h(p->mem, insn->vaddr) : NULL;
}

char *qemu_plugin_insn_disas(const struct qemu_plugin_insn *insn)
{
    char buf[RV_DISAS_MAX];
    rv_disas(insn->vaddr, insn->raw, buf);
    return g_strdup(buf);
}

const char *qemu_plugin_insn_symbol(const struct qemu_plugin_insn *insn)
{
    struct proc *p = tb_proc(insn->tb);
    return p && p->syms ? symtab_lookup(p->syms, insn->vaddr) : NULL;
}

/* ---- execution-time instrumentation ---- */

/* A fresh action owned by the plugin whose tb_trans callback is running. */
static struct plg_action new_action(const struct qemu_plugin_tb *tb, enum plg_action_kind kind,
                                    unsigned flags)
{
    return (struct plg_action){
        .kind = kind,
        .regs = flags > QEMU_PLUGIN_CB_RW_REGS_PC ? QEMU_PLUGIN_CB_RW_REGS_PC : flags,
        .owner = tb->owner,
    };
}

/* Push a callback, a conditional callback (entry/imm) or nothing (COND_NEVER). */
static void push_cb(struct qemu_plugin_tb *tb, struct plg_acts *l, qemu_plugin_vcpu_udata_cb_t cb,
                    enum qemu_plugin_cb_flags flags, enum qemu_plugin_cond cond,
                    qemu_plugin_u64 entry, uint64_t imm, void *userdata)
{
    if (cond == QEMU_PLUGIN_COND_NEVER)
        return;
    struct plg_action a =
        new_action(tb, cond == QEMU_PLUGIN_COND_ALWAYS ? PLG_ACT_CB : PLG_ACT_COND_CB, flags);
    a.cb = cb;
    a.udata = userdata;
    if (a.kind == PLG_ACT_COND_CB) {
        a.cond = (uint8_t)cond;
        a.score = &entry.score->s;
        a.offset = entry.offset;
        a.imm = imm;
    }
    plg_acts_push(l, &a);
}

/* Push an inline op on a scoreboard entry (memory ops also carry rw). */
static void push_inline(struct qemu_plugin_tb *tb, struct plg_acts *l, enum qemu_plugin_op op,
                        qemu_plugin_u64 entry, uint64_t imm, unsigned rw)
{
    enum plg_action_kind k =
        op == QEMU_PLUGIN_INLINE_STORE_U64 ? PLG_ACT_INLINE_STORE : PLG_ACT_INLINE_ADD;
    struct plg_action a = new_action(tb, k, QEMU_PLUGIN_CB_NO_REGS);
    a.score = &entry.score->s;
    a.offset = entry.offset;
    a.imm = imm;
    a.rw = (uint8_t)rw;
    a.mem_kind = (uint8_t)k;
    plg_acts_push(l, &a);
}

static const qemu_plugin_u64 no_entry;

void qemu_plugin_register_vcpu_tb_exec_cb(struct qemu_plugin_tb *tb, qemu_plugin_vcpu_udata_cb_t cb,
                                          enum qemu_plugin_cb_flags flags, void *userdata)
{
    push_cb(tb, &tb->tb_acts, cb, flags, QEMU_PLUGIN_COND_ALWAYS, no_entry, 0, userdata);
}

void qemu_plugin_register_vcpu_tb_exec_cond_cb(struct qemu_plugin_tb *tb,
                                               qemu_plugin_vcpu_udata_cb_t cb,
                                               enum qemu_plugin_cb_flags flags,
                                               enum qemu_plugin_cond cond, qemu_plugin_u64 entry,
                                               uint64_t imm, void *userdata)
{
    push_cb(tb, &tb->tb_acts, cb, flags, cond, entry, imm, userdata);
}

void qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(struct qemu_plugin_tb *tb,
                                                       enum qemu_plugin_op op,
                                                       qemu_plugin_u64 entry, uint64_t imm)
{
    push_inline(tb, &tb->tb_acts, op, entry, imm, 0);
}

void qemu_plugin_register_vcpu_insn_exec_cb(struct qemu_plugin_insn *insn,
                                            qemu_plugin_vcpu_udata_cb_t cb,
                                            enum qemu_plugin_cb_flags flags, void *userdata)
{
    push_cb(insn->tb, &insn->tb->insn_acts[insn->idx], cb, flags, QEMU_PLUGIN_COND_ALWAYS, no_entry,
            0, userdata);
}

void qemu_plugin_register_vcpu_insn_exec_cond_cb(struct qemu_plugin_insn *insn,
                                                 qemu_plugin_vcpu_udata_cb_t cb,
                                                 enum qemu_plugin_cb_flags flags,
                                                 enum qemu_plugin_cond cond, qemu_plugin_u64 entry,
                                                 uint64_t imm, void *userdata)
{
    push_cb(insn->tb, &insn->tb->insn_acts[insn->idx], cb, flags, cond, entry, imm, userdata);
}

void qemu_plugin_register_vcpu_insn_exec_inline_per_vcpu(struct qemu_plugin_insn *insn,
                                                         enum qemu_plugin_op op,
                                                         qemu_plugin_u64 entry, uint64_t imm)
{
    push_inline(insn->tb, &insn->tb->insn_acts[insn->idx], op, entry, imm, 0);
}

void qemu_plugin_register_vcpu_mem_cb(struct qemu_plugin_insn *insn, qemu_plugin_vcpu_mem_cb_t cb,
                                      enum qemu_plugin_cb_flags flags, enum qemu_plugin_mem_rw rw,
                                      void *userdata)
{
    struct plg_action a = new_action(insn->tb, PLG_ACT_MEM_CB, flags);
    a.mem_cb = cb;
    a.udata = userdata;
    a.rw = (uint8_t)rw;
    plg_acts_push(&insn->tb->mem_acts[insn->idx], &a);
}

void qemu_plugin_register_vcpu_mem_inline_per_vcpu(struct qemu_plugin_insn *insn,
                                                   enum qemu_plugin_mem_rw rw,
                                                   enum qemu_plugin_op op, qemu_plugin_u64 entry,
                                                   uint64_t imm)
{
    push_inline(insn->tb, &insn->tb->mem_acts[insn->idx], op, entry, imm, rw);
}

/* ---- memory access information ---- */

unsigned int qemu_plugin_mem_size_shift(qemu_plugin_meminfo_t info)
{
    return (info >> PLG_MI_SIZE_SHIFT) & PLG_MI_SIZE_MASK;
}

bool qemu_plugin_mem_is_sign_extended(qemu_plugin_meminfo_t info)
{
    return (info & PLG_MI_SIGN) != 0;
}

bool qemu_plugin_mem_is_big_endian(qemu_plugin_meminfo_t info)
{
    return (info & PLG_MI_BSWAP) != 0; /* byte-swapped relative to a little-endian host */
}

bool qemu_plugin_mem_is_store(qemu_plugin_meminfo_t info)
{
    return (info & PLG_MI_WRITE) != 0;
}

qemu_plugin_mem_value qemu_plugin_mem_get_value(qemu_plugin_meminfo_t info)
{
    qemu_plugin_mem_value v = {0};
    struct vcpu *cpu = current_cpu;
    uint64_t lo = cpu ? cpu->mem_val_lo : 0, hi = cpu ? cpu->mem_val_hi : 0;
    switch (qemu_plugin_mem_size_shift(info)) {
    case 0:
        v.type = QEMU_PLUGIN_MEM_VALUE_U8;
        v.data.u8 = (uint8_t)lo;
        break;
    case 1:
        v.type = QEMU_PLUGIN_MEM_VALUE_U16;
        v.data.u16 = (uint16_t)lo;
        break;
    case 2:
        v.type = QEMU_PLUGIN_MEM_VALUE_U32;
        v.data.u32 = (uint32_t)lo;
        break;
    case 3:
        v.type = QEMU_PLUGIN_MEM_VALUE_U64;
        v.data.u64 = lo;
        break;
    default:
        v.type = QEMU_PLUGIN_MEM_VALUE_U128;
        v.data.u128.low = lo;
        v.data.u128.high = hi;
        break;
    }
    return v;
}

struct qemu_plugin_hwaddr *qemu_plugin_get_hwaddr(qemu_plugin_meminfo_t info, uint64_t vaddr)
{
    return NULL; /* user mode: no physical backing to describe */
}

bool qemu_plugin_hwaddr_is_io(const struct qemu_plugin_hwaddr *haddr)
{
    return false;
}

uint64_t qemu_plugin_hwaddr_phys_addr(const struct qemu_plugin_hwaddr *haddr)
{
    return 0;
}

const char *qemu_plugin_hwaddr_device_name(const struct qemu_plugin_hwaddr *h)
{
    return "Invalid";
}

/* ---- scoreboards ---- */

struct qemu_plugin_scoreboard *qemu_plugin_scoreboard_new(size_t element_size)
{
    struct qemu_plugin_scoreboard *s = xcalloc(1, sizeof(*s));
    plg_core_init();
    plg_lock();
    s->element_size = element_size;
    s->s.stride = element_size;
    s->s.data = xcalloc(plg_core.score_cap, element_size);
    g_ptr_array_add(plg_core.scores, s);
    plg_unlock();
    return s;
}

void qemu_plugin_scoreboard_free(struct qemu_plugin_scoreboard *score)
{
    plg_lock();
    g_ptr_array_remove(plg_core.scores, score);
    plg_unlock();
    free(score->s.data);
    free(score);
}

/* Address of element idx; aborts (plugin bug) beyond the allocated capacity. */
static uint8_t *element(struct qemu_plugin_scoreboard *s, unsigned idx, const char *who)
{
    if (idx >= plg_core.score_cap) {
        fprintf(stderr, "%s: %s: vCPU index %u has no scoreboard slot\n", plume_progname, who, idx);
        abort();
    }
    return s->s.data + (size_t)idx * s->element_size;
}

void *qemu_plugin_scoreboard_find(struct qemu_plugin_scoreboard *score, unsigned int vcpu_index)
{
    return element(score, vcpu_index, __func__);
}

void qemu_plugin_u64_add(qemu_plugin_u64 entry, unsigned int vcpu_index, uint64_t added)
{
    *(uint64_t *)(element(entry.score, vcpu_index, __func__) + entry.offset) += added;
}

uint64_t qemu_plugin_u64_get(qemu_plugin_u64 entry, unsigned int vcpu_index)
{
    return *(uint64_t *)(element(entry.score, vcpu_index, __func__) + entry.offset);
}

void qemu_plugin_u64_set(qemu_plugin_u64 entry, unsigned int vcpu_index, uint64_t val)
{
    *(uint64_t *)(element(entry.score, vcpu_index, __func__) + entry.offset) = val;
}

uint64_t qemu_plugin_u64_sum(qemu_plugin_u64 entry)
{
    uint64_t sum = 0;
    unsigned n = __atomic_load_n(&plg_core.num_vcpus, __ATOMIC_ACQUIRE);
    for (unsigned i = 0; i < n; i++)
        sum += qemu_plugin_u64_get(entry, i);
    return sum;
}

/* ---- guest memory ---- */

/* /proc/self/mem, which reads and writes pages whatever their protection; placed out of the
 * guest's way, and the Linux layer keeps the guest off it (plg_own_fd). */
static int mem_fd(void)
{
    plg_lock();
    if (plg_core.mem_fd < 0) {
        int fd = open("/proc/self/mem", O_RDWR | O_CLOEXEC);
        __atomic_store_n(&plg_core.mem_fd, fd < 0 ? fd : fd_move_high(fd), __ATOMIC_RELEASE);
    }
    int fd = plg_core.mem_fd;
    plg_unlock();
    return fd;
}

/* Pages the host may access directly use memcpy, the others /proc/self/mem. */
size_t plg_guest_copy(uint64_t addr, uint8_t *buf, size_t len, bool write)
{
    struct proc *p = plg_core.proc;
    if (!p || !p->mem)
        return 0;
    size_t done = 0;
    while (done < len) {
        gaddr_t a = addr + done;
        size_t chunk = GUEST_PAGE_SIZE - (a & ~GUEST_PAGE_MASK);
        if (chunk > len - done)
            chunk = len - done;
        unsigned f = mem_page_flags(p->mem, a);
        if (!(f & PAGE_VALID) || a < addr)
            return done;
        void *h = g2h(p->mem, a);
        /* File pages go through /proc/self/mem too: beyond end of file it fails, memcpy would
         * raise SIGBUS in the plugin's thread. */
        bool direct = !(f & PAGE_FILE) &&
                      (write ? (f & PAGE_WRITE) && !(f & PAGE_CODE) : (f & (PAGE_READ | PAGE_EXEC)));
        if (direct) {
            if (write)
                memcpy(h, buf + done, chunk);
            else
                memcpy(buf + done, h, chunk);
        } else {
            int fd = mem_fd();
            off_t off = (off_t)(uintptr_t)h;
            ssize_t r =
                write ? pwrite(fd, buf + done, chunk, off) : pread(fd, buf + done, chunk, off);
            if (r != (ssize_t)chunk)
                return done;
        }
        done += chunk;
    }
    return done;
}

bool qemu_plugin_read_memory_vaddr(uint64_t addr, GByteArray *data, size_t len)
{
    if (len == 0)
        return false;
    g_byte_array_set_size(data, (guint)len);
    return plg_guest_copy(addr, data->data, len, false) == len;
}

bool qemu_plugin_write_memory_vaddr(uint64_t addr, GByteArray *data)
{
    struct proc *p = plg_core.proc;
    if (data->len == 0 || !p || !p->mem)
        return false;
    for (uint64_t a = addr & GUEST_PAGE_MASK; a < addr + data->len; a += GUEST_PAGE_SIZE) {
        if (!(mem_page_flags(p->mem, a) & PAGE_VALID))
            return false;
    }
    bool ok = plg_guest_copy(addr, data->data, data->len, true) == data->len;
    if (p->tbs)
        tb_invalidate_range(p, addr, addr + data->len);
    return ok;
}

enum qemu_plugin_hwaddr_operation_result
qemu_plugin_read_memory_hwaddr(uint64_t addr, GByteArray *data, size_t len)
{
    return QEMU_PLUGIN_HWADDR_OPERATION_ERROR; /* user mode has no physical address space */
}

enum qemu_plugin_hwaddr_operation_result qemu_plugin_write_memory_hwaddr(uint64_t addr,
                                                                         GByteArray *data)
{
    return QEMU_PLUGIN_HWADDR_OPERATION_ERROR;
}

bool qemu_plugin_translate_vaddr(uint64_t vaddr, uint64_t *hwaddr)
{
    return false;
}

/* ---- pc redirection ---- */

void qemu_plugin_set_pc(uint64_t vaddr)
{
    struct vcpu *cpu = current_cpu;
    struct plg_vcpu *pv = cpu ? cpu->plg : NULL;
    if (!pv || pv->level < PLG_LEVEL_RW_PC) {
        struct plg_ctx *ctx = plg_current_ctx();
        fprintf(stderr,
                "%s: plugin %s called qemu_plugin_set_pc outside a callback with "
                "QEMU_PLUGIN_CB_RW_REGS_PC access\n",
                plume_progname, ctx ? ctx->path : "(unknown)");
        abort();
    }
    cpu->pc = vaddr;
    if (pv->unwind)
        siglongjmp(*pv->unwind, 1);
    /* A dynamic callback (inject.c): unwind to the cpu loop with the call state at rest. */
    pv->level = PLG_LEVEL_NONE;
    pv->cur = NULL;
    siglongjmp(cpu->fault_jmp, FAULT_JMP_PC_SET);
}

/* ---- time control (system mode only) ---- */

const void *qemu_plugin_request_time_control(void)
{
    return NULL;
}

void qemu_plugin_update_ns(const void *handle, int64_t time)
{
    if (log_enabled(LOG_UNIMP))
        log_printf("qemu_plugin_update_ns: virtual time control is not available in user mode\n");
}

/* ---- miscellaneous ---- */

int qemu_plugin_num_vcpus(void)
{
    return (int)__atomic_load_n(&plg_core.num_vcpus, __ATOMIC_ACQUIRE);
}

void qemu_plugin_outs(const char *string)
{
    if (log_enabled(LOG_PLUGIN))
        log_puts(string);
}

bool qemu_plugin_bool_parse(const char *name, const char *val, bool *ret)
{
    static const char *const yes[] = {"on", "yes", "true", "y"};
    static const char *const no[] = {"off", "no", "false", "n"};
    if (!name || !val || !ret)
        return false;
    for (size_t i = 0; i < ARRAY_SIZE(yes); i++) {
        if (!strcmp(val, yes[i])) {
            *ret = true;
            return true;
        }
        if (!strcmp(val, no[i])) {
            *ret = false;
            return true;
        }
    }
    return false;
}

const char *qemu_plugin_path_to_binary(void)
{
    struct proc *p = plg_core.proc;
    return p && p->exe_path ? g_strdup(p->exe_path) : NULL;
}

uint64_t qemu_plugin_start_code(void)
{
    return plg_core.proc ? plg_core.proc->start_code : 0;
}

uint64_t qemu_plugin_end_code(void)
{
    return plg_core.proc ? plg_core.proc->end_code : 0;
}

uint64_t qemu_plugin_entry_code(void)
{
    return plg_core.proc ? plg_core.proc->entry : 0;
}
