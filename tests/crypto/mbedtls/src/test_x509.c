/*
 * X.509: a PEM chain root (P-256) -> intermediate (RSA-2048) -> leaf
 * (P-256) made by data/gen.sh verifies against its root, with the time
 * from sys_realtime; an unknown CA, a wrong host name, an expired or not
 * yet valid certificate are each reported; an unknown time fails closed
 * unless the TLS layer set a placeholder. The leaf's
 * PEM key signs (TLS client authentication) and its certificate verifies
 * the signature.
 */
#include <errno.h>
#include <string.h>

#include <mbedtls/pk.h>
#include <mbedtls/psa_util.h>
#include <mbedtls/x509_crt.h>
#include <psa/crypto.h>

#include <kestrel/crypto/mbedtls.h>
#include <kestrel/ktest.h>
#include <kestrel/sys/realtime.h>

#include "test_data.h"

#define HOST "device.kestrel.test"
#define T_VALID 1906502400LL   /* 2030-06-01 */
#define T_EXPIRED 2208988800LL /* 2040-01-01 */
#define T_FUTURE 1577836800LL  /* 2020-01-01 */

struct x509_fixture {
	mbedtls_x509_crt chain; /* leaf, intermediate */
	mbedtls_x509_crt root;
	mbedtls_x509_crt other_root;
};

static struct x509_fixture fx;

static void set_time(long long t)
{
	const struct sys_timespec ts = { .tv_sec = t, .tv_nsec = 0 };

	(void)sys_realtime_set(&ts);
}

static void before(void *f)
{
	(void)f;
	mbedtls_x509_crt_init(&fx.chain);
	mbedtls_x509_crt_init(&fx.root);
	mbedtls_x509_crt_init(&fx.other_root);
	set_time(T_VALID);
}

static void after(void *f)
{
	(void)f;
	mbedtls_x509_crt_free(&fx.chain);
	mbedtls_x509_crt_free(&fx.root);
	mbedtls_x509_crt_free(&fx.other_root);
	sys_realtime_unset();
}

KTEST_SUITE(mbedtls_x509, NULL, before, after, NULL);

static void parse_all(void)
{
	kt_assert_eq(mbedtls_x509_crt_parse(&fx.chain, leaf_pem, leaf_pem_len), 0);
	kt_assert_eq(mbedtls_x509_crt_parse(&fx.chain, intermediate_pem,
					    intermediate_pem_len), 0);
	kt_assert_eq(mbedtls_x509_crt_parse(&fx.root, root_pem, root_pem_len), 0);
	kt_assert_eq(mbedtls_x509_crt_parse(&fx.other_root, other_root_pem,
					    other_root_pem_len), 0);
}

static uint32_t verify(mbedtls_x509_crt *ca, const char *host, int want)
{
	uint32_t flags = 0;

	kt_assert_eq(mbedtls_x509_crt_verify(&fx.chain, ca, NULL, host, &flags,
					     NULL, NULL), want);
	return flags;
}

KTEST(mbedtls_x509, pem_chain_parses_with_its_fields)
{
	parse_all();
	kt_assert_eq(fx.chain.version, 3);
	kt_assert_not_null(fx.chain.next);
	kt_assert_eq(mbedtls_pk_get_type(&fx.chain.pk), MBEDTLS_PK_ECKEY);
	kt_assert_eq(mbedtls_pk_get_type(&fx.chain.next->pk), MBEDTLS_PK_RSA);
	kt_assert_eq(mbedtls_pk_get_bitlen(&fx.chain.next->pk), 2048);
	kt_assert_eq(fx.chain.next->MBEDTLS_PRIVATE(ca_istrue), 1);
}

KTEST(mbedtls_x509, chain_verifies_against_its_root)
{
	parse_all();
	kt_assert_eq(verify(&fx.root, HOST, 0), 0);
	kt_assert_eq(verify(&fx.root, NULL, 0), 0);
}

KTEST(mbedtls_x509, unknown_ca_is_not_trusted)
{
	parse_all();
	uint32_t flags = verify(&fx.other_root, HOST,
				MBEDTLS_ERR_X509_CERT_VERIFY_FAILED);

	kt_assert_eq(flags, MBEDTLS_X509_BADCERT_NOT_TRUSTED);
}

KTEST(mbedtls_x509, wrong_host_name_is_a_mismatch)
{
	parse_all();
	uint32_t flags = verify(&fx.root, "other.kestrel.test",
				MBEDTLS_ERR_X509_CERT_VERIFY_FAILED);

	kt_assert_eq(flags, MBEDTLS_X509_BADCERT_CN_MISMATCH);
}

KTEST(mbedtls_x509, expired_and_not_yet_valid_are_reported)
{
	parse_all();
	set_time(T_EXPIRED);
	kt_assert_eq(verify(&fx.root, HOST, MBEDTLS_ERR_X509_CERT_VERIFY_FAILED),
		     MBEDTLS_X509_BADCERT_EXPIRED);
	set_time(T_FUTURE);
	kt_assert_eq(verify(&fx.root, HOST, MBEDTLS_ERR_X509_CERT_VERIFY_FAILED),
		     MBEDTLS_X509_BADCERT_FUTURE);
}

KTEST(mbedtls_x509, unknown_time_fails_closed)
{
	parse_all();
	sys_realtime_unset();
	(void)verify(&fx.root, HOST, MBEDTLS_ERR_X509_FATAL_ERROR);
}

KTEST(mbedtls_x509, unknown_time_uses_the_placeholder_when_set)
{
	parse_all();
	sys_realtime_unset();
	kt_assert_eq(kestrel_mbedtls_time_unknown_set(-2), -EINVAL);
	kt_assert_eq(kestrel_mbedtls_time_unknown_set(T_FUTURE), 0);
	uint32_t flags = verify(&fx.root, HOST,
				MBEDTLS_ERR_X509_CERT_VERIFY_FAILED);

	kt_assert_eq(kestrel_mbedtls_time_unknown_set(-1), 0);
	kt_assert_eq(flags, MBEDTLS_X509_BADCERT_FUTURE);
	set_time(T_VALID); /* a known time wins over the placeholder */
	kt_assert_eq(kestrel_mbedtls_time_unknown_set(T_FUTURE), 0);
	flags = verify(&fx.root, HOST, 0);
	kt_assert_eq(kestrel_mbedtls_time_unknown_set(-1), 0);
	kt_assert_eq(flags, 0);
}

KTEST(mbedtls_x509, garbage_is_a_parse_error)
{
	static const uint8_t junk[] = "-----BEGIN CERTIFICATE-----\nAAAA\n"
				      "-----END CERTIFICATE-----\n";

	kt_assert_lt(mbedtls_x509_crt_parse(&fx.chain, junk, sizeof(junk)), 0);
	kt_assert_lt(mbedtls_x509_crt_parse_der(&fx.chain, leaf_pem, 40), 0);
}

KTEST(mbedtls_x509, leaf_key_signs_and_leaf_certificate_verifies)
{
	mbedtls_pk_context key;
	uint8_t hash[32], sig[MBEDTLS_PK_SIGNATURE_MAX_SIZE];
	size_t hlen = 0, slen = 0;

	parse_all();
	mbedtls_pk_init(&key);
	kt_assert_eq(mbedtls_pk_parse_key(&key, leaf_key_pem, leaf_key_pem_len,
					  NULL, 0, mbedtls_psa_get_random,
					  MBEDTLS_PSA_RANDOM_STATE), 0);
	kt_assert_eq(psa_hash_compute(PSA_ALG_SHA_256, (const uint8_t *)HOST,
				      strlen(HOST), hash, sizeof(hash), &hlen),
		     PSA_SUCCESS);
	kt_assert_eq(mbedtls_pk_sign(&key, MBEDTLS_MD_SHA256, hash, hlen, sig,
				     sizeof(sig), &slen, mbedtls_psa_get_random,
				     MBEDTLS_PSA_RANDOM_STATE), 0);
	kt_assert_eq(mbedtls_pk_verify(&fx.chain.pk, MBEDTLS_MD_SHA256, hash,
				       hlen, sig, slen), 0);
	hash[0] ^= 1;
	kt_assert_ne(mbedtls_pk_verify(&fx.chain.pk, MBEDTLS_MD_SHA256, hash,
				       hlen, sig, slen), 0);
	mbedtls_pk_free(&key);
}
