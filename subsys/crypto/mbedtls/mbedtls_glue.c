/*
 * Mbed TLS on Kestrel: its heap, its entropy source and its start-up
 * (include/kestrel/crypto/mbedtls.h). Time: mbedtls_time.c; threads:
 * mbedtls_threading.c.
 */
#include <errno.h>

#include <mbedtls/entropy.h>
#include <psa/crypto.h>

#include <kestrel/crypto/mbedtls.h>
#include <kestrel/drivers/entropy.h>
#include <kestrel/init.h>
#include <kestrel/kernel.h>

#include <devicetree.h>

#include "mbedtls_glue.h"

#if DEVICE_DT_CLASS_ENTROPY_COUNT == 0
#error "CONFIG_MBEDTLS needs an enabled entropy device in the board's devicetree (drivers/entropy)"
#endif
#if defined(CONFIG_ENTROPY_TEST) && !defined(CONFIG_MBEDTLS_TEST_ENTROPY)
#error "Mbed TLS refuses the TEST-ONLY entropy source kestrel,test-entropy: set CONFIG_MBEDTLS_TEST_ENTROPY=y in a test build, never in a product"
#endif

/* ---- heap --------------------------------------------------------------- */

static K_HEAP_DEFINE(mbedtls_heap, CONFIG_MBEDTLS_HEAP_SIZE);

/* Own counters (under irq_lock) so the high-water mark can be reset. */
static struct {
	size_t allocated;
	size_t peak;
	uint32_t failed;
} heap_use;

void *kestrel_mbedtls_calloc(size_t num, size_t size)
{
	void *p = k_heap_calloc(&mbedtls_heap, num, size, K_NO_WAIT);
	size_t got = p != NULL ? k_heap_usable_size(&mbedtls_heap, p) : 0;
	unsigned int key = irq_lock();

	if (p != NULL) {
		heap_use.allocated += got;
		if (heap_use.allocated > heap_use.peak) {
			heap_use.peak = heap_use.allocated;
		}
	} else if (num != 0 && size != 0) {
		heap_use.failed++;
	}
	irq_unlock(key);
	return p;
}

void kestrel_mbedtls_free(void *ptr)
{
	size_t got = k_heap_usable_size(&mbedtls_heap, ptr);

	if (ptr == NULL || k_heap_free(&mbedtls_heap, ptr) != 0) {
		return;
	}
	unsigned int key = irq_lock();

	heap_use.allocated -= got;
	irq_unlock(key);
}

int kestrel_mbedtls_heap_stats(struct kestrel_mbedtls_heap_stats *stats)
{
	struct k_heap_stats hs = { 0 };

	if (stats == NULL) {
		return -EINVAL;
	}
	if (k_heap_stats_get(&mbedtls_heap, &hs) != 0) {
		hs.free_bytes = CONFIG_MBEDTLS_HEAP_SIZE; /* never used yet */
	}
	unsigned int key = irq_lock();

	stats->size = CONFIG_MBEDTLS_HEAP_SIZE;
	stats->free_bytes = hs.free_bytes;
	stats->allocated_bytes = heap_use.allocated;
	stats->max_allocated_bytes = heap_use.peak;
	stats->failed_allocs = heap_use.failed;
	irq_unlock(key);
	return 0;
}

void kestrel_mbedtls_heap_stats_reset(void)
{
	unsigned int key = irq_lock();

	heap_use.peak = heap_use.allocated;
	heap_use.failed = 0;
	irq_unlock(key);
}

/* ---- entropy (MBEDTLS_ENTROPY_HARDWARE_ALT) ------------------------------ */

static const struct device *const default_entropy[] = {
	DEVICE_DT_CLASS_ENTROPY_LIST NULL
};
static const struct device *entropy_dev;

const struct device *kestrel_mbedtls_entropy_device(void)
{
	return entropy_dev != NULL ? entropy_dev : default_entropy[0];
}

int kestrel_mbedtls_entropy_device_set(const struct device *dev)
{
	entropy_dev = dev;
	return 0;
}

int mbedtls_hardware_poll(void *data, unsigned char *output, size_t len,
			  size_t *olen)
{
	const struct device *dev = kestrel_mbedtls_entropy_device();

	(void)data;
	*olen = 0;
	if (len == 0) {
		return 0;
	}
	if (dev == NULL || entropy_get_entropy(dev, output, len) != 0) {
		return MBEDTLS_ERR_ENTROPY_SOURCE_FAILED;
	}
	*olen = len;
	return 0;
}

/* ---- start-up ------------------------------------------------------------ */

static bool initialised;
static bool threading_ready;

static int psa_status_to_errno(psa_status_t st)
{
	switch (st) {
	case PSA_SUCCESS:
		return 0;
	case PSA_ERROR_INSUFFICIENT_MEMORY:
		return -ENOMEM;
	default:
		return -EIO;
	}
}

int kestrel_mbedtls_init(void)
{
	const struct device *dev = kestrel_mbedtls_entropy_device();

	if (initialised) {
		return 0;
	}
	if (IS_ENABLED(CONFIG_MBEDTLS_THREADING) && !threading_ready) {
		kestrel_mbedtls_threading_setup();
		threading_ready = true;
	}
	if (IS_ENABLED(CONFIG_ENTROPY_TEST)) {
		printk("WARNING: Mbed TLS draws from the TEST-ONLY entropy "
		       "source (CONFIG_MBEDTLS_TEST_ENTROPY=y): its keys and "
		       "sessions are NOT secret; never use this image in a "
		       "product\n");
	}
	if (dev == NULL || !device_is_ready(dev)) {
		printk("mbedtls: no entropy device ready\n");
		return -ENODEV;
	}
	psa_status_t st = psa_crypto_init();

	if (st != PSA_SUCCESS) {
		printk("mbedtls: psa_crypto_init failed: %d (%s)\n", (int)st,
		       st == PSA_ERROR_INSUFFICIENT_ENTROPY ?
		       "the entropy device failed" : "see psa/crypto_values.h");
		return psa_status_to_errno(st);
	}
	initialised = true;
	return 0;
}

void kestrel_mbedtls_deinit(void)
{
	if (initialised) {
		mbedtls_psa_crypto_free();
		initialised = false;
	}
}

static int kestrel_mbedtls_boot_init(void)
{
	return kestrel_mbedtls_init();
}

SYS_INIT(kestrel_mbedtls_boot_init, APPLICATION);
