/*
 * math.c — libm and the floating-point environment, printed with %.17g (and %a where the last
 * bit matters): elementary functions in double and float, fma, remainder/fmod/modf/frexp/
 * ldexp, classification, integer rounding functions (rint, nearbyint, lrint, llrint, round,
 * floor, ceil, trunc) and 1/3, sqrt under each of the four rounding modes set with fesetround,
 * exception flags via feclearexcept/fetestexcept, and 128-bit long double arithmetic.
 */
#include <fenv.h>
#include <float.h>
#include <math.h>
#include <stdio.h>

static const int modes[4] = {FE_TONEAREST, FE_TOWARDZERO, FE_DOWNWARD, FE_UPWARD};
static const char *const mode_names[4] = {"nearest", "zero", "down", "up"};

/* Defeat constant folding: the compiler cannot see through a volatile. */
static double opaque(double x)
{
    volatile double v = x;
    return v;
}

static void elementary(void)
{
    const double xs[] = {0.5, 1.0, 2.0, 10.0, -3.25, 1e-8, 100.0, 0.7853981633974483};
    for (unsigned i = 0; i < sizeof(xs) / sizeof(xs[0]); i++) {
        double x = opaque(xs[i]);
        printf("x=%.17g sin %.17g cos %.17g tan %.17g exp %.17g\n", x, sin(x), cos(x), tan(x),
               exp(x));
        printf("  log %.17g log10 %.17g log2 %.17g log1p %.17g expm1 %.17g\n", log(fabs(x)),
               log10(fabs(x)), log2(fabs(x)), log1p(fabs(x)), expm1(x));
        printf("  sqrt %.17g cbrt %.17g atan %.17g asinh %.17g tanh %.17g erf %.17g\n",
               sqrt(fabs(x)), cbrt(x), atan(x), asinh(x), tanh(x), erf(x));
        printf("  pow %.17g atan2 %.17g hypot %.17g lgamma %.17g tgamma %.17g\n",
               pow(fabs(x), 1.5), atan2(x, 0.3), hypot(x, 3.0), lgamma(fabs(x)),
               tgamma(fabs(x) < 50 ? fabs(x) : 5.0));
        float f = (float)x;
        printf("  float sinf %.9g expf %.9g logf %.9g powf %.9g sqrtf %.9g\n", sinf(f), expf(f),
               logf(fabsf(f)), powf(fabsf(f), 0.75f), sqrtf(fabsf(f)));
    }
    printf("fma %a %a\n", fma(opaque(1.0 + DBL_EPSILON), 1.0 - DBL_EPSILON, -1.0),
           fmaf((float)opaque(1.0 + FLT_EPSILON), 1.0f - FLT_EPSILON, -1.0f));
    printf("pow specials %.17g %.17g %.17g %.17g\n", pow(opaque(-8.0), 1.0 / 3.0),
           pow(opaque(0.0), -1.0), pow(opaque(-2.0), 3.0), pow(opaque(2.0), 1024.0));
    int e;
    double ip;
    printf("fmod %.17g remainder %.17g frexp %.17g,%d ldexp %.17g modf %.17g,%.17g\n",
           fmod(opaque(10.5), 3.0), remainder(opaque(10.5), 3.0), frexp(opaque(48.0), &e), e,
           ldexp(opaque(0.75), 10), modf(opaque(-3.75), &ip), ip);
    printf("copysign %.17g nextafter %a fdim %.17g fmax %.17g fmin %.17g\n",
           copysign(opaque(3.0), -0.0), nextafter(opaque(1.0), 2.0), fdim(opaque(5.0), 7.0),
           fmax(opaque(NAN), 1.0), fmin(opaque(-0.0), 0.0));
    double cls[] = {0.0, -0.0, 1.0, 5e-324, INFINITY, -INFINITY, NAN};
    for (int i = 0; i < 7; i++) {
        double x = opaque(cls[i]);
        printf("classify %g: fpclassify %d isnan %d isinf %d isfinite %d signbit %d\n", x,
               fpclassify(x), isnan(x) != 0, isinf(x), isfinite(x) != 0, signbit(x) != 0);
    }
}

static void rounding(void)
{
    const double vals[] = {2.5, -2.5, 3.5, -0.5, 1.4999999999999998, 2.6, -7.7, 1e16 + 1};
    for (int m = 0; m < 4; m++) {
        if (fesetround(modes[m]) != 0)
            printf("fesetround failed\n");
        printf("mode %s: fegetround ok %d\n", mode_names[m], fegetround() == modes[m]);
        for (unsigned i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
            double v = opaque(vals[i]);
            printf("  %.17g: rint %.17g nearbyint %.17g lrint %ld llrint %lld round %.17g "
                   "floor %.17g ceil %.17g trunc %.17g\n",
                   v, rint(v), nearbyint(v), lrint(v), llrint(v), round(v), floor(v), ceil(v),
                   trunc(v));
        }
        double one = opaque(1.0), three = opaque(3.0);
        printf("  1/3 %a -1/3 %a sqrt2 %a 1e308*10 %g float 1/3 %a (float)0.1 %a\n",
               one / three, -one / three, sqrt(opaque(2.0)), opaque(1e308) * 10.0,
               (float)one / (float)three, (float)opaque(0.1));
        printf("  exp(1) %.17g log(3) %.17g sin(1e22) %.17g\n", exp(one), log(three),
               sin(opaque(1e22)));
    }
    fesetround(FE_TONEAREST);
}

static void exceptions(void)
{
    feclearexcept(FE_ALL_EXCEPT);
    volatile double r = opaque(1.0) / opaque(0.0);
    printf("1/0 = %g divbyzero %d\n", r, fetestexcept(FE_DIVBYZERO) != 0);
    feclearexcept(FE_ALL_EXCEPT);
    r = opaque(0.0) / opaque(0.0);
    printf("0/0 invalid %d\n", fetestexcept(FE_INVALID) != 0);
    feclearexcept(FE_ALL_EXCEPT);
    r = opaque(1.0) / opaque(3.0);
    printf("1/3 inexact %d invalid %d\n", fetestexcept(FE_INEXACT) != 0,
           fetestexcept(FE_INVALID) != 0);
    feclearexcept(FE_ALL_EXCEPT);
    r = opaque(DBL_MAX) * 2.0;
    printf("overflow %d\n", fetestexcept(FE_OVERFLOW) != 0);
    feclearexcept(FE_ALL_EXCEPT);
    r = opaque(DBL_MIN) / 3.0;
    printf("underflow %d\n", fetestexcept(FE_UNDERFLOW) != 0);
    feclearexcept(FE_ALL_EXCEPT);
    r = opaque(4.0) * 0.5;
    printf("exact none %d\n", fetestexcept(FE_ALL_EXCEPT) == 0);
    fenv_t env;
    feholdexcept(&env);
    r = opaque(-1.0);
    r = sqrt(r);
    printf("sqrt(-1) nan %d invalid %d\n", isnan(r), fetestexcept(FE_INVALID) != 0);
    fesetenv(&env);
}

static void long_double(void)
{
    long double a = 1.0L / 3.0L, b = sqrtl(2.0L);
    printf("long double 1/3 %.36Lg sqrt2 %.36Lg\n", a, b);
    printf("long double mul %.36Lg sum %.36Lg eps %Lg\n", a * b, a + b, LDBL_EPSILON);
    printf("long double to double %.17g to long %lld\n", (double)(a * 3), (long long)(b * 1e15L));
}

int main(void)
{
    elementary();
    rounding();
    exceptions();
    long_double();
    return 0;
}
