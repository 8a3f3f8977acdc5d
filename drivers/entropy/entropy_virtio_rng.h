/*
 * virtio-rng (virtio entropy device, device ID 4) on a modern virtio 1.0
 * MMIO transport (kestrel,virtio-rng-mmio), as QEMU's
 * `-device virtio-rng-device` with `-global virtio-mmio.force-legacy=false`
 * gives on the qemu_rv32 virt machine.
 *
 * One virtqueue of a few entries; one request in flight at a time, made
 * from thread context under a mutex and completed by the device's
 * interrupt. A small pool of bytes fetched ahead serves
 * entropy_get_entropy_isr(), which never waits and returns 0 bytes when
 * the pool is empty (the next thread request refills it).
 */
#ifndef KESTREL_ENTROPY_VIRTIO_RNG_H
#define KESTREL_ENTROPY_VIRTIO_RNG_H

#include <stdint.h>

#include <kestrel/device.h>
#include <kestrel/drivers/entropy.h>
#include <kestrel/kernel.h>

#include "virtio/virtio_mmio.h"

#define VIRTIO_RNG_QUEUE_SIZE 4
#define VIRTIO_RNG_CHUNK 64   /**< bytes asked of the device per request */
#define VIRTIO_RNG_POOL 32    /**< bytes kept for the ISR variant */

struct entropy_virtio_rng_config {
	uintptr_t base; /**< virtio-mmio register block */
	uint32_t irq;   /**< PLIC line of the slot */
};

struct entropy_virtio_rng_data {
	VIRTQ_STORAGE(VIRTIO_RNG_QUEUE_SIZE) ring; /**< the request queue */
	struct virtq q;
	uint8_t chunk[VIRTIO_RNG_CHUNK]; /**< the device writes here */
	uint8_t pool[VIRTIO_RNG_POOL];   /**< bytes for the ISR variant */
	volatile uint32_t pool_len;      /**< valid bytes at the pool's start */
	struct k_mutex lock;             /**< one request at a time */
	struct k_sem done;               /**< given by the ISR */
};

extern const struct entropy_driver_api entropy_virtio_rng_api;

/**
 * Check the transport (magic, version 2, device ID 4), negotiate
 * VIRTIO_F_VERSION_1, set up queue 0, connect the interrupt, fill the pool.
 * @retval 0 ready
 * @retval -ENODEV no virtio-rng device in the slot
 * @retval -ENOTSUP legacy transport, or the device refuses virtio 1.0
 * @retval -EIO the device did not answer
 */
int entropy_virtio_rng_init(const struct device *dev);

#endif
