/*
 * SYS_INIT: run a function once at boot, at a given init level, after the
 * devices of that level (see kestrel/device.h for the levels).
 * Within a level, functions run in link order.
 */
#ifndef KESTREL_INIT_H
#define KESTREL_INIT_H

#include <kestrel/device.h>

struct init_entry {
	int (*fn)(void); /**< 0 on success; a failure is printed, not fatal */
	const char *name;
};

#define Z_INIT_SECTION(level) __attribute__((section("sys_init_" #level), used))

/** @p level is one of PRE_KERNEL_1, PRE_KERNEL_2, POST_KERNEL, APPLICATION. */
#define SYS_INIT(init_fn, level)                                             \
	static const struct init_entry z_init_##init_fn = { init_fn, #init_fn }; \
	const struct init_entry *const z_init_ptr_##init_fn Z_INIT_SECTION(level) = \
		&z_init_##init_fn

#endif
