/*
 * proto.c — GDB remote serial protocol framing (see proto.h).
 *
 * A packet is '$', its data, '#' and two hex digits of the data's byte sum modulo 256. In data
 * sent to gdb, '$', '#', '}' and '*' are escaped as '}' followed by the byte xor 0x20 (binary
 * replies; plain text never contains them). Received packets are acknowledged with '+' (a bad
 * checksum with '-', and gdb resends) until no-ack mode is on; acknowledgements gdb sends are
 * ignored: the transport is a reliable stream. A lone 0x03 (interrupt) while stopped is ignored.
 *
 * Threading: see proto.h.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../util/common.h"
#include "proto.h"

void gdb_conn_init(struct gdb_conn *c, int fd)
{
    c->fd = fd;
    c->no_ack = false;
    c->rpos = c->rlen = 0;
}

void gdb_conn_close(struct gdb_conn *c)
{
    if (c->fd >= 0)
        close(c->fd);
    c->fd = -1;
}

/* Next byte from the socket, -1 on end of file or error. */
static int get_byte(struct gdb_conn *c)
{
    if (c->rpos == c->rlen) {
        ssize_t n;
        do {
            n = read(c->fd, c->rbuf, sizeof c->rbuf);
        } while (n < 0 && errno == EINTR);
        if (n <= 0)
            return -1;
        c->rpos = 0;
        c->rlen = (size_t)n;
    }
    return c->rbuf[c->rpos++];
}

static bool write_all(int fd, const void *p, size_t n)
{
    const char *s = p;
    while (n > 0) {
        ssize_t w = send(fd, s, n, MSG_NOSIGNAL); /* gdb gone: EPIPE, not SIGPIPE */
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        s += w;
        n -= (size_t)w;
    }
    return true;
}

static int hex_val(int ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    return -1;
}

static void in_push(struct gdb_conn *c, char ch)
{
    if (c->in_len + 2 > c->in_cap) {
        c->in_cap = c->in_cap ? c->in_cap * 2 : 4096;
        c->in = xrealloc(c->in, c->in_cap);
    }
    c->in[c->in_len++] = ch;
}

bool gdb_recv(struct gdb_conn *c)
{
    for (;;) {
        int ch;
        do {
            ch = get_byte(c);
            if (ch < 0)
                return false;
        } while (ch != '$');
        c->in_len = 0;
        uint8_t sum = 0;
        while ((ch = get_byte(c)) != '#') {
            if (ch < 0)
                return false;
            sum += (uint8_t)ch;
            in_push(c, (char)ch);
        }
        int h = get_byte(c), l = get_byte(c);
        if (h < 0 || l < 0)
            return false;
        in_push(c, 0);
        c->in_len--;
        bool ok = hex_val(h) >= 0 && hex_val(l) >= 0 && (hex_val(h) << 4 | hex_val(l)) == sum;
        if (!c->no_ack && !write_all(c->fd, ok ? "+" : "-", 1))
            return false;
        if (ok)
            return true;
    }
}

static void out_reserve(struct gdb_conn *c, size_t n)
{
    if (c->out_len + n > c->out_cap) {
        while (c->out_len + n > c->out_cap)
            c->out_cap = c->out_cap ? c->out_cap * 2 : 4096;
        c->out = xrealloc(c->out, c->out_cap);
    }
}

void gdb_reply_start(struct gdb_conn *c)
{
    out_reserve(c, 1);
    c->out[0] = '$';
    c->out_len = 1;
}

void gdb_put(struct gdb_conn *c, const char *s)
{
    size_t n = strlen(s);
    out_reserve(c, n);
    memcpy(c->out + c->out_len, s, n);
    c->out_len += n;
}

void gdb_putf(struct gdb_conn *c, const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    gdb_put(c, buf);
}

void gdb_put_hex(struct gdb_conn *c, const void *p, size_t n)
{
    static const char digits[] = "0123456789abcdef";
    const uint8_t *b = p;
    out_reserve(c, 2 * n);
    for (size_t i = 0; i < n; i++) {
        c->out[c->out_len++] = digits[b[i] >> 4];
        c->out[c->out_len++] = digits[b[i] & 15];
    }
}

void gdb_put_bin(struct gdb_conn *c, const void *p, size_t n)
{
    const uint8_t *b = p;
    out_reserve(c, 2 * n);
    for (size_t i = 0; i < n; i++) {
        if (b[i] == '$' || b[i] == '#' || b[i] == '}' || b[i] == '*') {
            c->out[c->out_len++] = '}';
            c->out[c->out_len++] = (char)(b[i] ^ 0x20);
        } else {
            c->out[c->out_len++] = (char)b[i];
        }
    }
}

bool gdb_send(struct gdb_conn *c)
{
    if (c->fd < 0)
        return false;
    uint8_t sum = 0;
    for (size_t i = 1; i < c->out_len; i++)
        sum += (uint8_t)c->out[i];
    gdb_putf(c, "#%02x", sum);
    return write_all(c->fd, c->out, c->out_len);
}

bool gdb_send_str(struct gdb_conn *c, const char *s)
{
    gdb_reply_start(c);
    gdb_put(c, s);
    return gdb_send(c);
}

bool gdb_parse_hex(const char **s, uint64_t *v)
{
    const char *p = *s;
    uint64_t x = 0;
    while (hex_val(*p) >= 0)
        x = x << 4 | (uint64_t)hex_val(*p++);
    if (p == *s)
        return false;
    *s = p;
    *v = x;
    return true;
}

bool gdb_unhex(const char *s, void *p, size_t n)
{
    uint8_t *b = p;
    for (size_t i = 0; i < n; i++) {
        int h = hex_val(s[2 * i]), l = h < 0 ? -1 : hex_val(s[2 * i + 1]);
        if (l < 0)
            return false;
        b[i] = (uint8_t)(h << 4 | l);
    }
    return true;
}

size_t gdb_unescape(const char *s, size_t n, uint8_t *p)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '}' && i + 1 < n)
            p[o++] = (uint8_t)(s[++i] ^ 0x20);
        else
            p[o++] = (uint8_t)s[i];
    }
    return o;
}
