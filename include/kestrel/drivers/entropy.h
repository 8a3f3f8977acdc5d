/*
 * Entropy (random number source) driver API.
 *
 * An entropy driver fills a struct entropy_driver_api; applications call the
 * inline wrappers below, which check their arguments and return -ENOSYS for
 * an operation the driver does not have.
 *
 * Sources by board (see each driver's header):
 * - native_sim: the host's getrandom(), or a PRNG seeded by --seed=N so a
 *   run is reproducible (kestrel,native-entropy);
 * - qemu_rv32: virtio-rng (kestrel,virtio-rng-mmio) when built, else the
 *   test-only source;
 * - mps2_an385: no hardware RNG; only the test-only xorshift source
 *   (kestrel,test-entropy), which needs CONFIG_TEST_RANDOM_GENERATOR=y and
 *   warns at build time and at boot. It is NOT random: never ship it.
 */
#ifndef KESTREL_DRIVERS_ENTROPY_H
#define KESTREL_DRIVERS_ENTROPY_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>

#include <kestrel/device.h>

struct entropy_driver_api {
	/** Fill @p buf with @p len bytes (len > 0, buf valid); may wait.
	 *  0, or a negative errno. */
	int (*get_entropy)(const struct device *dev, uint8_t *buf, size_t len);
	/** Fill up to @p len bytes without waiting; number of bytes written
	 *  (may be fewer than @p len, possibly 0), or a negative errno. */
	int (*get_entropy_isr)(const struct device *dev, uint8_t *buf,
			       size_t len);
};

/**
 * Fill @p buf with @p len random bytes, waiting for the source if needed.
 * @retval 0 @p buf holds @p len bytes
 * @retval -EINVAL NULL device or buffer, or @p len is 0
 * @retval -EIO the source failed (nothing useful in @p buf)
 * @retval -ENOSYS the driver has no such operation
 * Thread context only (a hardware source may block).
 */
static inline int entropy_get_entropy(const struct device *dev, uint8_t *buf,
				      size_t len)
{
	if (dev == NULL || buf == NULL || len == 0) {
		return -EINVAL;
	}
	const struct entropy_driver_api *api =
		(const struct entropy_driver_api *)dev->api;

	if (api == NULL || api->get_entropy == NULL) {
		return -ENOSYS;
	}
	return api->get_entropy(dev, buf, len);
}

/**
 * Fill up to @p len bytes of @p buf without blocking.
 * @return the number of bytes written (0 .. @p len; fewer than asked when
 *         the source has no more ready)
 * @retval -EINVAL NULL device or buffer, or @p len is 0
 * @retval -EIO the source failed
 * @retval -ENOSYS the driver cannot be used from an ISR
 * ISR: ok; thread: ok.
 */
static inline int entropy_get_entropy_isr(const struct device *dev,
					  uint8_t *buf, size_t len)
{
	if (dev == NULL || buf == NULL || len == 0) {
		return -EINVAL;
	}
	const struct entropy_driver_api *api =
		(const struct entropy_driver_api *)dev->api;

	if (api == NULL || api->get_entropy_isr == NULL) {
		return -ENOSYS;
	}
	return api->get_entropy_isr(dev, buf, len);
}

#endif /* KESTREL_DRIVERS_ENTROPY_H */
