/*
 * RAM-backed NOR flash: the QEMU boards' flash device (see flash_ram.h).
 */
#include <string.h>

#include <kestrel/kernel.h>

#include "flash_nor.h"
#include "flash_ram.h"

static uint8_t pool[CONFIG_FLASH_RAM_POOL_SIZE] __attribute__((aligned(8)));
static size_t pool_used;

static int ram_read(const struct device *dev, size_t off, void *buf,
		    size_t len)
{
	struct flash_ram_data *d = dev->data;
	int ret = flash_nor_check_range(d->params.size, off, len, 1);

	if (ret == 0) {
		memcpy(buf, d->mem + off, len);
	}
	return ret;
}

static int ram_write(const struct device *dev, size_t off, const void *buf,
		     size_t len)
{
	struct flash_ram_data *d = dev->data;
	int ret = flash_nor_check_range(d->params.size, off, len,
					d->params.write_block_size);

	if (ret == 0) {
		ret = flash_nor_check_program(d->mem + off, buf, len);
	}
	if (ret == 0) {
		memcpy(d->mem + off, buf, len);
	}
	return ret;
}

static int ram_erase(const struct device *dev, size_t off, size_t size)
{
	struct flash_ram_data *d = dev->data;
	int ret = flash_nor_check_range(d->params.size, off, size,
					d->params.erase_block_size);

	if (ret == 0) {
		memset(d->mem + off, FLASH_NOR_ERASED, size);
	}
	return ret;
}

static const struct flash_parameters *ram_get_parameters(const struct device *dev)
{
	const struct flash_ram_data *d = dev->data;

	return &d->params;
}

const struct flash_driver_api flash_ram_api = {
	.read = ram_read,
	.write = ram_write,
	.erase = ram_erase,
	.get_parameters = ram_get_parameters,
};

int flash_ram_init(const struct device *dev)
{
	const struct flash_ram_config *cfg = dev->config;
	struct flash_ram_data *d = dev->data;

	d->params = (struct flash_parameters){
		.size = cfg->size,
		.write_block_size = cfg->write_block_size,
		.erase_block_size = cfg->erase_block_size,
		.erased_value = FLASH_NOR_ERASED,
	};
	if (flash_nor_check_geometry(&d->params) != 0) {
		printk("%s: bad geometry (size %u, erase-block-size %u, "
		       "write-block-size %u)\n", dev->node_path,
		       (unsigned int)cfg->size, (unsigned int)cfg->erase_block_size,
		       (unsigned int)cfg->write_block_size);
		return -EINVAL;
	}
	if (cfg->size > sizeof(pool) - pool_used) {
		printk("%s: %u bytes do not fit in CONFIG_FLASH_RAM_POOL_SIZE "
		       "(%u left): raise it\n", dev->node_path,
		       (unsigned int)cfg->size,
		       (unsigned int)(sizeof(pool) - pool_used));
		return -ENOMEM;
	}
	d->mem = pool + pool_used;
	pool_used += cfg->size;
	memset(d->mem, FLASH_NOR_ERASED, cfg->size);
	return 0;
}
