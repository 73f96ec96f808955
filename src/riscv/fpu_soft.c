/*
 * fpu_soft.c — exact software IEEE 754 binary32/binary64 arithmetic with RISC-V conventions.
 *
 * Every operation reduces to one exact intermediate: a sign, a binary exponent and a 128-bit
 * significand (value = sig * 2^exp), with a sticky bit jammed into bit 0 where bits had to be
 * shifted out; round_pack then rounds it once into the destination format. The jammed bit is
 * always at least two positions below the rounding position, so the round/sticky information
 * is exact in all five rounding modes. This path is the reference for RMM (which the host FPU
 * lacks), for conversions, and for fused multiply-add on hosts without FMA; fpu.c handles the
 * other cases with SSE.
 *
 * Pure functions, no state: any thread.
 */
#include "fpu_soft.h"

#include "fpu.h"

typedef unsigned __int128 u128;

const struct fpu_fmt fpu_fmt_s = {24, 8, 127, FPU_CANON_NAN_S};
const struct fpu_fmt fpu_fmt_d = {53, 11, 1023, FPU_CANON_NAN_D};

/* Unpacked finite nonzero value: (-1)^sign * sig * 2^exp, sig normalised to bit p-1. */
struct unpacked {
    bool sign;
    int exp;
    uint64_t sig;
};

static uint64_t inf_bits(const struct fpu_fmt *f, bool sign)
{
    return (sign ? fpu_sign_bit(f) : 0) | (((UINT64_C(1) << f->ebits) - 1) << (f->p - 1));
}

static uint64_t zero_bits(const struct fpu_fmt *f, bool sign)
{
    return sign ? fpu_sign_bit(f) : 0;
}

static bool sign_of(const struct fpu_fmt *f, uint64_t a)
{
    return (a & fpu_sign_bit(f)) != 0;
}

/* Unpack a finite nonzero raw value; subnormals are normalised. */
static struct unpacked unpack(const struct fpu_fmt *f, uint64_t a)
{
    struct unpacked u;
    uint64_t frac = a & ((UINT64_C(1) << (f->p - 1)) - 1);
    int e = (int)((a >> (f->p - 1)) & ((UINT64_C(1) << f->ebits) - 1));
    u.sign = sign_of(f, a);
    if (e == 0) {
        int shift = __builtin_clzll(frac) - (64 - f->p);
        u.sig = frac << shift;
        u.exp = 1 - f->emax - (f->p - 1) - shift;
    } else {
        u.sig = frac | (UINT64_C(1) << (f->p - 1));
        u.exp = e - f->emax - (f->p - 1);
    }
    return u;
}

static int clz128(u128 x)
{
    uint64_t hi = (uint64_t)(x >> 64);
    if (hi)
        return __builtin_clzll(hi);
    return 64 + __builtin_clzll((uint64_t)x);
}

/* x >> n with every shifted-out 1 bit ORed into bit 0. */
static u128 shift_right_jam(u128 x, int n)
{
    if (n <= 0)
        return x;
    if (n >= 128)
        return x != 0;
    return (x >> n) | ((x & (((u128)1 << n) - 1)) != 0);
}

/*
 * Decide whether to increment a truncated magnitude: kept is the truncated value, rem the
 * discarded bits and half the weight of the highest discarded bit (0 when every discarded bit
 * lies below half of the last kept unit, i.e. rem < half with half beyond 128 bits).
 */
static bool round_up(unsigned rm, bool sign, uint64_t kept, u128 rem, u128 half, bool far)
{
    if (rem == 0)
        return false;
    switch (rm) {
    case FPU_RNE:
        return !far && (rem > half || (rem == half && (kept & 1)));
    case FPU_RMM:
        return !far && rem >= half;
    case FPU_RDN:
        return sign;
    case FPU_RUP:
        return !sign;
    default:
        return false;
    }
}

/* Truncate sig (nonzero) by drop bits (>= 1) and round: returns the rounded kept part. */
static uint64_t round_bits(unsigned rm, bool sign, u128 sig, int drop, bool *inexact)
{
    if (drop >= 129) {
        *inexact = true;
        return round_up(rm, sign, 0, sig, 0, true);
    }
    u128 kept = drop == 128 ? 0 : sig >> drop;
    u128 rem = drop == 128 ? sig : sig & (((u128)1 << drop) - 1);
    u128 half = (u128)1 << (drop - 1);
    *inexact = rem != 0;
    return (uint64_t)kept + round_up(rm, sign, (uint64_t)kept, rem, half, false);
}

/* Round (-1)^sign * sig * 2^exp (sig != 0) into format f, accruing flags. */
static uint64_t round_pack(const struct fpu_fmt *f, bool sign, int exp, u128 sig, unsigned rm,
                           uint32_t *fflags)
{
    int lz = clz128(sig);
    int emin = 1 - f->emax;
    sig <<= lz;
    exp -= lz;
    int e = exp + 127; /* unbiased exponent of the leading bit */
    bool inexact, tiny;
    uint64_t kept;

    if (e >= emin) {
        kept = round_bits(rm, sign, sig, 128 - f->p, &inexact);
        if (kept >> f->p) {
            kept >>= 1;
            e++;
        }
        if (e > f->emax) {
            bool to_inf = rm == FPU_RNE || rm == FPU_RMM || (rm == FPU_RDN && sign) ||
                          (rm == FPU_RUP && !sign);
            *fflags |= FPU_OF | FPU_NX;
            if (to_inf)
                return inf_bits(f, sign);
            return inf_bits(f, sign) - 1;
        }
        if (inexact)
            *fflags |= FPU_NX;
        return zero_bits(f, sign) | (((uint64_t)(e + f->emax - 1) << (f->p - 1)) + kept);
    }
    if (e == emin - 1) {
        bool unused;
        uint64_t wide = round_bits(rm, sign, sig, 128 - f->p, &unused);
        tiny = !(wide >> f->p);
    } else {
        tiny = true;
    }
    kept = round_bits(rm, sign, sig, 128 - f->p + (emin - e), &inexact);
    if (inexact) {
        *fflags |= FPU_NX;
        if (tiny)
            *fflags |= FPU_UF;
    }
    /* A carry into bit p-1 turns the subnormal into the smallest normal by itself. */
    return zero_bits(f, sign) | kept;
}

/* Exact sum of two aligned magnitudes (msb at most bit 125, bit 0 clear), then rounded. */
static uint64_t add_core(const struct fpu_fmt *f, bool sx, int ex, u128 x, bool sy, int ey, u128 y,
                         unsigned rm, uint32_t *fflags)
{
    if (ex < ey) {
        bool ts = sx;
        int te = ex;
        u128 tx = x;
        sx = sy, ex = ey, x = y;
        sy = ts, ey = te, y = tx;
    }
    y = shift_right_jam(y, ex - ey);
    u128 s;
    bool sign = sx;
    if (sx == sy) {
        s = x + y;
    } else if (x >= y) {
        s = x - y;
    } else {
        s = y - x;
        sign = sy;
    }
    if (s == 0)
        return zero_bits(f, rm == FPU_RDN);
    return round_pack(f, sign, ex, s, rm, fflags);
}

/* Place an unpacked significand with its msb at bit 125. */
static u128 align125(const struct fpu_fmt *f, struct unpacked u, int *exp)
{
    *exp = u.exp - (125 - (f->p - 1));
    return (u128)u.sig << (125 - (f->p - 1));
}

/* NaN result with NV if any of the given operands is signalling. */
static uint64_t nan_result(const struct fpu_fmt *f, uint64_t a, uint64_t b, uint32_t *fflags)
{
    if (fpu_is_snan(f, a) || fpu_is_snan(f, b))
        *fflags |= FPU_NV;
    return f->canon_nan;
}

static uint64_t invalid(const struct fpu_fmt *f, uint32_t *fflags)
{
    *fflags |= FPU_NV;
    return f->canon_nan;
}

uint64_t fpu_soft_add(const struct fpu_fmt *f, uint64_t a, uint64_t b, unsigned rm,
                      uint32_t *fflags)
{
    if (fpu_is_nan(f, a) || fpu_is_nan(f, b))
        return nan_result(f, a, b, fflags);
    if (fpu_is_inf(f, a)) {
        if (fpu_is_inf(f, b) && sign_of(f, a) != sign_of(f, b))
            return invalid(f, fflags);
        return a;
    }
    if (fpu_is_inf(f, b))
        return b;
    if (fpu_is_zero(f, a)) {
        if (fpu_is_zero(f, b) && sign_of(f, a) != sign_of(f, b))
            return zero_bits(f, rm == FPU_RDN);
        return b;
    }
    if (fpu_is_zero(f, b))
        return a;
    struct unpacked ua = unpack(f, a), ub = unpack(f, b);
    int ex, ey;
    u128 x = align125(f, ua, &ex), y = align125(f, ub, &ey);
    return add_core(f, ua.sign, ex, x, ub.sign, ey, y, rm, fflags);
}

uint64_t fpu_soft_mul(const struct fpu_fmt *f, uint64_t a, uint64_t b, unsigned rm,
                      uint32_t *fflags)
{
    bool sign = sign_of(f, a) != sign_of(f, b);
    if (fpu_is_nan(f, a) || fpu_is_nan(f, b))
        return nan_result(f, a, b, fflags);
    if (fpu_is_inf(f, a) || fpu_is_inf(f, b)) {
        if (fpu_is_zero(f, a) || fpu_is_zero(f, b))
            return invalid(f, fflags);
        return inf_bits(f, sign);
    }
    if (fpu_is_zero(f, a) || fpu_is_zero(f, b))
        return zero_bits(f, sign);
    struct unpacked ua = unpack(f, a), ub = unpack(f, b);
    return round_pack(f, sign, ua.exp + ub.exp, (u128)ua.sig * ub.sig, rm, fflags);
}

uint64_t fpu_soft_div(const struct fpu_fmt *f, uint64_t a, uint64_t b, unsigned rm,
                      uint32_t *fflags)
{
    bool sign = sign_of(f, a) != sign_of(f, b);
    if (fpu_is_nan(f, a) || fpu_is_nan(f, b))
        return nan_result(f, a, b, fflags);
    if (fpu_is_inf(f, a)) {
        if (fpu_is_inf(f, b))
            return invalid(f, fflags);
        return inf_bits(f, sign);
    }
    if (fpu_is_inf(f, b))
        return zero_bits(f, sign);
    if (fpu_is_zero(f, b)) {
        if (fpu_is_zero(f, a))
            return invalid(f, fflags);
        *fflags |= FPU_DZ;
        return inf_bits(f, sign);
    }
    if (fpu_is_zero(f, a))
        return zero_bits(f, sign);
    struct unpacked ua = unpack(f, a), ub = unpack(f, b);
    int shift = 125 - (f->p - 1);
    u128 num = (u128)ua.sig << shift;
    u128 q = num / ub.sig;
    q |= (num % ub.sig) != 0;
    return round_pack(f, sign, ua.exp - ub.exp - shift, q, rm, fflags);
}

/* Floor of the square root of a 128-bit integer (bit by bit). */
static uint64_t isqrt128(u128 x, bool *exact)
{
    u128 rem = 0, root = 0;
    for (int i = 0; i < 64; i++) {
        rem = (rem << 2) | (x >> 126);
        x <<= 2;
        root <<= 1;
        u128 trial = (root << 1) | 1;
        if (rem >= trial) {
            rem -= trial;
            root |= 1;
        }
    }
    *exact = rem == 0;
    return (uint64_t)root;
}

uint64_t fpu_soft_sqrt(const struct fpu_fmt *f, uint64_t a, unsigned rm, uint32_t *fflags)
{
    if (fpu_is_nan(f, a))
        return nan_result(f, a, a, fflags);
    if (fpu_is_zero(f, a))
        return a;
    if (sign_of(f, a))
        return invalid(f, fflags);
    if (fpu_is_inf(f, a))
        return a;
    struct unpacked u = unpack(f, a);
    int shift = 125 - (f->p - 1);
    if ((u.exp - shift) & 1)
        shift--;
    bool exact;
    u128 root = isqrt128((u128)u.sig << shift, &exact);
    root = (root << 1) | !exact;
    return round_pack(f, false, (u.exp - shift) / 2 - 1, root, rm, fflags);
}

bool fpu_soft_fma_invalid(const struct fpu_fmt *f, uint64_t a, uint64_t b, uint64_t c,
                          bool neg_prod, bool neg_c)
{
    if (fpu_is_snan(f, a) || fpu_is_snan(f, b) || fpu_is_snan(f, c))
        return true;
    if ((fpu_is_inf(f, a) && fpu_is_zero(f, b)) || (fpu_is_zero(f, a) && fpu_is_inf(f, b)))
        return true;
    if (fpu_is_nan(f, a) || fpu_is_nan(f, b) || fpu_is_nan(f, c))
        return false;
    if ((fpu_is_inf(f, a) || fpu_is_inf(f, b)) && fpu_is_inf(f, c)) {
        bool sp = (sign_of(f, a) != sign_of(f, b)) != neg_prod;
        bool sc = sign_of(f, c) != neg_c;
        return sp != sc;
    }
    return false;
}

uint64_t fpu_soft_fma(const struct fpu_fmt *f, uint64_t a, uint64_t b, uint64_t c, bool neg_prod,
                      bool neg_c, unsigned rm, uint32_t *fflags)
{
    bool sp = (sign_of(f, a) != sign_of(f, b)) != neg_prod;
    bool sc = sign_of(f, c) != neg_c;
    if (fpu_is_nan(f, a) || fpu_is_nan(f, b) || fpu_is_nan(f, c) ||
        fpu_soft_fma_invalid(f, a, b, c, neg_prod, neg_c)) {
        if (fpu_soft_fma_invalid(f, a, b, c, neg_prod, neg_c))
            *fflags |= FPU_NV;
        return f->canon_nan;
    }
    if (fpu_is_inf(f, a) || fpu_is_inf(f, b))
        return inf_bits(f, sp);
    if (fpu_is_inf(f, c))
        return inf_bits(f, sc);
    if (fpu_is_zero(f, a) || fpu_is_zero(f, b)) {
        if (fpu_is_zero(f, c))
            return zero_bits(f, sp == sc ? sp : rm == FPU_RDN);
        return zero_bits(f, sc) | (c & (fpu_sign_bit(f) - 1));
    }
    struct unpacked ua = unpack(f, a), ub = unpack(f, b);
    u128 prod = (u128)ua.sig * ub.sig;
    int ep = ua.exp + ub.exp;
    if (fpu_is_zero(f, c))
        return round_pack(f, sp, ep, prod, rm, fflags);
    int shift = 125 - (127 - clz128(prod));
    prod <<= shift;
    ep -= shift;
    struct unpacked uc = unpack(f, c);
    int ec;
    u128 cs = align125(f, uc, &ec);
    return add_core(f, sp, ep, prod, sc, ec, cs, rm, fflags);
}

uint64_t fpu_soft_cvt(const struct fpu_fmt *to, const struct fpu_fmt *from, uint64_t a, unsigned rm,
                      uint32_t *fflags)
{
    bool sign = sign_of(from, a);
    if (fpu_is_nan(from, a)) {
        if (fpu_is_snan(from, a))
            *fflags |= FPU_NV;
        return to->canon_nan;
    }
    if (fpu_is_inf(from, a))
        return inf_bits(to, sign);
    if (fpu_is_zero(from, a))
        return zero_bits(to, sign);
    struct unpacked u = unpack(from, a);
    return round_pack(to, sign, u.exp, u.sig, rm, fflags);
}

uint64_t fpu_soft_from_int(const struct fpu_fmt *f, bool neg, uint64_t mag, unsigned rm,
                           uint32_t *fflags)
{
    if (mag == 0)
        return 0;
    return round_pack(f, neg, 0, mag, rm, fflags);
}

uint64_t fpu_soft_to_int(const struct fpu_fmt *f, uint64_t a, unsigned rm, bool is_signed, int bits,
                         uint32_t *fflags)
{
    bool sign = sign_of(f, a);
    u128 max_pos = is_signed ? ((u128)1 << (bits - 1)) - 1 : ((u128)1 << bits) - 1;
    u128 max_neg = is_signed ? (u128)1 << (bits - 1) : 0;
    u128 mag;
    bool inexact = false;
    uint64_t res;

    if (fpu_is_nan(f, a)) {
        sign = false;
        goto saturate;
    }
    if (fpu_is_inf(f, a))
        goto saturate;
    if (fpu_is_zero(f, a))
        return 0;
    struct unpacked u = unpack(f, a);
    if (u.exp >= 0) {
        if (u.exp > 64)
            goto saturate;
        mag = (u128)u.sig << u.exp;
    } else {
        mag = round_bits(rm, sign, u.sig, -u.exp, &inexact);
    }
    if (mag > (sign ? max_neg : max_pos))
        goto saturate;
    if (inexact)
        *fflags |= FPU_NX;
    res = sign ? -(uint64_t)mag : (uint64_t)mag;
    if (bits == 32)
        return (uint64_t)(int64_t)(int32_t)(uint32_t)res;
    return res;

saturate:
    *fflags |= FPU_NV;
    res = sign ? -(uint64_t)max_neg : (uint64_t)max_pos;
    if (bits == 32)
        return (uint64_t)(int64_t)(int32_t)(uint32_t)res;
    return res;
}
