/*
 * The TLS client the configuration promises: the TLS 1.3 suites and the
 * TLS 1.2 ECDHE-ECDSA/RSA AEAD suites are offered, no CBC suite is; a
 * client context with versions 1.2..1.3, a CA chain and a host name sets
 * up within the heap (its cost is printed).
 */
#include <stdbool.h>

#include <mbedtls/psa_util.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509_crt.h>

#include <kestrel/crypto/mbedtls.h>
#include <kestrel/ktest.h>

#include "test_data.h"

KTEST_SUITE(mbedtls_tls, NULL, NULL, NULL, NULL);

static bool offered(int id)
{
	for (const int *s = mbedtls_ssl_list_ciphersuites(); *s != 0; s++) {
		if (*s == id) {
			return true;
		}
	}
	return false;
}

KTEST(mbedtls_tls, tls13_and_tls12_aead_suites_are_offered)
{
	static const int want[] = {
		MBEDTLS_TLS1_3_AES_128_GCM_SHA256,
		MBEDTLS_TLS1_3_AES_256_GCM_SHA384,
		MBEDTLS_TLS1_3_CHACHA20_POLY1305_SHA256,
		MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
		MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
		MBEDTLS_TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
		MBEDTLS_TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
		MBEDTLS_TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
		MBEDTLS_TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
	};

	for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
		kt_assert(offered(want[i]), "suite 0x%04x missing", want[i]);
	}
}

KTEST(mbedtls_tls, no_cbc_or_static_rsa_suite)
{
	kt_assert_false(offered(MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256));
	kt_assert_false(offered(MBEDTLS_TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA));
	kt_assert_false(offered(MBEDTLS_TLS_RSA_WITH_AES_128_GCM_SHA256));
}

KTEST(mbedtls_tls, client_context_sets_up_within_the_heap)
{
	mbedtls_ssl_config conf;
	mbedtls_ssl_context ssl;
	mbedtls_x509_crt ca;
	struct kestrel_mbedtls_heap_stats st;

	kestrel_mbedtls_heap_stats_reset();
	mbedtls_ssl_config_init(&conf);
	mbedtls_ssl_init(&ssl);
	mbedtls_x509_crt_init(&ca);
	kt_assert_eq(mbedtls_x509_crt_parse(&ca, root_pem, root_pem_len), 0);
	kt_assert_eq(mbedtls_ssl_config_defaults(&conf, MBEDTLS_SSL_IS_CLIENT,
						 MBEDTLS_SSL_TRANSPORT_STREAM,
						 MBEDTLS_SSL_PRESET_DEFAULT), 0);
	mbedtls_ssl_conf_rng(&conf, mbedtls_psa_get_random, MBEDTLS_PSA_RANDOM_STATE);
	mbedtls_ssl_conf_ca_chain(&conf, &ca, NULL);
	mbedtls_ssl_conf_authmode(&conf, MBEDTLS_SSL_VERIFY_REQUIRED);
	mbedtls_ssl_conf_min_tls_version(&conf, MBEDTLS_SSL_VERSION_TLS1_2);
	mbedtls_ssl_conf_max_tls_version(&conf, MBEDTLS_SSL_VERSION_TLS1_3);
	kt_assert_eq(mbedtls_ssl_setup(&ssl, &conf), 0);
	kt_assert_eq(mbedtls_ssl_set_hostname(&ssl, "device.kestrel.test"), 0);
	kt_assert_eq(kestrel_mbedtls_heap_stats(&st), 0);
	printk("tls: client context with CA set up: %u bytes of the Mbed TLS "
	       "heap (in %u + out %u record bytes)\n",
	       (unsigned int)st.max_allocated_bytes,
	       (unsigned int)CONFIG_MBEDTLS_SSL_IN_CONTENT_LEN,
	       (unsigned int)CONFIG_MBEDTLS_SSL_OUT_CONTENT_LEN);
	kt_assert_gt(st.max_allocated_bytes, (size_t)CONFIG_MBEDTLS_SSL_IN_CONTENT_LEN);
	mbedtls_ssl_free(&ssl);
	mbedtls_ssl_config_free(&conf);
	mbedtls_x509_crt_free(&ca);
}
