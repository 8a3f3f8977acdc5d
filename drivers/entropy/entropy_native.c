/*
 * native_sim entropy: the host's getrandom(), or splitmix64 seeded by
 * --seed for reproducible runs (see entropy_native.h).
 */
#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include <kestrel/kernel.h>

#include "entropy_native.h"
#include "posix_hw.h"

/* splitmix64 (Steele, Lea, Flood 2014): one 64-bit output per call. */
static uint64_t splitmix64_next(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static void fill_seeded(struct entropy_native_data *d, uint8_t *buf,
			size_t len)
{
	unsigned int key = irq_lock();

	while (len > 0) {
		uint64_t r = splitmix64_next(&d->state);
		size_t n = len < sizeof(r) ? len : sizeof(r);

		memcpy(buf, &r, n);
		buf += n;
		len -= n;
	}
	irq_unlock(key);
}

static int fill_host(uint8_t *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = getrandom(buf, len, 0);

		if (n < 0) {
			if (errno == EINTR) {
				continue;
			}
			return -EIO;
		}
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

static int native_get_entropy(const struct device *dev, uint8_t *buf,
			      size_t len)
{
	struct entropy_native_data *d = dev->data;

	if (d->seeded) {
		fill_seeded(d, buf, len);
		return 0;
	}
	return fill_host(buf, len);
}

static int native_get_entropy_isr(const struct device *dev, uint8_t *buf,
				  size_t len)
{
	if (len > INT32_MAX) {
		len = INT32_MAX;
	}
	int ret = native_get_entropy(dev, buf, len);

	return ret < 0 ? ret : (int)len;
}

const struct entropy_driver_api entropy_native_api = {
	.get_entropy = native_get_entropy,
	.get_entropy_isr = native_get_entropy_isr,
};

int entropy_native_init(const struct device *dev)
{
	struct entropy_native_data *d = dev->data;
	uint64_t seed = posix_hw_seed();

	d->seeded = seed != 0;
	/* Mix the seed once so that seeds 1, 2, 3 ... start far apart. */
	d->state = seed;
	(void)splitmix64_next(&d->state);
	return 0;
}
