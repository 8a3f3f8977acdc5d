/*
 * virtio-rng over modern virtio-mmio (see entropy_virtio_rng.h and the
 * virtio 1.0 specification, section 5.4 "Entropy Device"); the transport
 * is drivers/virtio/virtio_mmio.c.
 */
#include <errno.h>
#include <string.h>

#include <kestrel/irq.h>
#include <kestrel/kernel.h>

#include "entropy_virtio_rng.h"

#define REQUEST_SLICE K_MSEC(20)
#define REQUEST_SLICES 100 /* 2 s in all */

static inline uintptr_t base_of(const struct device *dev)
{
	return ((const struct entropy_virtio_rng_config *)dev->config)->base;
}

static void virtio_rng_isr(const void *arg)
{
	const struct device *dev = arg;
	struct entropy_virtio_rng_data *d = dev->data;

	if (virtio_mmio_ack_irq(base_of(dev)) & VIRTIO_MMIO_INT_VRING) {
		(void)k_sem_give(&d->done);
	}
}

/* Ask the device for one chunk and wait for it. Lock held.
 * Returns the number of bytes in d->chunk, or a negative errno. */
static int request_chunk(const struct device *dev)
{
	struct entropy_virtio_rng_data *d = dev->data;
	uint32_t len = 0;

	d->q.desc[0].addr = (uint64_t)(uintptr_t)d->chunk;
	d->q.desc[0].len = sizeof(d->chunk);
	d->q.desc[0].flags = VIRTQ_DESC_F_WRITE;
	d->q.desc[0].next = 0;
	virtq_make_avail(&d->q, 0);
	virtio_mmio_notify(base_of(dev), 0);

	/* Wait in short slices: under QEMU -icount sleep=off an idle guest's
	 * clock jumps to its next timeout at once, possibly before the host
	 * side has served the request, so one long timeout could expire
	 * with the answer on its way. Each slice gives the host a turn. */
	for (int slice = 0; !virtq_has_used(&d->q); slice++) {
		if (slice == REQUEST_SLICES) {
			return -EIO;
		}
		(void)k_sem_take(&d->done, REQUEST_SLICE);
	}
	if (virtq_get_used(&d->q, &len) < 0) {
		return -EIO;
	}
	return len > sizeof(d->chunk) ? (int)sizeof(d->chunk) : (int)len;
}
/* Top the ISR pool up from the device. Lock held. */
static int refill_pool(const struct device *dev)
{
	struct entropy_virtio_rng_data *d = dev->data;

	while (d->pool_len < sizeof(d->pool)) {
		int n = request_chunk(dev);

		if (n < 0) {
			return n;
		}
		unsigned int key = irq_lock();
		size_t room = sizeof(d->pool) - d->pool_len;
		size_t take = (size_t)n < room ? (size_t)n : room;

		memcpy(d->pool + d->pool_len, d->chunk, take);
		d->pool_len += take;
		irq_unlock(key);
	}
	return 0;
}

static int virtio_rng_get_entropy(const struct device *dev, uint8_t *buf,
				  size_t len)
{
	struct entropy_virtio_rng_data *d = dev->data;
	int ret = 0;

	(void)k_mutex_lock(&d->lock, K_FOREVER);
	while (len > 0) {
		int n = request_chunk(dev);

		if (n < 0) {
			ret = n;
			break;
		}
		size_t take = (size_t)n < len ? (size_t)n : len;

		memcpy(buf, d->chunk, take);
		buf += take;
		len -= take;
	}
	if (ret == 0) {
		ret = refill_pool(dev);
	}
	(void)k_mutex_unlock(&d->lock);
	return ret;
}

static int virtio_rng_get_entropy_isr(const struct device *dev, uint8_t *buf,
				      size_t len)
{
	struct entropy_virtio_rng_data *d = dev->data;
	unsigned int key = irq_lock();
	size_t take = len < d->pool_len ? len : d->pool_len;

	/* Hand out the pool's tail so its start stays put. */
	d->pool_len -= take;
	memcpy(buf, d->pool + d->pool_len, take);
	memset(d->pool + d->pool_len, 0, take);
	irq_unlock(key);
	return (int)take;
}

const struct entropy_driver_api entropy_virtio_rng_api = {
	.get_entropy = virtio_rng_get_entropy,
	.get_entropy_isr = virtio_rng_get_entropy_isr,
};

int entropy_virtio_rng_init(const struct device *dev)
{
	const struct entropy_virtio_rng_config *cfg = dev->config;
	struct entropy_virtio_rng_data *d = dev->data;
	uint32_t features;
	int ret = virtio_mmio_probe(cfg->base, VIRTIO_ID_ENTROPY,
				    dev->node_path, "virtio-rng-device");

	if (ret == 0) {
		ret = virtio_mmio_negotiate(cfg->base, 0, &features);
	}
	if (ret == 0) {
		VIRTQ_INIT(&d->q, &d->ring);
		ret = virtio_mmio_setup_queue(cfg->base, 0, &d->q);
	}
	if (ret != 0) {
		return ret;
	}
	(void)k_mutex_init(&d->lock);
	(void)k_sem_init(&d->done, 0, 1);
	d->pool_len = 0;
	ret = irq_connect_dynamic(cfg->irq, 2, virtio_rng_isr, dev);
	if (ret != 0) {
		return ret;
	}
	irq_enable(cfg->irq);
	virtio_mmio_driver_ok(cfg->base);
	(void)k_mutex_lock(&d->lock, K_FOREVER);
	ret = refill_pool(dev);
	(void)k_mutex_unlock(&d->lock);
	return ret;
}
