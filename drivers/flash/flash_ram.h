/*
 * RAM-backed NOR flash (kestrel,ram-flash) for the QEMU boards: a buffer
 * taken from a static pool of CONFIG_FLASH_RAM_POOL_SIZE bytes, erased
 * (0xff) at boot, following the NOR rules of kestrel/drivers/flash.h.
 * Its contents do not survive a reset.
 */
#ifndef KESTREL_FLASH_RAM_H
#define KESTREL_FLASH_RAM_H

#include <stdint.h>

#include <kestrel/device.h>
#include <kestrel/drivers/flash.h>

struct flash_ram_config {
	uint32_t size;             /**< bytes, multiple of erase_block_size */
	uint32_t erase_block_size; /**< page size, bytes */
	uint32_t write_block_size; /**< program unit, bytes */
};

struct flash_ram_data {
	uint8_t *mem;                   /**< the flash contents */
	struct flash_parameters params; /**< geometry from the config */
};

extern const struct flash_driver_api flash_ram_api;

/**
 * Take the buffer from the pool and erase it.
 * @retval 0 ready
 * @retval -EINVAL inconsistent geometry in the devicetree
 * @retval -ENOMEM the pool (CONFIG_FLASH_RAM_POOL_SIZE) is too small
 */
int flash_ram_init(const struct device *dev);

#endif
