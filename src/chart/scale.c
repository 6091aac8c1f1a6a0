/* scale.c — "nice" axis scales and the decimals their ticks need. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart_imp.h"

/* ---- nice scales ----
 * Rule: among the steps s = m × 10^k with m in {1, 2, 2.5, 5}, take the
 * smallest for which the axis floor(min/s)·s … ceil(max/s)·s has at most
 * max_ticks ticks (at least 3 when the range spans zero, which needs a
 * tick below, at and above it). That gives the tightest axis the tick budget allows:
 * 0..152 with 6 ticks → step 25 needs 0..175 = 8 ticks (too many), step 50
 * gives 0..200 = 5 ticks. Bounds are computed as integer multiples of the
 * mantissa divided by a power of ten, so 0.1-steps come out exact. */
static double mul_pow10(double x, int e)
{
	return e >= 0 ? x * pow(10, e) : x / pow(10, -e);
}

chart_scale chart_nice_scale(double min, double max, int max_ticks)
{
	static const double mant[4] = {1, 2, 2.5, 5};
	chart_scale s = {0, 1, 0.5, 3};
	if (max_ticks < 2)
		max_ticks = 2;
	if (!isfinite(min) || !isfinite(max))
		return (chart_scale){0, 1, max_ticks >= 3 ? 0.5 : 1, max_ticks >= 3 ? 3 : 2};
	if (min > max) {
		double t = min;
		min = max;
		max = t;
	}
	if (max - min < 1e-12 * fmax(1, fabs(max))) { /* a single value */
		if (min == 0)
			max = 1;
		else if (min > 0)
			min = 0;
		else
			max = 0;
	}
	if (min < 0 && max > 0 && max_ticks < 3)
		max_ticks = 3; /* an axis across zero has at least three ticks */
	double range = max - min;
	int e = (int)floor(log10(range / (max_ticks - 1))) - 1;
	for (int guard = 0; guard < 40; guard++, e++) {
		for (int m = 0; m < 4; m++) {
			double step = mul_pow10(mant[m], e);
			double klo = floor(min / step + 1e-9), khi = ceil(max / step - 1e-9);
			int n = (int)(khi - klo) + 1;
			if (n > max_ticks)
				continue;
			s.lo = mul_pow10(klo * mant[m], e);
			s.hi = mul_pow10(khi * mant[m], e);
			s.step = step;
			s.nticks = n;
			s.lo += 0.0; /* no -0 */
			s.hi += 0.0;
			return s;
		}
	}
	return (chart_scale){min, max, max - min, 2}; /* not reached for finite input */
}

/* Decimals needed to print multiples of step exactly (0..6). */
int step_decimals(double step)
{
	for (int d = 0; d < 6; d++) {
		double x = step * pow(10, d);
		if (fabs(x - round(x)) < 1e-6 * fmax(1, x))
			return d;
	}
	return 6;
}

