#include <string.h>

#include <psa/crypto.h>

#include <kestrel/crypto/mbedtls.h>
#include <kestrel/ktest.h>

KTEST_SUITE(mbedtls, NULL, NULL, NULL, NULL);

KTEST(mbedtls, init_succeeds)
{
	kt_assert_eq(kestrel_mbedtls_init(), 0);
}

KTEST(mbedtls, sha256_abc)
{
	static const uint8_t want[32] = {
		0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40,
		0xde, 0x5d, 0xae, 0x22, 0x23, 0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17,
		0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad,
	};
	uint8_t got[32];
	size_t len = 0;

	kt_assert_eq(psa_hash_compute(PSA_ALG_SHA_256, (const uint8_t *)"abc", 3,
				      got, sizeof(got), &len), PSA_SUCCESS);
	kt_assert_eq(len, 32);
	kt_assert_mem_eq(got, want, 32);
}
