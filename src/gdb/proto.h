/*
 * proto.h — framing of the GDB remote serial protocol: packets "$data#cs", acknowledgements,
 * binary escapes, hex helpers. Private to src/gdb/.
 *
 * Threading: a connection is used by one thread at a time (the vCPU owning the exclusive
 * section, or the main thread before any vCPU runs).
 */
#ifndef PLUME_GDB_PROTO_H
#define PLUME_GDB_PROTO_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

struct gdb_conn {
    int fd;                /* connected socket, -1 when there is no debugger */
    bool no_ack;           /* QStartNoAckMode accepted: no '+' either way */
    char *in;              /* last packet received, NUL-terminated (binary data may hold NULs) */
    size_t in_len, in_cap;
    char *out;             /* reply being built */
    size_t out_len, out_cap;
    uint8_t rbuf[4096];    /* bytes read from fd, not consumed yet */
    size_t rpos, rlen;
};

/* Wrap a connected socket. */
void gdb_conn_init(struct gdb_conn *c, int fd);
/* Close the socket (fd becomes -1); buffers are kept for reuse. */
void gdb_conn_close(struct gdb_conn *c);
/* Receive the next packet into c->in (acknowledged unless no_ack). false on end of file or
 * error. Stray '+', '-' and interrupt bytes are skipped. */
bool gdb_recv(struct gdb_conn *c);
/* Build a reply: reset, append text, append bytes hex-encoded, append bytes binary-escaped. */
void gdb_reply_start(struct gdb_conn *c);
void gdb_put(struct gdb_conn *c, const char *s);
void gdb_putf(struct gdb_conn *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void gdb_put_hex(struct gdb_conn *c, const void *p, size_t n);
void gdb_put_bin(struct gdb_conn *c, const void *p, size_t n);
/* Frame and send the reply built so far. false on a write error. */
bool gdb_send(struct gdb_conn *c);
/* Send a whole reply made of text s. */
bool gdb_send_str(struct gdb_conn *c, const char *s);

/* Parse a hex number at *s, advancing *s; false if there is no digit. */
bool gdb_parse_hex(const char **s, uint64_t *v);
/* Decode 2*n hex digits into p; false on a bad digit. */
bool gdb_unhex(const char *s, void *p, size_t n);
/* Undo binary escapes of n bytes at s into p in place-safe fashion; returns the decoded length. */
size_t gdb_unescape(const char *s, size_t n, uint8_t *p);

#endif
