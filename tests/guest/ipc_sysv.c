/*
 * ipc_sysv.c — System V IPC through the host kernel: a message queue (typed receive, status
 * fields, IPC_SET of mode and qbytes, truncation, blocking receive across fork, EINTR that
 * SA_RESTART does not restart), a semaphore set (SETALL/GETALL, the riscv64 semid64_ds layout,
 * a waiter across fork woken by the parent, semtimedop timeout), and shared memory (shmat
 * mapping shared with a child, read-only attach faulting, second attach, shmdt, SHM_RND and
 * SHM_REMAP at fixed addresses, IPC_RMID while attached). Every object is IPC_PRIVATE and
 * removed at the end. Prints deterministic lines only.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

union semun {
    int val;
    struct semid_ds *buf;
    unsigned short *array;
    struct seminfo *info;
};

struct msg {
    long type;
    char text[64];
};

static volatile sig_atomic_t alarms;

static void check(const char *what, int ok)
{
    printf("%-52s %s\n", what, ok ? "ok" : "FAIL");
}

static void on_alarm(int sig)
{
    alarms++;
}

/* Status of a child that ran fn and exited with its result (or died of a signal). */
static int in_child(int (*fn)(void *), void *arg)
{
    int st;
    pid_t pid;

    fflush(stdout);
    pid = fork();
    if (pid == 0)
        _exit(fn(arg));
    waitpid(pid, &st, 0);
    return st;
}

static int send_text(int q, long type, const char *s)
{
    struct msg m = {.type = type};
    strcpy(m.text, s);
    return msgsnd(q, &m, strlen(s), 0);
}

static int child_echo(void *arg)
{
    int q = *(int *)arg;
    struct msg m;
    ssize_t n = msgrcv(q, &m, sizeof(m.text), 5, 0);

    if (n < 0)
        return 1;
    for (ssize_t i = 0; i < n; i++)
        m.text[i] = (char)(m.text[i] - 'a' + 'A');
    m.type = 6;
    return msgsnd(q, &m, (size_t)n, 0) < 0 ? 2 : 0;
}

static void test_msg(void)
{
    int q = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
    struct msqid_ds ds;
    struct msginfo info;
    struct msg m;
    struct sigaction sa;
    struct itimerval it = {{0, 0}, {0, 50000}};
    ssize_t n;
    int st;

    check("msgget", q >= 0);
    check("msgsnd type 1 and 2", send_text(q, 1, "hello") == 0 && send_text(q, 2, "world") == 0);
    check("IPC_STAT", msgctl(q, IPC_STAT, &ds) == 0);
    check("  msg_qnum 2, msg_cbytes 10", ds.msg_qnum == 2 && ds.__msg_cbytes == 10);
    check("  mode 0600, uid, lspid", (ds.msg_perm.mode & 0777) == 0600 &&
                                         ds.msg_perm.uid == getuid() && ds.msg_lspid == getpid());
    n = msgrcv(q, &m, sizeof(m.text), 2, 0);
    check("msgrcv type 2 gets \"world\"", n == 5 && memcmp(m.text, "world", 5) == 0);
    n = msgrcv(q, &m, sizeof(m.text), 0, 0);
    check("msgrcv type 0 gets \"hello\"", n == 5 && m.type == 1 && memcmp(m.text, "hello", 5) == 0);
    errno = 0;
    check("msgrcv IPC_NOWAIT on empty: ENOMSG",
          msgrcv(q, &m, sizeof(m.text), 0, IPC_NOWAIT) < 0 && errno == ENOMSG);
    send_text(q, 3, "abcdef");
    errno = 0;
    check("msgrcv too small: E2BIG", msgrcv(q, &m, 3, 0, IPC_NOWAIT) < 0 && errno == E2BIG);
    n = msgrcv(q, &m, 3, 0, MSG_NOERROR | IPC_NOWAIT);
    check("msgrcv MSG_NOERROR truncates to 3", n == 3 && memcmp(m.text, "abc", 3) == 0);

    ds.msg_perm.mode = 0640;
    ds.msg_qbytes = 4096;
    check("IPC_SET mode 0640, qbytes 4096", msgctl(q, IPC_SET, &ds) == 0);
    memset(&ds, 0, sizeof(ds));
    msgctl(q, IPC_STAT, &ds);
    check("  IPC_STAT shows them", (ds.msg_perm.mode & 0777) == 0640 && ds.msg_qbytes == 4096);
    check("MSG_INFO", msgctl(0, MSG_INFO, (struct msqid_ds *)&info) >= 0 && info.msgmax > 0);

    /* A child blocks in msgrcv until the parent sends, then answers. */
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0)
        _exit(child_echo(&q));
    usleep(20000);
    send_text(q, 5, "ping");
    n = msgrcv(q, &m, sizeof(m.text), 6, 0);
    waitpid(pid, &st, 0);
    check("blocking msgrcv across fork",
          n == 4 && memcmp(m.text, "PING", 4) == 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0);

    /* SysV IPC calls are never restarted, even with SA_RESTART. */
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_alarm;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGALRM, &sa, NULL);
    setitimer(ITIMER_REAL, &it, NULL);
    errno = 0;
    n = msgrcv(q, &m, sizeof(m.text), 0, 0);
    check("msgrcv interrupted: EINTR despite SA_RESTART", n < 0 && errno == EINTR && alarms == 1);

    check("IPC_RMID", msgctl(q, IPC_RMID, NULL) == 0);
    errno = 0;
    check("msgsnd after IPC_RMID fails",
          send_text(q, 1, "x") < 0 && (errno == EINVAL || errno == EIDRM));
}

static int child_sem_wait(void *arg)
{
    struct sembuf op = {0, -1, 0};
    return semop(*(int *)arg, &op, 1) < 0;
}

static void test_sem(void)
{
    int s = semget(IPC_PRIVATE, 3, IPC_CREAT | 0600);
    unsigned short vals[3] = {1, 2, 3}, got[3] = {0};
    struct semid_ds ds;
    struct seminfo info;
    struct sembuf op = {0, -1, 0};
    struct timespec ts = {0, 50000000};
    union semun arg;
    int st, waited;
    pid_t pid;

    check("semget 3 semaphores", s >= 0);
    arg.array = vals;
    check("SETALL 1 2 3", semctl(s, 0, SETALL, arg) == 0);
    arg.array = got;
    check("GETALL gives 1 2 3",
          semctl(s, 0, GETALL, arg) == 0 && got[0] == 1 && got[1] == 2 && got[2] == 3);
    arg.val = 7;
    check("SETVAL/GETVAL", semctl(s, 2, SETVAL, arg) == 0 && semctl(s, 2, GETVAL) == 7);
    arg.buf = &ds;
    memset(&ds, 0x55, sizeof(ds));
    check("IPC_STAT", semctl(s, 0, IPC_STAT, arg) == 0);
    check("  sem_nsems 3, mode 0600, no semop yet", ds.sem_nsems == 3 &&
                                                        (ds.sem_perm.mode & 0777) == 0600 &&
                                                        ds.sem_otime == 0 && ds.sem_ctime > 0);
    ds.sem_perm.mode = 0660;
    check("IPC_SET mode 0660", semctl(s, 0, IPC_SET, arg) == 0);
    memset(&ds, 0, sizeof(ds));
    semctl(s, 0, IPC_STAT, arg);
    check("  IPC_STAT shows it", (ds.sem_perm.mode & 0777) == 0660 && ds.sem_nsems == 3);
    arg.info = &info;
    check("SEM_INFO", semctl(0, 0, SEM_INFO, arg) >= 0 && info.semmsl > 0);

    check("semop -1 on 1", semop(s, &op, 1) == 0 && semctl(s, 0, GETVAL) == 0);
    arg.buf = &ds;
    semctl(s, 0, IPC_STAT, arg);
    check("  sem_otime set, GETPID is us", ds.sem_otime > 0 && semctl(s, 0, GETPID) == getpid());
    op.sem_flg = IPC_NOWAIT;
    errno = 0;
    check("semop IPC_NOWAIT on 0: EAGAIN", semop(s, &op, 1) < 0 && errno == EAGAIN);
    op.sem_flg = 0;
    errno = 0;
    check("semtimedop 50 ms on 0: EAGAIN", semtimedop(s, &op, 1, &ts) < 0 && errno == EAGAIN);

    /* A child waits on semaphore 0; the parent sees it waiting, then posts. */
    fflush(stdout);
    pid = fork();
    if (pid == 0)
        _exit(child_sem_wait(&s));
    for (waited = 0; waited < 500 && semctl(s, 0, GETNCNT) != 1; waited++)
        usleep(10000);
    check("GETNCNT sees the waiting child", semctl(s, 0, GETNCNT) == 1);
    op.sem_op = 1;
    semop(s, &op, 1);
    waitpid(pid, &st, 0);
    check("the post wakes it across fork", WIFEXITED(st) && WEXITSTATUS(st) == 0 &&
                                               semctl(s, 0, GETVAL) == 0 &&
                                               semctl(s, 0, GETPID) == pid);
    check("IPC_RMID", semctl(s, 0, IPC_RMID) == 0);
}

struct shm_arg {
    int id;
    char *p;
};

static int child_shm_write(void *arg)
{
    strcpy(((struct shm_arg *)arg)->p, "written by the child");
    return 0;
}

static int child_rdonly_write(void *arg)
{
    char *r = shmat(((struct shm_arg *)arg)->id, NULL, SHM_RDONLY);

    if (r == (void *)-1 || strcmp(r, "written by the child") != 0)
        return 1;
    r[0] = 'X';
    return 2;
}

static int child_touch(void *arg)
{
    return *(volatile char *)((struct shm_arg *)arg)->p;
}

static void test_shm(void)
{
    long page = sysconf(_SC_PAGESIZE);
    int id = shmget(IPC_PRIVATE, 10000, IPC_CREAT | 0600);
    struct shmid_ds ds;
    struct shminfo info;
    struct shm_arg arg = {.id = id};
    char *p, *q, *base, *r;
    int st;

    check("shmget 10000 bytes", id >= 0);
    p = shmat(id, NULL, 0);
    arg.p = p;
    check("shmat", p != (void *)-1 && ((unsigned long)p & (page - 1)) == 0);
    check("  fresh segment is zero", p[0] == 0 && p[9999] == 0);
    check("IPC_STAT", shmctl(id, IPC_STAT, &ds) == 0);
    check("  segsz 10000, nattch 1, mode 0600, cpid", ds.shm_segsz == 10000 && ds.shm_nattch == 1 &&
                                                          (ds.shm_perm.mode & 0777) == 0600 &&
                                                          ds.shm_cpid == getpid());
    st = in_child(child_shm_write, &arg);
    check("a child's write is seen by the parent",
          WIFEXITED(st) && strcmp(p, "written by the child") == 0);
    st = in_child(child_rdonly_write, &arg);
    check("SHM_RDONLY attach reads, writing faults", WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV);

    q = shmat(id, NULL, 0);
    check("second attach: other address, same data",
          q != (void *)-1 && q != p && strcmp(q, p) == 0);
    q[0] = 'W';
    shmctl(id, IPC_STAT, &ds);
    check("  writes through one seen through the other", p[0] == 'W' && ds.shm_nattch == 2);
    check("shmdt second", shmdt(q) == 0);
    errno = 0;
    check("shmdt again: EINVAL", shmdt(q) < 0 && errno == EINVAL);
    shmctl(id, IPC_STAT, &ds);
    check("  nattch back to 1", ds.shm_nattch == 1);

    /* Fixed addresses: a free range with SHM_RND, an occupied one with and without REMAP. */
    base = mmap(NULL, 4 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(base, 4 * page);
    r = shmat(id, base + 100, SHM_RND);
    check("SHM_RND rounds the address down", r == base && r[0] == 'W');
    errno = 0;
    check("unaligned without SHM_RND: EINVAL",
          shmat(id, base + 100, 0) == (void *)-1 && errno == EINVAL);
    shmdt(r);
    base = mmap(base, 4 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    base[0] = 'M';
    errno = 0;
    check("occupied range without SHM_REMAP: EINVAL",
          shmat(id, base, 0) == (void *)-1 && errno == EINVAL && base[0] == 'M');
    r = shmat(id, base, SHM_REMAP);
    check("SHM_REMAP replaces the mapping", r == base && r[0] == 'W');
    check("  shmdt at the remapped address", shmdt(r) == 0);

    check("SHM_INFO/IPC_INFO",
          shmctl(0, IPC_INFO, (struct shmid_ds *)&info) >= 0 && info.shmmax > 0);
    check("IPC_RMID while attached", shmctl(id, IPC_RMID, NULL) == 0);
    check("  still usable, marked SHM_DEST", strcmp(p + 1, "ritten by the child") == 0 &&
                                                 shmctl(id, IPC_STAT, &ds) == 0 &&
                                                 (ds.shm_perm.mode & SHM_DEST));
    check("shmdt the last attach", shmdt(p) == 0);
    st = in_child(child_touch, &arg);
    check("  the address is unmapped afterwards", WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    test_msg();
    test_sem();
    test_shm();
    return 0;
}
