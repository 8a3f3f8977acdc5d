/*
 * The client against the fake broker (fixture mqtt_fake, 10.0.2.2:17886;
 * scripts/ktlib/mqtt_fixtures.py): the client id names what the broker
 * does. Malformed packets, sent after the client's first QoS 0 PUBLISH (or
 * instead of the CONNACK), end the connection with -EPROTO and are counted,
 * and a round trip through the real broker works afterwards (under ASan on
 * native_sim: no over-read). Refusals and silence give their errors. A QoS
 * 1 message in flight at a drop is sent again with DUP, a QoS 2 exchange
 * resumes with PUBREL, an incoming QoS 2 message sent twice is delivered
 * once.
 */
#include <string.h>

#include <kestrel/kernel.h>
#include <kestrel/ktest.h>
#include <kestrel/net/mqtt.h>
#include <kestrel/testing/net_fixtures.h>

#include "mqtt_test.h"
#include "net_test.h"

#define WAIT MQTT_TEST_WAIT_MS

static struct net_mqtt_client *client;
static char id[64];

static void after(void *fixture)
{
	(void)fixture;
	mqtt_test_close(&client);
}

KTEST_SUITE(net_mqtt_fake, NULL, mqtt_test_before, after, NULL);

static struct net_mqtt_client *open_fake(const char *scenario, bool clean,
					 uint32_t reconnect_ms)
{
	struct net_mqtt_config cfg;

	kt_assert_not_null(net_test_iface_dhcp());
	cfg = mqtt_test_config(KT_NET_FIXTURE_MQTT_FAKE_PORT,
			       mqtt_test_name(id, sizeof(id), scenario));
	cfg.clean_session = clean;
	cfg.reconnect_ms = reconnect_ms;
	kt_assert_eq(net_mqtt_client_open(&cfg, &client), 0);
	return client;
}

/* A round trip through the real broker: the stack still works. */
static void stack_still_works(void)
{
	struct net_mqtt_config cfg = mqtt_test_config(KT_NET_FIXTURE_MQTT_PORT,
		mqtt_test_name(id, sizeof(id), "kt-after"));
	struct net_mqtt_client *c;
	struct mqtt_test_evt e;
	char topic[64];

	kt_assert_eq(net_mqtt_client_close(client), 0);
	client = NULL;
	kt_assert_eq(net_mqtt_client_open(&cfg, &c), 0);
	client = c;
	kt_assert_eq(net_mqtt_connect(c, WAIT), 0);
	mqtt_test_name(topic, sizeof(topic), "kt/after");
	kt_assert_gt(net_mqtt_subscribe(c, topic, 1), 0);
	kt_assert_eq(mqtt_test_wait(c, NET_MQTT_EVT_SUBSCRIBED, WAIT, NULL), 0);
	kt_assert_gt(net_mqtt_publish(c, topic, "ok", 2, 1, false), 0);
	kt_assert_eq(mqtt_test_wait(c, NET_MQTT_EVT_MESSAGE, WAIT, &e), 0);
	kt_assert_str_eq(e.payload, "ok");
}

static void protocol_errors_are(struct net_mqtt_client *c, uint32_t n)
{
	struct net_mqtt_stats st;

	kt_assert_eq(net_mqtt_stats(c, &st), 0);
	kt_assert_eq(st.protocol_errors, n);
	kt_assert_eq(st.rx_messages, 0);
}

/* Connected, then the trigger; the broker's answer is malformed. */
static void rejected_after_trigger(const char *scenario)
{
	struct net_mqtt_client *c = open_fake(scenario, true, 0);
	struct mqtt_test_evt e;

	kt_assert_eq(net_mqtt_connect(c, WAIT), 0);
	kt_assert_eq(net_mqtt_publish(c, "kt/go", "go", 2, 0, false), 0);
	kt_assert_eq(mqtt_test_wait(c, NET_MQTT_EVT_DISCONNECTED, WAIT, &e), 0);
	kt_assert_eq(e.result, -EPROTO);
	kt_assert_eq(net_mqtt_is_connected(c), 0);
	protocol_errors_are(c, 1);
	stack_still_works();
}

/* The broker's first answer is malformed: the connect fails. */
static void rejected_at_connect(const char *scenario)
{
	struct net_mqtt_client *c = open_fake(scenario, true, 0);

	kt_assert_eq(net_mqtt_connect(c, WAIT), -EPROTO);
	protocol_errors_are(c, 1);
	stack_still_works();
}

KTEST(net_mqtt_fake, remaining_length_of_five_bytes_is_rejected)
{
	rejected_after_trigger("fake-remlen");
}

KTEST(net_mqtt_fake, packet_types_0_15_and_connect_are_rejected)
{
	rejected_after_trigger("fake-type0");
	after(NULL);
	rejected_after_trigger("fake-type15");
	after(NULL);
	rejected_after_trigger("fake-connect");
}

KTEST(net_mqtt_fake, second_connack_is_rejected)
{
	rejected_after_trigger("fake-connack2");
}

KTEST(net_mqtt_fake, publish_with_topic_beyond_packet_is_rejected)
{
	rejected_after_trigger("fake-topiclen");
}

KTEST(net_mqtt_fake, publish_with_empty_topic_or_qos3_is_rejected)
{
	rejected_after_trigger("fake-topic0");
	after(NULL);
	rejected_after_trigger("fake-qos3");
}

KTEST(net_mqtt_fake, acks_of_id_0_bad_length_or_flags_are_rejected)
{
	rejected_after_trigger("fake-ackzero");
	after(NULL);
	rejected_after_trigger("fake-acklen");
	after(NULL);
	rejected_after_trigger("fake-pubrelflags");
	after(NULL);
	rejected_after_trigger("fake-pingresp");
	after(NULL);
	rejected_after_trigger("fake-suback");
}

KTEST(net_mqtt_fake, connack_of_bad_length_flags_or_code_is_rejected)
{
	rejected_at_connect("fake-connacklen");
	after(NULL);
	rejected_at_connect("fake-connackflags");
	after(NULL);
	rejected_at_connect("fake-connackrc");
}

KTEST(net_mqtt_fake, publish_before_connack_is_rejected)
{
	rejected_at_connect("fake-early");
}

KTEST(net_mqtt_fake, truncated_publish_is_not_delivered)
{
	struct net_mqtt_client *c = open_fake("fake-truncated", true, 0);
	struct mqtt_test_evt e;

	kt_assert_eq(net_mqtt_connect(c, WAIT), 0);
	kt_assert_eq(net_mqtt_publish(c, "kt/go", "go", 2, 0, false), 0);
	kt_assert_eq(mqtt_test_wait(c, NET_MQTT_EVT_DISCONNECTED, WAIT, &e), 0);
	kt_assert_eq(e.result, -ECONNRESET);
	protocol_errors_are(c, 0);
	stack_still_works();
}

KTEST(net_mqtt_fake, connack_refusals_are_eperm_and_not_retried)
{
	struct net_mqtt_client *c = open_fake("fake-rc4", true, 1000);
	struct mqtt_test_evt e;

	kt_assert_eq(net_mqtt_connect(c, WAIT), -EPERM);
	kt_assert_eq(mqtt_test_wait(c, NET_MQTT_EVT_DISCONNECTED, WAIT, &e), 0);
	kt_assert_false(e.reconnecting);
	after(NULL);
	c = open_fake("fake-rc5", true, 0);
	kt_assert_eq(net_mqtt_connect(c, WAIT), -EPERM);
}

KTEST(net_mqtt_fake, silent_broker_times_out)
{
	struct net_mqtt_client *c = open_fake("fake-silent", true, 0);
	int64_t t0 = k_uptime_get();

	/* lwIP's CONNACK timeout (CONFIG_NET_MQTT_CONNECT_TIMEOUT_S). */
	kt_assert_eq(net_mqtt_connect(c, WAIT), -ETIMEDOUT);
	kt_assert_ge(k_uptime_get() - t0, CONFIG_NET_MQTT_CONNECT_TIMEOUT_S * 1000 - 1000);
	after(NULL);
	/* The caller's own bound, shorter than lwIP's. */
	c = open_fake("fake-silent", true, 0);
	kt_assert_eq(net_mqtt_connect(c, 300), -ETIMEDOUT);
	kt_assert_eq(net_mqtt_is_connected(c), 0);
}

static void resent_after_drop(const char *scenario, uint8_t qos)
{
	struct net_mqtt_client *c = open_fake(scenario, false, 200);
	struct mqtt_test_evt e;
	struct net_mqtt_stats st;
	int pid;

	kt_assert_eq(net_mqtt_connect(c, WAIT), 0);
	kt_assert_eq(mqtt_test_wait(c, NET_MQTT_EVT_CONNECTED, WAIT, &e), 0);
	kt_assert_false(e.session_present);
	pid = net_mqtt_publish(c, "kt/resend", "keep me", 7, qos, false);
	kt_assert_gt(pid, 0);
	kt_assert_eq(mqtt_test_wait(c, NET_MQTT_EVT_DISCONNECTED, WAIT, &e), 0);
	kt_assert_true(e.reconnecting);
	kt_assert_eq(mqtt_test_wait(c, NET_MQTT_EVT_CONNECTED, WAIT, &e), 0);
	kt_assert_true(e.session_present);
	kt_assert_eq(mqtt_test_wait(c, NET_MQTT_EVT_PUBLISHED, WAIT, &e), 0);
	kt_assert_eq(e.id, pid);
	kt_assert_eq(net_mqtt_stats(c, &st), 0);
	kt_assert_eq(st.resent, 1);
	kt_assert_eq(st.connects, 2);
}

KTEST(net_mqtt_fake, qos1_in_flight_is_resent_with_dup_after_reconnect)
{
	resent_after_drop("fake-resend1", 1);
}

KTEST(net_mqtt_fake, qos2_exchange_resumes_with_pubrel_after_reconnect)
{
	resent_after_drop("fake-resend2", 2);
}

KTEST(net_mqtt_fake, incoming_qos2_sent_twice_is_delivered_once)
{
	struct net_mqtt_client *c = open_fake("fake-inq2", false, 200);
	struct mqtt_test_evt e;
	struct net_mqtt_stats st;

	kt_assert_eq(net_mqtt_connect(c, WAIT), 0);
	kt_assert_eq(mqtt_test_wait(c, NET_MQTT_EVT_CONNECTED, WAIT, &e), 0);
	kt_assert_eq(net_mqtt_publish(c, "kt/go", "go", 2, 0, false), 0);
	kt_assert_eq(mqtt_test_wait(c, NET_MQTT_EVT_MESSAGE, WAIT, &e), 0);
	kt_assert_str_eq(e.payload, "once");
	kt_assert_eq(e.qos, 2);
	kt_assert_eq(mqtt_test_wait(c, NET_MQTT_EVT_CONNECTED, WAIT, &e), 0);
	kt_assert_true(e.session_present);
	kt_assert_eq(mqtt_test_wait(c, NET_MQTT_EVT_MESSAGE, WAIT, &e), 0);
	kt_assert_str_eq(e.payload, "done");
	kt_assert_eq(mqtt_test_count("once"), 1);
	kt_assert_eq(net_mqtt_stats(c, &st), 0);
	kt_assert_eq(st.rx_duplicates, 1);
	kt_assert_eq(st.rx_messages, 2);
}
