/*
 * Mbed TLS on Kestrel (include/kestrel/crypto/mbedtls.h): start-up, and the
 * helpers the other files of this test share (test_util.h).
 */
#include <errno.h>
#include <string.h>

#include <psa/crypto.h>

#include <kestrel/crypto/mbedtls.h>
#include <kestrel/ktest.h>

#include "test_util.h"

psa_key_id_t test_import_key(psa_key_type_t type, psa_key_usage_t usage,
			     psa_algorithm_t alg, const uint8_t *data,
			     size_t len)
{
	psa_key_attributes_t attr = PSA_KEY_ATTRIBUTES_INIT;
	psa_key_id_t id = PSA_KEY_ID_NULL;

	psa_set_key_type(&attr, type);
	psa_set_key_usage_flags(&attr, usage);
	psa_set_key_algorithm(&attr, alg);
	if (psa_import_key(&attr, data, len, &id) != PSA_SUCCESS) {
		return PSA_KEY_ID_NULL;
	}
	return id;
}

KTEST_SUITE(mbedtls_init, NULL, NULL, NULL, NULL);

KTEST(mbedtls_init, boot_init_succeeded_and_is_idempotent)
{
	uint8_t buf[8];

	/* SYS_INIT ran it at boot: PSA works before any call of ours. */
	kt_assert_eq(psa_generate_random(buf, sizeof(buf)), PSA_SUCCESS);
	kt_assert_eq(kestrel_mbedtls_init(), 0);
	kt_assert_eq(kestrel_mbedtls_init(), 0);
}

KTEST(mbedtls_init, entropy_device_is_the_boards)
{
	const struct device *dev = kestrel_mbedtls_entropy_device();

	kt_assert_not_null(dev);
	kt_assert_true(device_is_ready(dev));
	kt_assert_str_eq(dev->name, "entropy0");
}

KTEST(mbedtls_init, reinit_after_deinit_works)
{
	uint8_t buf[8];
	size_t unused = 0;

	kestrel_mbedtls_deinit();
	kt_assert_eq(psa_generate_random(buf, sizeof(buf)), PSA_ERROR_BAD_STATE);
	kt_assert_eq(kestrel_mbedtls_init(), 0);
	kt_assert_eq(psa_generate_random(buf, sizeof(buf)), PSA_SUCCESS);
	/* The stack psa_crypto_init() needs (for the main thread's size). */
	kt_assert_eq(k_thread_stack_space_get(k_current_get(), &unused), 0);
	printk("stack: %u bytes unused of CONFIG_KTEST_STACK_SIZE=%u after "
	       "psa_crypto_init\n", (unsigned int)unused,
	       (unsigned int)CONFIG_KTEST_STACK_SIZE);
}

KTEST(mbedtls_init, heap_stats_reject_null_and_report_the_size)
{
	struct kestrel_mbedtls_heap_stats st;

	kt_assert_eq(kestrel_mbedtls_heap_stats(NULL), -EINVAL);
	kt_assert_eq(kestrel_mbedtls_heap_stats(&st), 0);
	kt_assert_eq(st.size, CONFIG_MBEDTLS_HEAP_SIZE);
	kt_assert_le(st.allocated_bytes, st.max_allocated_bytes);
	kt_assert_lt(st.free_bytes, (size_t)CONFIG_MBEDTLS_HEAP_SIZE);
}
