/*
 * Hashes and AEADs through PSA against answers computed by OpenSSL
 * (data/gen_vectors.py): SHA-256, SHA-384, AES-128/256-GCM,
 * ChaCha20-Poly1305 (RFC 8439 2.8.2). A flipped tag bit is refused.
 */
#include <string.h>

#include <psa/crypto.h>

#include <kestrel/ktest.h>

#include "test_data.h"
#include "test_util.h"

#define AEAD_MAX 160

KTEST_SUITE(mbedtls_sym, NULL, NULL, NULL, NULL);

static void check_hash(psa_algorithm_t alg, const uint8_t *want, size_t n)
{
	uint8_t got[64];
	size_t len = 0;

	kt_assert_eq(psa_hash_compute(alg, hash_msg, hash_msg_len, got,
				      sizeof(got), &len), PSA_SUCCESS);
	kt_assert_eq(len, n);
	kt_assert_mem_eq(got, want, n);
	kt_assert_eq(psa_hash_compare(alg, hash_msg, hash_msg_len, want, n),
		     PSA_SUCCESS);
}

KTEST(mbedtls_sym, sha256_known_answer)
{
	check_hash(PSA_ALG_SHA_256, sha256_of_msg, sha256_of_msg_len);
}

KTEST(mbedtls_sym, sha384_known_answer)
{
	check_hash(PSA_ALG_SHA_384, sha384_of_msg, sha384_of_msg_len);
}

struct aead_case {
	psa_key_type_t type;
	psa_algorithm_t alg;
	const uint8_t *key, *nonce, *aad, *pt, *ct;
	size_t key_len, nonce_len, aad_len, pt_len, ct_len;
};

static void check_aead(const struct aead_case *c)
{
	uint8_t out[AEAD_MAX], back[AEAD_MAX];
	size_t len = 0;
	psa_key_id_t key = test_import_key(c->type, PSA_KEY_USAGE_ENCRYPT |
					   PSA_KEY_USAGE_DECRYPT, c->alg,
					   c->key, c->key_len);

	kt_assert_ne(key, PSA_KEY_ID_NULL);
	kt_assert_eq(psa_aead_encrypt(key, c->alg, c->nonce, c->nonce_len,
				      c->aad, c->aad_len, c->pt, c->pt_len,
				      out, sizeof(out), &len), PSA_SUCCESS);
	kt_assert_eq(len, c->ct_len);
	kt_assert_mem_eq(out, c->ct, c->ct_len);
	kt_assert_eq(psa_aead_decrypt(key, c->alg, c->nonce, c->nonce_len,
				      c->aad, c->aad_len, out, len, back,
				      sizeof(back), &len), PSA_SUCCESS);
	kt_assert_eq(len, c->pt_len);
	kt_assert_mem_eq(back, c->pt, c->pt_len);
	out[c->ct_len - 1] ^= 0x01; /* the tag's last bit */
	kt_assert_eq(psa_aead_decrypt(key, c->alg, c->nonce, c->nonce_len,
				      c->aad, c->aad_len, out, c->ct_len, back,
				      sizeof(back), &len),
		     PSA_ERROR_INVALID_SIGNATURE);
	kt_assert_eq(psa_destroy_key(key), PSA_SUCCESS);
}

#define AEAD_CASE(t, a, k, n, ad, p, c)                                      \
	{ (t), (a), k, n, ad, p, c, k##_len, n##_len, ad##_len, p##_len, c##_len }

static const struct aead_case gcm128 = AEAD_CASE(PSA_KEY_TYPE_AES, PSA_ALG_GCM,
	gcm128_key, aead_nonce, aead_aad, aead_pt, gcm128_ct_tag);
static const struct aead_case gcm256 = AEAD_CASE(PSA_KEY_TYPE_AES, PSA_ALG_GCM,
	gcm256_key, aead_nonce, aead_aad, aead_pt, gcm256_ct_tag);
static const struct aead_case chachapoly = AEAD_CASE(PSA_KEY_TYPE_CHACHA20,
	PSA_ALG_CHACHA20_POLY1305, chachapoly_key, chachapoly_nonce,
	chachapoly_aad, chachapoly_pt, chachapoly_ct_tag);

KTEST(mbedtls_sym, aes128_gcm_known_answer_and_bad_tag)
{
	check_aead(&gcm128);
}

KTEST(mbedtls_sym, aes256_gcm_known_answer_and_bad_tag)
{
	check_aead(&gcm256);
}

KTEST(mbedtls_sym, chacha20_poly1305_rfc8439_and_bad_tag)
{
	check_aead(&chachapoly);
}
