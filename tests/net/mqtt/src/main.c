/*
 * MQTT client (include/kestrel/net/mqtt.h) against a real mosquitto on the
 * host (fixture mqtt, 10.0.2.2:17883): CONNACK, publish/subscribe round
 * trips at QoS 0, 1 and 2 through the broker (the device subscribes to its
 * own topic), unsubscribe, the will of a client that drops without
 * DISCONNECT, a persistent session that keeps subscriptions and queues
 * messages, publishing while disconnected, argument errors. Every wait is
 * bounded. Ids and topics carry a random part: boards run side by side
 * against the one broker.
 */
#include <string.h>

#include <kestrel/kernel.h>
#include <kestrel/ktest.h>
#include <kestrel/net/mqtt.h>
#include <kestrel/testing/net_fixtures.h>

#include "mqtt_test.h"
#include "net_test.h"

#define WAIT MQTT_TEST_WAIT_MS

static struct net_mqtt_client *clients[CONFIG_NET_MQTT_CLIENTS];
static char id_buf[CONFIG_NET_MQTT_CLIENTS][48];
static char topic[64];
static char topic2[64];

static void after(void *fixture)
{
	(void)fixture;
	for (int i = 0; i < CONFIG_NET_MQTT_CLIENTS; i++) {
		mqtt_test_close(&clients[i]);
	}
}

KTEST_SUITE(net_mqtt, NULL, mqtt_test_before, after, NULL);

/* Client @p n, opened from @p cfg (its id kept in id_buf[n]). */
static struct net_mqtt_client *open_n(int n, struct net_mqtt_config *cfg)
{
	kt_assert_eq(net_mqtt_client_open(cfg, &clients[n]), 0);
	return clients[n];
}

static struct net_mqtt_client *connect_n(int n, struct net_mqtt_config *cfg)
{
	struct net_mqtt_client *c = open_n(n, cfg);

	kt_assert_eq(net_mqtt_connect(c, WAIT), 0);
	kt_assert_eq(net_mqtt_is_connected(c), 1);
	return c;
}

static struct net_mqtt_config broker_cfg(int n, const char *prefix)
{
	kt_assert_not_null(net_test_iface_dhcp());
	return mqtt_test_config(KT_NET_FIXTURE_MQTT_PORT,
				mqtt_test_name(id_buf[n], sizeof(id_buf[n]), prefix));
}

static void subscribe_ok(struct net_mqtt_client *c, const char *t, uint8_t qos)
{
	struct mqtt_test_evt e;
	int id = net_mqtt_subscribe(c, t, qos);

	kt_assert_gt(id, 0);
	kt_assert_eq(mqtt_test_wait(c, NET_MQTT_EVT_SUBSCRIBED, WAIT, &e), 0);
	kt_assert_eq(e.id, id);
	kt_assert_eq(e.result, qos);
}

static void receive(struct net_mqtt_client *c, const char *payload, uint8_t qos)
{
	struct mqtt_test_evt e;

	kt_assert_eq(mqtt_test_wait(c, NET_MQTT_EVT_MESSAGE, WAIT, &e), 0);
	kt_assert_str_eq(e.topic, topic);
	kt_assert_str_eq(e.payload, payload);
	kt_assert_eq(e.len, strlen(payload));
	kt_assert_eq(e.qos, qos);
}

KTEST(net_mqtt, connect_gets_connack_and_disconnect_event)
{
	struct net_mqtt_config cfg = broker_cfg(0, "kt-connect");
	struct net_mqtt_client *c = open_n(0, &cfg);
	struct mqtt_test_evt e;
	int64_t t0 = k_uptime_get();

	kt_assert_eq(net_mqtt_connect(c, WAIT), 0);
	printk("mqtt: CONNACK %lld ms after connect, %lld ms after boot\n",
	       (long long)(k_uptime_get() - t0), (long long)k_uptime_get());
	kt_assert_eq(mqtt_test_wait(c, NET_MQTT_EVT_CONNECTED, WAIT, &e), 0);
	kt_assert_false(e.session_present);
	kt_assert_eq(net_mqtt_connect(c, WAIT), -EISCONN);
	kt_assert_eq(net_mqtt_disconnect(c), 0);
	kt_assert_eq(mqtt_test_wait(c, NET_MQTT_EVT_DISCONNECTED, WAIT, &e), 0);
	kt_assert_eq(e.result, 0);
	kt_assert_false(e.reconnecting);
	kt_assert_eq(net_mqtt_is_connected(c), 0);
}

static void round_trip(uint8_t qos)
{
	struct net_mqtt_config cfg = broker_cfg(0, "kt-rt");
	struct net_mqtt_client *c = connect_n(0, &cfg);
	struct mqtt_test_evt e;
	char payload[32];
	int id;

	mqtt_test_name(topic, sizeof(topic), "kt/rt");
	subscribe_ok(c, topic, qos);
	for (int i = 0; i < 3; i++) {
		snprintk(payload, sizeof(payload), "qos%u #%d", qos, i);
		id = net_mqtt_publish(c, topic, payload, strlen(payload), qos, false);
		if (qos == 0) {
			kt_assert_eq(id, 0);
		} else {
			kt_assert_gt(id, 0);
			kt_assert_eq(mqtt_test_wait(c, NET_MQTT_EVT_PUBLISHED, WAIT, &e), 0);
			kt_assert_eq(e.id, id);
		}
		receive(c, payload, qos);
	}
}

KTEST(net_mqtt, round_trip_qos0)
{
	round_trip(0);
}

KTEST(net_mqtt, round_trip_qos1)
{
	round_trip(1);
}

KTEST(net_mqtt, round_trip_qos2_delivered_once)
{
	round_trip(2);
	k_msleep(300);
	kt_assert_eq(mqtt_test_count("qos2 #0"), 1);
	kt_assert_eq(mqtt_test_count("qos2 #2"), 1);
}

KTEST(net_mqtt, payload_of_the_largest_size_round_trips)
{
	static uint8_t big[CONFIG_NET_MQTT_PAYLOAD_MAX];
	struct net_mqtt_config cfg = broker_cfg(0, "kt-big");
	struct net_mqtt_client *c = connect_n(0, &cfg);
	struct mqtt_test_evt e;

	for (size_t i = 0; i < sizeof(big); i++) {
		big[i] = (uint8_t)('a' + i % 26);
	}
	mqtt_test_name(topic, sizeof(topic), "kt/big");
	subscribe_ok(c, topic, 1);
	kt_assert_gt(net_mqtt_publish(c, topic, big, sizeof(big), 1, false), 0);
	kt_assert_eq(mqtt_test_wait(c, NET_MQTT_EVT_MESSAGE, WAIT, &e), 0);
	kt_assert_eq(e.len, sizeof(big));
	kt_assert_eq(net_mqtt_publish(c, topic, big, sizeof(big) + 1, 1, false), -EMSGSIZE);
}

KTEST(net_mqtt, unsubscribe_stops_delivery)
{
	struct net_mqtt_config cfg = broker_cfg(0, "kt-unsub");
	struct net_mqtt_client *c = connect_n(0, &cfg);
	struct mqtt_test_evt e;
	int id;

	mqtt_test_name(topic, sizeof(topic), "kt/unsub");
	subscribe_ok(c, topic, 1);
	kt_assert_gt(net_mqtt_publish(c, topic, "one", 3, 1, false), 0);
	receive(c, "one", 1);
	id = net_mqtt_unsubscribe(c, topic);
	kt_assert_gt(id, 0);
	kt_assert_eq(mqtt_test_wait(c, NET_MQTT_EVT_UNSUBSCRIBED, WAIT, &e), 0);
	kt_assert_eq(e.id, id);
	kt_assert_eq(net_mqtt_unsubscribe(c, topic), -ENOENT);
	kt_assert_gt(net_mqtt_publish(c, topic, "two", 3, 1, false), 0);
	kt_assert_eq(mqtt_test_wait(c, NET_MQTT_EVT_PUBLISHED, WAIT, NULL), 0);
	kt_assert_eq(mqtt_test_wait(c, NET_MQTT_EVT_MESSAGE, 1000, NULL), -ETIMEDOUT);
	kt_assert_eq(mqtt_test_count("two"), 0);
}

KTEST(net_mqtt, will_is_published_when_the_client_drops)
{
	struct net_mqtt_config watch = broker_cfg(0, "kt-watch");
	struct net_mqtt_config cfg = broker_cfg(1, "kt-will");
	struct net_mqtt_will will = { .payload = "gone", .len = 4, .qos = 1 };
	struct net_mqtt_client *w, *c;

	mqtt_test_name(topic, sizeof(topic), "kt/will");
	will.topic = topic;
	cfg.will = &will;
	w = connect_n(0, &watch);
	subscribe_ok(w, topic, 1);
	/* A graceful disconnect: no will. */
	c = connect_n(1, &cfg);
	kt_assert_eq(net_mqtt_disconnect(c), 0);
	kt_assert_eq(mqtt_test_wait(w, NET_MQTT_EVT_MESSAGE, 1000, NULL), -ETIMEDOUT);
	/* Dropped without DISCONNECT: the broker publishes the will. */
	kt_assert_eq(net_mqtt_connect(c, WAIT), 0);
	kt_assert_eq(net_mqtt_abort(c), 0);
	receive(w, "gone", 1);
}

KTEST(net_mqtt, persistent_session_keeps_subscription_and_queues)
{
	struct net_mqtt_config cfg = broker_cfg(0, "kt-persist");
	struct net_mqtt_config pub = broker_cfg(1, "kt-pub");
	struct net_mqtt_client *c, *p;
	struct mqtt_test_evt e;

	cfg.clean_session = false;
	mqtt_test_name(topic, sizeof(topic), "kt/persist");
	c = connect_n(0, &cfg);
	subscribe_ok(c, topic, 1);
	kt_assert_eq(net_mqtt_client_close(c), 0);
	clients[0] = NULL;
	/* Published while the persistent client is away: queued for it. */
	p = connect_n(1, &pub);
	kt_assert_gt(net_mqtt_publish(p, topic, "queued", 6, 1, false), 0);
	kt_assert_eq(mqtt_test_wait(p, NET_MQTT_EVT_PUBLISHED, WAIT, NULL), 0);
	/* A new client of the same id subscribes to nothing: the session has it. */
	c = open_n(0, &cfg);
	kt_assert_eq(net_mqtt_connect(c, WAIT), 0);
	kt_assert_eq(mqtt_test_wait(c, NET_MQTT_EVT_CONNECTED, WAIT, &e), 0);
	kt_assert_true(e.session_present);
	receive(c, "queued", 1);
	kt_assert_gt(net_mqtt_publish(p, topic, "live", 4, 1, false), 0);
	receive(c, "live", 1);
	/* Clean it up: a clean session ends the persistent one. */
	kt_assert_eq(net_mqtt_client_close(c), 0);
	clients[0] = NULL;
	cfg.clean_session = true;
	c = connect_n(0, &cfg);
	kt_assert_eq(mqtt_test_wait(c, NET_MQTT_EVT_CONNECTED, WAIT, &e), 0);
	kt_assert_false(e.session_present);
}

KTEST(net_mqtt, published_while_disconnected_goes_at_connect)
{
	struct net_mqtt_config cfg = broker_cfg(0, "kt-offline");
	struct net_mqtt_client *c;
	struct mqtt_test_evt e;
	int id1, id2;

	mqtt_test_name(topic, sizeof(topic), "kt/offline");
	c = open_n(0, &cfg);
	kt_assert_gt(net_mqtt_subscribe(c, topic, 2), 0);
	kt_assert_eq(net_mqtt_publish(c, topic, "q0", 2, 0, false), -ENOTCONN);
	id1 = net_mqtt_publish(c, topic, "early1", 6, 1, false);
	id2 = net_mqtt_publish(c, topic, "early2", 6, 2, false);
	kt_assert_gt(id1, 0);
	kt_assert_gt(id2, 0);
	kt_assert_ne(id1, id2);
	kt_assert_eq(net_mqtt_connect(c, WAIT), 0);
	kt_assert_eq(mqtt_test_wait(c, NET_MQTT_EVT_SUBSCRIBED, WAIT, &e), 0);
	receive(c, "early1", 1);
	receive(c, "early2", 2);
}

KTEST(net_mqtt, refused_tcp_is_econnrefused)
{
	struct net_mqtt_config cfg = broker_cfg(0, "kt-refused");
	struct net_mqtt_client *c;
	struct mqtt_test_evt e;

	cfg.port = KT_NET_FIXTURE_TCP_CLOSED_PORT;
	c = open_n(0, &cfg);
	kt_assert_eq(net_mqtt_connect(c, WAIT), -ECONNREFUSED);
	kt_assert_eq(mqtt_test_wait(c, NET_MQTT_EVT_DISCONNECTED, WAIT, &e), 0);
	kt_assert_eq(e.result, -ECONNREFUSED);
	kt_assert_false(e.reconnecting);
}

KTEST(net_mqtt, bad_arguments_are_rejected)
{
	struct net_mqtt_config cfg = broker_cfg(0, "kt-args");
	struct net_mqtt_config bad = cfg;
	struct net_mqtt_client *c, *none = NULL;
	static char longer[CONFIG_NET_MQTT_TOPIC_MAX + 2];
	struct net_mqtt_will will = { .topic = "w", .payload = "x", .len = 1, .qos = 3 };
	struct net_mqtt_stats st;

	memset(longer, 'a', sizeof(longer) - 1);
	kt_assert_eq(net_mqtt_client_open(NULL, &c), -EINVAL);
	kt_assert_eq(net_mqtt_client_open(&cfg, NULL), -EINVAL);
	bad.client_id = NULL;
	kt_assert_eq(net_mqtt_client_open(&bad, &c), -EINVAL);
	bad = cfg;
	bad.client_id = "";
	bad.clean_session = false;
	kt_assert_eq(net_mqtt_client_open(&bad, &c), -EINVAL);
	bad = cfg;
	bad.port = 0;
	kt_assert_eq(net_mqtt_client_open(&bad, &c), -EINVAL);
	bad = cfg;
	bad.broker.family = NET_AF_UNSPEC;
	kt_assert_eq(net_mqtt_client_open(&bad, &c), -EINVAL);
	bad = cfg;
	bad.will = &will;
	kt_assert_eq(net_mqtt_client_open(&bad, &c), -EINVAL);
	bad = cfg;
	bad.username = "";
	kt_assert_eq(net_mqtt_client_open(&bad, &c), -EINVAL);
	bad = cfg;
	bad.client_id = longer;
	kt_assert_eq(net_mqtt_client_open(&bad, &c), -EINVAL);

	c = open_n(0, &cfg);
	kt_assert_eq(net_mqtt_connect(c, -1), -EINVAL);
	kt_assert_eq(net_mqtt_connect(none, 0), -EINVAL);
	kt_assert_eq(net_mqtt_publish(c, NULL, "x", 1, 0, false), -EINVAL);
	kt_assert_eq(net_mqtt_publish(c, "", "x", 1, 0, false), -EINVAL);
	kt_assert_eq(net_mqtt_publish(c, "a/+", "x", 1, 1, false), -EINVAL);
	kt_assert_eq(net_mqtt_publish(c, "a/#", "x", 1, 1, false), -EINVAL);
	kt_assert_eq(net_mqtt_publish(c, longer, "x", 1, 1, false), -EINVAL);
	kt_assert_eq(net_mqtt_publish(c, "a", NULL, 1, 1, false), -EINVAL);
	kt_assert_eq(net_mqtt_publish(c, "a", "x", 1, 3, false), -EINVAL);
	kt_assert_eq(net_mqtt_publish(none, "a", "x", 1, 1, false), -EINVAL);
	kt_assert_eq(net_mqtt_subscribe(c, NULL, 0), -EINVAL);
	kt_assert_eq(net_mqtt_subscribe(c, "a/#", 3), -EINVAL);
	kt_assert_eq(net_mqtt_subscribe(c, longer, 0), -EINVAL);
	kt_assert_eq(net_mqtt_unsubscribe(c, NULL), -EINVAL);
	kt_assert_eq(net_mqtt_unsubscribe(c, "never"), -ENOENT);
	kt_assert_eq(net_mqtt_is_connected(none), -EINVAL);
	kt_assert_eq(net_mqtt_stats(c, NULL), -EINVAL);
	kt_assert_eq(net_mqtt_stats(none, &st), -EINVAL);
	kt_assert_eq(net_mqtt_disconnect(none), -EINVAL);
	kt_assert_eq(net_mqtt_abort(none), -EINVAL);
	kt_assert_eq(net_mqtt_client_close(none), -EINVAL);
	/* Kept messages: CONFIG_NET_MQTT_INFLIGHT_MAX, then -ENOBUFS. */
	for (int i = 0; i < CONFIG_NET_MQTT_INFLIGHT_MAX; i++) {
		kt_assert_gt(net_mqtt_publish(c, "a", "x", 1, 1, false), 0);
	}
	kt_assert_eq(net_mqtt_publish(c, "a", "x", 1, 1, false), -ENOBUFS);
	/* Subscriptions: CONFIG_NET_MQTT_SUBS_MAX, then -ENOBUFS. */
	for (int i = 0; i < CONFIG_NET_MQTT_SUBS_MAX; i++) {
		snprintk(topic2, sizeof(topic2), "s/%d", i);
		kt_assert_gt(net_mqtt_subscribe(c, topic2, 0), 0);
	}
	kt_assert_eq(net_mqtt_subscribe(c, "s/x", 0), -ENOBUFS);
	kt_assert_gt(net_mqtt_subscribe(c, "s/0", 1), 0);   /* same topic: fine */
	/* Clients: CONFIG_NET_MQTT_CLIENTS, then -ENOMEM. */
	for (int i = 1; i < CONFIG_NET_MQTT_CLIENTS; i++) {
		(void)open_n(i, &cfg);
	}
	kt_assert_eq(net_mqtt_client_open(&cfg, &c), -ENOMEM);
}
