/*
 * nbody.c — floating point with square roots and divisions: a 64-body gravitational simulation
 * (pairwise forces, velocity and position updates) for a number of steps per unit; the total
 * energy is folded into the checksum. Built with -ffp-contract=off so both targets round alike.
 * Usage: nbody [scale]. Single-threaded; prints one checksum line.
 */
#include <math.h>
#include <string.h>

#include "bench.h"

enum { BODIES = 64, STEPS_PER_UNIT = 10 };

struct body {
    double x, y, z, vx, vy, vz, mass;
};

static void nbody_step(struct body *b, int n, double dt)
{
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++) {
            double dx = b[i].x - b[j].x, dy = b[i].y - b[j].y, dz = b[i].z - b[j].z;
            double d2 = dx * dx + dy * dy + dz * dz + 0.01;
            double dist = sqrt(d2);
            double mag = dt / (d2 * dist);
            b[i].vx -= dx * b[j].mass * mag;
            b[i].vy -= dy * b[j].mass * mag;
            b[i].vz -= dz * b[j].mass * mag;
            b[j].vx += dx * b[i].mass * mag;
            b[j].vy += dy * b[i].mass * mag;
            b[j].vz += dz * b[i].mass * mag;
        }
    for (int i = 0; i < n; i++) {
        b[i].x += dt * b[i].vx;
        b[i].y += dt * b[i].vy;
        b[i].z += dt * b[i].vz;
    }
}

static double nbody_energy(const struct body *b, int n)
{
    double e = 0.0;
    for (int i = 0; i < n; i++) {
        e += 0.5 * b[i].mass * (b[i].vx * b[i].vx + b[i].vy * b[i].vy + b[i].vz * b[i].vz);
        for (int j = i + 1; j < n; j++) {
            double dx = b[i].x - b[j].x, dy = b[i].y - b[j].y, dz = b[i].z - b[j].z;
            e -= b[i].mass * b[j].mass / sqrt(dx * dx + dy * dy + dz * dz + 0.01);
        }
    }
    return e;
}

int main(int argc, char **argv)
{
    long units = bench_units(argc > 1 ? argv[1] : NULL, 6600);
    struct body *b = malloc(BODIES * sizeof *b);
    uint64_t state = 0xb0d1e5ULL, sum = 0;
    for (int i = 0; i < BODIES; i++) {
        double r[7];
        for (int k = 0; k < 7; k++)
            r[k] = (double)(bench_rand(&state) >> 11) / 9007199254740992.0;
        b[i] = (struct body){r[0] * 10, r[1] * 10, r[2] * 10, r[3] - 0.5, r[4] - 0.5,
                             r[5] - 0.5, 0.5 + r[6]};
    }
    for (long u = 0; u < units; u++) {
        for (int s = 0; s < STEPS_PER_UNIT; s++)
            nbody_step(b, BODIES, 0.001);
        double e = nbody_energy(b, BODIES);
        uint64_t bits;
        memcpy(&bits, &e, 8);
        sum = bench_mix(sum, bits);
    }
    printf("nbody energy=%.9e\n", nbody_energy(b, BODIES));
    bench_report("nbody", units, sum);
    free(b);
    return 0;
}
