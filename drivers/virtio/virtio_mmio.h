/*
 * Modern (virtio 1.0) virtio-mmio transport and split virtqueues, shared
 * by the virtio drivers (virtio 1.0 specification, 2.4 "Virtqueues" and
 * 4.2 "Virtio Over MMIO"). Private to drivers/: not a public API.
 *
 * A driver owns the ring memory (VIRTQ_STORAGE), describes it with a
 * struct virtq, and goes through: virtio_mmio_probe() (magic, version 2,
 * device ID), virtio_mmio_negotiate() (reset, ACKNOWLEDGE, DRIVER, the
 * features, FEATURES_OK), virtio_mmio_setup_queue() per queue, then
 * virtio_mmio_driver_ok(). Buffers go to the device with
 * virtq_make_avail() + virtio_mmio_notify() and come back through
 * virtq_get_used(). Every function here is ISR-safe except where noted;
 * callers serialise access to one queue.
 */
#ifndef KESTREL_VIRTIO_MMIO_H
#define KESTREL_VIRTIO_MMIO_H

#include <stdbool.h>
#include <stdint.h>

/* Device IDs (virtio 1.0, 5 "Device Types") */
#define VIRTIO_ID_NET     1u
#define VIRTIO_ID_ENTROPY 4u

/* Feature bits 32 and up, in the high feature word */
#define VIRTIO_F_VERSION_1_HI (1u << 0) /* bit 32 */

/* virtq_desc.flags */
#define VIRTQ_DESC_F_NEXT  1u
#define VIRTQ_DESC_F_WRITE 2u
/* avail.flags: do not interrupt when this queue's buffers are used */
#define VIRTQ_AVAIL_F_NO_INTERRUPT 1u

/* Interrupt status bits */
#define VIRTIO_MMIO_INT_VRING  1u /* a used ring was updated */
#define VIRTIO_MMIO_INT_CONFIG 2u /* the configuration changed */

struct virtq_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

struct virtq_used_elem {
	uint32_t id;
	uint32_t len;
};

/** Type of the ring memory of a queue of @p num entries (a power of 2). */
#define VIRTQ_STORAGE(num)                                                   \
	struct {                                                             \
		struct virtq_desc desc[num] __attribute__((aligned(16)));    \
		struct {                                                     \
			uint16_t flags, idx, ring[num], used_event;          \
		} avail __attribute__((aligned(2)));                         \
		struct {                                                     \
			uint16_t flags, idx;                                 \
			struct virtq_used_elem ring[num];                    \
			uint16_t avail_event;                                \
		} used __attribute__((aligned(4)));                          \
	}

/** One split virtqueue as the driver sees it. */
struct virtq {
	struct virtq_desc *desc;  /**< num descriptors */
	volatile uint16_t *avail; /**< flags, idx, ring[num], used_event */
	volatile uint16_t *used;  /**< flags, idx, then num used elements */
	uint16_t num;             /**< entries (power of 2) */
	uint16_t last_used;       /**< used idx consumed so far */
};

/** Bind @p q to storage @p s (a VIRTQ_STORAGE(n) object) and zero it. */
#define VIRTQ_INIT(q, s)                                                     \
	virtq_init((q), (uint16_t)(sizeof((s)->desc) / sizeof((s)->desc[0])), \
		   (s)->desc, &(s)->avail, &(s)->used)

void virtq_init(struct virtq *q, uint16_t num, struct virtq_desc *desc,
		void *avail, void *used);

/** Offer descriptor (chain head) @p id to the device. */
void virtq_make_avail(struct virtq *q, uint16_t id);

/** true when the device has returned a buffer not yet taken. */
bool virtq_has_used(const struct virtq *q);

/**
 * Take the oldest buffer the device returned.
 * @return its descriptor (chain head) id; *len gets the bytes written
 * @retval -EAGAIN none returned
 * @retval -EIO the device returned an id out of range
 */
int virtq_get_used(struct virtq *q, uint32_t *len);

/** Ask the device not to interrupt for this queue (e.g. a TX queue). */
void virtq_disable_interrupts(struct virtq *q);

/**
 * Check the transport at @p base: magic, version 2 (modern) and device ID
 * @p id. Prints the reason and the fix (naming @p node and the QEMU
 * option @p qemu_device) when it does not match. Thread context.
 * @retval 0 a modern virtio-mmio device of that ID
 * @retval -ENODEV no transport, or another device
 * @retval -ENOTSUP legacy transport
 */
int virtio_mmio_probe(uintptr_t base, uint32_t id, const char *node,
		      const char *qemu_device);

/**
 * Reset the device, set ACKNOWLEDGE and DRIVER, accept the device's
 * features that are in @p want_lo (bits 0-31) plus VIRTIO_F_VERSION_1,
 * and set FEATURES_OK. Thread context.
 * @return 0, *got_lo receives the accepted low feature bits
 * @retval -ENOTSUP the device lacks VIRTIO_F_VERSION_1 or refused them
 */
int virtio_mmio_negotiate(uintptr_t base, uint32_t want_lo, uint32_t *got_lo);

/**
 * Give queue @p index the rings of @p q and make it ready.
 * @retval 0 ready
 * @retval -EIO the queue is in use or smaller than q->num
 */
int virtio_mmio_setup_queue(uintptr_t base, uint32_t index,
			    const struct virtq *q);

/** Set DRIVER_OK: the device may use the queues. */
void virtio_mmio_driver_ok(uintptr_t base);

/** Reset the device (status 0): it stops using every queue. */
void virtio_mmio_reset(uintptr_t base);

/** Tell the device that queue @p index has new available buffers. */
void virtio_mmio_notify(uintptr_t base, uint32_t index);

/** Read and acknowledge the interrupt status (VIRTIO_MMIO_INT_*). */
uint32_t virtio_mmio_ack_irq(uintptr_t base);

/** Byte @p off of the device-specific configuration space. */
uint8_t virtio_mmio_config8(uintptr_t base, uint32_t off);

#endif /* KESTREL_VIRTIO_MMIO_H */
