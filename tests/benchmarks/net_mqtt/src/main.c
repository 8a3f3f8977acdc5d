/*
 * MQTT figures (never a pass mark): uptime at the CONNACK of the first
 * connection (interface up, DHCP, TCP, CONNECT), the connect itself, and
 * QoS 1 round trips through the mqtt fixture (publish -> PUBACK, and the
 * message back through the device's own subscription).
 */
#include <string.h>

#include <kestrel/kernel.h>
#include <kestrel/net/mqtt.h>
#include <kestrel/net/net_if.h>
#include <kestrel/testing/net_fixtures.h>

#define ROUNDS 20

K_SEM_DEFINE(got, 0, 1);

static void on_event(struct net_mqtt_client *c, const struct net_mqtt_event *evt,
		     void *user_data)
{
	(void)c;
	(void)user_data;
	if (evt->type == NET_MQTT_EVT_MESSAGE || evt->type == NET_MQTT_EVT_SUBSCRIBED) {
		(void)k_sem_give(&got);
	}
}

static int round_trips(struct net_mqtt_client *c, const char *topic)
{
	int64_t t0 = k_uptime_get();

	for (int i = 0; i < ROUNDS; i++) {
		if (net_mqtt_publish(c, topic, "ping", 4, 1, false) <= 0 ||
		    k_sem_take(&got, K_SECONDS(5)) != 0) {
			printk("bench-mqtt: round trip %d failed\n", i);
			return 1;
		}
	}
	printk("bench-mqtt: QoS 1 round trip %lld us (mean of %d)\n",
	       (long long)((k_uptime_get() - t0) * 1000 / ROUNDS), ROUNDS);
	return 0;
}

int main(void)
{
	struct net_if *iface = net_if_get(0);
	struct net_mqtt_config cfg = {
		.broker = { .family = NET_AF_INET, .v4 = net_ipv4_addr(10, 0, 2, 2) },
		.port = KT_NET_FIXTURE_MQTT_PORT,
		.client_id = "bench-mqtt-" CONFIG_BOARD,
		.clean_session = true,
		.cb = on_event,
	};
	struct net_mqtt_client *c;
	int64_t t_ip, t0;
	int ret;

	if (iface == NULL || net_if_up(iface) != 0 || net_if_dhcpv4_start(iface) != 0 ||
	    net_if_wait_ipv4(iface, K_SECONDS(10)) != 0) {
		printk("bench-mqtt: no address\n");
		return 1;
	}
	t_ip = k_uptime_get();
	t0 = k_uptime_get();
	if (net_mqtt_client_open(&cfg, &c) != 0 || (ret = net_mqtt_connect(c, 5000)) != 0) {
		printk("bench-mqtt: connect failed\n");
		return 1;
	}
	printk("bench-mqtt: CONNACK at %lld ms uptime (address at %lld ms, connect %lld ms)\n",
	       (long long)k_uptime_get(), (long long)t_ip, (long long)(k_uptime_get() - t0));
	if (net_mqtt_subscribe(c, "kestrel/bench/" CONFIG_BOARD, 1) <= 0 ||
	    k_sem_take(&got, K_SECONDS(5)) != 0 ||
	    round_trips(c, "kestrel/bench/" CONFIG_BOARD) != 0) {
		return 1;
	}
	(void)net_mqtt_client_close(c);
	printk("bench-mqtt: done\n");
	return 0;
}
