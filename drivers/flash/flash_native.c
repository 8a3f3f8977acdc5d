/*
 * native_sim NOR flash over a host mapping (see flash_native.h), with
 * power-cut fault injection for storage tests.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <kestrel/kernel.h>

#include "flash_native.h"
#include "flash_nor.h"
#include "posix_hw.h"

static int native_read(const struct device *dev, size_t off, void *buf,
		       size_t len)
{
	struct flash_native_data *d = dev->data;
	int ret = flash_nor_check_range(d->params.size, off, len, 1);

	if (ret == 0) {
		memcpy(buf, d->mem + off, len);
	}
	return ret;
}

/* Count one program/erase. Returns false when it must not run at all;
 * sets *torn when it is the operation the power dies in. */
static bool power_allows(struct flash_native_data *d, bool *torn)
{
	*torn = false;
	if (d->power_off) {
		return false;
	}
	if (d->cut_at != 0 && ++d->ops == d->cut_at) {
		d->power_off = true;
		*torn = true;
	}
	return true;
}

static int native_write(const struct device *dev, size_t off, const void *buf,
			size_t len)
{
	struct flash_native_data *d = dev->data;
	size_t wbs = d->params.write_block_size;
	bool torn;
	int ret = flash_nor_check_range(d->params.size, off, len, wbs);

	if (ret == 0) {
		ret = flash_nor_check_program(d->mem + off, buf, len);
	}
	if (ret != 0) {
		return ret;
	}
	if (!power_allows(d, &torn)) {
		return -EIO;
	}
	if (torn) {
		memcpy(d->mem + off, buf, (len / 2) / wbs * wbs);
		return -EIO;
	}
	memcpy(d->mem + off, buf, len);
	return 0;
}

static int native_erase(const struct device *dev, size_t off, size_t size)
{
	struct flash_native_data *d = dev->data;
	bool torn;
	int ret = flash_nor_check_range(d->params.size, off, size,
					d->params.erase_block_size);

	if (ret != 0) {
		return ret;
	}
	if (!power_allows(d, &torn)) {
		return -EIO;
	}
	memset(d->mem + off, FLASH_NOR_ERASED, torn ? size / 2 : size);
	return torn ? -EIO : 0;
}

static const struct flash_parameters *native_get_parameters(const struct device *dev)
{
	const struct flash_native_data *d = dev->data;

	return &d->params;
}

const struct flash_driver_api flash_native_api = {
	.read = native_read,
	.write = native_write,
	.erase = native_erase,
	.get_parameters = native_get_parameters,
};

int flash_native_set_power_cut(const struct device *dev, unsigned int n)
{
	if (dev == NULL || dev->api != &flash_native_api) {
		return -EINVAL;
	}
	struct flash_native_data *d = dev->data;
	unsigned int key = irq_lock();

	d->cut_at = n;
	d->ops = 0;
	d->power_off = false;
	irq_unlock(key);
	return 0;
}

/* Map @p path, creating and erasing it when it is new or empty. */
static int map_file(const struct device *dev, const char *path)
{
	struct flash_native_data *d = dev->data;
	size_t size = d->params.size;
	struct stat st;
	int fd = open(path, O_RDWR | O_CREAT, 0644);

	if (fd < 0 || fstat(fd, &st) != 0) {
		printk("%s: cannot open flash file '%s': %s\n", dev->node_path,
		       path, strerror(errno));
		if (fd >= 0) {
			close(fd);
		}
		return -EIO;
	}
	bool fresh = st.st_size == 0;

	if (!fresh && (size_t)st.st_size != size) {
		printk("%s: flash file '%s' is %lld bytes, the flash is %zu: "
		       "remove it or give another file\n", dev->node_path, path,
		       (long long)st.st_size, size);
		close(fd);
		return -EINVAL;
	}
	if (fresh && ftruncate(fd, (off_t)size) != 0) {
		printk("%s: cannot size flash file '%s': %s\n", dev->node_path,
		       path, strerror(errno));
		close(fd);
		return -EIO;
	}
	void *mem = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	close(fd);
	if (mem == MAP_FAILED) {
		printk("%s: cannot map flash file '%s': %s\n", dev->node_path,
		       path, strerror(errno));
		return -EIO;
	}
	d->mem = mem;
	if (fresh) {
		memset(d->mem, FLASH_NOR_ERASED, size);
	}
	return 0;
}

static int map_anonymous(const struct device *dev)
{
	struct flash_native_data *d = dev->data;
	void *mem = mmap(NULL, d->params.size, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (mem == MAP_FAILED) {
		printk("%s: cannot allocate %zu bytes of flash\n",
		       dev->node_path, d->params.size);
		return -EIO;
	}
	d->mem = mem;
	memset(d->mem, FLASH_NOR_ERASED, d->params.size);
	return 0;
}

int flash_native_init(const struct device *dev)
{
	const struct flash_native_config *cfg = dev->config;
	struct flash_native_data *d = dev->data;
	const char *path = posix_hw_flash_file(); /* --flash=FILE, or NULL */

	d->params = (struct flash_parameters){
		.size = cfg->size,
		.write_block_size = cfg->write_block_size,
		.erase_block_size = cfg->erase_block_size,
		.erased_value = FLASH_NOR_ERASED,
	};
	d->cut_at = 0;
	d->ops = 0;
	d->power_off = false;
	if (flash_nor_check_geometry(&d->params) != 0) {
		printk("%s: bad geometry (size %u, erase-block-size %u, "
		       "write-block-size %u)\n", dev->node_path,
		       (unsigned int)cfg->size, (unsigned int)cfg->erase_block_size,
		       (unsigned int)cfg->write_block_size);
		return -EINVAL;
	}
	return path != NULL ? map_file(dev, path) : map_anonymous(dev);
}
