/*
 * compat_shapes.cc — the guest C++ shared library libcompat_shapes.so (see compat_shapes.h):
 * throws exceptions the program catches, lets the program's exceptions pass through its own
 * frames (destructors run on the way: reported on std::cout), and formats with iostreams.
 */
#include "compat_shapes.h"

#include <iostream>
#include <sstream>

namespace shapes
{

shape::~shape() = default;

circle::circle(double radius) : r(radius) {}
double circle::area() const
{
    return 3.141592653589793 * r * r;
}
std::string circle::name() const
{
    return "circle";
}

rect::rect(double width, double height) : w(width), h(height) {}
double rect::area() const
{
    return w * h;
}
std::string rect::name() const
{
    return "rect";
}

namespace
{
struct tracer {
    std::string what;
    ~tracer() { std::cout << "  [lib] unwinding through " << what << "\n"; }
};
} // namespace

std::unique_ptr<shape> parse(const std::string &spec)
{
    std::istringstream in(spec);
    std::string kind;
    in >> kind;
    if (kind == "circle") {
        std::string r;
        in >> r;
        return std::make_unique<circle>(std::stod(r));
    }
    if (kind == "rect") {
        double w = 0, h = 0;
        if (!(in >> w >> h))
            throw bad_shape("rect needs two numbers: '" + spec + "'", 2);
        return std::make_unique<rect>(w, h);
    }
    throw bad_shape("unknown shape '" + kind + "'", 1);
}

double total(const std::vector<std::string> &specs, const std::function<void(const shape &)> &f)
{
    tracer t{"total()"};
    double sum = 0;
    for (const auto &s : specs) {
        auto p = parse(s);
        f(*p);
        sum += p->area();
    }
    return sum;
}

void throw_kind(int which)
{
    tracer t{"throw_kind(" + std::to_string(which) + ")"};
    switch (which) {
    case 0: throw 42;
    case 1: throw std::string("a std::string");
    default: try { throw std::out_of_range("inner");
        } catch (...) {
            std::throw_with_nested(bad_shape("outer", 3));
        }
    }
}

} // namespace shapes
