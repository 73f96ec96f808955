/* link: src/riscv/decode.c src/riscv/disas.c src/riscv/csr_names.c */
/*
 * test_disas.c — rv_disas() against every line of the QEMU 10.2 oracle files, and rv_decode()'s
 * notion of legality against the oracle's "illegal" lines.
 *
 * Reads shared/oracle/disas-qemu-10.2.tsv and disas-qemu-10.2-c16.tsv from $PLUME_ORACLE_DIR, or
 * ../shared/oracle relative to the repo root (the runner's cwd). Each line is
 * pc<TAB>encoding<TAB>size<TAB>text, and text keeps its trailing spaces. Prints the first
 * mismatches and a total; exit status 1 on any mismatch or a missing file. Also feeds two
 * million random encodings (at random pcs) through rv_disas to check length and buffer bounds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/riscv/insn.h"

enum { MAX_REPORTS = 20 };

struct tally {
    unsigned long lines, text_bad, len_bad, legal_bad, reports;
};

static void report(struct tally *t, const char *fmt, const char *a, const char *b,
                   const char *c)
{
    if (t->reports++ < MAX_REPORTS) {
        printf(fmt, a, b, c);
    }
}

/* Mnemonics QEMU prints for 32-bit encodings outside rv64gc+Zb*: decode must reject them. */
static bool outside_isa(const char *text)
{
    static const char *const names[] = {"illegal", "uret", "dret"};
    size_t n = strcspn(text, " ");
    for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
        if (strlen(names[i]) == n && strncmp(text, names[i], n) == 0) {
            return true;
        }
    }
    return false;
}

static bool check_file(const char *dir, const char *name, struct tally *t)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    FILE *f = fopen(path, "r");
    if (!f) {
        printf("cannot open %s\n", path);
        return false;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, f)) > 0) {
        if (line[n - 1] == '\n') {
            line[--n] = '\0';
        }
        char *f_pc = line;
        char *f_enc = strchr(f_pc, '\t');
        char *f_len = f_enc ? strchr(f_enc + 1, '\t') : NULL;
        char *f_text = f_len ? strchr(f_len + 1, '\t') : NULL;
        if (!f_text) {
            report(t, "%s: malformed line: %s%s\n", name, line, "");
            t->text_bad++;
            continue;
        }
        *f_enc++ = '\0';
        *f_len++ = '\0';
        *f_text++ = '\0';
        uint64_t pc = strtoull(f_pc, NULL, 16);
        uint32_t raw = (uint32_t)strtoul(f_enc, NULL, 16);
        unsigned want_len = (unsigned)strtoul(f_len, NULL, 10);
        char got[RV_DISAS_MAX];
        unsigned len = rv_disas(pc, raw, got);
        t->lines++;
        if (strcmp(got, f_text) != 0) {
            t->text_bad++;
            report(t, "%s: got  '%s'\n        want '%s'\n", f_enc, got, f_text);
        }
        if (len != want_len) {
            t->len_bad++;
            report(t, "%s: wrong length (want %s)%s\n", f_enc, f_len, "");
        }
        if (want_len == 4) {
            struct insn d;
            rv_decode(raw, &d);
            bool want_illegal = outside_isa(f_text);
            if ((d.op == RV_OP_ILLEGAL) != want_illegal) {
                t->legal_bad++;
                report(t, "%s: decode gives %s for '%s'\n", f_enc, rv_op_name[d.op], f_text);
            }
        }
    }
    free(line);
    fclose(f);
    return true;
}

/* Encodings outside the oracle files: length right, text non-empty and within the buffer. */
static unsigned check_robustness(void)
{
    unsigned bad = 0;
    uint64_t x = 0x2545f4914f6cdd1dull;
    for (unsigned i = 0; i < 2000000; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        uint32_t raw = (uint32_t)(x >> 11);
        char got[RV_DISAS_MAX];
        memset(got, 0x55, sizeof(got));
        unsigned len = rv_disas(x, raw, got);
        size_t n = strnlen(got, sizeof(got));
        if (len != rv_insn_len((uint16_t)raw) || n == 0 || n >= sizeof(got)) {
            if (bad++ < MAX_REPORTS) {
                printf("%08x: len %u, text length %zu\n", raw, len, n);
            }
        }
    }
    return bad;
}

int main(void)
{
    const char *dir = getenv("PLUME_ORACLE_DIR");
    if (!dir || !*dir) {
        dir = "../shared/oracle";
    }
    struct tally t = {0};
    bool ok = check_file(dir, "disas-qemu-10.2.tsv", &t);
    ok = check_file(dir, "disas-qemu-10.2-c16.tsv", &t) && ok;
    if (t.lines != 125089 + 49152) {
        printf("read %lu lines, expected %u\n", t.lines, 125089 + 49152);
        ok = false;
    }
    unsigned robust_bad = check_robustness();
    printf("test_disas: %lu lines, %lu text mismatches, %lu length mismatches, "
           "%lu legality mismatches, %u bad random encodings\n",
           t.lines, t.text_bad, t.len_bad, t.legal_bad, robust_bad);
    return ok && !t.text_bad && !t.len_bad && !t.legal_bad && !robust_bad ? 0 : 1;
}
