/*
 * probe.c — freestanding guest (no libc) for tests/loader/t_probe.sh: prints the bytes of two
 * probe areas that the test's linker scripts put on pages shared between PT_LOAD segments, the
 * AT_PHDR value, and the lines of /proc/self/maps for its image (0x400000-0x4fffff).
 *
 * Built for riscv64 (run under plume and qemu-riscv64) and, where the host allows, for x86-64
 * (run natively: the reference for what Linux does with the same layout). All mutable state is
 * one struct in .data so both builds lay their data out alike; the output does not depend on
 * the architecture. Single-threaded.
 */
#ifdef __x86_64__
#define NR_READ 0
#define NR_WRITE 1
#define NR_OPENAT 257
#define NR_EXIT 60
static long sys3(long n, long a, long b, long c)
{
    long r;
    __asm__ volatile("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
    return r;
}
#else
#define NR_READ 63
#define NR_WRITE 64
#define NR_OPENAT 56
#define NR_EXIT 93
static long sys3(long n, long a, long b, long c)
{
    register long a7 __asm__("a7") = n;
    register long a0 __asm__("a0") = a;
    register long a1 __asm__("a1") = b;
    register long a2 __asm__("a2") = c;
    __asm__ volatile("ecall" : "+r"(a0) : "r"(a7), "r"(a1), "r"(a2) : "memory");
    return a0;
}
#endif

#define AT_PHDR 3

/* The probe areas: a in the file (bytes 0xa1), b in the bss. */
__attribute__((section(".pa"), used)) const unsigned char probe_a[256] = {[0 ... 255] = 0xa1};
__attribute__((section(".bss.pb"), used)) unsigned char probe_b[256];
extern const unsigned char probe_a_end[], probe_b_end[];

struct state {
    int n;
    char out[8192];
    char file[16384];
};
__attribute__((section(".data.state"))) static struct state st = {.n = 0, .out = {1}};

static void put(const char *s)
{
    while (*s)
        st.out[st.n++] = *s++;
}

static void hex(unsigned long v, int digits)
{
    while (digits-- > 0)
        st.out[st.n++] = "0123456789abcdef"[(v >> (4 * digits)) & 15];
}

static void dump(const char *name, const unsigned char *a, const unsigned char *e)
{
    put(name);
    put(":");
    for (const unsigned char *p = a; p < e; p++) {
        if (((p - a) & 31) == 0)
            put("\n ");
        hex(*p, 2);
    }
    put("\n");
}

/* Read a whole /proc file into st.file; returns its length. */
static long slurp(const char *path)
{
    long fd = sys3(NR_OPENAT, -100, (long)path, 0), len = 0, r;

    if (fd < 0)
        return 0;
    while ((r = sys3(NR_READ, fd, (long)st.file + len, sizeof(st.file) - len)) > 0)
        len += r;
    return len;
}

static void auxv_phdr(void)
{
    long len = slurp("/proc/self/auxv");
    const unsigned long *v = (const unsigned long *)st.file;

    put("AT_PHDR: ");
    for (long i = 0; i + 1 < len / 8; i += 2)
        if (v[i] == AT_PHDR)
            hex(v[i + 1], 8);
    put("\n");
}

/* Address range and permissions of the maps lines for 0x400000-0x4fffff. */
static void maps(void)
{
    long len = slurp("/proc/self/maps");

    put("maps:\n");
    for (long i = 0; i < len;) {
        long j = i;
        while (j < len && st.file[j] != '\n')
            j++;
        if (j - i > 4 && st.file[i] == '0' && st.file[i + 1] == '0' && st.file[i + 2] == '4' &&
            st.file[i + 3] == '0') {
            for (long k = i, spaces = 0; k < j && spaces < 2; k++) {
                spaces += st.file[k] == ' ';
                if (spaces < 2)
                    st.out[st.n++] = st.file[k];
            }
            put("\n");
        }
        i = j + 1;
    }
}

void _start(void)
{
    dump("a", probe_a, probe_a_end);
    dump("b", probe_b, probe_b_end);
    auxv_phdr();
    maps();
    sys3(NR_WRITE, 1, (long)st.out, st.n);
    sys3(NR_EXIT, 0, 0, 0);
    for (;;)
        ;
}
