/*
 * sys_keys.c — the kernel key retention service: add_key, request_key, keyctl.
 *
 * Keys live in the host kernel, which enforces their permissions for the guest's credentials.
 * Strings are copied and buffers locked; keyctl's arguments differ per command, so a table
 * says what each of arg2..arg5 is. The structures some commands take hold no pointers and have
 * the same layout on riscv64 and x86-64 (keyctl_dh_params, keyctl_pkey_query,
 * keyctl_pkey_params), except keyctl_kdf_params, whose two guest pointers are translated.
 *
 * Threading: any vCPU thread; no state.
 */
#include <linux/keyctl.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/uio.h>

#include "sys_extra.h"

/* Largest key description, type name and payload the kernel accepts. */
#define KEY_STRING_MAX 4096
#define KEY_PAYLOAD_MAX (1024 * 1024)

/* Argument kinds of keyctl's arg2..arg5, one char each:
 *   i integer    s string (NULL allowed)    r/w buffer read/written, its length next (l)
 *   v iovec array, its count next (l)       d keyctl_dh_params    k keyctl_kdf_params
 *   q keyctl_pkey_query (written)           p keyctl_pkey_params, whose in/out lengths size
 *   the two buffer arguments that follow it (after the info string): P in, O out or in2. */
static const char *const keyctl_kinds[] = {
    [KEYCTL_GET_KEYRING_ID] = "ii",
    [KEYCTL_JOIN_SESSION_KEYRING] = "s",
    [KEYCTL_UPDATE] = "irl",
    [KEYCTL_REVOKE] = "i",
    [KEYCTL_CHOWN] = "iii",
    [KEYCTL_SETPERM] = "ii",
    [KEYCTL_DESCRIBE] = "iwl",
    [KEYCTL_CLEAR] = "i",
    [KEYCTL_LINK] = "ii",
    [KEYCTL_UNLINK] = "ii",
    [KEYCTL_SEARCH] = "issi",
    [KEYCTL_READ] = "iwl",
    [KEYCTL_INSTANTIATE] = "irli",
    [KEYCTL_NEGATE] = "iii",
    [KEYCTL_SET_REQKEY_KEYRING] = "i",
    [KEYCTL_SET_TIMEOUT] = "ii",
    [KEYCTL_ASSUME_AUTHORITY] = "i",
    [KEYCTL_GET_SECURITY] = "iwl",
    [KEYCTL_SESSION_TO_PARENT] = "",
    [KEYCTL_REJECT] = "iiii",
    [KEYCTL_INSTANTIATE_IOV] = "ivli",
    [KEYCTL_INVALIDATE] = "i",
    [KEYCTL_GET_PERSISTENT] = "ii",
    [KEYCTL_DH_COMPUTE] = "dwlk",
    [KEYCTL_PKEY_QUERY] = "iisq",
    [KEYCTL_PKEY_ENCRYPT] = "psPO",
    [KEYCTL_PKEY_DECRYPT] = "psPO",
    [KEYCTL_PKEY_SIGN] = "psPO",
    [KEYCTL_PKEY_VERIFY] = "psPP",
    [KEYCTL_RESTRICT_KEYRING] = "iss",
    [KEYCTL_MOVE] = "iiii",
    [KEYCTL_CAPABILITIES] = "wl",
    [KEYCTL_WATCH_KEY] = "iii",
};

_Static_assert(sizeof(struct keyctl_pkey_params) == 40, "keyctl_pkey_params");
_Static_assert(sizeof(struct keyctl_pkey_query) == 56, "keyctl_pkey_query");
_Static_assert(sizeof(struct keyctl_dh_params) == 12, "keyctl_dh_params");

/* The guest's keyctl_kdf_params: hashname and otherinfo are guest addresses. */
struct target_kdf_params {
    uint64_t hashname;
    uint64_t otherinfo;
    uint32_t otherinfolen;
    uint32_t spare[8];
};

/* Host arguments being built for one keyctl call, and what to free after it. */
struct key_args {
    uint64_t h[4];
    void *owned[4];
    struct iovec *iov;
    struct keyctl_pkey_params pkey;
    struct keyctl_kdf_params kdf;
    uint64_t out_len;             /* length of the 'w' buffer as passed */
};

static int key_string(struct vcpu *cpu, gaddr_t g, void **owned, uint64_t *out)
{
    int err = 0;
    char *s;

    *out = 0;
    if (!g)
        return 0;
    s = mem_strdup_from_guest(lx_mem(cpu), g, KEY_STRING_MAX, &err);
    if (!s)
        return err;
    *owned = s;
    *out = (uintptr_t)s;
    return 0;
}

/* A locked buffer of len bytes (NULL stays NULL; a length the kernel refuses passes unlocked
 * as NULL, so its own size check answers). */
static int key_buf(struct vcpu *cpu, gaddr_t g, uint64_t len, unsigned prot, uint64_t *out)
{
    void *p;

    *out = 0;
    if (!g || !len || len > KEY_PAYLOAD_MAX)
        return 0;
    p = mem_lock(lx_mem(cpu), g, len, prot);
    if (!p)
        return -EFAULT;
    *out = (uintptr_t)p;
    return 0;
}

static int key_kdf(struct vcpu *cpu, gaddr_t g, struct key_args *k, int i)
{
    struct target_kdf_params t;
    uint64_t name, other;
    int r;

    if (!g)
        return 0;
    if (mem_copy_from_guest(lx_mem(cpu), &t, g, sizeof(t)))
        return -EFAULT;
    r = key_string(cpu, t.hashname, &k->owned[i], &name);
    if (!r)
        r = key_buf(cpu, t.otherinfo, t.otherinfolen, PAGE_READ, &other);
    if (r)
        return r;
    memset(&k->kdf, 0, sizeof(k->kdf));
    k->kdf.hashname = (char *)(uintptr_t)name;
    k->kdf.otherinfo = (char *)(uintptr_t)other;
    k->kdf.otherinfolen = t.otherinfolen;
    memcpy(k->kdf.__spare, t.spare, sizeof(t.spare));
    k->h[i] = (uintptr_t)&k->kdf;
    return 0;
}

/* Translate arg2..arg5 (a[1..4]) of keyctl by kinds into k; 0 or -errno. */
static int key_translate(struct vcpu *cpu, const uint64_t *a, const char *kinds,
                         struct key_args *k)
{
    struct mem_space *m = lx_mem(cpu);
    int err, r = 0, nbuf = 0;

    for (int i = 0; i < 4; i++) {
        uint64_t g = a[1 + i];
        char kind = kinds[i];

        if (!kind)
            break;
        switch (kind) {
        case 'i':
            k->h[i] = g;
            break;
        case 'l':
            k->h[i] = i > 0 && kinds[i - 1] == 'w' ? k->out_len : g;
            break;
        case 's':
            r = key_string(cpu, g, &k->owned[i], &k->h[i]);
            break;
        case 'r':
            r = key_buf(cpu, g, a[2 + i], PAGE_READ, &k->h[i]);
            break;
        case 'w':
            /* The kernel copies out only what it has (and says how much it has), so a buffer
             * larger than the guest's mapping is fine until it is written: it goes lazily,
             * its length cut at the end of the guest space. */
            k->out_len = a[2 + i];
            if (g && g < GUEST_SPACE && k->out_len > GUEST_SPACE - g)
                k->out_len = GUEST_SPACE - g;
            k->h[i] = g && k->out_len ? (uintptr_t)sx_buf_lazy(cpu, g, k->out_len, PAGE_WRITE)
                                      : 0;
            break;
        case 'v':
            if (a[2 + i] > 1024)
                return -EINVAL;
            k->iov = lx_lock_iovec(cpu, g, (int64_t)a[2 + i], false, &err);
            if (!k->iov && a[2 + i])
                return err;
            k->h[i] = (uintptr_t)k->iov;
            break;
        case 'd':
            r = key_buf(cpu, g, sizeof(struct keyctl_dh_params), PAGE_READ, &k->h[i]);
            break;
        case 'k':
            r = key_kdf(cpu, g, k, i);
            break;
        case 'q':
            r = key_buf(cpu, g, sizeof(struct keyctl_pkey_query), PAGE_WRITE, &k->h[i]);
            break;
        case 'p':
            if (mem_copy_from_guest(m, &k->pkey, g, sizeof(k->pkey)))
                return -EFAULT;
            k->h[i] = (uintptr_t)&k->pkey;
            break;
        case 'P':
        case 'O':
            r = key_buf(cpu, g, nbuf++ ? k->pkey.out_len : k->pkey.in_len,
                        kind == 'P' ? PAGE_READ : PAGE_WRITE, &k->h[i]);
            break;
        default:
            break;
        }
        if (r)
            return r;
    }
    return 0;
}

int64_t sys_keyctl(struct vcpu *cpu, const uint64_t *a)
{
    int cmd = (int)a[0];
    struct key_args k;
    int64_t r;

    /* Unknown commands go to the kernel as they are: it answers EOPNOTSUPP without reading
     * anything. */
    if (cmd < 0 || (size_t)cmd >= sizeof(keyctl_kinds) / sizeof(keyctl_kinds[0]) ||
        !keyctl_kinds[cmd])
        return lx_err(syscall(SYS_keyctl, cmd, 0, 0, 0, 0));
    memset(&k, 0, sizeof(k));
    r = key_translate(cpu, a, keyctl_kinds[cmd], &k);
    if (!r)
        r = lx_err(syscall(SYS_keyctl, cmd, k.h[0], k.h[1], k.h[2], k.h[3]));
    for (int i = 0; i < 4; i++)
        free(k.owned[i]);
    free(k.iov);
    return r;
}

int64_t sys_add_key(struct vcpu *cpu, const uint64_t *a)
{
    void *owned[2] = {NULL, NULL};
    uint64_t type, desc, payload = 0;
    int64_t r = key_string(cpu, a[0], &owned[0], &type);

    if (!r)
        r = key_string(cpu, a[1], &owned[1], &desc);
    if (!r)
        r = key_buf(cpu, a[2], a[3], PAGE_READ, &payload);
    if (!r)
        r = lx_err(syscall(SYS_add_key, type, desc, payload, a[3], (int)a[4]));
    free(owned[0]);
    free(owned[1]);
    return r;
}

int64_t sys_request_key(struct vcpu *cpu, const uint64_t *a)
{
    void *owned[3] = {NULL, NULL, NULL};
    uint64_t s[3];
    int64_t r = 0;

    for (int i = 0; i < 3 && !r; i++)
        r = key_string(cpu, a[i], &owned[i], &s[i]);
    if (!r)
        r = lx_err(syscall(SYS_request_key, s[0], s[1], s[2], (int)a[3]));
    for (int i = 0; i < 3; i++)
        free(owned[i]);
    return r;
}
