/*
 * The device model.
 *
 * A device is a const configuration (addresses, IRQs, options from the
 * devicetree), RAM data owned by the driver, a const table of operations
 * (the class API, e.g. struct uart_driver_api) and an init function that
 * runs once at boot at the device's init level.
 *
 * Instances are not written by hand: scripts/gen_devicetree.py turns the
 * board's devicetree into build/generated/devices.c — plain C a person can
 * read — with one `const struct device` per enabled node, in init order.
 *
 * Init levels, in order: PRE_KERNEL_1 (no kernel services: interrupt
 * controllers, the console), PRE_KERNEL_2 (may use the clock), POST_KERNEL
 * (kernel running, threads may be created), APPLICATION (just before
 * main()). Within a level, a device comes after the devices it depends on
 * (phandle properties in its node), then in devicetree order.
 */
#ifndef KESTREL_DEVICE_H
#define KESTREL_DEVICE_H

#include <stdbool.h>
#include <stdint.h>

enum device_init_level {
	DEVICE_INIT_PRE_KERNEL_1 = 0,
	DEVICE_INIT_PRE_KERNEL_2 = 1,
	DEVICE_INIT_POST_KERNEL = 2,
	DEVICE_INIT_APPLICATION = 3,
};

/** Run-time state of a device. */
struct device_state {
	int init_res;      /**< 0, or the negative errno init returned */
	bool initialized;  /**< init has run (successfully or not) */
};

struct device {
	const char *name;       /**< devicetree label (or node name) */
	const char *node_path;  /**< full devicetree path */
	const void *config;     /**< driver's const config struct */
	void *data;             /**< driver's RAM data */
	const void *api;        /**< class API ops table */
	int (*init)(const struct device *dev); /**< NULL: nothing to do */
	struct device_state *state;
	uint8_t level;          /**< enum device_init_level */
};

/** Generated: every device, in init order, and their number. */
extern const struct device *const device_list[];
extern const unsigned int device_count;

/**
 * True when the device exists and its init returned 0. ISR: ok.
 * NULL gives false.
 */
bool device_is_ready(const struct device *dev);

/**
 * Look a device up by its devicetree label or node name, or full path.
 * @return the device, or NULL when none has that name or it is not ready.
 * ISR: ok.
 */
const struct device *device_get_binding(const char *name);

/**
 * Run init for every device of @p level (kernel start-up calls this).
 * A failing init is recorded in the device state, not fatal.
 */
void device_init_level(enum device_init_level level);

#endif /* KESTREL_DEVICE_H */
