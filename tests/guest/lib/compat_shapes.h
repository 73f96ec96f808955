/*
 * compat_shapes.h — interface of the guest C++ shared library libcompat_shapes.so (t_shlib.sh):
 * exception types thrown across the library boundary, a polymorphic class hierarchy (RTTI and
 * dynamic_cast across the boundary), and a function that calls back into the program.
 */
#ifndef COMPAT_SHAPES_H
#define COMPAT_SHAPES_H

#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace shapes
{

struct bad_shape : std::runtime_error {
    int code;
    bad_shape(const std::string &what, int c) : std::runtime_error(what), code(c) {}
};

struct shape {
    virtual ~shape();
    virtual double area() const = 0;
    virtual std::string name() const = 0;
};

struct circle : shape {
    double r;
    explicit circle(double radius);
    double area() const override;
    std::string name() const override;
};

struct rect : shape {
    double w, h;
    rect(double width, double height);
    double area() const override;
    std::string name() const override;
};

/* Parse "circle 2" / "rect 3 4"; throws bad_shape (or std::invalid_argument from std::stod). */
std::unique_ptr<shape> parse(const std::string &spec);
/* Sum of areas; f is called for each shape and may throw: the exception passes through. */
double total(const std::vector<std::string> &specs, const std::function<void(const shape &)> &f);
/* Throws an int, a std::string and a nested exception, depending on which. */
void throw_kind(int which);

} // namespace shapes

#endif
