/*
 * virtio-rng over modern virtio-mmio (see entropy_virtio_rng.h and the
 * virtio 1.0 specification, sections 4.2 "Virtio Over MMIO" and 5.4
 * "Entropy Device").
 */
#include <errno.h>
#include <string.h>

#include <kestrel/irq.h>
#include <kestrel/kernel.h>

#include "entropy_virtio_rng.h"

/* virtio-mmio registers (offsets) */
#define VMMIO_MAGIC           0x000
#define VMMIO_VERSION         0x004
#define VMMIO_DEVICE_ID       0x008
#define VMMIO_DEV_FEATURES    0x010
#define VMMIO_DEV_FEATURES_SEL 0x014
#define VMMIO_DRV_FEATURES    0x020
#define VMMIO_DRV_FEATURES_SEL 0x024
#define VMMIO_QUEUE_SEL       0x030
#define VMMIO_QUEUE_NUM_MAX   0x034
#define VMMIO_QUEUE_NUM       0x038
#define VMMIO_QUEUE_READY     0x044
#define VMMIO_QUEUE_NOTIFY    0x050
#define VMMIO_INT_STATUS      0x060
#define VMMIO_INT_ACK         0x064
#define VMMIO_STATUS          0x070
#define VMMIO_QUEUE_DESC_LO   0x080
#define VMMIO_QUEUE_DESC_HI   0x084
#define VMMIO_QUEUE_AVAIL_LO  0x090
#define VMMIO_QUEUE_AVAIL_HI  0x094
#define VMMIO_QUEUE_USED_LO   0x0a0
#define VMMIO_QUEUE_USED_HI   0x0a4

#define VMMIO_MAGIC_VALUE 0x74726976u /* "virt" */
#define VIRTIO_ID_ENTROPY 4u

#define STATUS_ACKNOWLEDGE 1u
#define STATUS_DRIVER      2u
#define STATUS_DRIVER_OK   4u
#define STATUS_FEATURES_OK 8u
#define STATUS_FAILED      128u

#define VIRTIO_F_VERSION_1_HI (1u << 0) /* feature bit 32 */
#define VIRTQ_DESC_F_WRITE 2u

#define REQUEST_SLICE K_MSEC(20)
#define REQUEST_SLICES 100 /* 2 s in all */

static inline uint32_t rd(const struct device *dev, uint32_t off)
{
	const struct entropy_virtio_rng_config *cfg = dev->config;

	return *(volatile uint32_t *)(cfg->base + off);
}

static inline void wr(const struct device *dev, uint32_t off, uint32_t v)
{
	const struct entropy_virtio_rng_config *cfg = dev->config;

	*(volatile uint32_t *)(cfg->base + off) = v;
}

static void virtio_rng_isr(const void *arg)
{
	const struct device *dev = arg;
	struct entropy_virtio_rng_data *d = dev->data;
	uint32_t status = rd(dev, VMMIO_INT_STATUS);

	wr(dev, VMMIO_INT_ACK, status);
	if (status & 1u) {
		(void)k_sem_give(&d->done);
	}
}

/* Ask the device for one chunk and wait for it. Lock held.
 * Returns the number of bytes in d->chunk, or a negative errno. */
static int request_chunk(const struct device *dev)
{
	struct entropy_virtio_rng_data *d = dev->data;
	uint16_t slot = d->avail.idx % VIRTIO_RNG_QUEUE_SIZE;

	d->desc[0].addr = (uint64_t)(uintptr_t)d->chunk;
	d->desc[0].len = sizeof(d->chunk);
	d->desc[0].flags = VIRTQ_DESC_F_WRITE;
	d->desc[0].next = 0;
	d->avail.ring[slot] = 0;
	__sync_synchronize();
	d->avail.idx++;
	__sync_synchronize();
	wr(dev, VMMIO_QUEUE_NOTIFY, 0);

	/* Wait in short slices: under QEMU -icount sleep=off an idle guest's
	 * clock jumps to its next timeout at once, possibly before the host
	 * side has served the request, so one long timeout could expire
	 * with the answer on its way. Each slice gives the host a turn. */
	for (int slice = 0;
	     *(volatile uint16_t *)&d->used.idx == d->last_used; slice++) {
		if (slice == REQUEST_SLICES) {
			return -EIO;
		}
		(void)k_sem_take(&d->done, REQUEST_SLICE);
	}
	__sync_synchronize();
	uint32_t len = d->used.ring[d->last_used % VIRTIO_RNG_QUEUE_SIZE].len;

	d->last_used++;
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

static int check_transport(const struct device *dev)
{
	if (rd(dev, VMMIO_MAGIC) != VMMIO_MAGIC_VALUE) {
		printk("%s: no virtio-mmio transport here\n", dev->node_path);
		return -ENODEV;
	}
	if (rd(dev, VMMIO_VERSION) != 2) {
		printk("%s: legacy virtio-mmio (version %u): run QEMU with "
		       "-global virtio-mmio.force-legacy=false\n", dev->node_path,
		       (unsigned int)rd(dev, VMMIO_VERSION));
		return -ENOTSUP;
	}
	if (rd(dev, VMMIO_DEVICE_ID) != VIRTIO_ID_ENTROPY) {
		printk("%s: device ID %u is not virtio-rng (4): add "
		       "-device virtio-rng-device to the QEMU command line\n",
		       dev->node_path, (unsigned int)rd(dev, VMMIO_DEVICE_ID));
		return -ENODEV;
	}
	return 0;
}

/* Reset, acknowledge, accept exactly VIRTIO_F_VERSION_1. */
static int negotiate(const struct device *dev)
{
	wr(dev, VMMIO_STATUS, 0);
	wr(dev, VMMIO_STATUS, STATUS_ACKNOWLEDGE);
	wr(dev, VMMIO_STATUS, STATUS_ACKNOWLEDGE | STATUS_DRIVER);
	wr(dev, VMMIO_DEV_FEATURES_SEL, 1);
	if (!(rd(dev, VMMIO_DEV_FEATURES) & VIRTIO_F_VERSION_1_HI)) {
		wr(dev, VMMIO_STATUS, STATUS_FAILED);
		return -ENOTSUP;
	}
	wr(dev, VMMIO_DRV_FEATURES_SEL, 0);
	wr(dev, VMMIO_DRV_FEATURES, 0);
	wr(dev, VMMIO_DRV_FEATURES_SEL, 1);
	wr(dev, VMMIO_DRV_FEATURES, VIRTIO_F_VERSION_1_HI);
	wr(dev, VMMIO_STATUS, STATUS_ACKNOWLEDGE | STATUS_DRIVER |
			      STATUS_FEATURES_OK);
	if (!(rd(dev, VMMIO_STATUS) & STATUS_FEATURES_OK)) {
		wr(dev, VMMIO_STATUS, STATUS_FAILED);
		return -ENOTSUP;
	}
	return 0;
}

static void put_addr(const struct device *dev, uint32_t lo_reg, const void *p)
{
	uint64_t a = (uint64_t)(uintptr_t)p;

	wr(dev, lo_reg, (uint32_t)a);
	wr(dev, lo_reg + 4, (uint32_t)(a >> 32));
}

static int setup_queue(const struct device *dev)
{
	struct entropy_virtio_rng_data *d = dev->data;

	wr(dev, VMMIO_QUEUE_SEL, 0);
	if (rd(dev, VMMIO_QUEUE_READY) != 0 ||
	    rd(dev, VMMIO_QUEUE_NUM_MAX) < VIRTIO_RNG_QUEUE_SIZE) {
		return -EIO;
	}
	memset(d->desc, 0, sizeof(d->desc));
	memset(&d->avail, 0, sizeof(d->avail));
	memset(&d->used, 0, sizeof(d->used));
	d->last_used = 0;
	wr(dev, VMMIO_QUEUE_NUM, VIRTIO_RNG_QUEUE_SIZE);
	put_addr(dev, VMMIO_QUEUE_DESC_LO, d->desc);
	put_addr(dev, VMMIO_QUEUE_AVAIL_LO, &d->avail);
	put_addr(dev, VMMIO_QUEUE_USED_LO, &d->used);
	wr(dev, VMMIO_QUEUE_READY, 1);
	return 0;
}

int entropy_virtio_rng_init(const struct device *dev)
{
	const struct entropy_virtio_rng_config *cfg = dev->config;
	struct entropy_virtio_rng_data *d = dev->data;
	int ret = check_transport(dev);

	if (ret == 0) {
		ret = negotiate(dev);
	}
	if (ret == 0) {
		ret = setup_queue(dev);
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
	wr(dev, VMMIO_STATUS, STATUS_ACKNOWLEDGE | STATUS_DRIVER |
			      STATUS_FEATURES_OK | STATUS_DRIVER_OK);
	(void)k_mutex_lock(&d->lock, K_FOREVER);
	ret = refill_pool(dev);
	(void)k_mutex_unlock(&d->lock);
	return ret;
}
