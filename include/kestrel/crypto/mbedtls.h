/*
 * Mbed TLS on Kestrel (CONFIG_MBEDTLS): what the rest of the platform calls
 * besides the Mbed TLS and PSA Crypto APIs themselves (<mbedtls/...>,
 * <psa/crypto.h>, on the include path of every image built with
 * CONFIG_MBEDTLS).
 *
 * Configuration: subsys/crypto/mbedtls/kestrel_mbedtls_config.h, sizes
 * from Kconfig (subsys/crypto/Kconfig). A TLS 1.3/1.2 client with ECDHE
 * (X25519, P-256), ECDSA and RSA (PKCS#1 v1.5 and PSS), AES-GCM,
 * ChaCha20-Poly1305, SHA-256/384, X.509 + PEM, PSA Crypto (used by TLS
 * for all its cryptography). No file system, no sockets, no C library
 * time()/malloc() inside.
 *
 * Start-up: kestrel_mbedtls_init() runs at boot (SYS_INIT, APPLICATION
 * level, in the main thread before main()): it installs the k_mutex
 * threading hooks and calls psa_crypto_init(), which seeds the PSA random
 * generator (CTR_DRBG) from the entropy device. A failure is printed at
 * boot; every user of Mbed TLS calls kestrel_mbedtls_init() itself before
 * its first use and refuses to go on when it fails.
 *
 * Randomness: the PSA generator. Where an Mbed TLS API wants an f_rng
 * (mbedtls_ssl_conf_rng(), mbedtls_pk_parse_key(), mbedtls_pk_sign()), pass
 * mbedtls_psa_get_random and MBEDTLS_PSA_RANDOM_STATE (<mbedtls/psa_util.h>).
 * Its entropy is the board's entropy device (the first of the devicetree's
 * entropy class): native_sim's host getrandom(), qemu_rv32's virtio-rng. A
 * board whose only source is the TEST-ONLY kestrel,test-entropy
 * (mps2_an385) cannot build Mbed TLS unless CONFIG_MBEDTLS_TEST_ENTROPY=y
 * (which needs CONFIG_TEST_RANDOM_GENERATOR=y); such an image warns at build
 * time and at every boot, and its keys are not secret.
 *
 * Memory: every allocation of Mbed TLS comes from its own k_heap of
 * CONFIG_MBEDTLS_HEAP_SIZE bytes and never waits: an exhausted heap makes
 * the Mbed TLS call fail (MBEDTLS_ERR_*_ALLOC_FAILED,
 * PSA_ERROR_INSUFFICIENT_MEMORY), it never blocks or crashes.
 *
 * Time: certificate validity is checked against sys_realtime
 * (<kestrel/sys/realtime.h>, set by SNTP or the application). While the
 * wall clock is unknown Mbed TLS gets the time -1, which it cannot convert:
 * mbedtls_x509_crt_verify() (and so a TLS handshake that verifies the
 * server) then fails closed with MBEDTLS_ERR_X509_FATAL_ERROR before
 * looking at the chain. The TLS layer owns the policy for that window: to
 * verify chain and host name anyway it sets a placeholder time with
 * kestrel_mbedtls_time_unknown_set() (the build time, say) and, in its
 * verify callback, treats MBEDTLS_X509_BADCERT_EXPIRED/_FUTURE as unknown
 * while sys_realtime_is_set() is false.
 */
#ifndef KESTREL_CRYPTO_MBEDTLS_H
#define KESTREL_CRYPTO_MBEDTLS_H

#include <stddef.h>
#include <stdint.h>

#include <kestrel/device.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Initialise Mbed TLS: threading hooks, then psa_crypto_init() (which
 * draws entropy and seeds the random generator). Idempotent: after a
 * success further calls return 0 at once; after a failure the next call
 * tries again.
 * @retval 0 ready (PSA Crypto initialised)
 * @retval -ENODEV no entropy device, or it is not ready
 * @retval -EIO the entropy device failed while seeding
 *         (PSA_ERROR_INSUFFICIENT_ENTROPY; the error is printed)
 * @retval -ENOMEM the Mbed TLS heap is too small for the PSA core
 * Thread context only (it may wait for the entropy device and a mutex).
 */
int kestrel_mbedtls_init(void);

/**
 * Release what psa_crypto_init() set up (mbedtls_psa_crypto_free()): every
 * PSA key is destroyed and the random generator forgotten; the next
 * kestrel_mbedtls_init() seeds it again. For tests and orderly shut-down;
 * nothing may use Mbed TLS meanwhile.
 * Thread context only.
 */
void kestrel_mbedtls_deinit(void);

/** Figures of the Mbed TLS heap (CONFIG_MBEDTLS_HEAP_SIZE bytes). */
struct kestrel_mbedtls_heap_stats {
	size_t size;                /**< bytes of the heap's buffer */
	size_t free_bytes;          /**< in free chunks, minus their headers */
	size_t allocated_bytes;     /**< usable bytes of allocated blocks now */
	size_t max_allocated_bytes; /**< highest allocated_bytes since boot
				     *   or kestrel_mbedtls_heap_stats_reset() */
	uint32_t failed_allocs;     /**< allocations refused for want of room */
};

/**
 * Read the figures of the Mbed TLS heap (for benchmarks and the shell).
 * @retval 0 @p stats filled in
 * @retval -EINVAL @p stats NULL
 * Thread and ISR.
 */
int kestrel_mbedtls_heap_stats(struct kestrel_mbedtls_heap_stats *stats);

/**
 * Start the high-water mark (max_allocated_bytes) and failed_allocs
 * again from now, to measure one operation's peak.
 * Thread and ISR.
 */
void kestrel_mbedtls_heap_stats_reset(void);

/**
 * Name the entropy device Mbed TLS draws from from now on (for boards with
 * several sources, and for tests that inject a failing one); NULL goes back
 * to the default (the devicetree's first entropy device). Takes effect at
 * the next reseed or mbedtls_entropy_func() call; the PSA generator is
 * seeded by kestrel_mbedtls_init().
 * @retval 0 set
 * Thread context.
 */
int kestrel_mbedtls_entropy_device_set(const struct device *dev);

/**
 * The time (Unix seconds) Mbed TLS sees while sys_realtime is not set; -1,
 * the default, makes every certificate verification fail closed (see the
 * top of this header). For the TLS layer's policy before SNTP.
 * @retval 0 set
 * @retval -EINVAL @p t below -1
 * Thread and ISR.
 */
int kestrel_mbedtls_time_unknown_set(long long t);

/** The entropy device Mbed TLS draws from (NULL: none). Thread and ISR. */
const struct device *kestrel_mbedtls_entropy_device(void);

#ifdef __cplusplus
}
#endif

#endif /* KESTREL_CRYPTO_MBEDTLS_H */
