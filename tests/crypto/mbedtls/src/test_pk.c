/*
 * Public-key operations through PSA against answers computed by OpenSSL
 * (data/gen_vectors.py): ECDSA P-256 verify, sign+verify with a fresh key,
 * ECDH P-256 and X25519 (RFC 7748 6.1) agreement, RSA-2048 PKCS#1 v1.5 and
 * PSS verify. A changed message is refused.
 */
#include <string.h>

#include <psa/crypto.h>

#include <kestrel/ktest.h>

#include "test_data.h"
#include "test_util.h"

#define P256 PSA_ECC_FAMILY_SECP_R1
#define ECDSA_SHA256 PSA_ALG_ECDSA(PSA_ALG_SHA_256)

KTEST_SUITE(mbedtls_pk, NULL, NULL, NULL, NULL);

/* Verify @p sig of @p msg, then of @p msg with its first byte changed. */
static void check_verify(psa_key_id_t key, psa_algorithm_t alg,
			 const uint8_t *msg, size_t msg_len,
			 const uint8_t *sig, size_t sig_len)
{
	uint8_t other[64];

	kt_assert_ne(key, PSA_KEY_ID_NULL);
	kt_assert_le(msg_len, sizeof(other));
	kt_assert_eq(psa_verify_message(key, alg, msg, msg_len, sig, sig_len),
		     PSA_SUCCESS);
	memcpy(other, msg, msg_len);
	other[0] ^= 0x20;
	kt_assert_eq(psa_verify_message(key, alg, other, msg_len, sig, sig_len),
		     PSA_ERROR_INVALID_SIGNATURE);
	kt_assert_eq(psa_destroy_key(key), PSA_SUCCESS);
}

KTEST(mbedtls_pk, ecdsa_p256_verifies_openssl_signature)
{
	psa_key_id_t key = test_import_key(PSA_KEY_TYPE_ECC_PUBLIC_KEY(P256),
					   PSA_KEY_USAGE_VERIFY_MESSAGE,
					   ECDSA_SHA256, ecdsa_pub,
					   ecdsa_pub_len);

	check_verify(key, ECDSA_SHA256, ecdsa_msg, ecdsa_msg_len, ecdsa_sig,
		     ecdsa_sig_len);
}

KTEST(mbedtls_pk, ecdsa_p256_sign_then_verify)
{
	psa_key_attributes_t attr = PSA_KEY_ATTRIBUTES_INIT;
	psa_key_id_t key = PSA_KEY_ID_NULL;
	uint8_t sig[PSA_ECDSA_SIGNATURE_SIZE(256)];
	size_t len = 0;

	psa_set_key_type(&attr, PSA_KEY_TYPE_ECC_KEY_PAIR(P256));
	psa_set_key_bits(&attr, 256);
	psa_set_key_usage_flags(&attr, PSA_KEY_USAGE_SIGN_MESSAGE |
				PSA_KEY_USAGE_VERIFY_MESSAGE);
	psa_set_key_algorithm(&attr, ECDSA_SHA256);
	kt_assert_eq(psa_generate_key(&attr, &key), PSA_SUCCESS);
	kt_assert_eq(psa_sign_message(key, ECDSA_SHA256, ecdsa_msg,
				      ecdsa_msg_len, sig, sizeof(sig), &len),
		     PSA_SUCCESS);
	kt_assert_eq(len, sizeof(sig));
	check_verify(key, ECDSA_SHA256, ecdsa_msg, ecdsa_msg_len, sig, len);
}

static void check_agreement(psa_key_type_t type, const uint8_t *priv,
			    size_t priv_len, const uint8_t *peer,
			    size_t peer_len, const uint8_t *want, size_t n)
{
	uint8_t out[32];
	size_t len = 0;
	psa_key_id_t key = test_import_key(type, PSA_KEY_USAGE_DERIVE,
					   PSA_ALG_ECDH, priv, priv_len);

	kt_assert_ne(key, PSA_KEY_ID_NULL);
	kt_assert_eq(psa_raw_key_agreement(PSA_ALG_ECDH, key, peer, peer_len,
					   out, sizeof(out), &len),
		     PSA_SUCCESS);
	kt_assert_eq(len, n);
	kt_assert_mem_eq(out, want, n);
	kt_assert_eq(psa_destroy_key(key), PSA_SUCCESS);
}

KTEST(mbedtls_pk, ecdh_p256_known_answer)
{
	check_agreement(PSA_KEY_TYPE_ECC_KEY_PAIR(P256), ecdh_priv_a,
			ecdh_priv_a_len, ecdh_pub_b, ecdh_pub_b_len,
			ecdh_shared, ecdh_shared_len);
}

KTEST(mbedtls_pk, x25519_rfc7748_known_answer)
{
	check_agreement(PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_MONTGOMERY),
			x25519_priv_alice, x25519_priv_alice_len,
			x25519_pub_bob, x25519_pub_bob_len, x25519_shared,
			x25519_shared_len);
}

KTEST(mbedtls_pk, ecdh_p256_rejects_a_point_off_the_curve)
{
	uint8_t bad[65];
	uint8_t out[32];
	size_t len = 0;
	psa_key_id_t key = test_import_key(PSA_KEY_TYPE_ECC_KEY_PAIR(P256),
					   PSA_KEY_USAGE_DERIVE, PSA_ALG_ECDH,
					   ecdh_priv_a, ecdh_priv_a_len);

	kt_assert_ne(key, PSA_KEY_ID_NULL);
	memcpy(bad, ecdh_pub_b, sizeof(bad));
	bad[64] ^= 0x01; /* y no longer matches x */
	kt_assert_ne(psa_raw_key_agreement(PSA_ALG_ECDH, key, bad, sizeof(bad),
					   out, sizeof(out), &len),
		     PSA_SUCCESS);
	kt_assert_eq(psa_destroy_key(key), PSA_SUCCESS);
}

static void check_rsa(psa_algorithm_t alg, const uint8_t *sig, size_t len)
{
	psa_key_id_t key = test_import_key(PSA_KEY_TYPE_RSA_PUBLIC_KEY,
					   PSA_KEY_USAGE_VERIFY_MESSAGE, alg,
					   rsa_pub, rsa_pub_len);

	check_verify(key, alg, rsa_msg, rsa_msg_len, sig, len);
}

KTEST(mbedtls_pk, rsa2048_pkcs1v15_verifies_openssl_signature)
{
	check_rsa(PSA_ALG_RSA_PKCS1V15_SIGN(PSA_ALG_SHA_256), rsa_sig_pkcs1v15,
		  rsa_sig_pkcs1v15_len);
}

KTEST(mbedtls_pk, rsa2048_pss_verifies_openssl_signature)
{
	check_rsa(PSA_ALG_RSA_PSS(PSA_ALG_SHA_256), rsa_sig_pss,
		  rsa_sig_pss_len);
}
