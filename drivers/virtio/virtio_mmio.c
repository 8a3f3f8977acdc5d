/*
 * Modern virtio-mmio transport and split virtqueues (see virtio_mmio.h).
 */
#include <errno.h>
#include <string.h>

#include <kestrel/kernel.h>

#include "virtio_mmio.h"

/* virtio-mmio registers (offsets) */
#define VMMIO_MAGIC            0x000
#define VMMIO_VERSION          0x004
#define VMMIO_DEVICE_ID        0x008
#define VMMIO_DEV_FEATURES     0x010
#define VMMIO_DEV_FEATURES_SEL 0x014
#define VMMIO_DRV_FEATURES     0x020
#define VMMIO_DRV_FEATURES_SEL 0x024
#define VMMIO_QUEUE_SEL        0x030
#define VMMIO_QUEUE_NUM_MAX    0x034
#define VMMIO_QUEUE_NUM        0x038
#define VMMIO_QUEUE_READY      0x044
#define VMMIO_QUEUE_NOTIFY     0x050
#define VMMIO_INT_STATUS       0x060
#define VMMIO_INT_ACK          0x064
#define VMMIO_STATUS           0x070
#define VMMIO_QUEUE_DESC_LO    0x080
#define VMMIO_QUEUE_AVAIL_LO   0x090
#define VMMIO_QUEUE_USED_LO    0x0a0
#define VMMIO_CONFIG           0x100

#define VMMIO_MAGIC_VALUE 0x74726976u /* "virt" */

#define STATUS_ACKNOWLEDGE 1u
#define STATUS_DRIVER      2u
#define STATUS_DRIVER_OK   4u
#define STATUS_FEATURES_OK 8u
#define STATUS_FAILED      128u

/* avail: flags, idx, ring[]; used: flags, idx, elements */
#define RING_FLAGS 0
#define RING_IDX   1
#define RING_START 2

static inline uint32_t rd(uintptr_t base, uint32_t off)
{
	return *(volatile uint32_t *)(base + off);
}

static inline void wr(uintptr_t base, uint32_t off, uint32_t v)
{
	*(volatile uint32_t *)(base + off) = v;
}

static inline volatile struct virtq_used_elem *used_ring(const struct virtq *q)
{
	return (volatile struct virtq_used_elem *)(q->used + RING_START);
}

void virtq_init(struct virtq *q, uint16_t num, struct virtq_desc *desc,
		void *avail, void *used)
{
	q->desc = desc;
	q->avail = avail;
	q->used = used;
	q->num = num;
	q->last_used = 0;
	memset(desc, 0, sizeof(*desc) * num);
	memset(avail, 0, sizeof(uint16_t) * (3u + num));
	memset(used, 0, sizeof(uint16_t) * 3u +
			sizeof(struct virtq_used_elem) * num);
}

void virtq_make_avail(struct virtq *q, uint16_t id)
{
	uint16_t idx = q->avail[RING_IDX];

	q->avail[RING_START + (idx & (q->num - 1u))] = id;
	__sync_synchronize(); /* the ring entry before the index */
	q->avail[RING_IDX] = (uint16_t)(idx + 1u);
	__sync_synchronize(); /* the index before the notification */
}

bool virtq_has_used(const struct virtq *q)
{
	return q->used[RING_IDX] != q->last_used;
}

int virtq_get_used(struct virtq *q, uint32_t *len)
{
	if (!virtq_has_used(q)) {
		return -EAGAIN;
	}
	__sync_synchronize(); /* the index before the entry it covers */
	volatile struct virtq_used_elem *e =
		&used_ring(q)[q->last_used & (q->num - 1u)];
	uint32_t id = e->id;

	*len = e->len;
	q->last_used++;
	return id < q->num ? (int)id : -EIO;
}

void virtq_disable_interrupts(struct virtq *q)
{
	q->avail[RING_FLAGS] = VIRTQ_AVAIL_F_NO_INTERRUPT;
}

int virtio_mmio_probe(uintptr_t base, uint32_t id, const char *node,
		      const char *qemu_device)
{
	if (rd(base, VMMIO_MAGIC) != VMMIO_MAGIC_VALUE) {
		printk("%s: no virtio-mmio transport here\n", node);
		return -ENODEV;
	}
	if (rd(base, VMMIO_VERSION) != 2) {
		printk("%s: legacy virtio-mmio (version %u): run QEMU with "
		       "-global virtio-mmio.force-legacy=false\n", node,
		       (unsigned int)rd(base, VMMIO_VERSION));
		return -ENOTSUP;
	}
	if (rd(base, VMMIO_DEVICE_ID) != id) {
		printk("%s: device ID %u, not %u: add -device %s to the QEMU "
		       "command line (QEMU fills the slots from the last)\n",
		       node, (unsigned int)rd(base, VMMIO_DEVICE_ID),
		       (unsigned int)id, qemu_device);
		return -ENODEV;
	}
	return 0;
}

int virtio_mmio_negotiate(uintptr_t base, uint32_t want_lo, uint32_t *got_lo)
{
	const uint32_t steps = STATUS_ACKNOWLEDGE | STATUS_DRIVER;

	wr(base, VMMIO_STATUS, 0);
	wr(base, VMMIO_STATUS, STATUS_ACKNOWLEDGE);
	wr(base, VMMIO_STATUS, steps);
	wr(base, VMMIO_DEV_FEATURES_SEL, 1);
	if (!(rd(base, VMMIO_DEV_FEATURES) & VIRTIO_F_VERSION_1_HI)) {
		wr(base, VMMIO_STATUS, STATUS_FAILED);
		return -ENOTSUP;
	}
	wr(base, VMMIO_DEV_FEATURES_SEL, 0);
	uint32_t lo = rd(base, VMMIO_DEV_FEATURES) & want_lo;

	wr(base, VMMIO_DRV_FEATURES_SEL, 0);
	wr(base, VMMIO_DRV_FEATURES, lo);
	wr(base, VMMIO_DRV_FEATURES_SEL, 1);
	wr(base, VMMIO_DRV_FEATURES, VIRTIO_F_VERSION_1_HI);
	wr(base, VMMIO_STATUS, steps | STATUS_FEATURES_OK);
	if (!(rd(base, VMMIO_STATUS) & STATUS_FEATURES_OK)) {
		wr(base, VMMIO_STATUS, STATUS_FAILED);
		return -ENOTSUP;
	}
	*got_lo = lo;
	return 0;
}

static void put_addr(uintptr_t base, uint32_t lo_reg, const volatile void *p)
{
	uint64_t a = (uint64_t)(uintptr_t)p;

	wr(base, lo_reg, (uint32_t)a);
	wr(base, lo_reg + 4, (uint32_t)(a >> 32));
}

int virtio_mmio_setup_queue(uintptr_t base, uint32_t index,
			    const struct virtq *q)
{
	wr(base, VMMIO_QUEUE_SEL, index);
	if (rd(base, VMMIO_QUEUE_READY) != 0 ||
	    rd(base, VMMIO_QUEUE_NUM_MAX) < q->num) {
		return -EIO;
	}
	wr(base, VMMIO_QUEUE_NUM, q->num);
	put_addr(base, VMMIO_QUEUE_DESC_LO, q->desc);
	put_addr(base, VMMIO_QUEUE_AVAIL_LO, q->avail);
	put_addr(base, VMMIO_QUEUE_USED_LO, q->used);
	wr(base, VMMIO_QUEUE_READY, 1);
	return 0;
}

void virtio_mmio_driver_ok(uintptr_t base)
{
	wr(base, VMMIO_STATUS, rd(base, VMMIO_STATUS) | STATUS_DRIVER_OK);
}

void virtio_mmio_reset(uintptr_t base)
{
	wr(base, VMMIO_STATUS, 0);
}

void virtio_mmio_notify(uintptr_t base, uint32_t index)
{
	wr(base, VMMIO_QUEUE_NOTIFY, index);
}

uint32_t virtio_mmio_ack_irq(uintptr_t base)
{
	uint32_t status = rd(base, VMMIO_INT_STATUS);

	wr(base, VMMIO_INT_ACK, status);
	return status;
}

uint8_t virtio_mmio_config8(uintptr_t base, uint32_t off)
{
	return *(volatile uint8_t *)(base + VMMIO_CONFIG + off);
}
