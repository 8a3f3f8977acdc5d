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

/*
 * floor(log2(x)), and 0 for 0. RV32 without Zbb has no count-leading-zeros
 * instruction (GCC would call libgcc): there, smear the top bit down and
 * look the all-ones value up with a de Bruijn multiply.
 */
static inline unsigned int z_log2_floor32(uint32_t x)
{
#if defined(__riscv) && !defined(__riscv_zbb)
	static const unsigned char debruijn[32] = {
		0, 9, 1, 10, 13, 21, 2, 29, 11, 14, 16, 18, 22, 25, 3, 30,
		8, 12, 20, 28, 15, 17, 24, 7, 19, 27, 23, 6, 26, 5, 4, 31,
	};

	x |= x >> 1;
	x |= x >> 2;
	x |= x >> 4;
	x |= x >> 8;
	x |= x >> 16;
	return debruijn[(x * 0x07C4ACDDu) >> 27];
#else
	return 31u - (unsigned int)__builtin_clz(x | 1u);
#endif
}

#endif
