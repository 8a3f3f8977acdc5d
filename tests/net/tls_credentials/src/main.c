/*
 * The TLS credential store (include/kestrel/net/tls_credentials.h): add,
 * get (copy), ref (no copy), delete and foreach by (tag, type), the
 * formats it takes (PEM with its NUL, DER) and rejects, a full table
 * (CONFIG_NET_TLS_CREDENTIALS_MAX = 4 here), every argument error, and
 * two threads adding and deleting at once under time slicing.
 */
#include <string.h>

#include <kestrel/kernel.h>
#include <kestrel/ktest.h>
#include <kestrel/net/tls_credentials.h>

#include "kt_test_pki.h"

#define CA NET_TLS_CREDENTIAL_CA_CERTIFICATE
#define OWN NET_TLS_CREDENTIAL_OWN_CERTIFICATE
#define KEY NET_TLS_CREDENTIAL_PRIVATE_KEY
#define PSK NET_TLS_CREDENTIAL_PSK
#define PSK_ID NET_TLS_CREDENTIAL_PSK_ID

static const uint8_t psk[NET_TLS_PSK_MAX_LEN] = { 1, 2, 3, 4, 5, 6, 7, 8 };
static const char psk_id[] = "device-1";
static uint8_t buf[4096];

/* Every (tag, type) a case may have used is gone before the next. */
static void clear_all(void *fixture)
{
	(void)fixture;
	for (net_sec_tag_t tag = 0; tag < 64; tag++) {
		for (int type = CA; type <= PSK_ID; type++) {
			(void)net_tls_credential_delete(tag, (enum net_tls_credential_type)type);
		}
	}
}

KTEST_SUITE(tls_credentials, NULL, clear_all, clear_all, NULL);

KTEST(tls_credentials, pem_added_is_got_byte_for_byte_with_its_nul)
{
	size_t len = sizeof(buf);

	kt_assert_eq(net_tls_credential_add(1, CA, kt_pki_ca_pem, kt_pki_ca_pem_len), 0);
	kt_assert_eq(net_tls_credential_get(1, CA, buf, &len), 0);
	kt_assert_eq(len, kt_pki_ca_pem_len);
	kt_assert_eq(buf[len - 1], 0);
	kt_assert_mem_eq(buf, kt_pki_ca_pem, len);
}

KTEST(tls_credentials, der_added_is_got_byte_for_byte)
{
	size_t len = sizeof(buf);

	kt_assert_eq(net_tls_credential_add(2, CA, kt_pki_ca_der, kt_pki_ca_der_len), 0);
	kt_assert_eq(net_tls_credential_get(2, CA, buf, &len), 0);
	kt_assert_eq(len, kt_pki_ca_der_len);
	kt_assert_mem_eq(buf, kt_pki_ca_der, len);
}

KTEST(tls_credentials, ref_is_the_buffer_added_not_a_copy)
{
	const void *p = NULL;
	size_t len = 0;

	kt_assert_eq(net_tls_credential_add(3, OWN, kt_pki_client_pem, kt_pki_client_pem_len), 0);
	kt_assert_eq(net_tls_credential_add(3, KEY, kt_pki_client_key_pem,
					    kt_pki_client_key_pem_len), 0);
	kt_assert_eq(net_tls_credential_ref(3, KEY, &p, &len), 0);
	kt_assert_ptr_eq(p, kt_pki_client_key_pem);
	kt_assert_eq(len, kt_pki_client_key_pem_len);
	kt_assert_eq(net_tls_credential_ref(3, OWN, &p, &len), 0);
	kt_assert_ptr_eq(p, kt_pki_client_pem);
}

KTEST(tls_credentials, one_credential_per_tag_and_type)
{
	kt_assert_eq(net_tls_credential_add(4, CA, kt_pki_ca_pem, kt_pki_ca_pem_len), 0);
	kt_assert_eq(net_tls_credential_add(4, CA, kt_pki_other_ca_pem,
					    kt_pki_other_ca_pem_len), -EEXIST);
	/* The same type under another tag, another type under the same tag. */
	kt_assert_eq(net_tls_credential_add(5, CA, kt_pki_other_ca_pem,
					    kt_pki_other_ca_pem_len), 0);
	kt_assert_eq(net_tls_credential_add(4, PSK, psk, 8), 0);

	const void *p;
	size_t len;

	kt_assert_eq(net_tls_credential_ref(4, CA, &p, &len), 0);
	kt_assert_ptr_eq(p, kt_pki_ca_pem);     /* the first one stayed */
	kt_assert_eq(net_tls_credential_ref(5, CA, &p, &len), 0);
	kt_assert_ptr_eq(p, kt_pki_other_ca_pem);
}

KTEST(tls_credentials, full_table_is_enomem_until_one_is_deleted)
{
	for (net_sec_tag_t tag = 10; tag < 10 + CONFIG_NET_TLS_CREDENTIALS_MAX; tag++) {
		kt_assert_eq(net_tls_credential_add(tag, PSK, psk, sizeof(psk)), 0);
	}
	kt_assert_eq(net_tls_credential_add(20, PSK, psk, sizeof(psk)), -ENOMEM);
	kt_assert_eq(net_tls_credential_delete(11, PSK), 0);
	kt_assert_eq(net_tls_credential_add(20, PSK, psk, sizeof(psk)), 0);
	kt_assert_eq(net_tls_credential_add(21, PSK, psk, sizeof(psk)), -ENOMEM);
}

KTEST(tls_credentials, deleted_is_enoent_everywhere)
{
	const void *p;
	size_t len = sizeof(buf);

	kt_assert_eq(net_tls_credential_add(6, PSK_ID, psk_id, strlen(psk_id)), 0);
	kt_assert_eq(net_tls_credential_delete(6, PSK_ID), 0);
	kt_assert_eq(net_tls_credential_get(6, PSK_ID, buf, &len), -ENOENT);
	kt_assert_eq(net_tls_credential_ref(6, PSK_ID, &p, &len), -ENOENT);
	kt_assert_eq(net_tls_credential_delete(6, PSK_ID), -ENOENT);
	kt_assert_eq(net_tls_credential_delete(7, CA), -ENOENT);
	/* ... and it can be added again. */
	kt_assert_eq(net_tls_credential_add(6, PSK_ID, psk_id, strlen(psk_id)), 0);
}

KTEST(tls_credentials, small_buffer_is_enospc_with_the_length_needed)
{
	size_t len = 100;

	memset(buf, 0xa5, sizeof(buf));
	kt_assert_eq(net_tls_credential_add(8, CA, kt_pki_ca_pem, kt_pki_ca_pem_len), 0);
	kt_assert_eq(net_tls_credential_get(8, CA, buf, &len), -ENOSPC);
	kt_assert_eq(len, kt_pki_ca_pem_len);
	kt_assert_eq(buf[0], 0xa5);             /* nothing copied */
	len = kt_pki_ca_pem_len;
	kt_assert_eq(net_tls_credential_get(8, CA, buf, &len), 0);
}

KTEST(tls_credentials, pem_without_its_nul_and_other_formats_are_einval)
{
	static const uint8_t junk[] = { 0x02, 0x01, 0x00 };

	kt_assert_eq(net_tls_credential_add(9, CA, kt_pki_ca_pem, kt_pki_ca_pem_len - 1), -EINVAL);
	kt_assert_eq(net_tls_credential_add(9, CA, "hello", 6), -EINVAL);
	kt_assert_eq(net_tls_credential_add(9, KEY, junk, sizeof(junk)), -EINVAL);
	kt_assert_eq(net_tls_credential_add(9, OWN, kt_pki_ca_der, 1), -EINVAL);
	/* PSKs and identities are raw bytes: any content. */
	kt_assert_eq(net_tls_credential_add(9, PSK, junk, sizeof(junk)), 0);
	kt_assert_eq(net_tls_credential_add(9, PSK_ID, junk, sizeof(junk)), 0);
}

KTEST(tls_credentials, bad_arguments_are_einval)
{
	static uint8_t big_psk[NET_TLS_PSK_MAX_LEN + 1];
	const void *p;
	size_t len = sizeof(buf);

	kt_assert_eq(net_tls_credential_add(-1, CA, kt_pki_ca_pem, kt_pki_ca_pem_len), -EINVAL);
	kt_assert_eq(net_tls_credential_add(1, 0, kt_pki_ca_pem, kt_pki_ca_pem_len), -EINVAL);
	kt_assert_eq(net_tls_credential_add(1, PSK_ID + 1, psk, 8), -EINVAL);
	kt_assert_eq(net_tls_credential_add(1, CA, NULL, 10), -EINVAL);
	kt_assert_eq(net_tls_credential_add(1, PSK, psk, 0), -EINVAL);
	kt_assert_eq(net_tls_credential_add(1, PSK, big_psk, sizeof(big_psk)), -EINVAL);
	kt_assert_eq(net_tls_credential_add(1, PSK_ID, buf, NET_TLS_CREDENTIAL_MAX_LEN + 1),
		     -EINVAL);
	kt_assert_eq(net_tls_credential_get(-1, CA, buf, &len), -EINVAL);
	kt_assert_eq(net_tls_credential_get(1, 0, buf, &len), -EINVAL);
	kt_assert_eq(net_tls_credential_get(1, CA, NULL, &len), -EINVAL);
	kt_assert_eq(net_tls_credential_get(1, CA, buf, NULL), -EINVAL);
	kt_assert_eq(net_tls_credential_ref(1, CA, NULL, &len), -EINVAL);
	kt_assert_eq(net_tls_credential_ref(1, CA, &p, NULL), -EINVAL);
	kt_assert_eq(net_tls_credential_ref(-5, CA, &p, &len), -EINVAL);
	kt_assert_eq(net_tls_credential_delete(-1, CA), -EINVAL);
	kt_assert_eq(net_tls_credential_delete(1, 99), -EINVAL);
	kt_assert_eq(net_tls_credential_foreach(-1, NULL, NULL), -EINVAL);
	kt_assert_eq(net_tls_credential_foreach(1, NULL, NULL), -EINVAL);
	/* Nothing was added by any of them. */
	kt_assert_eq(net_tls_credential_delete(1, CA), -ENOENT);
	kt_assert_eq(net_tls_credential_delete(1, PSK), -ENOENT);
	kt_assert_eq(net_tls_credential_delete(1, PSK_ID), -ENOENT);
}

struct seen {
	int count;
	unsigned int types;   /* bit per type */
	int stop_at;          /* return 1 on this visit (0: never) */
};

static int visit(net_sec_tag_t tag, enum net_tls_credential_type type,
		 const void *cred, size_t len, void *user_data)
{
	struct seen *s = user_data;

	(void)cred;
	(void)len;
	if (tag != 30) {
		return -1;
	}
	s->count++;
	s->types |= 1u << type;
	return s->count == s->stop_at ? 7 : 0;
}

KTEST(tls_credentials, foreach_visits_the_tag_only_and_stops_on_non_zero)
{
	struct seen s = { 0 };

	kt_assert_eq(net_tls_credential_foreach(30, visit, &s), 0);
	kt_assert_eq(s.count, 0);
	kt_assert_eq(net_tls_credential_add(30, CA, kt_pki_ca_pem, kt_pki_ca_pem_len), 0);
	kt_assert_eq(net_tls_credential_add(31, CA, kt_pki_ca_pem, kt_pki_ca_pem_len), 0);
	kt_assert_eq(net_tls_credential_add(30, OWN, kt_pki_client_pem, kt_pki_client_pem_len), 0);
	kt_assert_eq(net_tls_credential_add(30, KEY, kt_pki_client_key_pem,
					    kt_pki_client_key_pem_len), 0);
	kt_assert_eq(net_tls_credential_foreach(30, visit, &s), 0);
	kt_assert_eq(s.count, 3);
	kt_assert_eq(s.types, (1u << CA) | (1u << OWN) | (1u << KEY));
	s = (struct seen){ .stop_at = 2 };
	kt_assert_eq(net_tls_credential_foreach(30, visit, &s), 7);
	kt_assert_eq(s.count, 2);
}

/* Two threads, each adding, reading back and deleting its own tag in a
 * loop while time slicing switches between them: every call must see
 * only its own entry, and the table is empty at the end. */
#define ROUNDS 2000
#define STACK 2048

static K_THREAD_STACK_DEFINE(stack_a, STACK);
static K_THREAD_STACK_DEFINE(stack_b, STACK);
static struct k_thread thread_a, thread_b;
static int errors[2];

static void churn(void *p1, void *p2, void *p3)
{
	int id = (int)(uintptr_t)p1;
	net_sec_tag_t tag = 40 + id;
	const void *data = id ? (const void *)psk : (const void *)psk_id;

	(void)p2;
	(void)p3;
	for (int i = 0; i < ROUNDS; i++) {
		const void *p = NULL;
		size_t len = 0;

		if (net_tls_credential_add(tag, PSK, data, 4) != 0 ||
		    net_tls_credential_ref(tag, PSK, &p, &len) != 0 || p != data || len != 4 ||
		    net_tls_credential_delete(tag, PSK) != 0) {
			errors[id]++;
		}
	}
}

KTEST(tls_credentials, two_threads_at_once_see_only_their_own)
{
	kt_assert_eq(k_thread_create(&thread_a, stack_a, K_THREAD_STACK_SIZEOF(stack_a), churn,
				     (void *)0, NULL, NULL, 5, 0, K_NO_WAIT), 0);
	kt_assert_eq(k_thread_create(&thread_b, stack_b, K_THREAD_STACK_SIZEOF(stack_b), churn,
				     (void *)1, NULL, NULL, 5, 0, K_NO_WAIT), 0);
	kt_assert_eq(k_thread_join(&thread_a, K_SECONDS(30)), 0);
	kt_assert_eq(k_thread_join(&thread_b, K_SECONDS(30)), 0);
	kt_assert_eq(errors[0], 0);
	kt_assert_eq(errors[1], 0);
	/* Nothing left behind: the whole table is free again. */
	for (net_sec_tag_t tag = 50; tag < 50 + CONFIG_NET_TLS_CREDENTIALS_MAX; tag++) {
		kt_assert_eq(net_tls_credential_add(tag, PSK, psk, 4), 0);
	}
}
