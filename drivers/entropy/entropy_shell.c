/*
 * entropy shell command: get N random bytes (hexdump) from an entropy
 * device (DEVICE_DT_CLASS_ENTROPY_LIST of the generated devicetree.h).
 */
#include <errno.h>

#include <kestrel/drivers/entropy.h>
#include <kestrel/shell/shell.h>

#include "devicetree.h"
#include "driver_shell.h"

static const struct device *const entropy_devices[] = {
	DEVICE_DT_CLASS_ENTROPY_LIST NULL
};

#define USAGE_GET "entropy get DEVICE N (1..256)"

static int cmd_get(struct shell *sh, size_t argc, char **argv)
{
	unsigned long len;
	uint8_t buf[16];
	const struct device *dev =
		argc == 3 ? driver_shell_device(sh, entropy_devices, "entropy", argv[1]) : NULL;

	if (dev == NULL || driver_shell_number(sh, argv[2], "N", 256, &len) != 0 || len == 0) {
		return driver_shell_usage(sh, USAGE_GET);
	}
	for (unsigned long done = 0; done < len; done += sizeof(buf)) {
		size_t n = len - done < sizeof(buf) ? len - done : sizeof(buf);
		int ret = driver_shell_check(sh, entropy_get_entropy(dev, buf, n),
					     "entropy_get_entropy");

		if (ret != 0) {
			return ret;
		}
		driver_shell_hexline(sh, done, buf, n);
	}
	return 0;
}

SHELL_SUBCMD_SET_CREATE(sub_entropy,
	SHELL_CMD(get, NULL, USAGE_GET, cmd_get));
SHELL_CMD_REGISTER(entropy, sub_entropy, "Entropy sources", NULL);
