/*
 * TLS credential store (include/kestrel/net/tls_credentials.h): a static
 * table of references to the application's buffers, one entry per (tag,
 * type), guarded by a mutex.
 */
#include <string.h>

#include <kestrel/kernel.h>
#include <kestrel/net/tls_credentials.h>

struct credential {
	const void *data;            /* NULL: the entry is free */
	uint32_t len;
	net_sec_tag_t tag;
	uint8_t type;                /* enum net_tls_credential_type */
};

static struct credential table[CONFIG_NET_TLS_CREDENTIALS_MAX];
static K_MUTEX_DEFINE(table_lock);

static bool type_ok(enum net_tls_credential_type type)
{
	return type >= NET_TLS_CREDENTIAL_CA_CERTIFICATE &&
	       type <= NET_TLS_CREDENTIAL_PSK_ID;
}

static bool is_x509(enum net_tls_credential_type type)
{
	return type == NET_TLS_CREDENTIAL_CA_CERTIFICATE ||
	       type == NET_TLS_CREDENTIAL_OWN_CERTIFICATE ||
	       type == NET_TLS_CREDENTIAL_PRIVATE_KEY;
}

/* DER: an ASN.1 SEQUENCE. PEM: "-----BEGIN " and a counted NUL at the end
 * (mbedTLS's PEM parsers need the NUL). */
static bool format_ok(const uint8_t *p, size_t len)
{
	static const char pem[] = "-----BEGIN ";

	if (len > sizeof(pem) - 1 && memcmp(p, pem, sizeof(pem) - 1) == 0) {
		return p[len - 1] == '\0';
	}
	return p[0] == 0x30 && len >= 2;
}

static int add_check(net_sec_tag_t tag, enum net_tls_credential_type type,
		     const void *cred, size_t len)
{
	if (tag < 0 || !type_ok(type) || cred == NULL || len == 0 ||
	    len > NET_TLS_CREDENTIAL_MAX_LEN) {
		return -EINVAL;
	}
	if (is_x509(type) && !format_ok(cred, len)) {
		return -EINVAL;
	}
	if (type == NET_TLS_CREDENTIAL_PSK && len > NET_TLS_PSK_MAX_LEN) {
		return -EINVAL;
	}
	return 0;
}

/* The entry of (@p tag, @p type), or NULL. Table locked. */
static struct credential *find(net_sec_tag_t tag, enum net_tls_credential_type type)
{
	for (size_t i = 0; i < ARRAY_SIZE(table); i++) {
		if (table[i].data != NULL && table[i].tag == tag &&
		    table[i].type == (uint8_t)type) {
			return &table[i];
		}
	}
	return NULL;
}

static struct credential *find_free(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(table); i++) {
		if (table[i].data == NULL) {
			return &table[i];
		}
	}
	return NULL;
}

int net_tls_credential_add(net_sec_tag_t tag, enum net_tls_credential_type type,
			   const void *cred, size_t len)
{
	struct credential *c;
	int ret = add_check(tag, type, cred, len);

	if (ret != 0) {
		return ret;
	}
	k_mutex_lock(&table_lock, K_FOREVER);
	if (find(tag, type) != NULL) {
		ret = -EEXIST;
	} else if ((c = find_free()) == NULL) {
		ret = -ENOMEM;
	} else {
		c->tag = tag;
		c->type = (uint8_t)type;
		c->len = (uint32_t)len;
		c->data = cred;
	}
	k_mutex_unlock(&table_lock);
	return ret;
}

int net_tls_credential_get(net_sec_tag_t tag, enum net_tls_credential_type type,
			   void *buf, size_t *len)
{
	const struct credential *c;
	int ret = 0;

	if (tag < 0 || !type_ok(type) || buf == NULL || len == NULL) {
		return -EINVAL;
	}
	k_mutex_lock(&table_lock, K_FOREVER);
	c = find(tag, type);
	if (c == NULL) {
		ret = -ENOENT;
	} else if (*len < c->len) {
		ret = -ENOSPC;
	} else {
		memcpy(buf, c->data, c->len);
	}
	if (c != NULL) {
		*len = c->len;
	}
	k_mutex_unlock(&table_lock);
	return ret;
}

int net_tls_credential_ref(net_sec_tag_t tag, enum net_tls_credential_type type,
			   const void **cred, size_t *len)
{
	const struct credential *c;

	if (tag < 0 || !type_ok(type) || cred == NULL || len == NULL) {
		return -EINVAL;
	}
	k_mutex_lock(&table_lock, K_FOREVER);
	c = find(tag, type);
	if (c != NULL) {
		*cred = c->data;
		*len = c->len;
	}
	k_mutex_unlock(&table_lock);
	return c != NULL ? 0 : -ENOENT;
}

int net_tls_credential_delete(net_sec_tag_t tag, enum net_tls_credential_type type)
{
	struct credential *c;

	if (tag < 0 || !type_ok(type)) {
		return -EINVAL;
	}
	k_mutex_lock(&table_lock, K_FOREVER);
	c = find(tag, type);
	if (c != NULL) {
		memset(c, 0, sizeof(*c));
	}
	k_mutex_unlock(&table_lock);
	return c != NULL ? 0 : -ENOENT;
}

int net_tls_credential_foreach(net_sec_tag_t tag, net_tls_credential_cb_t cb,
			       void *user_data)
{
	int ret = 0;

	if (tag < 0 || cb == NULL) {
		return -EINVAL;
	}
	k_mutex_lock(&table_lock, K_FOREVER);
	for (size_t i = 0; i < ARRAY_SIZE(table) && ret == 0; i++) {
		const struct credential *c = &table[i];

		if (c->data != NULL && c->tag == tag) {
			ret = cb(tag, (enum net_tls_credential_type)c->type,
				 c->data, c->len, user_data);
		}
	}
	k_mutex_unlock(&table_lock);
	return ret;
}
