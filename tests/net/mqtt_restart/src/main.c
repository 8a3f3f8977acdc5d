/*
 * Broker restart during a session (fixture mqtt_restart): a persistent
 * client (clean_session off, reconnect every 200 ms) subscribes to its own
 * topic at QoS 2; the broker is stopped (it saves the session), the client
 * publishes three QoS 1 and three QoS 2 messages while it is down, the
 * broker is started again. The client reconnects by itself, the broker
 * says it kept the session, every message is acknowledged, each QoS 1
 * message arrives at least once and each QoS 2 message exactly once.
 */
#include <string.h>

#include <kestrel/kernel.h>
#include <kestrel/ktest.h>
#include <kestrel/net/mqtt.h>
#include <kestrel/net/socket.h>
#include <kestrel/testing/net_fixtures.h>

#include "mqtt_test.h"
#include "net_test.h"

#define WAIT MQTT_TEST_WAIT_MS
#define EACH 3

static int ctl = -1;
static struct net_mqtt_client *client;

static void after(void *fixture)
{
	(void)fixture;
	mqtt_test_close(&client);
	if (ctl >= 0) {
		(void)net_close(ctl);
		ctl = -1;
	}
}

KTEST_SUITE(net_mqtt_restart, NULL, NULL, after, NULL);

/* One line from the control connection into @p buf (without the newline). */
static void ctl_line(char *buf, size_t size)
{
	size_t n = 0;

	while (n < size - 1) {
		kt_assert_eq(net_recv(ctl, &buf[n], 1, 0), 1);
		if (buf[n] == '\n') {
			break;
		}
		n++;
	}
	buf[n] = '\0';
}

static void ctl_command(const char *cmd, const char *answer)
{
	char line[32];

	kt_assert_eq(net_send(ctl, cmd, strlen(cmd), 0), (int)strlen(cmd));
	ctl_line(line, sizeof(line));
	kt_assert_str_eq(line, answer);
}

/* The control connection; returns the port of this run's broker. */
static uint16_t ctl_open(void)
{
	struct net_sockaddr_in to = net_sockaddr_in(net_ipv4_addr(10, 0, 2, 2),
						    KT_NET_FIXTURE_MQTT_RESTART_PORT);
	struct net_timeval tv = { 15, 0 };
	unsigned int port = 0;
	char line[32];

	kt_assert_not_null(net_test_iface_dhcp());
	ctl = net_socket(NET_AF_INET, NET_SOCK_STREAM, 0);
	kt_assert_ge(ctl, 0);
	kt_assert_eq(net_setsockopt(ctl, NET_SOL_SOCKET, NET_SO_RCVTIMEO, &tv, sizeof(tv)), 0);
	kt_assert_eq(net_connect(ctl, (struct net_sockaddr *)&to, sizeof(to)), 0);
	ctl_line(line, sizeof(line));
	kt_assert_eq(strncmp(line, "port ", 5), 0);
	for (const char *d = &line[5]; *d >= '0' && *d <= '9'; d++) {
		port = port * 10 + (unsigned int)(*d - '0');   /* no atoi: errno */
	}
	kt_assert(port > 0 && port <= 65535, "port %u", port);
	return (uint16_t)port;
}

/* CONNECTED within @p ms, skipping the failed attempts' events. */
static void wait_reconnected(int ms, bool *session_present)
{
	struct mqtt_test_evt e;

	kt_assert_eq(mqtt_test_wait(client, NET_MQTT_EVT_CONNECTED, ms, &e), 0);
	*session_present = e.session_present;
}

KTEST(net_mqtt_restart, messages_published_while_broker_is_down_arrive)
{
	static char id[48], topic[64];
	struct net_mqtt_config cfg;
	struct mqtt_test_evt e;
	struct net_mqtt_stats st;
	bool kept;
	char msg[16];

	cfg = mqtt_test_config(ctl_open(), mqtt_test_name(id, sizeof(id), "kt-restart"));
	cfg.clean_session = false;
	cfg.reconnect_ms = 200;
	mqtt_test_name(topic, sizeof(topic), "kt/restart");
	kt_assert_eq(net_mqtt_client_open(&cfg, &client), 0);
	kt_assert_eq(net_mqtt_connect(client, WAIT), 0);
	kt_assert_gt(net_mqtt_subscribe(client, topic, 2), 0);
	kt_assert_eq(mqtt_test_wait(client, NET_MQTT_EVT_SUBSCRIBED, WAIT, &e), 0);
	kt_assert_eq(e.result, 2);

	ctl_command("stop\n", "stopped");
	kt_assert_eq(mqtt_test_wait(client, NET_MQTT_EVT_DISCONNECTED, WAIT, &e), 0);
	kt_assert_true(e.reconnecting);
	for (int i = 0; i < 2 * EACH; i++) {
		snprintk(msg, sizeof(msg), "q%d-%d", 1 + i / EACH, i % EACH);
		kt_assert_gt(net_mqtt_publish(client, topic, msg, strlen(msg),
					      (uint8_t)(1 + i / EACH), false), 0);
	}
	kt_assert_eq(net_mqtt_is_connected(client), 0);
	mqtt_test_reset();      /* the failed attempts' events */
	ctl_command("start\n", "started");
	wait_reconnected(10000, &kept);
	kt_assert_true(kept);
	for (int i = 0; i < 2 * EACH; i++) {
		kt_assert_eq(mqtt_test_wait(client, NET_MQTT_EVT_PUBLISHED, WAIT, NULL), 0);
	}
	for (int i = 0; i < 2 * EACH; i++) {
		kt_assert_eq(mqtt_test_wait(client, NET_MQTT_EVT_MESSAGE, WAIT, &e), 0);
	}
	k_msleep(500);          /* time for a duplicate to show */
	for (int i = 0; i < EACH; i++) {
		snprintk(msg, sizeof(msg), "q1-%d", i);
		kt_assert_ge(mqtt_test_count(msg), 1);
		snprintk(msg, sizeof(msg), "q2-%d", i);
		kt_assert_eq(mqtt_test_count(msg), 1);
	}
	kt_assert_eq(net_mqtt_stats(client, &st), 0);
	kt_assert_eq(st.connects, 2);
	printk("mqtt_restart: %u messages received after the restart\n",
	       (unsigned int)st.rx_messages);
}
