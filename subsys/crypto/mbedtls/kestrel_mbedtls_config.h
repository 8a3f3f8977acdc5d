/*
 * Mbed TLS configuration of Kestrel (MBEDTLS_CONFIG_FILE), derived from
 * Kconfig (subsys/crypto/Kconfig; the CONFIG_ macros come from autoconf.h,
 * which every Kestrel compilation includes with -imacros).
 *
 * What it builds: a TLS 1.3 and 1.2 *client* (ECDHE over X25519 and
 * P-256; ECDSA and RSA signatures, PKCS#1 v1.5 and PSS; AES-GCM and
 * ChaCha20-Poly1305; SHA-256 and SHA-384), X.509 certificate parsing and
 * chain verification with PEM, and the PSA Crypto API, which TLS uses for
 * every operation (MBEDTLS_USE_PSA_CRYPTO).
 *
 * What it leaves out: file system (MBEDTLS_FS_IO), sockets (MBEDTLS_NET_C:
 * the TLS layer gives Mbed TLS its own send/recv callbacks), the C
 * library's time(), gmtime() and calloc(), the platform entropy sources,
 * the TLS server (unless CONFIG_MBEDTLS_SSL_SERVER, for tests), DTLS, renegotiation, CBC (and with it every block-cipher
 * decryption: MBEDTLS_BLOCK_CIPHER_NO_DECRYPT), SHA-1/MD5 and every other
 * legacy cipher or hash.
 *
 * The hooks into Kestrel (subsys/crypto/mbedtls/mbedtls_glue.c):
 * - memory: kestrel_mbedtls_calloc()/kestrel_mbedtls_free() on a
 *   dedicated k_heap of CONFIG_MBEDTLS_HEAP_SIZE bytes;
 * - entropy: mbedtls_hardware_poll() reads the board's entropy device;
 * - time: kestrel_mbedtls_time() (sys_realtime; while it is unknown -1, or
 *   the placeholder of kestrel_mbedtls_time_unknown_set()),
 *   mbedtls_platform_gmtime_r() (no libc gmtime), mbedtls_ms_time()
 *   (uptime);
 * - threads: k_mutex (threading_alt.h), so the PSA core and the RNG may
 *   be used from several threads.
 */
#ifndef KESTREL_MBEDTLS_CONFIG_H
#define KESTREL_MBEDTLS_CONFIG_H

/* ---- platform ------------------------------------------------------------ */
#define MBEDTLS_PLATFORM_C
#define MBEDTLS_PLATFORM_MEMORY
#define MBEDTLS_PLATFORM_CALLOC_MACRO kestrel_mbedtls_calloc
#define MBEDTLS_PLATFORM_FREE_MACRO kestrel_mbedtls_free
/* The library's few messages (with MBEDTLS_DEBUG_C) go to the console, not
 * to the C library's stdout (picolibc has none). */
#define MBEDTLS_PLATFORM_PRINTF_MACRO printk

#define MBEDTLS_HAVE_TIME
#define MBEDTLS_HAVE_TIME_DATE
#define MBEDTLS_PLATFORM_TIME_TYPE_MACRO long long
#define MBEDTLS_PLATFORM_TIME_MACRO kestrel_mbedtls_time
#define MBEDTLS_PLATFORM_GMTIME_R_ALT
#define MBEDTLS_PLATFORM_MS_TIME_ALT

#define MBEDTLS_NO_PLATFORM_ENTROPY
#define MBEDTLS_ENTROPY_HARDWARE_ALT
#define MBEDTLS_ENTROPY_C
#define MBEDTLS_ENTROPY_MAX_SOURCES 2
#define MBEDTLS_CTR_DRBG_C

#ifdef CONFIG_MBEDTLS_THREADING
#define MBEDTLS_THREADING_C
#define MBEDTLS_THREADING_ALT
#endif

/* Inline assembly for the bignum multiply where Mbed TLS has it for the
 * CPU (x86-64, Thumb-2); RV32 uses the C code. */
#define MBEDTLS_HAVE_ASM

/* None of the API Mbed TLS 3.6 marks deprecated. */
#define MBEDTLS_DEPRECATED_REMOVED

/* ---- PSA Crypto ---------------------------------------------------------- */
#define MBEDTLS_PSA_CRYPTO_C
#define MBEDTLS_USE_PSA_CRYPTO
/* Volatile keys only (no MBEDTLS_PSA_CRYPTO_STORAGE_C: no file system), in
 * a static table of slots (no MBEDTLS_PSA_KEY_STORE_DYNAMIC). */
#define MBEDTLS_PSA_KEY_SLOT_COUNT CONFIG_MBEDTLS_PSA_KEY_SLOT_COUNT

/* ---- hashes, KDF ---------------------------------------------------- */
#define MBEDTLS_MD_C
#define MBEDTLS_SHA256_C
#define MBEDTLS_SHA384_C /* sha512.c, without SHA-512 itself */
#define MBEDTLS_SHA256_SMALLER
#define MBEDTLS_SHA512_SMALLER
/* Turns on the PSA core's HKDF (TLS 1.3); hkdf.c itself is not needed. */
#define MBEDTLS_HKDF_C
#define MBEDTLS_ENTROPY_FORCE_SHA256

/* ---- ciphers ------------------------------------------------------------- */
#define MBEDTLS_CIPHER_C
#define MBEDTLS_AES_C
#define MBEDTLS_AES_ROM_TABLES
#define MBEDTLS_AES_FEWER_TABLES
#define MBEDTLS_BLOCK_CIPHER_NO_DECRYPT
#define MBEDTLS_GCM_C
#define MBEDTLS_CHACHA20_C
#define MBEDTLS_POLY1305_C
#define MBEDTLS_CHACHAPOLY_C

/* ---- public key ---------------------------------------------------------- */
#define MBEDTLS_BIGNUM_C
#define MBEDTLS_MPI_MAX_SIZE 512 /* RSA-4096 (root CAs) */
#define MBEDTLS_MPI_WINDOW_SIZE 2
#define MBEDTLS_ECP_C
#define MBEDTLS_ECP_DP_SECP256R1_ENABLED
#define MBEDTLS_ECP_DP_CURVE25519_ENABLED
#ifdef CONFIG_MBEDTLS_ECP_SECP384R1
#define MBEDTLS_ECP_DP_SECP384R1_ENABLED
#endif
#define MBEDTLS_ECP_NIST_OPTIM
#define MBEDTLS_ECP_WINDOW_SIZE CONFIG_MBEDTLS_ECP_WINDOW_SIZE
#define MBEDTLS_ECP_FIXED_POINT_OPTIM 0
#define MBEDTLS_ECDH_C
#define MBEDTLS_ECDSA_C
#define MBEDTLS_RSA_C
#define MBEDTLS_PKCS1_V15
#define MBEDTLS_PKCS1_V21
/* RSA-PSS signatures in X.509 and, through the signature algorithms the
 * TLS layer offers (ssl_tls.c), TLS 1.3 with an RSA server certificate:
 * its CertificateVerify is always rsa_pss_rsae_*. */
#define MBEDTLS_X509_RSASSA_PSS_SUPPORT
#define MBEDTLS_PK_C
#define MBEDTLS_PK_PARSE_C
#define MBEDTLS_ASN1_PARSE_C
#define MBEDTLS_ASN1_WRITE_C
#define MBEDTLS_OID_C
#define MBEDTLS_BASE64_C
#define MBEDTLS_PEM_PARSE_C

/* ---- X.509 --------------------------------------------------------------- */
#define MBEDTLS_X509_USE_C
#define MBEDTLS_X509_CRT_PARSE_C
#define MBEDTLS_X509_MAX_INTERMEDIATE_CA 6

/* ---- TLS ----------------------------------------------------------------- */
#define MBEDTLS_SSL_TLS_C
#define MBEDTLS_SSL_CLI_C
#ifdef CONFIG_MBEDTLS_SSL_SERVER
#define MBEDTLS_SSL_SRV_C
#endif
#define MBEDTLS_SSL_PROTO_TLS1_2
#define MBEDTLS_SSL_PROTO_TLS1_3
#define MBEDTLS_SSL_TLS1_3_KEY_EXCHANGE_MODE_EPHEMERAL_ENABLED
#define MBEDTLS_SSL_TLS1_3_COMPATIBILITY_MODE
#define MBEDTLS_KEY_EXCHANGE_ECDHE_ECDSA_ENABLED
#define MBEDTLS_KEY_EXCHANGE_ECDHE_RSA_ENABLED
#define MBEDTLS_SSL_EXTENDED_MASTER_SECRET
#define MBEDTLS_SSL_SERVER_NAME_INDICATION
#define MBEDTLS_SSL_ALPN
#define MBEDTLS_SSL_MAX_FRAGMENT_LENGTH
#define MBEDTLS_SSL_KEEP_PEER_CERTIFICATE /* TLS 1.3 needs it */
#ifdef CONFIG_MBEDTLS_SSL_SESSION_TICKETS
#define MBEDTLS_SSL_SESSION_TICKETS
#define MBEDTLS_SSL_TLS1_3_KEY_EXCHANGE_MODE_PSK_EPHEMERAL_ENABLED
#endif
/* Record buffers: a peer may send records of up to 16 KiB unless it
 * honours max_fragment_length; what Kestrel sends it chooses itself. */
#define MBEDTLS_SSL_IN_CONTENT_LEN CONFIG_MBEDTLS_SSL_IN_CONTENT_LEN
#define MBEDTLS_SSL_OUT_CONTENT_LEN CONFIG_MBEDTLS_SSL_OUT_CONTENT_LEN
#define MBEDTLS_SSL_VARIABLE_BUFFER_LENGTH

#ifdef CONFIG_MBEDTLS_DEBUG
#define MBEDTLS_DEBUG_C
#define MBEDTLS_ERROR_C
#endif
#ifdef CONFIG_MBEDTLS_ERROR_STRINGS
#define MBEDTLS_ERROR_C
#endif

/* The Kestrel hooks named above (mbedtls_glue.c). */
#include <stddef.h>
void *kestrel_mbedtls_calloc(size_t num, size_t size);
void kestrel_mbedtls_free(void *ptr);
long long kestrel_mbedtls_time(long long *now);
void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif /* KESTREL_MBEDTLS_CONFIG_H */
