/*
 * cxx.cc — C++ workload: std::vector, std::map, std::unordered_map and std::string churn,
 * virtual calls through a small class hierarchy, std::sort with a lambda, and exceptions thrown
 * and caught across several frames (unwinding through the C++ runtime). Results are combined in
 * an order-independent way where the container's iteration order is unspecified.
 * Usage: cxx [scale]. Single-threaded; prints one checksum line.
 */
#include <algorithm>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "bench.h"

namespace {

struct shape {
    virtual ~shape() = default;
    virtual uint64_t area() const = 0;
    virtual uint64_t sides() const = 0;
};

struct rect : shape {
    uint64_t w, h;
    rect(uint64_t w_, uint64_t h_) : w(w_), h(h_) {}
    uint64_t area() const override { return w * h; }
    uint64_t sides() const override { return 4; }
};

struct tri : shape {
    uint64_t b, h;
    tri(uint64_t b_, uint64_t h_) : b(b_), h(h_) {}
    uint64_t area() const override { return b * h / 2; }
    uint64_t sides() const override { return 3; }
};

struct square : rect {
    explicit square(uint64_t s) : rect(s, s) {}
    uint64_t sides() const override { return 4 + (w & 1); }
};

struct bad_value : std::runtime_error {
    uint64_t value;
    explicit bad_value(uint64_t v) : std::runtime_error("bad value"), value(v) {}
};

uint64_t check_value(uint64_t v, int depth)
{
    if (depth > 0)
        return check_value(v * 3 + 1, depth - 1) + 1;
    if (v % 7 == 0)
        throw bad_value(v);
    return v;
}

uint64_t run_unit(uint64_t &state)
{
    uint64_t sum = 0;

    std::vector<std::unique_ptr<shape>> shapes;
    for (int i = 0; i < 300; i++) {
        uint64_t r = bench_rand(&state);
        switch (r % 3) {
        case 0: shapes.push_back(std::make_unique<rect>(r >> 60, (r >> 40) & 15)); break;
        case 1: shapes.push_back(std::make_unique<tri>(r >> 58, (r >> 30) & 31)); break;
        default: shapes.push_back(std::make_unique<square>(r >> 59)); break;
        }
    }
    for (int pass = 0; pass < 4; pass++)
        for (const auto &s : shapes)
            sum += s->area() * (uint64_t)(pass + 1) + s->sides();

    std::vector<uint64_t> v;
    for (int i = 0; i < 2000; i++)
        v.push_back(bench_rand(&state) % 100000);
    std::sort(v.begin(), v.end(), [](uint64_t a, uint64_t b) {
        return a % 1000 != b % 1000 ? a % 1000 < b % 1000 : a < b;
    });
    for (size_t i = 0; i < v.size(); i += 50)
        sum = sum * 31 + v[i];

    std::map<std::string, uint64_t> words;
    std::unordered_map<uint64_t, uint64_t> counts;
    for (int i = 0; i < 600; i++) {
        uint64_t r = bench_rand(&state);
        std::string w = "w" + std::to_string(r % 257) + "_" + std::to_string((r >> 20) % 13);
        words[w] += r & 0xff;
        counts[r % 1009]++;
    }
    for (const auto &kv : words)
        sum = sum * 131 + kv.second + kv.first.size();
    uint64_t unordered = 0;
    for (const auto &kv : counts)
        unordered += kv.first * kv.second;
    sum += unordered;

    for (int i = 0; i < 60; i++) {
        try {
            sum += check_value(bench_rand(&state) % 1000, 3);
        } catch (const bad_value &e) {
            sum += e.value * 5 + 1;
        }
    }
    return sum;
}

} // namespace

int main(int argc, char **argv)
{
    long units = bench_units(argc > 1 ? argv[1] : NULL, 2500);
    uint64_t state = 0xc0ffeeULL, sum = 0;
    for (long u = 0; u < units; u++)
        sum = bench_mix(sum, run_unit(state));
    bench_report("cxx", units, sum);
    return 0;
}
