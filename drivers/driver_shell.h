/*
 * Shared parts of the driver class shell commands
 * (drivers/<class>/<class>_shell.c): finding a device of the right class,
 * parsing numbers, usage and error lines, hexdumps.
 *
 * Conventions of every class command: bad arguments print
 * "usage: ..." (or what is wrong, then the usage) and return -EINVAL; a
 * driver error prints "error: <call>: <ERRNO> (<-n>)" and returns it.
 */
#ifndef KESTREL_DRIVER_SHELL_H
#define KESTREL_DRIVER_SHELL_H

#include <stddef.h>
#include <stdint.h>

#include <kestrel/device.h>
#include <kestrel/shell/shell.h>

/**
 * The device called @p name in the NULL-ended @p list of @p cls devices
 * (from DEVICE_DT_CLASS_<CLASS>_LIST). When there is none, prints which
 * devices there are.
 * @return the device, or NULL
 */
const struct device *driver_shell_device(struct shell *sh,
					 const struct device *const *list,
					 const char *cls, const char *name);

/**
 * Parse @p s (decimal, or hex with 0x) as a number not above @p max,
 * naming it @p what in the error line.
 * @retval 0 *@p out holds it
 * @retval -EINVAL not a number, or above @p max
 */
int driver_shell_number(struct shell *sh, const char *s, const char *what,
			unsigned long max, unsigned long *out);

/** Print "usage: @p usage". @retval -EINVAL always. */
int driver_shell_usage(struct shell *sh, const char *usage);

/**
 * Report @p ret of driver call @p call: nothing when >= 0, else
 * "error: call: ENAME (-n)". @return @p ret
 */
int driver_shell_check(struct shell *sh, int ret, const char *call);

/** The name of errno @p err ("EIO"), or "errno" for one it does not know. */
const char *driver_shell_errno_name(int err);

/** Print one hexdump line: "@p addr: xx xx ..." (@p len at most 16). */
void driver_shell_hexline(struct shell *sh, size_t addr, const uint8_t *buf,
			  size_t len);

#endif
