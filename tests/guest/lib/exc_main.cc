/*
 * exc_main.cc — a C++ program linked against libcompat_shapes.so (t_shlib.sh): exceptions thrown
 * in the library and caught here (by exact type, by base class, catch (...)), thrown here from
 * a callback and caught here after passing through the library's frames (its destructors run),
 * nested exceptions, RTTI and dynamic_cast of library types; iostream formatting and locales
 * (the classic locale and C.UTF-8, numpunct, put_time), string streams and std::sort.
 */
#include <algorithm>
#include <ctime>
#include <exception>
#include <iomanip>
#include <iostream>
#include <locale>
#include <sstream>
#include <typeinfo>

#include "compat_shapes.h"

struct callback_error : std::exception {
    const char *what() const noexcept override { return "callback_error"; }
};

static void print_nested(const std::exception &e, int level)
{
    std::cout << std::string(level * 2, ' ') << "nested: " << e.what() << "\n";
    try {
        std::rethrow_if_nested(e);
    } catch (const std::exception &inner) {
        print_nested(inner, level + 1);
    }
}

/* A numpunct with a thousands separator, as a program would install for pretty output. */
struct grouped : std::numpunct<char> {
    char do_thousands_sep() const override { return '\''; }
    std::string do_grouping() const override { return "\3"; }
};

static void exceptions()
{
    const char *specs[] = {"circle 1", "rect 2 3", "hexagon 1", "rect 2", "circle x"};
    for (const char *s : specs) {
        try {
            auto p = shapes::parse(s);
            std::cout << p->name() << " area " << std::fixed << std::setprecision(4) << p->area()
                      << std::defaultfloat << " ("
                      << (dynamic_cast<shapes::rect *>(p.get()) ? "is a rect" : "not a rect")
                      << ")\n";
        } catch (const shapes::bad_shape &e) {
            std::cout << "bad_shape " << e.code << ": " << e.what() << "\n";
        } catch (const std::invalid_argument &e) {
            std::cout << "invalid_argument from the library: " << e.what() << "\n";
        }
    }
    try {
        shapes::total({"circle 1", "rect 1 1", "rect 5 5"}, [](const shapes::shape &s) {
            if (s.area() > 20)
                throw callback_error();
            std::cout << "  visited " << s.name() << " (" << typeid(s).name() << ")\n";
        });
    } catch (const callback_error &e) {
        std::cout << "caught " << e.what() << " thrown by the callback through the library\n";
    }
    for (int k = 0; k < 3; k++) {
        try {
            shapes::throw_kind(k);
        } catch (int i) {
            std::cout << "caught int " << i << "\n";
        } catch (const std::string &s) {
            std::cout << "caught std::string '" << s << "'\n";
        } catch (const std::exception &e) {
            print_nested(e, 0);
        }
    }
    try {
        try {
            shapes::throw_kind(0);
        } catch (...) {
            std::cout << "rethrowing\n";
            throw;
        }
    } catch (...) {
        std::exception_ptr p = std::current_exception();
        std::cout << "caught (...) again: " << (p ? "has exception_ptr" : "none") << "\n";
    }
}

static void streams()
{
    std::vector<double> v = {3.5, -1.25, 1e6, 2.0 / 3, 12345.678};
    std::sort(v.begin(), v.end());
    std::ostringstream os;
    os << std::scientific << std::setprecision(3);
    for (double d : v)
        os << d << ' ';
    std::cout << "sorted: " << os.str() << "\n";
    std::cout << std::hex << std::showbase << 255 << ' ' << std::oct << 8 << std::dec
              << std::noshowbase << ' ' << std::setw(8) << std::setfill('*') << 42 << "\n"
              << std::setfill(' ');
    std::cout << std::boolalpha << true << ' ' << std::noboolalpha << false << "\n";
    std::istringstream in("17 2.5e3 word 0x1f");
    int i;
    double d;
    std::string w;
    int h;
    in >> i >> d >> w >> std::hex >> h;
    std::cout << "parsed " << i << ' ' << d << ' ' << w << ' ' << std::dec << h << "\n";

    std::cout << "global locale: " << std::locale().name() << "\n";
    std::ostringstream g;
    g.imbue(std::locale(std::locale::classic(), new grouped));
    g << 1234567890 << ' ' << std::fixed << std::setprecision(2) << 9876543.21;
    std::cout << "grouped: " << g.str() << "\n";
    try {
        std::locale u("C.UTF-8");
        std::cout << "C.UTF-8 locale: " << u.name()
                  << ", isalpha(e-acute): " << std::isalpha(L'\u00e9', u) << "\n";
    } catch (const std::runtime_error &e) {
        std::cout << "C.UTF-8 locale unavailable\n";
    }
    std::tm tm = {};
    tm.tm_year = 124, tm.tm_mon = 1, tm.tm_mday = 29, tm.tm_hour = 13, tm.tm_min = 5;
    std::cout << "put_time: " << std::put_time(&tm, "%Y-%m-%d %H:%M %A") << "\n";
}

int main()
{
    exceptions();
    streams();
    std::cout << "done" << std::endl;
    return 0;
}
