/*
 * eof.c — touches every page of its own PT_LOAD segments whose file bytes run past the end of
 * the executable (t_beyond_eof.sh adds such a segment): pages that hold file bytes read as the
 * file (zero past its end), pages wholly beyond the end of the file raise SIGBUS (BUS_ADRERR at
 * the page), bss pages after the file part read as zero. Prints one line per page.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <link.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PG 4096ul

static sigjmp_buf jb;
static volatile int fault_sig, fault_code;
static void *volatile fault_addr;

static void on_fault(int sig, siginfo_t *si, void *uc)
{
    fault_sig = sig;
    fault_code = si->si_code;
    fault_addr = si->si_addr;
    siglongjmp(jb, 1);
}

/* What page p (file offset off, segment file bytes up to file_end) holds, as one line. */
static void probe(int fd, const unsigned char *p, unsigned long off, unsigned long file_end,
                  unsigned long size, int i)
{
    unsigned char want[PG];
    unsigned long in_file = 0;
    volatile unsigned char sum = 0;

    memset(want, 0, sizeof(want));
    if (off < file_end && off < size) {
        in_file = (file_end < size ? file_end : size) - off;
        if (in_file > PG)
            in_file = PG;
        pread(fd, want, in_file, (off_t)off);
    }
    fault_sig = 0;
    if (sigsetjmp(jb, 1) == 0) {
        sum += p[0];
        sum += p[PG - 1];
        printf("page %d: readable, %s, %lu file bytes\n", i,
               memcmp(p, want, PG) == 0 ? "as the file with zeros after" : "DIFFERENT", in_file);
    } else {
        printf("page %d: %s code %d at %s\n", i, fault_sig == SIGBUS ? "SIGBUS" : "other signal",
               fault_code, fault_addr == p ? "the page" : "another address");
    }
}

static int each_object(struct dl_phdr_info *info, size_t n, void *data)
{
    struct stat st;
    int fd = open("/proc/self/exe", O_RDONLY);

    if (fd < 0 || fstat(fd, &st) < 0)
        return 1;
    for (int k = 0; k < info->dlpi_phnum; k++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[k];
        unsigned long va, start, end;
        if (ph->p_type != PT_LOAD || ph->p_offset + ph->p_filesz <= (unsigned long)st.st_size)
            continue;
        va = info->dlpi_addr + ph->p_vaddr;
        start = va & ~(PG - 1);
        end = (va + ph->p_memsz + PG - 1) & ~(PG - 1);
        printf("segment: %lu file bytes from offset %lu, file size %lu, %lu pages\n",
               (unsigned long)ph->p_filesz, (unsigned long)ph->p_offset, (unsigned long)st.st_size,
               (end - start) / PG);
        for (unsigned long a = start; a < end; a += PG)
            probe(fd, (const unsigned char *)a, ph->p_offset - (va - start) + (a - start),
                  ph->p_offset + ph->p_filesz, (unsigned long)st.st_size, (int)((a - start) / PG));
    }
    close(fd);
    return 1; /* the main program only */
}

int main(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_fault;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGBUS, &sa, NULL);
    sigaction(SIGSEGV, &sa, NULL);
    setvbuf(stdout, NULL, _IOLBF, 0);
    dl_iterate_phdr(each_object, NULL);
    return 0;
}
