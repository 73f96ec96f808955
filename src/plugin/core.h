/*
 * core.h — private state of the plugin layer, shared by core.c, loader.c, inject.c and api*.c.
 *
 * One process-wide struct plg_core (the plugin registry can be reached from API calls that
 * carry no context, such as qemu_plugin_num_vcpus() inside qemu_plugin_install, so it cannot
 * hang off struct proc alone); per-vCPU state lives in struct plg_vcpu behind vcpu->plg.
 *
 * Invariants:
 *  - every event list is a singly linked list read without locks (RCU style): writers hold
 *    plg_core.lock, publish with release stores, and never free an unlinked entry at once —
 *    it goes to the retired list, reclaimed only at a quiescent point (plg_reclaim);
 *  - one list entry per (plugin, event) at most: plg_ctx.slot[ev] points at it;
 *  - the global event mask has bit ev set iff list ev is non-empty; plume applies it at once
 *    (the spec allows synchronous mask updates) while already translated blocks keep their
 *    instrumentation until they are flushed;
 *  - lock order: exclusive_start() before plg_core.lock, never the reverse.
 *
 * Threading: plg_core.lock is recursive (callbacks invoked under it may register more).
 */
#ifndef PLUME_PLUGIN_CORE_H
#define PLUME_PLUGIN_CORE_H

#include <gmodule.h>
#include <pthread.h>
#include <setjmp.h>

#include "debug.h"
#include "hooks.h"

/* Oldest and newest plugin API versions plume accepts. */
#define PLG_MIN_VERSION 1
#define PLG_MAX_VERSION 7
/* Initial number of per-vCPU elements of every scoreboard. */
#define PLG_SCORE_INITIAL_CAPACITY 16

/* Event kinds, one callback list each. */
enum plg_event {
    PLG_EV_VCPU_INIT,
    PLG_EV_VCPU_EXIT,
    PLG_EV_VCPU_IDLE,
    PLG_EV_VCPU_RESUME,
    PLG_EV_TB_TRANS,
    PLG_EV_SYSCALL,
    PLG_EV_SYSCALL_FILTER,
    PLG_EV_SYSCALL_RET,
    PLG_EV_FLUSH,
    PLG_EV_ATEXIT,
    PLG_EV_DISCON_INTERRUPT,
    PLG_EV_DISCON_EXCEPTION,
    PLG_EV_DISCON_HOSTCALL,
    PLG_EV_COUNT
};

/* Register access level of the code currently running on a vCPU (enum qemu_plugin_cb_flags). */
enum plg_level {
    PLG_LEVEL_NONE = 0,
    PLG_LEVEL_R = 1,
    PLG_LEVEL_RW = 2,
    PLG_LEVEL_RW_PC = 3,
};

/* A plugin function of any of the callback types; cast to the exact type before calling. */
typedef void (*plg_fn)(void);

struct plg_ctx;

/* One registration in an event list. */
struct plg_cb {
    struct plg_cb *next; /* read with acquire loads by walkers */
    struct plg_ctx *ctx;
    plg_fn fn;
    void *udata; /* NULL for API versions that pass no userdata */
    struct plg_cb *retired_next;
};

/* An executable range of a loaded plugin's image (to identify callers by return address). */
struct plg_range {
    uintptr_t lo, hi;
};

#define PLG_MAX_RANGES 8

/* One loaded plugin. */
struct plg_ctx {
    uint64_t id;
    int abi; /* declared qemu_plugin_version */
    char *path;
    GModule *module;
    int argc;
    char **argv;
    struct plg_cb *slot[PLG_EV_COUNT];
    bool installing, uninstalling, resetting;
    plg_fn done_cb; /* pending uninstall/reset completion callback */
    void *done_udata;
    unsigned n_ranges;
    struct plg_range ranges[PLG_MAX_RANGES];
    struct plg_ctx *next; /* load order; unlinked only in exclusive context */
};

/* A requested plugin (from -plugin / QEMU_PLUGIN), before loading. */
struct plg_desc {
    char *path;
    GPtrArray *args; /* char *: "name=value" */
};

/* The scoreboard object behind the API's opaque handle. */
struct qemu_plugin_scoreboard {
    struct plg_score s; /* what inline ops read: data and stride */
    size_t element_size;
};

/* Translation-time handles (reused from one translation to the next on a vCPU). */
struct qemu_plugin_insn {
    struct qemu_plugin_tb *tb;
    unsigned idx;
    gaddr_t vaddr;
    uint32_t raw;
    uint8_t len;
    uint8_t bytes[4];
};

/* Actions being collected for one hook point. */
struct plg_acts {
    struct plg_action *a;
    unsigned n, cap;
};

struct qemu_plugin_tb {
    struct vcpu *cpu;
    gaddr_t vaddr;
    unsigned n, cap;
    struct qemu_plugin_insn *insns; /* [cap] */
    struct plg_acts tb_acts;
    struct plg_acts *insn_acts; /* [cap] */
    struct plg_acts *mem_acts;  /* [cap] */
    struct plg_ctx *owner;      /* plugin whose tb_trans callback is running */
    bool active;                /* inside the tb_trans callbacks */
};

/* Per-vCPU plugin state (vcpu->plg). Owning vCPU only. */
struct plg_vcpu {
    uint8_t level;            /* enum plg_level of the running plugin code */
    bool redirected;          /* a plugin called qemu_plugin_set_pc (plg_pc_redirected) */
    bool live;                /* initialised and not exited */
    unsigned walk_depth;      /* > 0 while walking an event list */
    struct plg_ctx *cur;      /* plugin whose code is running */
    sigjmp_buf *unwind;       /* syscall callbacks: set_pc unwinds here (else to fault_jmp) */
    struct qemu_plugin_tb tb; /* translation scratch */
};

struct plg_core {
    pthread_mutex_t lock;       /* recursive */
    GPtrArray *descs;           /* struct plg_desc *, in load order */
    struct plg_ctx *ctxs;       /* loaded plugins in load order */
    struct plg_ctx *installing; /* plugin inside qemu_plugin_install */
    struct plg_cb *head[PLG_EV_COUNT];
    unsigned mask;          /* bit ev set iff head[ev] != NULL */
    struct plg_cb *retired; /* unlinked entries awaiting reclamation */
    struct proc *proc;
    unsigned num_vcpus;   /* 1 + highest initialised vCPU index */
    size_t score_cap;     /* elements per scoreboard */
    GPtrArray *scores;    /* struct qemu_plugin_scoreboard * */
    GPtrArray *live;      /* struct vcpu *: initialised, not exited (not pruned by fork) */
    int mem_fd;           /* /proc/self/mem, opened on first use (-1 before) */
    bool exited;          /* the process exit sequence ran */
    struct vcpu *exiting; /* ... on this vCPU's thread */
    bool warned_ro_write;
    /* internal debugger client (debug.h); debug.step is NULL if none */
    struct plg_debug_client debug;
    struct plg_score debug_step_score, debug_bp_score; /* its words, stride 0 */
};

/* The plugin layer's process-wide state. */
extern struct plg_core plg_core;

/* ---- core.c ---- */

/* Initialise plg_core once (lock, lists); any thread, idempotent. */
void plg_core_init(void);
void plg_lock(void);
void plg_unlock(void);
/* The plugin with this id; aborts with a message for an unknown id (plugin bug). */
struct plg_ctx *plg_ctx_get(uint64_t id, const char *fn);
/* Register (fn != NULL) or unregister (fn == NULL) ctx's callback for event ev. Any thread. */
void plg_register(struct plg_ctx *ctx, enum plg_event ev, plg_fn fn, void *udata);
/* Remove every callback of ctx (all events but atexit when keep_atexit). Lock held. */
void plg_unregister_all_locked(struct plg_ctx *ctx, bool keep_atexit);
/* Request uninstall or reset of ctx (asynchronous when a vCPU exists). */
void plg_request_uninstall(struct plg_ctx *ctx, plg_fn cb, void *udata);
void plg_request_reset(struct plg_ctx *ctx, plg_fn cb, void *udata);
/* Run the atexit callbacks (list order). Any thread. */
void plg_run_atexit(void);
/* Free retired list entries if no walker can still see them. */
void plg_reclaim(void);
/* Per-vCPU state of the calling thread's vCPU, NULL on non-vCPU threads. */
struct plg_vcpu *plg_self(void);
/* Per-vCPU state of cpu, allocated on first use. Owning vCPU only. */
struct plg_vcpu *plg_vcpu_of(struct vcpu *cpu);
/* The API version of the plugin that called an API entry point whose return address is ra. */
int plg_caller_abi(const void *ra);
/* The plugin whose code is running on this thread, or NULL. */
struct plg_ctx *plg_current_ctx(void);
/* Record the executable segments of ctx's image (after it was opened). */
void plg_ctx_record_ranges(struct plg_ctx *ctx, const void *sym);
/* Grow every scoreboard so that vCPU index idx has a slot (exclusive context, lock held).
 * Returns false if they were already large enough. */
bool plg_scores_grow_locked(unsigned idx);

/* ---- loader.c ---- */

/* Parse optstring into plg_core.descs. Returns NULL on success, or a g_malloc'd error message;
 * sets *help when a "help" value asks for the usage text. Warnings go to stderr. */
char *plg_parse_into(const char *optstring, bool *help);
/* Print the -plugin usage text to stdout. */
void plg_print_usage(void);
/* Load and install one requested plugin. Returns NULL or a g_malloc'd failure reason (a plugin
 * whose install failed keeps no callbacks). */
char *plg_load_one(struct plg_desc *d);

/* ---- api.c ---- */

/* Copy between guest [addr, addr+len) and buf whatever the pages' protection, page by page up
 * to the first page that is unmapped or cannot be accessed; returns the bytes copied (len when
 * all were). Writes do not invalidate translations; the caller does. Any thread. */
size_t plg_guest_copy(uint64_t addr, uint8_t *buf, size_t len, bool write);

/* ---- inject.c ---- */

/* Put the debugger client's conditional callbacks (debug.h) in front of every instruction of the
 * block being collected. */
void plg_debug_instrument(struct qemu_plugin_tb *tb);

/* Start collecting instrumentation for a block of n instructions. */
void plg_tb_begin(struct qemu_plugin_tb *tb, struct vcpu *cpu, gaddr_t pc, unsigned n,
                  const struct plg_insn_desc *insns);
/* Append an action to a hook point's list. */
void plg_acts_push(struct plg_acts *l, const struct plg_action *a);
/* Build the block's struct plg_tb_instr (NULL if no action was registered). */
struct plg_tb_instr *plg_tb_build(struct qemu_plugin_tb *tb);
/* Internal callbacks implementing API v1 pointer STORE ops (udata = the action itself). */
void plg_ptr_store_cb(unsigned vcpu_index, void *udata);
void plg_ptr_store_mem_cb(unsigned vcpu_index, uint32_t info, uint64_t vaddr, void *udata);

/* ---- meminfo layout (same bit positions as QEMU 10.2) ---- */
#define PLG_MI_SIZE_SHIFT 5
#define PLG_MI_SIZE_MASK 0x7u
#define PLG_MI_SIGN (1u << 8)
#define PLG_MI_BSWAP (1u << 9)
#define PLG_MI_ALIGN_BYTE (7u << 10)
#define PLG_MI_ATOM_SINGLE ((1u << 14) | (1u << 16))
#define PLG_MI_READ (1u << 16)
#define PLG_MI_WRITE (1u << 17)

#endif
