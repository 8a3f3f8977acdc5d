/*
 * MQTT over TLS (CONFIG_NET_MQTT_TLS) against mosquitto's TLS listener
 * (fixture mqtt_tls, certificate "server" of tests/net/pki, CA "ca"): a
 * QoS 1 round trip through the broker with the broker verified by CA and
 * host name; an unknown CA, a wrong host name and an unknown time are
 * refused with -EACCES; a missing CA is -EINVAL at open. The wall clock is
 * set for the certificate's validity (fail closed while it is unknown).
 */
#include <string.h>

#include <kestrel/kernel.h>
#include <kestrel/ktest.h>
#include <kestrel/net/mqtt.h>
#include <kestrel/net/tls_credentials.h>
#include <kestrel/sys/realtime.h>
#include <kestrel/testing/net_fixtures.h>

#include "kt_test_pki.h"
#include "mqtt_test.h"
#include "net_test.h"

#define WAIT 15000
#define TAG_CA 1
#define TAG_OTHER_CA 2
#define TAG_NONE 3

static struct net_mqtt_client *client;
static char id[64];

static void set_time(void)
{
	/* 2026-06-01T00:00:00Z: inside the test PKI's validity. */
	struct sys_timespec ts = { .tv_sec = 1780272000, .tv_nsec = 0 };

	kt_assert_eq(sys_realtime_set(&ts), 0);
}

static void *setup(void)
{
	(void)net_tls_credential_add(TAG_CA, NET_TLS_CREDENTIAL_CA_CERTIFICATE,
				     kt_pki_ca_pem, kt_pki_ca_pem_len);
	(void)net_tls_credential_add(TAG_OTHER_CA, NET_TLS_CREDENTIAL_CA_CERTIFICATE,
				     kt_pki_other_ca_pem, kt_pki_other_ca_pem_len);
	return NULL;
}

static void after(void *fixture)
{
	(void)fixture;
	mqtt_test_close(&client);
}

KTEST_SUITE(net_mqtt_tls, setup, mqtt_test_before, after, NULL);

static struct net_mqtt_client *open_tls(const struct net_mqtt_tls *tls)
{
	struct net_mqtt_config cfg;

	kt_assert_not_null(net_test_iface_dhcp());
	cfg = mqtt_test_config(KT_NET_FIXTURE_MQTT_TLS_PORT,
			       mqtt_test_name(id, sizeof(id), "kt-tls"));
	cfg.tls = tls;
	kt_assert_eq(net_mqtt_client_open(&cfg, &client), 0);
	return client;
}

KTEST(net_mqtt_tls, round_trip_over_tls_with_verified_broker)
{
	static const struct net_mqtt_tls tls = {
		.sec_tag = TAG_CA, .hostname = KT_NET_FIXTURE_TLS_HOSTNAME,
	};
	static char topic[64];
	struct net_mqtt_client *c;
	struct mqtt_test_evt e;
	int64_t t0;

	set_time();
	c = open_tls(&tls);
	t0 = k_uptime_get();
	kt_assert_eq(net_mqtt_connect(c, WAIT), 0);
	printk("mqtt_tls: TLS + CONNACK in %lld ms\n", (long long)(k_uptime_get() - t0));
	mqtt_test_name(topic, sizeof(topic), "kt/tls");
	kt_assert_gt(net_mqtt_subscribe(c, topic, 1), 0);
	kt_assert_eq(mqtt_test_wait(c, NET_MQTT_EVT_SUBSCRIBED, WAIT, &e), 0);
	kt_assert_gt(net_mqtt_publish(c, topic, "secret", 6, 1, false), 0);
	kt_assert_eq(mqtt_test_wait(c, NET_MQTT_EVT_MESSAGE, WAIT, &e), 0);
	kt_assert_str_eq(e.payload, "secret");
	kt_assert_eq(mqtt_test_wait(c, NET_MQTT_EVT_PUBLISHED, WAIT, NULL), 0);
}

static void refused(const struct net_mqtt_tls *tls)
{
	struct net_mqtt_client *c = open_tls(tls);
	struct mqtt_test_evt e;

	kt_assert_eq(net_mqtt_connect(c, WAIT), -EACCES);
	kt_assert_eq(mqtt_test_wait(c, NET_MQTT_EVT_DISCONNECTED, WAIT, &e), 0);
	kt_assert_eq(e.result, -EACCES);
	kt_assert_eq(net_mqtt_is_connected(c), 0);
}

KTEST(net_mqtt_tls, unknown_ca_is_eacces)
{
	static const struct net_mqtt_tls tls = {
		.sec_tag = TAG_OTHER_CA, .hostname = KT_NET_FIXTURE_TLS_HOSTNAME,
	};

	set_time();
	refused(&tls);
}

KTEST(net_mqtt_tls, wrong_host_name_is_eacces)
{
	static const struct net_mqtt_tls tls = {
		.sec_tag = TAG_CA, .hostname = "wrong-host.kestrel-test.invalid",
	};

	set_time();
	refused(&tls);
}

KTEST(net_mqtt_tls, unknown_time_is_eacces)
{
	static const struct net_mqtt_tls tls = {
		.sec_tag = TAG_CA, .hostname = KT_NET_FIXTURE_TLS_HOSTNAME,
	};

	sys_realtime_unset();   /* validity cannot be checked: fail closed */
	refused(&tls);
}

KTEST(net_mqtt_tls, missing_ca_or_host_name_is_einval)
{
	struct net_mqtt_tls tls = { .sec_tag = TAG_NONE, .hostname = "x" };
	struct net_mqtt_config cfg = mqtt_test_config(KT_NET_FIXTURE_MQTT_TLS_PORT, "kt-tls-bad");
	struct net_mqtt_client *c;

	cfg.tls = &tls;
	kt_assert_eq(net_mqtt_client_open(&cfg, &c), -EINVAL);
	tls.sec_tag = TAG_CA;
	tls.hostname = NULL;
	kt_assert_eq(net_mqtt_client_open(&cfg, &c), -EINVAL);
	tls.hostname = "";
	kt_assert_eq(net_mqtt_client_open(&cfg, &c), -EINVAL);
}
