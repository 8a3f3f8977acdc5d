/*
 * native_sim NOR flash (kestrel,native-flash): the NOR rules of
 * kestrel/drivers/flash.h over a host memory mapping. With the
 * executable's --flash=FILE option the mapping is FILE (created and erased
 * when missing or empty; it must otherwise have exactly the flash's size),
 * so contents persist between runs; without it, anonymous memory erased at
 * boot. flash_native_set_power_cut() injects torn writes.
 */
#ifndef KESTREL_FLASH_NATIVE_H
#define KESTREL_FLASH_NATIVE_H

#include <stdbool.h>
#include <stdint.h>

#include <kestrel/device.h>
#include <kestrel/drivers/flash.h>

struct flash_native_config {
	uint32_t size;             /**< bytes, multiple of erase_block_size */
	uint32_t erase_block_size; /**< page size, bytes */
	uint32_t write_block_size; /**< program unit, bytes */
};

struct flash_native_data {
	uint8_t *mem;                   /**< mapping of the flash contents */
	struct flash_parameters params; /**< geometry from the config */
	unsigned int cut_at;            /**< torn operation number, 0: off */
	unsigned int ops;               /**< operations since the cut was set */
	bool power_off;                 /**< the cut happened */
};

extern const struct flash_driver_api flash_native_api;

/**
 * Map the backing file (--flash=FILE) or anonymous memory.
 * @retval 0 ready
 * @retval -EINVAL bad geometry, or the file has another size
 * @retval -EIO the file cannot be opened or mapped
 */
int flash_native_init(const struct device *dev);

#endif
