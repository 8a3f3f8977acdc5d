/* Small utilities used everywhere. */
#ifndef KESTREL_SYS_UTIL_H
#define KESTREL_SYS_UTIL_H

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

#endif
