/*
 * TLS credential store (CONFIG_NET_TLS_CREDENTIALS): certificates, keys and
 * pre-shared keys named by an integer tag, for TLS sockets (socket.h,
 * NET_TLS_SEC_TAG_LIST) and other TLS users (MQTT over lwIP's altcp_tls).
 *
 * A tag groups the credentials of one purpose: e.g. tag 1 = the CA that
 * signs the broker's certificate, tag 2 = this device's certificate and its
 * private key. A tag holds at most one credential of each type; a TLS socket
 * names a list of tags and uses every credential they hold.
 *
 * The store keeps a reference, not a copy: the buffer given to
 * net_tls_credential_add() must stay valid and unchanged until the
 * credential is deleted (a const array in flash is the usual case). The
 * table has CONFIG_NET_TLS_CREDENTIALS_MAX entries (about 16 bytes each).
 * TLS users parse the buffer when they connect (mbedTLS copies what it
 * keeps), so deleting a credential does not affect open connections.
 *
 * Formats: certificates and keys in DER (the buffer starts with an ASN.1
 * SEQUENCE, 0x30) or PEM ("-----BEGIN ", and then @p len counts the
 * terminating NUL, as mbedTLS requires: sizeof of a string literal). A CA
 * credential in PEM may hold several certificates (a bundle). PSKs and PSK
 * identities are raw bytes.
 *
 * Context: every call is for threads only (a mutex guards the table);
 * never from an ISR.
 */
#ifndef KESTREL_NET_TLS_CREDENTIALS_H
#define KESTREL_NET_TLS_CREDENTIALS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Names a group of credentials. Tags are >= 0; negative values are
 *  invalid (-EINVAL). */
typedef int32_t net_sec_tag_t;

/** What a credential is. */
enum net_tls_credential_type {
	/** A trusted CA certificate (or a PEM bundle of them): the peer's
	 *  chain must end at one of them. */
	NET_TLS_CREDENTIAL_CA_CERTIFICATE = 1,
	/** This end's own certificate (a client certificate), optionally
	 *  followed by intermediates (PEM). Needs a PRIVATE_KEY in the same
	 *  tag. */
	NET_TLS_CREDENTIAL_OWN_CERTIFICATE = 2,
	/** The private key of OWN_CERTIFICATE (PKCS#8 or SEC1/PKCS#1,
	 *  unencrypted). */
	NET_TLS_CREDENTIAL_PRIVATE_KEY = 3,
	/** A pre-shared key (raw bytes, 1 .. NET_TLS_PSK_MAX_LEN). */
	NET_TLS_CREDENTIAL_PSK = 4,
	/** The identity sent with PSK (raw bytes, printable by convention). */
	NET_TLS_CREDENTIAL_PSK_ID = 5,
};

/** Longest PSK the store takes (bytes); mbedTLS's MBEDTLS_PSK_MAX_LEN
 *  default. */
#define NET_TLS_PSK_MAX_LEN 32

/** Longest credential the store takes (bytes): 64 KiB. */
#define NET_TLS_CREDENTIAL_MAX_LEN 65536

/**
 * Add credential @p cred of @p len bytes as @p type of @p tag. The store
 * keeps the pointer: the buffer must outlive the entry.
 * @retval 0 added
 * @retval -EINVAL @p tag negative, unknown @p type, @p cred NULL, @p len 0
 *         or above NET_TLS_CREDENTIAL_MAX_LEN; a certificate or key that is
 *         neither DER (first byte 0x30) nor PEM ("-----BEGIN " with the
 *         terminating NUL as its last counted byte); a PSK longer than
 *         NET_TLS_PSK_MAX_LEN
 * @retval -EEXIST @p tag already holds a credential of @p type (delete it
 *         first)
 * @retval -ENOMEM the table is full (CONFIG_NET_TLS_CREDENTIALS_MAX)
 * Thread only.
 */
int net_tls_credential_add(net_sec_tag_t tag, enum net_tls_credential_type type,
			   const void *cred, size_t len);

/**
 * Copy credential @p type of @p tag into @p buf.
 * @param len in: size of @p buf; out: the credential's length (also when
 *        it did not fit)
 * @retval 0 copied, *@p len bytes
 * @retval -EINVAL @p tag negative, unknown @p type, @p buf or @p len NULL
 * @retval -ENOENT no such credential
 * @retval -ENOSPC @p buf is smaller than the credential (*@p len says how
 *         large it must be; nothing copied)
 * Thread only.
 */
int net_tls_credential_get(net_sec_tag_t tag, enum net_tls_credential_type type,
			   void *buf, size_t *len);

/**
 * The buffer and length of credential @p type of @p tag as they were added
 * (no copy), e.g. to hand them to a TLS library's own parser. The pointer
 * is valid until the credential is deleted, which the caller coordinates
 * (the store does not count users).
 * @retval 0 *@p cred and *@p len set
 * @retval -EINVAL @p tag negative, unknown @p type, @p cred or @p len NULL
 * @retval -ENOENT no such credential
 * Thread only.
 */
int net_tls_credential_ref(net_sec_tag_t tag, enum net_tls_credential_type type,
			   const void **cred, size_t *len);

/**
 * Remove credential @p type of @p tag (the buffer is the caller's again
 * once this returns). Connections that already parsed it keep working.
 * @retval 0 removed
 * @retval -EINVAL @p tag negative or unknown @p type
 * @retval -ENOENT no such credential
 * Thread only.
 */
int net_tls_credential_delete(net_sec_tag_t tag, enum net_tls_credential_type type);

/** Called by net_tls_credential_foreach() for each credential of a tag. */
typedef int (*net_tls_credential_cb_t)(net_sec_tag_t tag,
				       enum net_tls_credential_type type,
				       const void *cred, size_t len, void *user_data);

/**
 * Call @p cb for every credential of @p tag (in no particular order),
 * with the store locked (so @p cb may parse the buffers but must not call
 * the store). A non-zero return of @p cb stops the walk and is returned.
 * @return 0 when every credential was visited (also when there are none),
 *         else @p cb's non-zero return
 * @retval -EINVAL @p tag negative or @p cb NULL
 * Thread only.
 */
int net_tls_credential_foreach(net_sec_tag_t tag, net_tls_credential_cb_t cb,
			       void *user_data);

#ifdef __cplusplus
}
#endif

#endif /* KESTREL_NET_TLS_CREDENTIALS_H */
