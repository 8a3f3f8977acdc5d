/*
 * Shared parts of the driver class shell commands (see driver_shell.h).
 */
#include <errno.h>
#include <string.h>

#include <kestrel/kernel.h>

#include "driver_shell.h"

const struct device *driver_shell_device(struct shell *sh,
					 const struct device *const *list,
					 const char *cls, const char *name)
{
	char names[64] = "";
	size_t used = 0;

	for (size_t i = 0; list != NULL && list[i] != NULL; i++) {
		if (strcmp(list[i]->name, name) == 0) {
			if (!device_is_ready(list[i])) {
				shell_error(sh, "%s is not ready (init failed: %d)", name,
					    list[i]->state->init_res);
				return NULL;
			}
			return list[i];
		}
		int n = snprintk(names + used, sizeof(names) - used, " %s", list[i]->name);

		used = n > 0 && used + (size_t)n < sizeof(names) ? used + (size_t)n : used;
	}
	shell_error(sh, "no %s device '%s' (%s devices:%s)", cls, name, cls,
		    used > 0 ? names : " none");
	return NULL;
}

int driver_shell_number(struct shell *sh, const char *s, const char *what,
			unsigned long max, unsigned long *out)
{
	unsigned long base = 10, v = 0;
	const char *p = s;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	}
	if (*p == '\0') {
		goto bad;
	}
	for (; *p != '\0'; p++) {
		unsigned long digit;

		if (*p >= '0' && *p <= '9') {
			digit = (unsigned long)(*p - '0');
		} else if (base == 16 && ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'f')) {
			digit = (unsigned long)((*p | 0x20) - 'a' + 10);
		} else {
			goto bad;
		}
		if (digit > max || v > (max - digit) / base) {
			shell_error(sh, "%s %s is above %lu", what, s, max);
			return -EINVAL;
		}
		v = v * base + digit;
	}
	*out = v;
	return 0;
bad:
	shell_error(sh, "%s '%s' is not a number", what, s);
	return -EINVAL;
}

int driver_shell_usage(struct shell *sh, const char *usage)
{
	shell_print(sh, "usage: %s", usage);
	return -EINVAL;
}

const char *driver_shell_errno_name(int err)
{
	static const struct {
		int err;
		const char *name;
	} names[] = {
		{ EPERM, "EPERM" },       { ENOENT, "ENOENT" },   { EIO, "EIO" },
		{ E2BIG, "E2BIG" },       { EAGAIN, "EAGAIN" },   { ENOMEM, "ENOMEM" },
		{ EACCES, "EACCES" },     { EFAULT, "EFAULT" },   { EBUSY, "EBUSY" },
		{ ENODEV, "ENODEV" },     { EINVAL, "EINVAL" },   { ENOSPC, "ENOSPC" },
		{ ERANGE, "ERANGE" },     { ENOSYS, "ENOSYS" },   { ENOTSUP, "ENOTSUP" },
		{ ETIMEDOUT, "ETIMEDOUT" }, { EALREADY, "EALREADY" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		if (names[i].err == err) {
			return names[i].name;
		}
	}
	return "errno";
}

int driver_shell_check(struct shell *sh, int ret, const char *call)
{
	if (ret < 0) {
		shell_error(sh, "%s: %s (%d)", call, driver_shell_errno_name(-ret), ret);
	}
	return ret;
}

void driver_shell_hexline(struct shell *sh, size_t addr, const uint8_t *buf,
			  size_t len)
{
	char line[16 * 3 + 1];
	size_t n = len < 16 ? len : 16;

	for (size_t i = 0; i < n; i++) {
		(void)snprintk(line + 3 * i, sizeof(line) - 3 * i, " %02x", buf[i]);
	}
	line[3 * n] = '\0';
	shell_print(sh, "%08lx:%s", (unsigned long)addr, line);
}
