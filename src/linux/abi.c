/*
 * abi.c — conversions between host structures and the riscv64 guest layouts of abi.h that
 * differ from the host's. Pure functions; any thread.
 */
#include <string.h>

#include "abi.h"

void abi_stat_to_target(struct target_stat *t, const struct stat *h)
{
    memset(t, 0, sizeof(*t));
    t->st_dev = h->st_dev;
    t->st_ino = h->st_ino;
    t->st_mode = h->st_mode;
    t->st_nlink = (uint32_t)h->st_nlink;
    t->st_uid = h->st_uid;
    t->st_gid = h->st_gid;
    t->st_rdev = h->st_rdev;
    t->st_size = h->st_size;
    t->st_blksize = (int32_t)h->st_blksize;
    t->st_blocks = h->st_blocks;
    t->st_atime_sec = h->st_atim.tv_sec;
    t->st_atime_nsec = (uint64_t)h->st_atim.tv_nsec;
    t->st_mtime_sec = h->st_mtim.tv_sec;
    t->st_mtime_nsec = (uint64_t)h->st_mtim.tv_nsec;
    t->st_ctime_sec = h->st_ctim.tv_sec;
    t->st_ctime_nsec = (uint64_t)h->st_ctim.tv_nsec;
}
