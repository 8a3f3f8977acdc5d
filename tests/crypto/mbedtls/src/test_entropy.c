/*
 * Entropy reaches Mbed TLS from the board's entropy device: a counting
 * device in front of it sees the seeding; two DRBG outputs differ; a
 * failing device makes seeding (CTR_DRBG and psa_crypto_init()) fail with
 * a clear error, and the default device works again afterwards.
 */
#include <errno.h>
#include <string.h>

#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <psa/crypto.h>

#include <kestrel/crypto/mbedtls.h>
#include <kestrel/drivers/entropy.h>
#include <kestrel/ktest.h>

static const struct device *real_dev;
static size_t counted_bytes;

static int counting_get(const struct device *dev, uint8_t *buf, size_t len)
{
	(void)dev;
	counted_bytes += len;
	return entropy_get_entropy(real_dev, buf, len);
}

static int failing_get(const struct device *dev, uint8_t *buf, size_t len)
{
	(void)dev;
	(void)buf;
	(void)len;
	return -EIO;
}

static const struct entropy_driver_api counting_api = { .get_entropy = counting_get };
static const struct entropy_driver_api failing_api = { .get_entropy = failing_get };
static struct device_state ready_state = { .init_res = 0, .initialized = true };
static const struct device counting_dev = {
	.name = "counting", .api = &counting_api, .state = &ready_state,
};
static const struct device failing_dev = {
	.name = "failing", .api = &failing_api, .state = &ready_state,
};

static void *setup(void)
{
	real_dev = kestrel_mbedtls_entropy_device();
	return NULL;
}

static void after(void *f)
{
	(void)f;
	(void)kestrel_mbedtls_entropy_device_set(NULL);
	(void)kestrel_mbedtls_init();
}

KTEST_SUITE(mbedtls_entropy, setup, NULL, after, NULL);

/* Seed a CTR_DRBG from mbedtls_entropy_func (the device) and draw 32 bytes. */
static int seed_and_draw(uint8_t out[32])
{
	mbedtls_entropy_context ent;
	mbedtls_ctr_drbg_context drbg;
	static const uint8_t pers[] = "kestrel test";

	mbedtls_entropy_init(&ent);
	mbedtls_ctr_drbg_init(&drbg);
	int ret = mbedtls_ctr_drbg_seed(&drbg, mbedtls_entropy_func, &ent,
					pers, sizeof(pers));

	if (ret == 0) {
		ret = mbedtls_ctr_drbg_random(&drbg, out, 32);
	}
	mbedtls_ctr_drbg_free(&drbg);
	mbedtls_entropy_free(&ent);
	return ret;
}

KTEST(mbedtls_entropy, drbg_seeding_reads_the_device)
{
	uint8_t out[32];

	kt_assert_not_null(real_dev);
	counted_bytes = 0;
	kt_assert_eq(kestrel_mbedtls_entropy_device_set(&counting_dev), 0);
	kt_assert_ptr_eq(kestrel_mbedtls_entropy_device(), &counting_dev);
	kt_assert_eq(seed_and_draw(out), 0);
	kt_assert_ge(counted_bytes, (size_t)MBEDTLS_ENTROPY_BLOCK_SIZE);
}

KTEST(mbedtls_entropy, two_drbg_outputs_differ)
{
	uint8_t a[32], b[32], c[32], d[32];

	kt_assert_eq(seed_and_draw(a), 0);
	kt_assert_eq(seed_and_draw(b), 0);
	kt_assert(memcmp(a, b, sizeof(a)) != 0, "two seedings gave the same bytes");
	kt_assert_eq(psa_generate_random(c, sizeof(c)), PSA_SUCCESS);
	kt_assert_eq(psa_generate_random(d, sizeof(d)), PSA_SUCCESS);
	kt_assert(memcmp(c, d, sizeof(c)) != 0, "PSA gave the same bytes twice");
}

KTEST(mbedtls_entropy, failing_device_makes_drbg_seeding_fail)
{
	uint8_t out[32];

	kt_assert_eq(kestrel_mbedtls_entropy_device_set(&failing_dev), 0);
	kt_assert_eq(seed_and_draw(out), MBEDTLS_ERR_CTR_DRBG_ENTROPY_SOURCE_FAILED);
}

KTEST(mbedtls_entropy, failing_device_makes_psa_init_fail_then_recovers)
{
	uint8_t out[16];

	kestrel_mbedtls_deinit();
	kt_assert_eq(kestrel_mbedtls_entropy_device_set(&failing_dev), 0);
	kt_assert_eq(kestrel_mbedtls_init(), -EIO);
	kt_assert_eq(psa_generate_random(out, sizeof(out)), PSA_ERROR_BAD_STATE);
	kt_assert_eq(kestrel_mbedtls_entropy_device_set(NULL), 0);
	kt_assert_ptr_eq(kestrel_mbedtls_entropy_device(), real_dev);
	kt_assert_eq(kestrel_mbedtls_init(), 0);
	kt_assert_eq(psa_generate_random(out, sizeof(out)), PSA_SUCCESS);
}
