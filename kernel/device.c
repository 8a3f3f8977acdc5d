/* Device model run time: init by level, lookup, readiness. */
#include <string.h>

#include <kestrel/device.h>
#include <kestrel/kernel.h>

void device_init_level(enum device_init_level level)
{
	for (unsigned int i = 0; i < device_count; i++) {
		const struct device *dev = device_list[i];

		if (dev->level != level || dev->state->initialized) {
			continue;
		}
		dev->state->init_res = dev->init != NULL ? dev->init(dev) : 0;
		dev->state->initialized = true;
		if (dev->state->init_res != 0) {
			printk("device %s: init failed: %d\n", dev->name,
			       dev->state->init_res);
		}
	}
}

bool device_is_ready(const struct device *dev)
{
	return dev != NULL && dev->state->initialized && dev->state->init_res == 0;
}

const struct device *device_get_binding(const char *name)
{
	if (name == NULL) {
		return NULL;
	}
	for (unsigned int i = 0; i < device_count; i++) {
		const struct device *dev = device_list[i];

		if ((strcmp(dev->name, name) == 0 ||
		     strcmp(dev->node_path, name) == 0) &&
		    device_is_ready(dev)) {
			return dev;
		}
	}
	return NULL;
}
