/*
 * Flash (NOR) driver API.
 *
 * A flash device is an array of bytes split into erase pages of
 * `erase_block_size` bytes. It follows NOR rules:
 * - erase sets whole pages to the erased value 0xff;
 * - a write programs whole write blocks (`write_block_size`, offset and
 *   length multiples of it) and can only turn erased bytes into data.
 *   Kestrel drivers REFUSE a write that would change a byte that is not
 *   erased (0xff) to a different value: the whole write fails with -EIO
 *   and nothing is written. Rewriting a byte with the value it already
 *   holds is allowed (it changes no bit), so an idempotent rewrite works.
 *   This is stricter than bit-clearing NOR hardware on purpose: code that
 *   works on it works on any NOR part.
 * Offsets and lengths are in bytes from the start of the device; a range
 * that does not fit in the device is -EINVAL. A zero length is a no-op
 * that returns 0 (when the offset is in range).
 *
 * Drivers: kestrel,native-flash (native_sim, file-backed with --flash=FILE,
 * else in memory; power-cut fault injection below), kestrel,ram-flash
 * (QEMU boards, a RAM buffer erased at boot; contents do not survive a
 * reset). Applications find the board's flash by its label, "flash0".
 */
#ifndef KESTREL_DRIVERS_FLASH_H
#define KESTREL_DRIVERS_FLASH_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>

#include <kestrel/device.h>

/** Geometry of a flash device. */
struct flash_parameters {
	size_t size;             /**< bytes in the device */
	size_t write_block_size; /**< write offset/length unit, bytes, >= 1 */
	size_t erase_block_size; /**< erase page, bytes, multiple of the above */
	uint8_t erased_value;    /**< value of an erased byte (0xff) */
};

struct flash_driver_api {
	/** Arguments are not checked by the wrappers beyond NULL pointers;
	 *  the driver checks ranges and alignment. */
	int (*read)(const struct device *dev, size_t off, void *buf, size_t len);
	int (*write)(const struct device *dev, size_t off, const void *buf,
		     size_t len);
	int (*erase)(const struct device *dev, size_t off, size_t size);
	const struct flash_parameters *(*get_parameters)(const struct device *dev);
};

static inline const struct flash_driver_api *z_flash_api(const struct device *dev)
{
	return (const struct flash_driver_api *)dev->api;
}

/**
 * Read @p len bytes at @p off into @p buf. Any offset and length in range.
 * @retval 0 read
 * @retval -EINVAL NULL device or buffer, or the range is outside the device
 * @retval -EIO the backing store failed
 * @retval -ENOSYS the driver cannot read
 * Thread context (ISR: ok for the native and RAM drivers).
 */
static inline int flash_read(const struct device *dev, size_t off, void *buf,
			     size_t len)
{
	if (dev == NULL || buf == NULL || dev->api == NULL) {
		return -EINVAL;
	}
	if (z_flash_api(dev)->read == NULL) {
		return -ENOSYS;
	}
	return z_flash_api(dev)->read(dev, off, buf, len);
}

/**
 * Program @p len bytes of @p buf at @p off. The target bytes must be
 * erased (0xff) or already hold the same values.
 * @retval 0 written
 * @retval -EINVAL NULL device or buffer, range outside the device, or
 *         @p off / @p len not multiples of write_block_size (nothing written)
 * @retval -EIO a target byte is not erased and differs from the new value
 *         (nothing written), the backing store failed, or power was cut
 *         (native_sim fault injection: the write may be torn)
 * @retval -ENOSYS the driver cannot write
 * Thread context.
 */
static inline int flash_write(const struct device *dev, size_t off,
			      const void *buf, size_t len)
{
	if (dev == NULL || buf == NULL || dev->api == NULL) {
		return -EINVAL;
	}
	if (z_flash_api(dev)->write == NULL) {
		return -ENOSYS;
	}
	return z_flash_api(dev)->write(dev, off, buf, len);
}

/**
 * Erase the whole pages in [@p off, @p off + @p size) to 0xff.
 * @retval 0 erased
 * @retval -EINVAL NULL device, range outside the device, or @p off /
 *         @p size not multiples of erase_block_size (nothing erased)
 * @retval -EIO the backing store failed, or power was cut (native_sim)
 * @retval -ENOSYS the driver cannot erase
 * Thread context.
 */
static inline int flash_erase(const struct device *dev, size_t off, size_t size)
{
	if (dev == NULL || dev->api == NULL) {
		return -EINVAL;
	}
	if (z_flash_api(dev)->erase == NULL) {
		return -ENOSYS;
	}
	return z_flash_api(dev)->erase(dev, off, size);
}

/**
 * Copy the device's geometry into @p params.
 * @retval 0 @p params filled
 * @retval -EINVAL NULL argument
 * @retval -ENOSYS the driver does not report its geometry
 * ISR: ok.
 */
static inline int flash_get_parameters(const struct device *dev,
				       struct flash_parameters *params)
{
	if (dev == NULL || params == NULL || dev->api == NULL) {
		return -EINVAL;
	}
	if (z_flash_api(dev)->get_parameters == NULL) {
		return -ENOSYS;
	}
	*params = *z_flash_api(dev)->get_parameters(dev);
	return 0;
}

/*
 * native_sim only (kestrel,native-flash): power-cut fault injection.
 *
 * flash_native_set_power_cut(dev, n), n >= 1: counting from this call, the
 * n-1 next program/erase operations complete normally; the n-th is torn —
 * only its first half (rounded down to whole write blocks; for an erase,
 * the first half of the range's bytes) reaches the flash — and returns -EIO;
 * from then on every write and erase returns -EIO and changes nothing,
 * while reads still work (to inspect what survived). Calls rejected with
 * -EINVAL (bad arguments) or -EIO (not erased) do not count.
 * n == 0 restores power and turns the fault injection off.
 * @retval 0 set
 * @retval -EINVAL @p dev is NULL or not a kestrel,native-flash device
 * Thread context.
 */
int flash_native_set_power_cut(const struct device *dev, unsigned int n);

#endif /* KESTREL_DRIVERS_FLASH_H */
