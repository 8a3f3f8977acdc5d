/*
 * NOR rules shared by the memory-backed flash drivers (native, RAM):
 * argument checks and the "program only erased bytes" test. See
 * include/kestrel/drivers/flash.h for the rules themselves.
 */
#ifndef KESTREL_FLASH_NOR_H
#define KESTREL_FLASH_NOR_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>

#include <kestrel/drivers/flash.h>

#define FLASH_NOR_ERASED 0xffu

/**
 * Check that [@p off, @p off + @p len) lies in a device of @p size bytes
 * and that @p off and @p len are multiples of @p align (1: any).
 * @retval 0 ok
 * @retval -EINVAL out of range or misaligned
 */
static inline int flash_nor_check_range(size_t size, size_t off, size_t len,
					size_t align)
{
	if (off > size || len > size - off) {
		return -EINVAL;
	}
	if (off % align != 0 || len % align != 0) {
		return -EINVAL;
	}
	return 0;
}

/**
 * Check that programming @p src over @p mem changes only erased bytes.
 * @retval 0 every byte is erased or already holds the new value
 * @retval -EIO some byte is programmed and differs
 */
static inline int flash_nor_check_program(const uint8_t *mem,
					  const uint8_t *src, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (mem[i] != FLASH_NOR_ERASED && mem[i] != src[i]) {
			return -EIO;
		}
	}
	return 0;
}

/**
 * Check a devicetree geometry once at init.
 * @retval 0 ok
 * @retval -EINVAL a size is 0, or erase-block-size is not a multiple of
 *         write-block-size, or size is not a multiple of erase-block-size
 */
static inline int flash_nor_check_geometry(const struct flash_parameters *p)
{
	if (p->size == 0 || p->write_block_size == 0 ||
	    p->erase_block_size == 0 ||
	    p->erase_block_size % p->write_block_size != 0 ||
	    p->size % p->erase_block_size != 0) {
		return -EINVAL;
	}
	return 0;
}

#endif
