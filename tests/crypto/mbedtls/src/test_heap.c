/*
 * The Mbed TLS heap: an exhausted heap makes Mbed TLS calls fail with their
 * allocation error (and counts the refusals), never crash; everything
 * works again once memory is back; the statistics follow the allocations.
 */
#include <stdint.h>
#include <string.h>

#include <mbedtls/platform.h>
#include <mbedtls/x509_crt.h>
#include <psa/crypto.h>

#include <kestrel/crypto/mbedtls.h>
#include <kestrel/ktest.h>

#include "test_data.h"

#define CHUNK 256
#define MAX_CHUNKS (CONFIG_MBEDTLS_HEAP_SIZE / CHUNK + 512)

static void *chunks[MAX_CHUNKS];

/* Take all the heap has, in blocks of CHUNK bytes, then of smaller sizes
 * for the gaps; the number of blocks. */
static size_t exhaust(void)
{
	static const size_t sizes[] = { CHUNK, 64, 16, 1 };
	size_t n = 0;

	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		while (n < MAX_CHUNKS &&
		       (chunks[n] = mbedtls_calloc(1, sizes[i])) != NULL) {
			n++;
		}
	}
	return n;
}

static void release(size_t n)
{
	for (size_t i = 0; i < n; i++) {
		mbedtls_free(chunks[i]);
		chunks[i] = NULL;
	}
}

KTEST_SUITE(mbedtls_heap, NULL, NULL, NULL, NULL);

KTEST(mbedtls_heap, exhaustion_is_an_error_then_recovers)
{
	struct kestrel_mbedtls_heap_stats st;
	mbedtls_x509_crt crt;

	kestrel_mbedtls_heap_stats_reset();
	size_t n = exhaust();

	kt_assert_gt(n, 0);
	kt_assert_lt(n, MAX_CHUNKS);
	mbedtls_x509_crt_init(&crt);
	int ret = mbedtls_x509_crt_parse(&crt, leaf_pem, leaf_pem_len);

	mbedtls_x509_crt_free(&crt);
	release(n);
	kt_assert_lt(ret, 0);
	kt_assert_eq(kestrel_mbedtls_heap_stats(&st), 0);
	kt_assert_ge(st.failed_allocs, 2);
	mbedtls_x509_crt_init(&crt);
	kt_assert_eq(mbedtls_x509_crt_parse(&crt, leaf_pem, leaf_pem_len), 0);
	mbedtls_x509_crt_free(&crt);
}

KTEST(mbedtls_heap, psa_key_import_without_memory_is_insufficient_memory)
{
	psa_key_attributes_t attr = PSA_KEY_ATTRIBUTES_INIT;
	psa_key_id_t key = PSA_KEY_ID_NULL;
	static const uint8_t aes[16] = { 1, 2, 3 };

	psa_set_key_type(&attr, PSA_KEY_TYPE_AES);
	psa_set_key_usage_flags(&attr, PSA_KEY_USAGE_ENCRYPT);
	psa_set_key_algorithm(&attr, PSA_ALG_GCM);
	size_t n = exhaust();
	psa_status_t st = psa_import_key(&attr, aes, sizeof(aes), &key);

	release(n);
	kt_assert_eq(st, PSA_ERROR_INSUFFICIENT_MEMORY);
	kt_assert_eq(psa_import_key(&attr, aes, sizeof(aes), &key), PSA_SUCCESS);
	kt_assert_eq(psa_destroy_key(key), PSA_SUCCESS);
}

KTEST(mbedtls_heap, overflowing_calloc_is_null)
{
	kt_assert_null(mbedtls_calloc(SIZE_MAX / 2, 4));
	kt_assert_null(mbedtls_calloc(1, (size_t)CONFIG_MBEDTLS_HEAP_SIZE + 1));
}

KTEST(mbedtls_heap, stats_follow_allocations)
{
	struct kestrel_mbedtls_heap_stats a, b, c;

	kestrel_mbedtls_heap_stats_reset();
	kt_assert_eq(kestrel_mbedtls_heap_stats(&a), 0);
	void *p = mbedtls_calloc(1, 1000);

	kt_assert_not_null(p);
	kt_assert_eq(kestrel_mbedtls_heap_stats(&b), 0);
	mbedtls_free(p);
	kt_assert_eq(kestrel_mbedtls_heap_stats(&c), 0);
	kt_assert_ge(b.allocated_bytes, a.allocated_bytes + 1000);
	kt_assert_eq(c.allocated_bytes, a.allocated_bytes);
	kt_assert_ge(c.max_allocated_bytes, b.allocated_bytes);
	kt_assert_eq(c.failed_allocs, 0);
}
