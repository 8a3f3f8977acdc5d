/*
 * TEST-ONLY entropy source: xorshift32 (Marsaglia 2003) seeded at build
 * time. Predictable by design; see entropy_test.h.
 */
#include <string.h>

#include <kestrel/kernel.h>

#include "entropy_test.h"

static uint32_t xorshift32_next(uint32_t *state)
{
	uint32_t x = *state;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	*state = x;
	return x;
}

static int test_get_entropy_isr(const struct device *dev, uint8_t *buf,
				size_t len)
{
	struct entropy_test_data *d = dev->data;
	size_t left;

	if (len > INT32_MAX) {
		len = INT32_MAX;
	}
	left = len;
	unsigned int key = irq_lock();

	while (left > 0) {
		uint32_t r = xorshift32_next(&d->state);
		size_t n = left < sizeof(r) ? left : sizeof(r);

		memcpy(buf, &r, n);
		buf += n;
		left -= n;
	}
	irq_unlock(key);
	return (int)len;
}

static int test_get_entropy(const struct device *dev, uint8_t *buf,
			    size_t len)
{
	while (len > 0) {
		int n = test_get_entropy_isr(dev, buf, len);

		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

const struct entropy_driver_api entropy_test_api = {
	.get_entropy = test_get_entropy,
	.get_entropy_isr = test_get_entropy_isr,
};

int entropy_test_init(const struct device *dev)
{
	struct entropy_test_data *d = dev->data;
	uint32_t seed = (uint32_t)CONFIG_TEST_RANDOM_GENERATOR_SEED;

	d->state = seed != 0 ? seed : 0x2545f491u;
	printk("WARNING: %s is a TEST-ONLY entropy source (not random, "
	       "CONFIG_TEST_RANDOM_GENERATOR=y): never use this image in a "
	       "product\n", dev->name);
	return 0;
}
