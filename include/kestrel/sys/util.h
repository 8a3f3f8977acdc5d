/* Small utilities used everywhere. */
#ifndef KESTREL_SYS_UTIL_H
#define KESTREL_SYS_UTIL_H

#include <stdint.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define MIN(a, b) (((a) < (b)) ? (a) : (b))
#define MAX(a, b) (((a) > (b)) ? (a) : (b))

/*
 * IS_ENABLED(CONFIG_FOO): 1 if CONFIG_FOO is defined to 1, else 0, usable
 * in ordinary C expressions so both branches are compiled and checked.
 */
#define IS_ENABLED(config) Z_IS_ENABLED1(config)
#define Z_IS_ENABLED1(x) Z_IS_ENABLED2(Z_XXXX_##x)
#define Z_XXXX_1 Z_YYYY,
#define Z_IS_ENABLED2(one_or_two_args) Z_IS_ENABLED3(one_or_two_args 1, 0)
#define Z_IS_ENABLED3(ignore_this, val, ...) val

/*
 * Index of the lowest set bit of a non-zero word. RV32 without the Zbb
 * extension has no instruction for it (GCC would call libgcc), so use a
 * de Bruijn multiply there.
 */
static inline __attribute__((always_inline)) unsigned int z_ctz32(uint32_t x)
{
#if defined(__riscv) && !defined(__riscv_zbb)
	static const unsigned char debruijn[32] = {
		0, 1, 28, 2, 29, 14, 24, 3, 30, 22, 20, 15, 25, 17, 4, 8,
		31, 27, 13, 23, 21, 19, 16, 7, 26, 12, 18, 6, 11, 5, 10, 9,
	};

	return debruijn[((x & -x) * 0x077CB531u) >> 27];
#else
	return (unsigned int)__builtin_ctz(x);
#endif
}

#endif
