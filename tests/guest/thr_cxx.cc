/*
 * thr_cxx.cc — C++ threading under plume: std::thread with lambdas and join, std::async
 * (async and deferred policies), std::promise/std::future, thread_local objects with
 * constructors and destructors per thread, std::mutex + std::condition_variable producer and
 * consumer, std::shared_mutex, std::atomic counters, exceptions carried through futures, and
 * std::call_once. Deterministic output.
 */
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <future>
#include <mutex>
#include <numeric>
#include <shared_mutex>
#include <stdexcept>
#include <thread>
#include <vector>

static std::atomic<int> ctor_count{0}, dtor_count{0};

struct tracked {
    int value = 7;
    tracked() { ctor_count++; }
    ~tracked() { dtor_count++; }
};

static thread_local tracked tl_obj;
static thread_local int tl_int = 1;

static long sum_range(long lo, long hi)
{
    long s = 0;
    for (long i = lo; i < hi; i++)
        s += i;
    return s;
}

int main()
{
    const int n = 8;
    std::atomic<long> counter{0};
    std::vector<std::thread> threads;
    std::vector<int> tl_seen(n);

    for (int i = 0; i < n; i++) {
        threads.emplace_back([&, i] {
            tl_int += i;
            tl_obj.value += i;
            for (int k = 0; k < 5000; k++)
                counter.fetch_add(1, std::memory_order_relaxed);
            tl_seen[i] = tl_int * 100 + tl_obj.value;
        });
    }
    for (auto &t : threads)
        t.join();
    bool ok = true;
    for (int i = 0; i < n; i++)
        ok &= tl_seen[i] == (1 + i) * 100 + 7 + i;
    std::printf("atomic counter %ld\n", counter.load());
    std::printf("thread_local values per thread %s\n", ok ? "ok" : "FAIL");
    std::printf("thread_local ctors %d dtors %d (worker threads)\n", ctor_count.load(),
                dtor_count.load());

    std::vector<std::future<long>> parts;
    for (int i = 0; i < 4; i++)
        parts.push_back(std::async(std::launch::async, sum_range, i * 250000L, (i + 1) * 250000L));
    auto lazy = std::async(std::launch::deferred, sum_range, 0L, 10L);
    long total = 0;
    for (auto &f : parts)
        total += f.get();
    std::printf("async sum %ld, deferred %ld\n", total, lazy.get());

    std::promise<std::string> prom;
    auto fut = prom.get_future();
    std::thread setter([&] { prom.set_value("from promise"); });
    std::printf("promise: %s\n", fut.get().c_str());
    setter.join();

    auto thrower =
        std::async(std::launch::async, []() -> int { throw std::runtime_error("boom"); });
    try {
        thrower.get();
        std::printf("exception: none\n");
    } catch (const std::runtime_error &e) {
        std::printf("exception through future: %s\n", e.what());
    }

    std::mutex mu;
    std::condition_variable cv;
    std::deque<int> queue;
    bool done = false;
    long consumed = 0;
    std::thread consumer([&] {
        std::unique_lock<std::mutex> lk(mu);
        for (;;) {
            cv.wait(lk, [&] { return !queue.empty() || done; });
            while (!queue.empty()) {
                consumed += queue.front();
                queue.pop_front();
            }
            if (done)
                break;
        }
    });
    for (int i = 1; i <= 1000; i++) {
        {
            std::lock_guard<std::mutex> g(mu);
            queue.push_back(i);
        }
        cv.notify_one();
    }
    {
        std::lock_guard<std::mutex> g(mu);
        done = true;
    }
    cv.notify_one();
    consumer.join();
    std::printf("producer/consumer sum %ld\n", consumed);

    std::shared_mutex smu;
    long a = 0, b = 0, bad = 0;
    std::vector<std::thread> rw;
    for (int i = 0; i < 4; i++) {
        rw.emplace_back([&, i] {
            for (int k = 0; k < 2000; k++) {
                if ((k + i) % 5 == 0) {
                    std::unique_lock<std::shared_mutex> w(smu);
                    a++;
                    b--;
                } else {
                    std::shared_lock<std::shared_mutex> r(smu);
                    if (a + b != 0)
                        __atomic_fetch_add(&bad, 1, __ATOMIC_RELAXED);
                }
            }
        });
    }
    for (auto &t : rw)
        t.join();
    std::printf("shared_mutex writes %ld, torn reads %ld\n", a, bad);

    std::once_flag once;
    std::atomic<int> once_runs{0};
    std::vector<std::thread> ones;
    for (int i = 0; i < 4; i++)
        ones.emplace_back([&] { std::call_once(once, [&] { once_runs++; }); });
    for (auto &t : ones)
        t.join();
    std::printf("call_once ran %d time(s)\n", once_runs.load());
    std::printf("hardware_concurrency > 0: %d\n", std::thread::hardware_concurrency() > 0);
    return 0;
}
