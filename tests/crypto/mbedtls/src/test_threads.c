/*
 * Thread safety (CONFIG_MBEDTLS_THREADING): the k_mutex hooks lock and
 * refuse a freed mutex; two threads that interleave PSA key creation,
 * signing and random numbers both succeed.
 */
#include <mbedtls/threading.h>
#include <psa/crypto.h>

#include <kestrel/kernel.h>
#include <kestrel/ktest.h>

#define WORKER_STACK 8192
#define ROUNDS 3

KTEST_SUITE(mbedtls_threads, NULL, NULL, NULL, NULL);

KTEST(mbedtls_threads, mutex_hooks_lock_and_refuse_a_freed_mutex)
{
	mbedtls_threading_mutex_t m;

	mbedtls_mutex_init(&m);
	kt_assert_eq(mbedtls_mutex_lock(&m), 0);
	kt_assert_eq(mbedtls_mutex_unlock(&m), 0);
	mbedtls_mutex_free(&m);
	kt_assert_eq(mbedtls_mutex_lock(&m), MBEDTLS_ERR_THREADING_MUTEX_ERROR);
	kt_assert_eq(mbedtls_mutex_unlock(&m), MBEDTLS_ERR_THREADING_MUTEX_ERROR);
}

static K_THREAD_STACK_DEFINE(stack_a, WORKER_STACK);
static K_THREAD_STACK_DEFINE(stack_b, WORKER_STACK);
static struct k_thread thread_a, thread_b;
static int failures;

static psa_status_t sign_round(void)
{
	psa_key_attributes_t attr = PSA_KEY_ATTRIBUTES_INIT;
	psa_key_id_t key = PSA_KEY_ID_NULL;
	static const uint8_t msg[] = "thread";
	uint8_t sig[PSA_ECDSA_SIGNATURE_SIZE(256)], rnd[16];
	size_t len = 0;

	psa_set_key_type(&attr, PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_SECP_R1));
	psa_set_key_bits(&attr, 256);
	psa_set_key_usage_flags(&attr, PSA_KEY_USAGE_SIGN_MESSAGE |
				PSA_KEY_USAGE_VERIFY_MESSAGE);
	psa_set_key_algorithm(&attr, PSA_ALG_ECDSA(PSA_ALG_SHA_256));
	psa_status_t st = psa_generate_key(&attr, &key);

	k_yield();
	if (st == PSA_SUCCESS) {
		st = psa_sign_message(key, PSA_ALG_ECDSA(PSA_ALG_SHA_256), msg,
				      sizeof(msg), sig, sizeof(sig), &len);
	}
	k_yield();
	if (st == PSA_SUCCESS) {
		st = psa_verify_message(key, PSA_ALG_ECDSA(PSA_ALG_SHA_256), msg,
					sizeof(msg), sig, len);
	}
	if (st == PSA_SUCCESS) {
		st = psa_generate_random(rnd, sizeof(rnd));
	}
	(void)psa_destroy_key(key);
	return st;
}

static void worker(void *p1, void *p2, void *p3)
{
	(void)p1;
	(void)p2;
	(void)p3;
	for (int i = 0; i < ROUNDS; i++) {
		if (sign_round() != PSA_SUCCESS) {
			failures++;
		}
		k_yield();
	}
}

KTEST(mbedtls_threads, two_threads_use_psa_at_once)
{
	int prio = k_thread_priority_get(k_current_get());

	failures = 0;
	kt_assert_eq(k_thread_create(&thread_a, stack_a, K_THREAD_STACK_SIZEOF(stack_a),
				     worker, NULL, NULL, NULL, prio, 0, K_NO_WAIT), 0);
	kt_assert_eq(k_thread_create(&thread_b, stack_b, K_THREAD_STACK_SIZEOF(stack_b),
				     worker, NULL, NULL, NULL, prio, 0, K_NO_WAIT), 0);
	kt_assert_eq(k_thread_join(&thread_a, K_FOREVER), 0);
	kt_assert_eq(k_thread_join(&thread_b, K_FOREVER), 0);
	kt_assert_eq(failures, 0);
}
