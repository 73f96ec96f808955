/*
 * cxx.cc — C++ runtime under emulation: iostream, std::string operations, vector/map/
 * unordered_map (printed in sorted order), std::sort with a lambda, exceptions thrown through
 * several frames and caught by base class (plus rethrow, nested try, noexcept-free destructors
 * running during unwinding), virtual calls through base pointers, std::function and lambdas
 * with captures, ostringstream formatting of doubles (fixed, scientific, precision, hex).
 */
#include <algorithm>
#include <functional>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>
#include <numeric>
#include <sstream>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

namespace {

struct shape {
    virtual ~shape() = default;
    virtual double area() const = 0;
    virtual std::string name() const { return "shape"; }
};

struct rect : shape {
    double w, h;
    rect(double w_, double h_) : w(w_), h(h_) {}
    double area() const override { return w * h; }
    std::string name() const override { return "rect"; }
};

struct square : rect {
    explicit square(double s) : rect(s, s) {}
    std::string name() const override { return "square"; }
};

struct circle : shape {
    double r;
    explicit circle(double r_) : r(r_) {}
    double area() const override { return 3.141592653589793 * r * r; }
};

struct app_error : std::runtime_error {
    int code;
    app_error(const std::string &m, int c) : std::runtime_error(m), code(c) {}
};

struct tracer {
    std::string tag;
    explicit tracer(std::string t) : tag(std::move(t)) {}
    ~tracer() { std::cout << "  unwind " << tag << "\n"; }
};

int level3(int x)
{
    tracer t("level3");
    if (x > 2)
        throw app_error("too big: " + std::to_string(x), x);
    if (x < 0)
        throw std::out_of_range("negative");
    return x * 100;
}

int level2(int x)
{
    tracer t("level2");
    return level3(x) + 1;
}

int level1(int x)
{
    try {
        return level2(x);
    } catch (const std::out_of_range &e) {
        std::cout << "  level1 rethrows " << e.what() << "\n";
        throw;
    }
}

void test_exceptions()
{
    for (int x : {1, 5, -1}) {
        try {
            std::cout << "level1(" << x << ") = " << level1(x) << "\n";
        } catch (const app_error &e) {
            std::cout << "caught app_error [" << e.what() << "] code " << e.code << "\n";
        } catch (const std::exception &e) {
            std::cout << "caught std::exception [" << e.what() << "]\n";
        }
    }
    try {
        std::vector<int> v(3);
        v.at(10) = 1;
    } catch (const std::out_of_range &) {
        std::cout << "vector::at threw out_of_range\n";
    }
    try {
        try {
            throw 42;
        } catch (int i) {
            std::cout << "inner caught int " << i << "\n";
            throw std::string("converted");
        }
    } catch (const std::string &s) {
        std::cout << "outer caught string " << s << "\n";
    }
    try {
        throw std::bad_alloc();
    } catch (...) {
        std::cout << "catch-all works\n";
    }
}

void test_containers()
{
    std::vector<int> v;
    for (int i = 0; i < 20; i++)
        v.push_back((i * 37 + 11) % 50);
    std::sort(v.begin(), v.end(), [](int a, int b) { return a > b; });
    for (int x : v)
        std::cout << x << ' ';
    std::cout << "\nsum " << std::accumulate(v.begin(), v.end(), 0) << " unique "
              << std::distance(v.begin(), std::unique(v.begin(), v.end())) << "\n";

    std::map<std::string, int> m;
    std::unordered_map<std::string, int> um;
    std::istringstream words("the cat sat on the mat and the cat ran off the mat");
    for (std::string w; words >> w;) {
        m[w]++;
        um[w] += static_cast<int>(w.size());
    }
    for (const auto &kv : m)
        std::cout << kv.first << '=' << kv.second << ' ';
    std::cout << "\n";
    std::vector<std::pair<std::string, int>> sorted(um.begin(), um.end());
    std::sort(sorted.begin(), sorted.end());
    for (const auto &kv : sorted)
        std::cout << kv.first << ':' << kv.second << ' ';
    std::cout << "\nunordered size " << um.size() << " find mat " << (um.find("mat") != um.end())
              << " find dog " << (um.find("dog") != um.end()) << "\n";

    std::string s = "Hello, emulated World";
    std::string t = s.substr(7, 8);
    std::transform(t.begin(), t.end(), t.begin(), ::toupper);
    s.replace(0, 5, "Goodbye");
    std::cout << s << " | " << t << " | find " << s.find("World") << " rfind "
              << s.rfind('o') << " npos " << (s.find("xyz") == std::string::npos) << "\n";
    std::string big(1000, 'x');
    big += std::to_string(123456789);
    std::cout << "big size " << big.size() << " tail " << big.substr(big.size() - 5) << "\n";
}

void test_virtual_and_function()
{
    std::vector<std::unique_ptr<shape>> shapes;
    shapes.emplace_back(new rect(2, 3.5));
    shapes.emplace_back(new square(4));
    shapes.emplace_back(new circle(1.5));
    double total = 0;
    for (const auto &p : shapes) {
        std::cout << p->name() << " area " << p->area() << "\n";
        total += p->area();
    }
    std::cout << "total " << total << "\n";

    int base = 10;
    std::function<int(int)> add = [base](int x) { return x + base; };
    std::function<int(int)> twice = [&add](int x) { return add(add(x)); };
    std::function<int(int, int)> mul = std::multiplies<int>();
    std::vector<std::function<int(int)>> pipeline = {add, twice, [](int x) { return x * x; }};
    int x = 1;
    for (auto &f : pipeline)
        x = f(x);
    std::cout << "pipeline " << x << " mul " << mul(6, 7) << " bound "
              << std::bind(mul, std::placeholders::_1, 3)(5) << "\n";
    std::function<int(int)> fact = [&fact](int n) { return n <= 1 ? 1 : n * fact(n - 1); };
    std::cout << "fact(10) " << fact(10) << " empty function throws ";
    try {
        std::function<void()> none;
        none();
    } catch (const std::bad_function_call &) {
        std::cout << "bad_function_call\n";
    }
}

void test_formatting()
{
    std::ostringstream os;
    os << 3.14159265358979 << ' ' << 1e-7 << ' ' << 123456789.0 << ' ' << 0.1 + 0.2 << '\n';
    os << std::fixed << std::setprecision(3) << 2.0 / 3.0 << ' ' << -1.0005 << ' ' << 1e10 << '\n';
    os << std::scientific << std::setprecision(10) << 6.02214076e23 << ' ' << 1.0 / 3.0 << '\n';
    os << std::defaultfloat << std::setprecision(17) << 0.1 << ' ' << 1.0 / 3.0 << '\n';
    os << std::hexfloat << 1.0 << ' ' << -0.75 << std::defaultfloat << '\n';
    os << std::setw(8) << std::setfill('*') << 42 << '|' << std::left << std::setw(6) << "ab"
       << '|' << std::hex << std::showbase << 255 << ' ' << std::oct << 8 << std::dec << '\n';
    os << std::boolalpha << true << ' ' << false << ' ' << std::setprecision(6) << 1.5f << '\n';
    std::cout << os.str();
    std::istringstream in("3.25 -17 0x1f word");
    double d;
    int i;
    std::string w;
    in >> d >> i >> std::hex >> i >> w;
    std::cout << "parsed " << d << ' ' << i << ' ' << w << "\n";
}

}  // namespace

int main()
{
    std::ios::sync_with_stdio(true);
    test_exceptions();
    test_containers();
    test_virtual_and_function();
    test_formatting();
    std::cout << std::flush;
    return 0;
}
