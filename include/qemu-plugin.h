/*
 * qemu-plugin.h — plume's declaration of the QEMU TCG plugin API, versions 1 to 7.
 *
 * Written for plume from the API's published interface facts (names, prototypes, enum values,
 * structure layouts); it is ABI-identical, for each selectable version N, to the header QEMU
 * shipped for API version N, so a plugin built against it loads both in plume and in every QEMU
 * release that accepts version N:
 *
 *   N = 1: QEMU 5.1 .. 8.2     N = 2: 9.0 .. 11.0    N = 3: 9.1 .. 11.0    N = 4: 10.0 .. 11.0
 *   N = 5: 10.1 .. 11.0        N = 6: 11.0           N = 7: 11.1 onward
 *
 * Select the version by defining PLUME_PLUGIN_API_VERSION (1..7) before including this file;
 * the default is 7. QEMU_PLUGIN_VERSION is then defined to N, so a plugin declares its version
 * with `QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;`.
 *
 * Items that exist in only some of the releases accepting N are declared only when the plugin
 * also defines PLUME_PLUGIN_ALLOW_PARTIAL (such a plugin fails to load with "undefined symbol"
 * in the older releases of the range): for N = 1 hwaddr_device_name, insn_symbol,
 * path_to_binary, start_code, end_code, entry_code and bool_parse; for N = 2 the old one-argument
 * insn_data; for N = 3 mem_get_value; for N = 5 the discontinuity callback.
 *
 * Caveat for N = 2..5 in QEMU 11.0: that release gives every plugin bool register results and
 * 32-byte register descriptors. Index the get_registers array with plume_reg_descriptor_at()
 * (element size taken from the array) and test buffer growth rather than read_register's value
 * to stay correct there too. plume itself serves each plugin the behaviour of its version.
 *
 * Threading: see the individual functions; callbacks of one plugin may run concurrently on
 * several vCPU threads.
 */
#ifndef QEMU_QEMU_PLUGIN_H
#define QEMU_QEMU_PLUGIN_H

#ifndef PLUME_PLUGIN_API_VERSION
#define PLUME_PLUGIN_API_VERSION 7
#endif
#if PLUME_PLUGIN_API_VERSION < 1 || PLUME_PLUGIN_API_VERSION > 7
#error "PLUME_PLUGIN_API_VERSION must be between 1 and 7"
#endif

#if PLUME_PLUGIN_API_VERSION >= 2
#include <glib.h>
#endif
#include <inttypes.h>
#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Symbol visibility: plugins are built with -fvisibility=hidden and export the two symbols the
 * host looks for with QEMU_PLUGIN_EXPORT. */
#define QEMU_PLUGIN_EXPORT __attribute__((visibility("default")))
#define QEMU_PLUGIN_LOCAL __attribute__((visibility("hidden")))
/* Prefix of every host-provided function (empty on ELF hosts). */
#define QEMU_PLUGIN_API

/* The API version selected for this translation unit. */
#define QEMU_PLUGIN_VERSION PLUME_PLUGIN_API_VERSION

/* The plugin's id: opaque, unique per loaded plugin. */
typedef uint64_t qemu_plugin_id_t;

/* Information about the host given to qemu_plugin_install (valid during that call only). */
typedef struct qemu_info_t {
    const char *target_name; /* "riscv64" */
    struct {
        int min; /* oldest API version the host accepts */
        int cur; /* newest API version the host accepts */
    } version;
    bool system_emulation; /* false for user-mode emulators such as plume */
    union {
        struct {
            int smp_vcpus;
            int max_vcpus;
        } system; /* system emulation only */
    };
} qemu_info_t;

/* The plugin declares its API version with this symbol... */
extern QEMU_PLUGIN_EXPORT int qemu_plugin_version;

/* ...and is initialised through this one: return 0 to stay loaded. argv holds the plugin's
 * "name=value" arguments (argv is not NULL-terminated) and stays valid while it is loaded. */
QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info,
                                           int argc, char **argv);

/* ---------------------------------------------------------------------------------------- */
/* Enumerations                                                                              */
/* ---------------------------------------------------------------------------------------- */

#if PLUME_PLUGIN_API_VERSION >= 6 || \
    (PLUME_PLUGIN_API_VERSION == 5 && defined(PLUME_PLUGIN_ALLOW_PARTIAL))
/* Kinds of discontinuities a vCPU can report (never delivered in user mode on riscv). */
enum qemu_plugin_discon_type {
    QEMU_PLUGIN_DISCON_INTERRUPT = 1,
    QEMU_PLUGIN_DISCON_EXCEPTION = 2,
    QEMU_PLUGIN_DISCON_HOSTCALL = 4,
    QEMU_PLUGIN_DISCON_ALL = -1,
};
#endif

/* Register access a callback needs; the host enforces it (reads and writes fail below it). */
enum qemu_plugin_cb_flags {
    QEMU_PLUGIN_CB_NO_REGS,
    QEMU_PLUGIN_CB_R_REGS,
    QEMU_PLUGIN_CB_RW_REGS,
#if PLUME_PLUGIN_API_VERSION >= 6
    QEMU_PLUGIN_CB_RW_REGS_PC,
#endif
};

/* Direction of the memory accesses a memory callback wants. */
enum qemu_plugin_mem_rw {
    QEMU_PLUGIN_MEM_R = 1,
    QEMU_PLUGIN_MEM_W,
    QEMU_PLUGIN_MEM_RW,
};

#if PLUME_PLUGIN_API_VERSION >= 4 || \
    (PLUME_PLUGIN_API_VERSION == 3 && defined(PLUME_PLUGIN_ALLOW_PARTIAL))
/* Size tag of a qemu_plugin_mem_value. */
enum qemu_plugin_mem_value_type {
    QEMU_PLUGIN_MEM_VALUE_U8,
    QEMU_PLUGIN_MEM_VALUE_U16,
    QEMU_PLUGIN_MEM_VALUE_U32,
    QEMU_PLUGIN_MEM_VALUE_U64,
    QEMU_PLUGIN_MEM_VALUE_U128,
};
#endif

#if PLUME_PLUGIN_API_VERSION >= 3
/* Comparison of a conditional callback: scoreboard entry <cond> immediate, unsigned. */
enum qemu_plugin_cond {
    QEMU_PLUGIN_COND_NEVER,
    QEMU_PLUGIN_COND_ALWAYS,
    QEMU_PLUGIN_COND_EQ,
    QEMU_PLUGIN_COND_NE,
    QEMU_PLUGIN_COND_LT,
    QEMU_PLUGIN_COND_LE,
    QEMU_PLUGIN_COND_GT,
    QEMU_PLUGIN_COND_GE,
};
#endif

/* Inline operations performed by the host without calling the plugin. */
enum qemu_plugin_op {
    QEMU_PLUGIN_INLINE_ADD_U64,
#if PLUME_PLUGIN_API_VERSION >= 3
    QEMU_PLUGIN_INLINE_STORE_U64,
#endif
};

#if PLUME_PLUGIN_API_VERSION >= 5
/* Result of the physical-memory operations (user mode: always ERROR). */
enum qemu_plugin_hwaddr_operation_result {
    QEMU_PLUGIN_HWADDR_OPERATION_OK,
    QEMU_PLUGIN_HWADDR_OPERATION_ERROR,
    QEMU_PLUGIN_HWADDR_OPERATION_DEVICE_ERROR,
    QEMU_PLUGIN_HWADDR_OPERATION_ACCESS_DENIED,
    QEMU_PLUGIN_HWADDR_OPERATION_INVALID_ADDRESS,
    QEMU_PLUGIN_HWADDR_OPERATION_INVALID_ADDRESS_SPACE,
};
#endif

/* ---------------------------------------------------------------------------------------- */
/* Opaque handles and value types                                                            */
/* ---------------------------------------------------------------------------------------- */

struct qemu_plugin_tb;         /* a block being translated (valid in its tb_trans callback) */
struct qemu_plugin_insn;       /* one of its instructions (same lifetime) */
struct qemu_plugin_hwaddr;     /* physical backing of an access (system mode only) */

/* Describes one memory access; decode it only with the qemu_plugin_mem_* functions. */
typedef uint32_t qemu_plugin_meminfo_t;

#if PLUME_PLUGIN_API_VERSION >= 2
struct qemu_plugin_scoreboard; /* per-vCPU array of elements */
struct qemu_plugin_register;   /* a guest register, from qemu_plugin_get_registers */

/* One uint64_t field inside every element of a scoreboard. Passed by value. */
typedef struct {
    struct qemu_plugin_scoreboard *score;
    size_t offset;
} qemu_plugin_u64;

/* The u64 at offset 0 of a scoreboard of uint64_t elements. */
#define qemu_plugin_scoreboard_u64(score) ((qemu_plugin_u64){score, 0})
/* The u64 member `member` of a scoreboard of `type` elements. */
#define qemu_plugin_scoreboard_u64_in_struct(score, type, member) \
    ((qemu_plugin_u64){score, offsetof(type, member)})

/* One element of the array returned by qemu_plugin_get_registers. */
typedef struct {
    struct qemu_plugin_register *handle;
    const char *name;
    const char *feature;
#if PLUME_PLUGIN_API_VERSION >= 6
    bool is_readonly; /* true for the pc: change it with qemu_plugin_set_pc */
#endif
} qemu_plugin_reg_descriptor;

/* Element i of a get_registers array, correct whatever element size the host used. */
static inline qemu_plugin_reg_descriptor *plume_reg_descriptor_at(GArray *regs, guint i)
{
    return (qemu_plugin_reg_descriptor *)(void *)(regs->data +
                                                   (gsize)i * g_array_get_element_size(regs));
}
#endif

#if PLUME_PLUGIN_API_VERSION >= 4 || \
    (PLUME_PLUGIN_API_VERSION == 3 && defined(PLUME_PLUGIN_ALLOW_PARTIAL))
/* Value of the memory access being reported, truncated to its size. Returned by value. */
typedef struct {
    enum qemu_plugin_mem_value_type type;
    union {
        uint8_t u8;
        uint16_t u16;
        uint32_t u32;
        uint64_t u64;
        struct {
            uint64_t low;
            uint64_t high;
        } u128;
    } data;
} qemu_plugin_mem_value;
#endif

/* ---------------------------------------------------------------------------------------- */
/* Callback types                                                                            */
/* ---------------------------------------------------------------------------------------- */

/* Execution-time callbacks: identical in every version. */
typedef void (*qemu_plugin_vcpu_udata_cb_t)(unsigned int vcpu_index, void *userdata);
typedef void (*qemu_plugin_vcpu_mem_cb_t)(unsigned int vcpu_index, qemu_plugin_meminfo_t info,
                                          uint64_t vaddr, void *userdata);

#if PLUME_PLUGIN_API_VERSION <= 6
typedef void (*qemu_plugin_simple_cb_t)(qemu_plugin_id_t id);
typedef void (*qemu_plugin_udata_cb_t)(qemu_plugin_id_t id, void *userdata);
typedef void (*qemu_plugin_vcpu_simple_cb_t)(qemu_plugin_id_t id, unsigned int vcpu_index);
typedef void (*qemu_plugin_vcpu_tb_trans_cb_t)(qemu_plugin_id_t id, struct qemu_plugin_tb *tb);
typedef void (*qemu_plugin_vcpu_syscall_cb_t)(qemu_plugin_id_t id, unsigned int vcpu_index,
                                              int64_t num, uint64_t a1, uint64_t a2,
                                              uint64_t a3, uint64_t a4, uint64_t a5,
                                              uint64_t a6, uint64_t a7, uint64_t a8);
typedef void (*qemu_plugin_vcpu_syscall_ret_cb_t)(qemu_plugin_id_t id, unsigned int vcpu_idx,
                                                  int64_t num, int64_t ret);
#if PLUME_PLUGIN_API_VERSION == 6 || defined(PLUME_PLUGIN_ALLOW_PARTIAL)
#if PLUME_PLUGIN_API_VERSION >= 5
typedef void (*qemu_plugin_vcpu_discon_cb_t)(qemu_plugin_id_t id, unsigned int vcpu_index,
                                             enum qemu_plugin_discon_type type,
                                             uint64_t from_pc, uint64_t to_pc);
#endif
#endif
#if PLUME_PLUGIN_API_VERSION == 6
typedef bool (*qemu_plugin_vcpu_syscall_filter_cb_t)(qemu_plugin_id_t id, unsigned int vcpu_index,
                                                     int64_t num, uint64_t a1, uint64_t a2,
                                                     uint64_t a3, uint64_t a4, uint64_t a5,
                                                     uint64_t a6, uint64_t a7, uint64_t a8,
                                                     uint64_t *sysret);
#endif
#else
typedef void (*qemu_plugin_udata_cb_t)(void *userdata);
typedef void (*qemu_plugin_vcpu_discon_cb_t)(unsigned int vcpu_index,
                                             enum qemu_plugin_discon_type type,
                                             uint64_t from_pc, uint64_t to_pc, void *userdata);
typedef void (*qemu_plugin_vcpu_tb_trans_cb_t)(struct qemu_plugin_tb *tb, void *userdata);
typedef void (*qemu_plugin_vcpu_syscall_cb_t)(unsigned int vcpu_index, int64_t num,
                                              uint64_t a1, uint64_t a2, uint64_t a3,
                                              uint64_t a4, uint64_t a5, uint64_t a6,
                                              uint64_t a7, uint64_t a8, void *userdata);
typedef bool (*qemu_plugin_vcpu_syscall_filter_cb_t)(unsigned int vcpu_index, int64_t num,
                                                     uint64_t a1, uint64_t a2, uint64_t a3,
                                                     uint64_t a4, uint64_t a5, uint64_t a6,
                                                     uint64_t a7, uint64_t a8,
                                                     int64_t *sysret, void *userdata);
typedef void (*qemu_plugin_vcpu_syscall_ret_cb_t)(unsigned int vcpu_index, int64_t num,
                                                  int64_t ret, void *userdata);
#endif

/* ---------------------------------------------------------------------------------------- */
/* Life cycle and events                                                                     */
/* ---------------------------------------------------------------------------------------- */

#if PLUME_PLUGIN_API_VERSION <= 6
/* Asynchronously remove the plugin; cb(id) runs when done, then the library is closed. */
QEMU_PLUGIN_API void qemu_plugin_uninstall(qemu_plugin_id_t id, qemu_plugin_simple_cb_t cb);
/* Asynchronously drop every callback of the plugin; cb(id) runs when done. */
QEMU_PLUGIN_API void qemu_plugin_reset(qemu_plugin_id_t id, qemu_plugin_simple_cb_t cb);
/* vCPU events: cb(id, vcpu_index); a NULL cb unregisters. */
QEMU_PLUGIN_API void qemu_plugin_register_vcpu_init_cb(qemu_plugin_id_t id,
                                                       qemu_plugin_vcpu_simple_cb_t cb);
QEMU_PLUGIN_API void qemu_plugin_register_vcpu_exit_cb(qemu_plugin_id_t id,
                                                       qemu_plugin_vcpu_simple_cb_t cb);
QEMU_PLUGIN_API void qemu_plugin_register_vcpu_idle_cb(qemu_plugin_id_t id,
                                                       qemu_plugin_vcpu_simple_cb_t cb);
QEMU_PLUGIN_API void qemu_plugin_register_vcpu_resume_cb(qemu_plugin_id_t id,
                                                         qemu_plugin_vcpu_simple_cb_t cb);
#if PLUME_PLUGIN_API_VERSION == 6 || \
    (PLUME_PLUGIN_API_VERSION == 5 && defined(PLUME_PLUGIN_ALLOW_PARTIAL))
/* Discontinuity callbacks for the kinds set in type (registration only: never delivered). */
QEMU_PLUGIN_API void qemu_plugin_register_vcpu_discon_cb(qemu_plugin_id_t id,
                                                         enum qemu_plugin_discon_type type,
                                                         qemu_plugin_vcpu_discon_cb_t cb);
#endif
/* Called for every translated block: inspect it and attach execution-time instrumentation. */
QEMU_PLUGIN_API void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id,
                                                           qemu_plugin_vcpu_tb_trans_cb_t cb);
/* Before each guest syscall. */
QEMU_PLUGIN_API void qemu_plugin_register_vcpu_syscall_cb(qemu_plugin_id_t id,
                                                          qemu_plugin_vcpu_syscall_cb_t cb);
#if PLUME_PLUGIN_API_VERSION == 6
/* Before each guest syscall, after the syscall callbacks: return true to skip the syscall
 * with *sysret as its result. */
QEMU_PLUGIN_API void qemu_plugin_register_vcpu_syscall_filter_cb(
    qemu_plugin_id_t id, qemu_plugin_vcpu_syscall_filter_cb_t cb);
#endif
/* After each guest syscall returned (not for exit, exit_group, successful execve). */
QEMU_PLUGIN_API void qemu_plugin_register_vcpu_syscall_ret_cb(qemu_plugin_id_t id,
                                                              qemu_plugin_vcpu_syscall_ret_cb_t cb);
/* When all translated code is discarded. */
QEMU_PLUGIN_API void qemu_plugin_register_flush_cb(qemu_plugin_id_t id, qemu_plugin_simple_cb_t cb);
/* Call cb(id, vcpu_index) now for every live vCPU. */
QEMU_PLUGIN_API void qemu_plugin_vcpu_for_each(qemu_plugin_id_t id,
                                               qemu_plugin_vcpu_simple_cb_t cb);
#else
/* Asynchronously remove the plugin; cb(userdata) runs when done, then the library is closed. */
QEMU_PLUGIN_API void qemu_plugin_uninstall(qemu_plugin_id_t id, qemu_plugin_udata_cb_t cb,
                                           void *userdata);
/* Asynchronously drop every callback of the plugin; cb(userdata) runs when done. */
QEMU_PLUGIN_API void qemu_plugin_reset(qemu_plugin_id_t id, qemu_plugin_udata_cb_t cb,
                                       void *userdata);
/* vCPU events: cb(vcpu_index, userdata); a NULL cb unregisters. */
QEMU_PLUGIN_API void qemu_plugin_register_vcpu_init_cb(qemu_plugin_id_t id,
                                                       qemu_plugin_vcpu_udata_cb_t cb,
                                                       void *userdata);
QEMU_PLUGIN_API void qemu_plugin_register_vcpu_exit_cb(qemu_plugin_id_t id,
                                                       qemu_plugin_vcpu_udata_cb_t cb,
                                                       void *userdata);
QEMU_PLUGIN_API void qemu_plugin_register_vcpu_idle_cb(qemu_plugin_id_t id,
                                                       qemu_plugin_vcpu_udata_cb_t cb,
                                                       void *userdata);
QEMU_PLUGIN_API void qemu_plugin_register_vcpu_resume_cb(qemu_plugin_id_t id,
                                                         qemu_plugin_vcpu_udata_cb_t cb,
                                                         void *userdata);
/* Discontinuity callbacks for the kinds set in type (registration only: never delivered). */
QEMU_PLUGIN_API void qemu_plugin_register_vcpu_discon_cb(qemu_plugin_id_t id,
                                                         enum qemu_plugin_discon_type type,
                                                         qemu_plugin_vcpu_discon_cb_t cb,
                                                         void *userdata);
/* Called for every translated block: inspect it and attach execution-time instrumentation. */
QEMU_PLUGIN_API void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id,
                                                           qemu_plugin_vcpu_tb_trans_cb_t cb,
                                                           void *userdata);
/* Before each guest syscall. */
QEMU_PLUGIN_API void qemu_plugin_register_vcpu_syscall_cb(qemu_plugin_id_t id,
                                                          qemu_plugin_vcpu_syscall_cb_t cb,
                                                          void *userdata);
/* Before each guest syscall, after the syscall callbacks: return true to skip the syscall
 * with *sysret as its result. */
QEMU_PLUGIN_API void qemu_plugin_register_vcpu_syscall_filter_cb(
    qemu_plugin_id_t id, qemu_plugin_vcpu_syscall_filter_cb_t cb, void *userdata);
/* After each guest syscall returned (not for exit, exit_group, successful execve). */
QEMU_PLUGIN_API void qemu_plugin_register_vcpu_syscall_ret_cb(qemu_plugin_id_t id,
                                                              qemu_plugin_vcpu_syscall_ret_cb_t cb,
                                                              void *userdata);
/* When all translated code is discarded. */
QEMU_PLUGIN_API void qemu_plugin_register_flush_cb(qemu_plugin_id_t id, qemu_plugin_udata_cb_t cb,
                                                   void *userdata);
/* Call cb(vcpu_index, userdata) now for every live vCPU. */
QEMU_PLUGIN_API void qemu_plugin_vcpu_for_each(qemu_plugin_id_t id, qemu_plugin_vcpu_udata_cb_t cb,
                                               void *userdata);
#endif

/* Once at process end, after every other callback was removed. */
QEMU_PLUGIN_API void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id, qemu_plugin_udata_cb_t cb,
                                                    void *userdata);

/* ---------------------------------------------------------------------------------------- */
/* Translation time (inside a tb_trans callback, with handles from that call)                 */
/* ---------------------------------------------------------------------------------------- */

/* Number of instructions of the block. */
QEMU_PLUGIN_API size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
/* Guest address of its first instruction. */
QEMU_PLUGIN_API uint64_t qemu_plugin_tb_vaddr(const struct qemu_plugin_tb *tb);
/* Instruction idx of the block, NULL if out of range. */
QEMU_PLUGIN_API struct qemu_plugin_insn *qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *tb,
                                                                 size_t idx);
#if PLUME_PLUGIN_API_VERSION >= 3
/* Copy up to len bytes of the instruction's encoding to dest; returns the number copied. */
QEMU_PLUGIN_API size_t qemu_plugin_insn_data(const struct qemu_plugin_insn *insn, void *dest,
                                             size_t len);
#elif PLUME_PLUGIN_API_VERSION == 1 || defined(PLUME_PLUGIN_ALLOW_PARTIAL)
/* The instruction's encoding (valid until the tb_trans callback returns). */
QEMU_PLUGIN_API const void *qemu_plugin_insn_data(const struct qemu_plugin_insn *insn);
#endif
/* Encoding length in bytes (2 or 4 on riscv). */
QEMU_PLUGIN_API size_t qemu_plugin_insn_size(const struct qemu_plugin_insn *insn);
/* Guest address of the instruction. */
QEMU_PLUGIN_API uint64_t qemu_plugin_insn_vaddr(const struct qemu_plugin_insn *insn);
/* Host address at which the instruction's bytes are mapped (user mode). */
QEMU_PLUGIN_API void *qemu_plugin_insn_haddr(const struct qemu_plugin_insn *insn);
/* Disassembly text; free it with g_free. */
QEMU_PLUGIN_API char *qemu_plugin_insn_disas(const struct qemu_plugin_insn *insn);
#if PLUME_PLUGIN_API_VERSION >= 2 || defined(PLUME_PLUGIN_ALLOW_PARTIAL)
/* Name of the function symbol containing the instruction, or NULL. Do not free. */
QEMU_PLUGIN_API const char *qemu_plugin_insn_symbol(const struct qemu_plugin_insn *insn);
#endif

/* ---------------------------------------------------------------------------------------- */
/* Execution-time instrumentation (registered inside a tb_trans callback)                    */
/* ---------------------------------------------------------------------------------------- */

/* cb(vcpu_index, userdata) each time the block starts executing. */
QEMU_PLUGIN_API void qemu_plugin_register_vcpu_tb_exec_cb(struct qemu_plugin_tb *tb,
                                                          qemu_plugin_vcpu_udata_cb_t cb,
                                                          enum qemu_plugin_cb_flags flags,
                                                          void *userdata);
/* cb(vcpu_index, userdata) each time the instruction is about to execute. */
QEMU_PLUGIN_API void qemu_plugin_register_vcpu_insn_exec_cb(struct qemu_plugin_insn *insn,
                                                            qemu_plugin_vcpu_udata_cb_t cb,
                                                            enum qemu_plugin_cb_flags flags,
                                                            void *userdata);
/* cb(vcpu_index, info, vaddr, userdata) after each access of the instruction matching rw. */
QEMU_PLUGIN_API void qemu_plugin_register_vcpu_mem_cb(struct qemu_plugin_insn *insn,
                                                      qemu_plugin_vcpu_mem_cb_t cb,
                                                      enum qemu_plugin_cb_flags flags,
                                                      enum qemu_plugin_mem_rw rw,
                                                      void *userdata);

#if PLUME_PLUGIN_API_VERSION == 1
/* Inline op on the single uint64_t at ptr (shared by all vCPUs) at block start. */
QEMU_PLUGIN_API void qemu_plugin_register_vcpu_tb_exec_inline(struct qemu_plugin_tb *tb,
                                                              enum qemu_plugin_op op, void *ptr,
                                                              uint64_t imm);
/* Inline op on the uint64_t at ptr before the instruction executes. */
QEMU_PLUGIN_API void qemu_plugin_register_vcpu_insn_exec_inline(struct qemu_plugin_insn *insn,
                                                                enum qemu_plugin_op op, void *ptr,
                                                                uint64_t imm);
/* Inline op on the uint64_t at ptr after each matching access. */
QEMU_PLUGIN_API void qemu_plugin_register_vcpu_mem_inline(struct qemu_plugin_insn *insn,
                                                          enum qemu_plugin_mem_rw rw,
                                                          enum qemu_plugin_op op, void *ptr,
                                                          uint64_t imm);
#else
/* Inline op on entry[vcpu_index] at block start. */
QEMU_PLUGIN_API void qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(struct qemu_plugin_tb *tb,
                                                                       enum qemu_plugin_op op,
                                                                       qemu_plugin_u64 entry,
                                                                       uint64_t imm);
/* Inline op on entry[vcpu_index] before the instruction executes. */
QEMU_PLUGIN_API void qemu_plugin_register_vcpu_insn_exec_inline_per_vcpu(
    struct qemu_plugin_insn *insn, enum qemu_plugin_op op, qemu_plugin_u64 entry, uint64_t imm);
/* Inline op on entry[vcpu_index] after each matching access. */
QEMU_PLUGIN_API void qemu_plugin_register_vcpu_mem_inline_per_vcpu(struct qemu_plugin_insn *insn,
                                                                   enum qemu_plugin_mem_rw rw,
                                                                   enum qemu_plugin_op op,
                                                                   qemu_plugin_u64 entry,
                                                                   uint64_t imm);
#endif

#if PLUME_PLUGIN_API_VERSION >= 3
/* Like tb_exec_cb, but only when (entry[vcpu_index] <cond> imm) holds. */
QEMU_PLUGIN_API void qemu_plugin_register_vcpu_tb_exec_cond_cb(struct qemu_plugin_tb *tb,
                                                               qemu_plugin_vcpu_udata_cb_t cb,
                                                               enum qemu_plugin_cb_flags flags,
                                                               enum qemu_plugin_cond cond,
                                                               qemu_plugin_u64 entry, uint64_t imm,
                                                               void *userdata);
/* Like insn_exec_cb, but only when (entry[vcpu_index] <cond> imm) holds. */
QEMU_PLUGIN_API void qemu_plugin_register_vcpu_insn_exec_cond_cb(struct qemu_plugin_insn *insn,
                                                                 qemu_plugin_vcpu_udata_cb_t cb,
                                                                 enum qemu_plugin_cb_flags flags,
                                                                 enum qemu_plugin_cond cond,
                                                                 qemu_plugin_u64 entry,
                                                                 uint64_t imm, void *userdata);
#endif

/* ---------------------------------------------------------------------------------------- */
/* Memory accesses                                                                           */
/* ---------------------------------------------------------------------------------------- */

/* log2 of the access size in bytes. */
QEMU_PLUGIN_API unsigned int qemu_plugin_mem_size_shift(qemu_plugin_meminfo_t info);
/* True for sign-extending loads. */
QEMU_PLUGIN_API bool qemu_plugin_mem_is_sign_extended(qemu_plugin_meminfo_t info);
/* True for big-endian accesses (never on riscv). */
QEMU_PLUGIN_API bool qemu_plugin_mem_is_big_endian(qemu_plugin_meminfo_t info);
/* True for stores. */
QEMU_PLUGIN_API bool qemu_plugin_mem_is_store(qemu_plugin_meminfo_t info);
#if PLUME_PLUGIN_API_VERSION >= 4 || \
    (PLUME_PLUGIN_API_VERSION == 3 && defined(PLUME_PLUGIN_ALLOW_PARTIAL))
/* Value loaded or stored by the access being reported (inside a memory callback). */
QEMU_PLUGIN_API qemu_plugin_mem_value qemu_plugin_mem_get_value(qemu_plugin_meminfo_t info);
#endif
/* Physical backing of the access (system mode; NULL in user mode). */
QEMU_PLUGIN_API struct qemu_plugin_hwaddr *qemu_plugin_get_hwaddr(qemu_plugin_meminfo_t info,
                                                                  uint64_t vaddr);
/* True if the access went to a device (system mode). */
QEMU_PLUGIN_API bool qemu_plugin_hwaddr_is_io(const struct qemu_plugin_hwaddr *haddr);
/* Physical address of the access (system mode; 0 in user mode). */
QEMU_PLUGIN_API uint64_t qemu_plugin_hwaddr_phys_addr(const struct qemu_plugin_hwaddr *haddr);
#if PLUME_PLUGIN_API_VERSION >= 2 || defined(PLUME_PLUGIN_ALLOW_PARTIAL)
/* Name of the device or memory region (system mode; "Invalid" in user mode). */
QEMU_PLUGIN_API const char *qemu_plugin_hwaddr_device_name(const struct qemu_plugin_hwaddr *h);
#endif

/* ---------------------------------------------------------------------------------------- */
/* Scoreboards (version 2 on)                                                                */
/* ---------------------------------------------------------------------------------------- */

#if PLUME_PLUGIN_API_VERSION >= 2
/* A zeroed scoreboard with one element_size element per vCPU. */
QEMU_PLUGIN_API struct qemu_plugin_scoreboard *qemu_plugin_scoreboard_new(size_t element_size);
/* Free it (no live instrumentation may still refer to it). */
QEMU_PLUGIN_API void qemu_plugin_scoreboard_free(struct qemu_plugin_scoreboard *score);
/* Address of vcpu_index's element (changes when the scoreboard grows). */
QEMU_PLUGIN_API void *qemu_plugin_scoreboard_find(struct qemu_plugin_scoreboard *score,
                                                  unsigned int vcpu_index);
/* entry[vcpu_index] += added. */
QEMU_PLUGIN_API void qemu_plugin_u64_add(qemu_plugin_u64 entry, unsigned int vcpu_index,
                                         uint64_t added);
/* entry[vcpu_index]. */
QEMU_PLUGIN_API uint64_t qemu_plugin_u64_get(qemu_plugin_u64 entry, unsigned int vcpu_index);
/* entry[vcpu_index] = val. */
QEMU_PLUGIN_API void qemu_plugin_u64_set(qemu_plugin_u64 entry, unsigned int vcpu_index,
                                         uint64_t val);
/* Sum of entry over every vCPU index seen so far. */
QEMU_PLUGIN_API uint64_t qemu_plugin_u64_sum(qemu_plugin_u64 entry);
#endif

/* ---------------------------------------------------------------------------------------- */
/* Registers and guest memory (from callbacks on a vCPU thread)                              */
/* ---------------------------------------------------------------------------------------- */

#if PLUME_PLUGIN_API_VERSION >= 2
/* The current vCPU's registers: an array of qemu_plugin_reg_descriptor; g_array_free it. */
QEMU_PLUGIN_API GArray *qemu_plugin_get_registers(void);
#endif
#if PLUME_PLUGIN_API_VERSION >= 6
/* Append the register's value to buf; false if the callback may not read registers. */
QEMU_PLUGIN_API bool qemu_plugin_read_register(struct qemu_plugin_register *handle,
                                               GByteArray *buf);
/* Set the register from buf; false if not allowed (read-only register, no RW access). */
QEMU_PLUGIN_API bool qemu_plugin_write_register(struct qemu_plugin_register *handle,
                                                GByteArray *buf);
/* Continue execution at vaddr (callbacks with RW_REGS_PC access only); does not return. */
QEMU_PLUGIN_API void qemu_plugin_set_pc(uint64_t vaddr) __attribute__((__noreturn__));
#elif PLUME_PLUGIN_API_VERSION >= 2
/* Append the register's value to buf; returns its size, or -1 if the callback may not read. */
QEMU_PLUGIN_API int qemu_plugin_read_register(struct qemu_plugin_register *handle, GByteArray *buf);
#if PLUME_PLUGIN_API_VERSION >= 5
/* Set the register from buf; returns the bytes used, or -1 if not allowed. */
QEMU_PLUGIN_API int qemu_plugin_write_register(struct qemu_plugin_register *handle,
                                               GByteArray *buf);
#endif
#endif

#if PLUME_PLUGIN_API_VERSION >= 4
/* Read len bytes of guest memory at addr into data (resized to len); false if unmapped. */
QEMU_PLUGIN_API bool qemu_plugin_read_memory_vaddr(uint64_t addr, GByteArray *data, size_t len);
#endif
#if PLUME_PLUGIN_API_VERSION >= 5
/* Write data to guest memory at addr, bypassing protections; false if unmapped. */
QEMU_PLUGIN_API bool qemu_plugin_write_memory_vaddr(uint64_t addr, GByteArray *data);
/* Physical memory access (system mode only: ERROR in user mode). */
QEMU_PLUGIN_API enum qemu_plugin_hwaddr_operation_result
qemu_plugin_read_memory_hwaddr(uint64_t addr, GByteArray *data, size_t len);
QEMU_PLUGIN_API enum qemu_plugin_hwaddr_operation_result
qemu_plugin_write_memory_hwaddr(uint64_t addr, GByteArray *data);
/* Virtual to physical translation (system mode only: false in user mode). */
QEMU_PLUGIN_API bool qemu_plugin_translate_vaddr(uint64_t vaddr, uint64_t *hwaddr);
#endif

/* ---------------------------------------------------------------------------------------- */
/* Time control (version 3 on; system mode only)                                             */
/* ---------------------------------------------------------------------------------------- */

#if PLUME_PLUGIN_API_VERSION >= 3
/* A handle allowing update_ns (user mode: always NULL). */
QEMU_PLUGIN_API const void *qemu_plugin_request_time_control(void);
/* Advance virtual time (user mode: no effect). */
QEMU_PLUGIN_API void qemu_plugin_update_ns(const void *handle, int64_t time);
#endif

/* ---------------------------------------------------------------------------------------- */
/* Miscellaneous                                                                             */
/* ---------------------------------------------------------------------------------------- */

#if PLUME_PLUGIN_API_VERSION == 1
/* Number of vCPUs (system mode; -1 in user mode). */
QEMU_PLUGIN_API int qemu_plugin_n_vcpus(void);
/* Maximum number of vCPUs (system mode; -1 in user mode). */
QEMU_PLUGIN_API int qemu_plugin_n_max_vcpus(void);
#else
/* 1 + the highest vCPU index initialised so far. */
QEMU_PLUGIN_API int qemu_plugin_num_vcpus(void);
#endif
/* Write string verbatim to the log when `-d plugin` is enabled. */
QEMU_PLUGIN_API void qemu_plugin_outs(const char *string);
#if PLUME_PLUGIN_API_VERSION >= 2 || defined(PLUME_PLUGIN_ALLOW_PARTIAL)
/* Parse an on/yes/true/y or off/no/false/n value into *ret; false if neither. */
QEMU_PLUGIN_API bool qemu_plugin_bool_parse(const char *name, const char *val, bool *ret);
/* Path of the guest executable (g_free it). */
QEMU_PLUGIN_API const char *qemu_plugin_path_to_binary(void);
/* Start of the guest executable's code. */
QEMU_PLUGIN_API uint64_t qemu_plugin_start_code(void);
/* End of the guest executable's code. */
QEMU_PLUGIN_API uint64_t qemu_plugin_end_code(void);
/* Initial guest pc (the dynamic linker's entry for dynamic executables). */
QEMU_PLUGIN_API uint64_t qemu_plugin_entry_code(void);
#endif

#ifdef __cplusplus
}
#endif

#endif
