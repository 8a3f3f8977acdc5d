/* Shared by the files of tests/crypto/mbedtls (main.c). */
#ifndef TEST_UTIL_H
#define TEST_UTIL_H

#include <psa/crypto.h>

/** A volatile PSA key of @p type from @p data, or PSA_KEY_ID_NULL. */
psa_key_id_t test_import_key(psa_key_type_t type, psa_key_usage_t usage,
			     psa_algorithm_t alg, const uint8_t *data,
			     size_t len);

#endif
