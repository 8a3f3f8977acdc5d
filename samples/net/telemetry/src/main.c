/*
 * Telemetry: the connection manager brings the device online (link,
 * DHCP, the broker's name, an MQTT session on top) and keeps it there;
 * every interval the device publishes JSON telemetry (uptime, a simulated
 * sensor, free heap, reconnect count) to kestrel/<id>/telemetry at QoS 1,
 * answers commands from kestrel/<id>/cmd on kestrel/<id>/status
 * ("interval MS", "status", "reboot") and reports every connection state
 * change (console, and kestrel/<id>/state when the session comes up).
 * README.md has the build options and the demo.
 */
#include <stdio.h>
#include <string.h>

#include <kestrel/drivers/entropy.h>
#include <kestrel/drivers/ethernet.h>
#include <kestrel/kernel.h>
#include <kestrel/net/conn_mgr.h>
#include <kestrel/net/net_if.h>

#include "devicetree.h"
#include "telemetry.h"

#define TOPIC_MAX 64
#define TEXT_MAX 200

static char device_id[32];
static char topic_telemetry[TOPIC_MAX], topic_cmd[TOPIC_MAX];
static char topic_status[TOPIC_MAX], topic_state[TOPIC_MAX];
static uint32_t interval_ms = TELEMETRY_INTERVAL_MS;
static uint32_t published, commands, session_ups;
static int session_layer;

/* 16 random bits from the first entropy device (0 without one). */
static unsigned int boot_random(void)
{
	static const struct device *const rngs[] = { DEVICE_DT_CLASS_ENTROPY_LIST NULL };
	uint16_t r = 0;

	if (rngs[0] != NULL && device_is_ready(rngs[0])) {
		(void)entropy_get_entropy(rngs[0], (uint8_t *)&r, sizeof(r));
	}
	return r;
}

/* kestrel-<last three bytes of the MAC>-<16 random bits>, unless
 * TELEMETRY_DEVICE_ID: emulated boards share their MACs, and two runs on
 * one broker must not take each other's client id. */
static void names_init(void)
{
	uint8_t mac[ETH_ADDR_LEN] = { 0 };

	if (TELEMETRY_DEVICE_ID[0] != '\0') {
		snprintf(device_id, sizeof(device_id), "%s", TELEMETRY_DEVICE_ID);
	} else {
		(void)eth_get_mac(net_if_device(net_if_get_default()), mac);
		snprintf(device_id, sizeof(device_id), "kestrel-%02x%02x%02x-%04x",
			 mac[3], mac[4], mac[5], boot_random());
	}
	snprintf(topic_telemetry, TOPIC_MAX, "kestrel/%s/telemetry", device_id);
	snprintf(topic_cmd, TOPIC_MAX, "kestrel/%s/cmd", device_id);
	snprintf(topic_status, TOPIC_MAX, "kestrel/%s/status", device_id);
	snprintf(topic_state, TOPIC_MAX, "kestrel/%s/state", device_id);
}

static uint32_t reconnects(void)
{
	return session_ups > 0 ? session_ups - 1 : 0;
}

/* The manager's thread: print every change; announce a session. */
static void on_state(const struct conn_mgr_event *ev, void *user_data)
{
	struct conn_mgr_layer_info info;
	char text[80];

	(void)user_data;
	(void)conn_mgr_layer_info_get(ev->layer, &info);
	printk("telemetry: %s %s -> %s", info.name, conn_mgr_state_name(ev->prev),
	       conn_mgr_state_name(ev->state));
	if (ev->state == CONN_MGR_BACKOFF) {
		printk(" (%d, retry in %u ms)", ev->reason, (unsigned int)ev->delay_ms);
	}
	printk("\n");
	if (ev->layer == session_layer && ev->state == CONN_MGR_UP) {
		session_ups++;
		snprintf(text, sizeof(text), "{\"state\":\"online\",\"reconnects\":%u}",
			 (unsigned int)reconnects());
		(void)telemetry_mqtt_publish(topic_state, text);
		printk("telemetry: online as %s after %lld ms\n", device_id,
		       (long long)k_ticks_to_ms_floor(ev->ticks));
	}
}

static struct conn_mgr_handler handler = { .layer_mask = UINT32_MAX, .cb = on_state };

/* A temperature between 18.00 and 26.00 degrees: a triangle over 80 s. */
static int sensor_centi(int64_t uptime_ms)
{
	int phase = (int)((uptime_ms / 100) % 800);

	return 1800 + (phase < 400 ? phase : 800 - phase) * 2;
}

static long free_heap(void)
{
	struct k_heap_stats s;

	return k_malloc_stats_get(&s) == 0 ? (long)s.free_bytes : -1;
}

static void publish_telemetry(void)
{
	char text[TEXT_MAX];
	int64_t up = k_uptime_get();
	int t = sensor_centi(up);
	int ret;

	snprintf(text, sizeof(text),
		 "{\"seq\":%u,\"uptime_ms\":%lld,\"temperature\":%d.%02d,"
		 "\"free_heap\":%ld,\"reconnects\":%u}",
		 (unsigned int)published + 1, (long long)up, t / 100, t % 100,
		 free_heap(), (unsigned int)reconnects());
	ret = telemetry_mqtt_publish(topic_telemetry, text);
	if (ret < 0) {
		printk("telemetry: publish failed (%d)\n", ret);
		return;
	}
	published++;
	printk("telemetry: published %u: %s\n", (unsigned int)published, text);
}

static void reply(const char *cmd, const char *result)
{
	char text[TEXT_MAX];

	snprintf(text, sizeof(text),
		 "{\"cmd\":\"%s\",\"result\":\"%s\",\"interval_ms\":%u,"
		 "\"published\":%u,\"acked\":%u,\"reconnects\":%u,\"online\":%s}",
		 cmd, result, (unsigned int)interval_ms, (unsigned int)published,
		 (unsigned int)telemetry_mqtt_acked(), (unsigned int)reconnects(),
		 conn_mgr_is_online() ? "true" : "false");
	(void)telemetry_mqtt_publish(topic_status, text);
	printk("telemetry: command '%s': %s\n", cmd, result);
}

/* "interval MS" (100 .. 3600000), "status", "reboot". */
static void handle(const struct telemetry_cmd *cmd)
{
	commands++;
	if (strncmp(cmd->text, "interval ", 9) == 0) {
		uint32_t v = 0;
		const char *p = cmd->text + 9;

		for (; *p >= '0' && *p <= '9' && v < 100000000u; p++) {
			v = v * 10 + (uint32_t)(*p - '0');
		}
		if (*p != '\0' || v < 100 || v > 3600000) {
			reply("interval", "invalid");
			return;
		}
		interval_ms = v;
		reply("interval", "ok");
	} else if (strcmp(cmd->text, "status") == 0) {
		reply("status", "ok");
	} else if (strcmp(cmd->text, "reboot") == 0) {
		reply("reboot", "ok");
		k_msleep(500); /* let the reply go out */
		printk("telemetry: rebooting\n");
		k_sys_exit(0); /* the boards' reset: the image ends */
	} else {
		commands--;
		reply("unknown", "invalid");
	}
}

static bool more_to_send(void)
{
	static volatile uint32_t count = TELEMETRY_COUNT; /* 0: never ends */

	return count == 0 || published < count;
}

/* Publish every interval_ms while online, handle commands between. */
static void run(void)
{
	int64_t next = k_uptime_get() + interval_ms;
	struct telemetry_cmd cmd;

	while (more_to_send()) {
		int64_t left = next - k_uptime_get();

		if (telemetry_mqtt_next_cmd(&cmd, K_MSEC(left > 0 ? left : 0)) == 0) {
			handle(&cmd);
			continue;
		}
		next = k_uptime_get() + interval_ms;
		if (conn_mgr_is_online()) {
			publish_telemetry();
		}
	}
}

int main(void)
{
	struct conn_mgr_config cfg;

	names_init();
	session_layer = telemetry_mqtt_register(device_id, topic_cmd);
	conn_mgr_config_default(&cfg);
	cfg.server_name = TELEMETRY_BROKER;
	if (session_layer < 0 || conn_mgr_handler_add(&handler) != 0 ||
	    conn_mgr_start(&cfg) != 0) {
		printk("telemetry: cannot start (%d)\n", session_layer);
		return 1;
	}
	printk("telemetry: device %s, broker %s:%d, every %u ms\n", device_id,
	       TELEMETRY_BROKER, TELEMETRY_PORT, (unsigned int)interval_ms);
	run();
	/* TELEMETRY_COUNT reached: wait (bounded) for the broker's acks. */
	for (int i = 0; i < 50 && telemetry_mqtt_acked() < telemetry_mqtt_sent(); i++) {
		k_msleep(100);
	}
	printk("telemetry: done: %u published, %u acked, %u commands, %u reconnects\n",
	       (unsigned int)published, (unsigned int)telemetry_mqtt_acked(),
	       (unsigned int)commands, (unsigned int)reconnects());
	(void)conn_mgr_stop();
	return 0;
}
