/*
 * flash shell commands: info, read (hexdump), erase, write on the flash
 * devices (DEVICE_DT_CLASS_FLASH_LIST of the generated devicetree.h).
 */
#include <errno.h>

#include <kestrel/drivers/flash.h>
#include <kestrel/shell/shell.h>

#include "devicetree.h"
#include "driver_shell.h"

static const struct device *const flash_devices[] = {
	DEVICE_DT_CLASS_FLASH_LIST NULL
};

#define USAGE_INFO "flash info DEVICE"
#define USAGE_READ "flash read DEVICE OFFSET LEN"
#define USAGE_ERASE "flash erase DEVICE OFFSET LEN"
#define USAGE_WRITE "flash write DEVICE OFFSET BYTE..."
#define WRITE_MAX 32 /* bytes one write command takes */

/* argv[1] DEVICE, argv[2] OFFSET [, argv[3] LEN]: NULL after a message. */
static const struct device *device_range(struct shell *sh, char **argv,
					 unsigned long *off, unsigned long *len)
{
	const struct device *dev = driver_shell_device(sh, flash_devices, "flash", argv[1]);

	if (dev == NULL || driver_shell_number(sh, argv[2], "offset", SIZE_MAX, off) != 0 ||
	    (len != NULL && driver_shell_number(sh, argv[3], "length", SIZE_MAX, len) != 0)) {
		return NULL;
	}
	return dev;
}

static int cmd_info(struct shell *sh, size_t argc, char **argv)
{
	struct flash_parameters p = { 0 };
	const struct device *dev =
		argc == 2 ? driver_shell_device(sh, flash_devices, "flash", argv[1]) : NULL;

	if (dev == NULL) {
		return driver_shell_usage(sh, USAGE_INFO);
	}
	int ret = driver_shell_check(sh, flash_get_parameters(dev, &p), "flash_get_parameters");

	if (ret == 0) {
		shell_print(sh, "%s: %u bytes, erase page %u, write block %u, erased 0x%02x",
			    dev->name, (unsigned int)p.size, (unsigned int)p.erase_block_size,
			    (unsigned int)p.write_block_size, p.erased_value);
	}
	return ret;
}

static int cmd_read(struct shell *sh, size_t argc, char **argv)
{
	unsigned long off, len;
	uint8_t buf[16];
	const struct device *dev = argc == 4 ? device_range(sh, argv, &off, &len) : NULL;

	if (dev == NULL) {
		return driver_shell_usage(sh, USAGE_READ);
	}
	/* Both ends first, so that a bad range prints no partial dump. */
	int ret = off + len < off ? -EINVAL : flash_read(dev, off, buf, len > 0 ? 1 : 0);

	if (ret == 0 && len > 0) {
		ret = flash_read(dev, off + len - 1, buf, 1);
	}
	ret = driver_shell_check(sh, ret, "flash_read");

	for (unsigned long done = 0; ret == 0 && done < len; done += sizeof(buf)) {
		size_t n = len - done < sizeof(buf) ? len - done : sizeof(buf);

		ret = driver_shell_check(sh, flash_read(dev, off + done, buf, n), "flash_read");
		if (ret == 0) {
			driver_shell_hexline(sh, off + done, buf, n);
		}
	}
	return ret;
}

static int cmd_erase(struct shell *sh, size_t argc, char **argv)
{
	unsigned long off, len;
	const struct device *dev = argc == 4 ? device_range(sh, argv, &off, &len) : NULL;

	if (dev == NULL) {
		return driver_shell_usage(sh, USAGE_ERASE);
	}
	int ret = driver_shell_check(sh, flash_erase(dev, off, len), "flash_erase");

	if (ret == 0) {
		shell_print(sh, "%s: erased %lu bytes at 0x%lx", dev->name, len, off);
	}
	return ret;
}

static int cmd_write(struct shell *sh, size_t argc, char **argv)
{
	unsigned long off, v;
	uint8_t buf[WRITE_MAX];
	size_t n = argc > 3 ? argc - 3 : 0;
	const struct device *dev =
		argc > 3 && n <= WRITE_MAX ? device_range(sh, argv, &off, NULL) : NULL;

	if (dev == NULL) {
		return driver_shell_usage(sh, USAGE_WRITE);
	}
	for (size_t i = 0; i < n; i++) {
		if (driver_shell_number(sh, argv[3 + i], "byte", 0xff, &v) != 0) {
			return driver_shell_usage(sh, USAGE_WRITE);
		}
		buf[i] = (uint8_t)v;
	}
	int ret = driver_shell_check(sh, flash_write(dev, off, buf, n), "flash_write");

	if (ret == 0) {
		shell_print(sh, "%s: wrote %u bytes at 0x%lx", dev->name, (unsigned int)n, off);
	}
	return ret;
}

SHELL_SUBCMD_SET_CREATE(sub_flash,
	SHELL_CMD(info, NULL, USAGE_INFO, cmd_info),
	SHELL_CMD(read, NULL, USAGE_READ, cmd_read),
	SHELL_CMD(erase, NULL, USAGE_ERASE, cmd_erase),
	SHELL_CMD(write, NULL, USAGE_WRITE " (bytes in hex or decimal)", cmd_write));
SHELL_CMD_REGISTER(flash, sub_flash, "Flash devices", NULL);
