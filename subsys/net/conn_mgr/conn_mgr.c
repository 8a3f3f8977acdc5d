/*
 * Connection manager (include/kestrel/net/conn_mgr.h): the layer state
 * machine, its thread, the handlers and the query API. The built-in layers
 * (link, address, DNS, time) are in conn_mgr_layers.c; DESIGN.md next to
 * this file explains the rules.
 *
 * Only the manager's thread changes a layer's state. It sleeps on the
 * message queue `msgs` (layer reports, retry and stop requests), at most
 * until the next deadline: a backoff's end, an attempt's timeout, the next
 * is_up check. `lock` guards the copies readers take (layer info,
 * registration); it is never held across a layer callback or a handler.
 */
#include <errno.h>
#include <string.h>

#include <kestrel/kernel.h>
#include <kestrel/net/conn_mgr.h>
#include <kestrel/sys/util.h>

#include "conn_mgr_priv.h"

_Static_assert(CONFIG_NET_CONN_MGR_BACKOFF_BASE_MS <= CONFIG_NET_CONN_MGR_BACKOFF_MAX_MS,
	       "CONFIG_NET_CONN_MGR_BACKOFF_BASE_MS above _MAX_MS");
_Static_assert(CONN_MGR_LAYERS_MAX <= 32, "layer masks are 32-bit");

enum msg_kind { MSG_REPORT, MSG_RETRY, MSG_STOP };

struct msg {
	uint8_t kind;  /* enum msg_kind */
	int8_t layer;
	int32_t result;
};

struct layer_rt {
	struct conn_mgr_layer *layer;
	int64_t since;      /* k_uptime_ticks() of the last state change */
	uint8_t state;      /* enum conn_mgr_state */
	bool in_progress;   /* connect() said -EINPROGRESS */
	int last_error;
	uint32_t attempt;
	uint32_t ups;
	uint32_t losses;
	int64_t deadline;   /* CONNECTING: timeout, BACKOFF: retry, UP: next
			     * is_up check; 0: none */
};

#define ONLINE_BIT 0x1u

static struct layer_rt rt[CONN_MGR_LAYERS_MAX];
static int layer_count;
static struct conn_mgr_layer *sessions[CONN_MGR_SESSION_MAX];
static int session_count;
static bool running;
static K_MUTEX_DEFINE(lock);
static K_MUTEX_DEFINE(handlers_lock);
static sys_dlist_t handlers = SYS_DLIST_STATIC_INIT(&handlers);
static K_MSGQ_DEFINE(msgs, sizeof(struct msg), CONFIG_NET_CONN_MGR_QUEUE_SIZE, 4);
static volatile bool overflow; /* a report found the queue full */
static K_EVENT_DEFINE(status);
static struct k_thread thread;
static K_THREAD_STACK_DEFINE(stack, CONFIG_NET_CONN_MGR_STACK_SIZE);

/* ---- backoff ---- */

uint32_t conn_mgr_backoff_ms(uint32_t attempt, uint32_t rnd)
{
	uint64_t d = CONFIG_NET_CONN_MGR_BACKOFF_BASE_MS;

	for (uint32_t i = 1; i < attempt && d < CONFIG_NET_CONN_MGR_BACKOFF_MAX_MS; i++) {
		d *= 2;
	}
	d = MIN(d, (uint64_t)CONFIG_NET_CONN_MGR_BACKOFF_MAX_MS);
	return (uint32_t)(d - rnd % (d * CONFIG_NET_CONN_MGR_BACKOFF_JITTER_PCT / 100 + 1));
}

const char *conn_mgr_state_name(int state)
{
	static const char *const names[] = { "down", "connecting", "up", "backoff", "failed" };

	return state >= 0 && state < (int)ARRAY_SIZE(names) ? names[state] : "?";
}

/* ---- events ---- */

static void emit(int id, uint8_t prev, int reason, uint32_t delay_ms)
{
	struct conn_mgr_event ev = {
		.layer = id, .state = rt[id].state, .prev = prev, .reason = reason,
		.attempt = rt[id].attempt, .delay_ms = delay_ms,
		.ticks = rt[id].since,
	};
	sys_dnode_t *n, *next;

	(void)k_mutex_lock(&handlers_lock, K_FOREVER);
	SYS_DLIST_FOR_EACH_NODE_SAFE(&handlers, n, next) {
		struct conn_mgr_handler *h =
			SYS_DLIST_CONTAINER(n, struct conn_mgr_handler, node);

		if ((h->layer_mask & (1u << id)) != 0) {
			h->cb(&ev, h->user_data);
		}
	}
	(void)k_mutex_unlock(&handlers_lock);
}

/* Move layer @p id to @p state (manager thread) and tell the handlers. */
static void set_state(int id, uint8_t state, int reason, uint32_t delay_ms)
{
	uint8_t prev = rt[id].state;

	(void)k_mutex_lock(&lock, K_FOREVER);
	rt[id].state = state;
	rt[id].since = k_uptime_ticks();
	if (reason != 0) {
		rt[id].last_error = reason;
	}
	(void)k_mutex_unlock(&lock);
	if (state != CONN_MGR_UP) {
		(void)k_event_clear(&status, ONLINE_BIT);
	}
	emit(id, prev, reason, delay_ms);
}

/* ---- transitions (manager thread) ---- */

static int64_t deadline_in(uint32_t ms)
{
	return k_uptime_ticks() + k_ms_to_ticks_ceil(ms);
}

static void call_disconnect(int id, int reason)
{
	struct conn_mgr_layer *l = rt[id].layer;

	if (l->api->disconnect != NULL) {
		l->api->disconnect(l, reason);
	}
}

/* Take layers @p top .. @p bottom + 1 down, the top first. */
static void take_down_above(int bottom, int top, int reason, int error)
{
	for (int id = top; id > bottom; id--) {
		uint8_t s = rt[id].state;

		if (s == CONN_MGR_DOWN) {
			continue;
		}
		if (s == CONN_MGR_UP || s == CONN_MGR_CONNECTING) {
			call_disconnect(id, reason);
		}
		if (s == CONN_MGR_UP) {
			rt[id].losses++;
		}
		rt[id].in_progress = false;
		rt[id].deadline = 0;
		rt[id].attempt = 0;
		set_state(id, CONN_MGR_DOWN, error, 0);
	}
}

static void set_up(int id)
{
	struct conn_mgr_layer *l = rt[id].layer;

	rt[id].in_progress = false;
	rt[id].attempt = 0;
	rt[id].ups++;
	rt[id].deadline = l->api->is_up != NULL ?
		deadline_in(CONFIG_NET_CONN_MGR_CHECK_INTERVAL_MS) : 0;
	set_state(id, CONN_MGR_UP, 0, 0);
}

/* Attempt of layer @p id failed with @p error: backoff, or give up. */
static void fail(int id, int error)
{
	struct conn_mgr_layer *l = rt[id].layer;

	rt[id].in_progress = false;
	rt[id].attempt++;
	if (l->max_attempts != 0 && rt[id].attempt >= l->max_attempts) {
		rt[id].deadline = 0;
		set_state(id, CONN_MGR_FAILED, error, 0);
		return;
	}
	uint32_t delay = conn_mgr_backoff_ms(rt[id].attempt, net_lwip_rand());

	/* From the change's own time: the event's ticks + delay is exact. */
	set_state(id, CONN_MGR_BACKOFF, error, delay);
	rt[id].deadline = rt[id].since + k_ms_to_ticks_ceil(delay);
}

/* Layer @p id, up, was lost (@p error): everything above goes down; a
 * session layer waits one backoff, a built-in one reconnects at once. */
static void lose(int id, int error)
{
	take_down_above(id, layer_count - 1, CONN_MGR_LOWER_DOWN, -ENETDOWN);
	rt[id].losses++;
	if (id >= CONN_MGR_LAYER_SESSION) {
		fail(id, error);
	} else {
		rt[id].deadline = 0;
		set_state(id, CONN_MGR_DOWN, error, 0);
	}
}

/* Call connect() of layer @p id; true when it is up now. */
static bool try_connect(int id)
{
	struct conn_mgr_layer *l = rt[id].layer;
	int ret;

	set_state(id, CONN_MGR_CONNECTING, 0, 0);
	ret = l->api->connect(l);
	if (ret == 0) {
		set_up(id);
		return true;
	}
	if (ret == -EINPROGRESS) {
		rt[id].in_progress = true;
		rt[id].deadline = l->timeout_ms != 0 ? deadline_in(l->timeout_ms) : 0;
	} else {
		fail(id, ret < 0 ? ret : -EIO);
	}
	return false;
}

/* The lowest layer that is not up, brought forward if it is its turn. */
static void advance(void)
{
	int64_t now = k_uptime_ticks();

	for (int id = 0; id < layer_count; id++) {
		struct layer_rt *r = &rt[id];

		if (r->state == CONN_MGR_UP) {
			continue;
		}
		if (r->state == CONN_MGR_DOWN ||
		    (r->state == CONN_MGR_BACKOFF && now >= r->deadline)) {
			if (try_connect(id)) {
				continue;
			}
		}
		return;
	}
	(void)k_event_post(&status, ONLINE_BIT);
}

/* Attempts that timed out, up layers whose is_up() says no. */
static void check_deadlines(void)
{
	int64_t now = k_uptime_ticks();

	for (int id = 0; id < layer_count; id++) {
		struct layer_rt *r = &rt[id];
		struct conn_mgr_layer *l = r->layer;

		if (r->state == CONN_MGR_CONNECTING && r->in_progress &&
		    r->deadline != 0 && now >= r->deadline) {
			call_disconnect(id, CONN_MGR_TIMED_OUT);
			fail(id, -ETIMEDOUT);
			return;
		}
		if (r->state == CONN_MGR_UP && r->deadline != 0 && now >= r->deadline) {
			if (!l->api->is_up(l)) {
				lose(id, -ENOTCONN);
				return;
			}
			r->deadline = deadline_in(CONFIG_NET_CONN_MGR_CHECK_INTERVAL_MS);
		}
	}
}

static void handle_report(int id, int result)
{
	uint8_t s = rt[id].state;

	if (result == 0) {
		if (s == CONN_MGR_CONNECTING || s == CONN_MGR_BACKOFF) {
			set_up(id);
		}
	} else if (s == CONN_MGR_UP) {
		lose(id, result);
	} else if (s == CONN_MGR_CONNECTING && rt[id].in_progress) {
		fail(id, result);
	}
}

static void handle_retry(int id)
{
	uint8_t s = rt[id].state;

	if (s == CONN_MGR_BACKOFF || s == CONN_MGR_FAILED) {
		rt[id].deadline = 0;
		set_state(id, CONN_MGR_BACKOFF, 0, 0); /* its turn at once */
	}
}

/* How long the thread may sleep: until the earliest deadline. */
static k_timeout_t next_wake(void)
{
	int64_t next = INT64_MAX;

	for (int id = 0; id < layer_count; id++) {
		if (rt[id].deadline != 0 && rt[id].state != CONN_MGR_DOWN) {
			next = MIN(next, rt[id].deadline);
		}
	}
	if (next == INT64_MAX) {
		return K_FOREVER;
	}
	int64_t left = next - k_uptime_ticks();

	return left > 0 ? K_TICKS(left) : K_NO_WAIT;
}

/* After a lost report: ask every up layer now. */
static void resync(void)
{
	overflow = false;
	for (int id = 0; id < layer_count; id++) {
		if (rt[id].state == CONN_MGR_UP && rt[id].layer->api->is_up != NULL) {
			rt[id].deadline = k_uptime_ticks();
		}
	}
}

static void manager_thread(void *p1, void *p2, void *p3)
{
	struct msg m;

	(void)p1;
	(void)p2;
	(void)p3;
	for (;;) {
		advance();
		if (k_msgq_get(&msgs, &m, next_wake()) == 0) {
			if (m.kind == MSG_STOP) {
				break;
			}
			if (m.layer >= 0 && m.layer < layer_count) {
				if (m.kind == MSG_REPORT) {
					handle_report(m.layer, m.result);
				} else {
					handle_retry(m.layer);
				}
			}
		}
		if (overflow) {
			resync();
		}
		check_deadlines();
	}
	take_down_above(-1, layer_count - 1, CONN_MGR_STOPPING, 0);
}

/* ---- API ---- */

static void layers_init(void)
{
	memset(rt, 0, sizeof(rt));
	for (int i = 0; i < CONN_MGR_LAYER_SESSION; i++) {
		rt[i].layer = conn_mgr_builtin[i];
		conn_mgr_builtin[i]->id = i;
	}
	for (int i = 0; i < session_count; i++) {
		rt[CONN_MGR_LAYER_SESSION + i].layer = sessions[i];
	}
	layer_count = CONN_MGR_LAYER_SESSION + session_count;
}

int conn_mgr_start(const struct conn_mgr_config *cfg)
{
	struct conn_mgr_config def;
	int ret;

	if (cfg == NULL) {
		conn_mgr_config_default(&def);
		cfg = &def;
	}
	(void)k_mutex_lock(&lock, K_FOREVER);
	ret = running ? -EALREADY : conn_mgr_builtin_start(cfg);
	if (ret == 0) {
		layers_init();
		(void)k_msgq_purge(&msgs);
		overflow = false;
		(void)k_event_clear(&status, ONLINE_BIT);
		ret = k_thread_create(&thread, stack, K_THREAD_STACK_SIZEOF(stack),
				      manager_thread, NULL, NULL, NULL,
				      CONFIG_NET_CONN_MGR_PRIORITY, 0, K_NO_WAIT);
		if (ret == 0) {
			(void)k_thread_name_set(&thread, "conn_mgr");
			running = true;
		} else {
			conn_mgr_builtin_stop();
		}
	}
	(void)k_mutex_unlock(&lock);
	return ret;
}

int conn_mgr_stop(void)
{
	struct msg m = { .kind = MSG_STOP };

	if (k_current_get() == &thread) {
		return -EDEADLK;
	}
	(void)k_mutex_lock(&lock, K_FOREVER);
	if (!running) {
		(void)k_mutex_unlock(&lock);
		return -EALREADY;
	}
	(void)k_mutex_unlock(&lock);
	(void)k_msgq_put(&msgs, &m, K_FOREVER);
	(void)k_thread_join(&thread, K_FOREVER);
	conn_mgr_builtin_stop();
	(void)k_mutex_lock(&lock, K_FOREVER);
	running = false;
	(void)k_mutex_unlock(&lock);
	return 0;
}

static int session_index(const struct conn_mgr_layer *layer)
{
	for (int i = 0; i < session_count; i++) {
		if (sessions[i] == layer) {
			return i;
		}
	}
	return -ENOENT;
}

int conn_mgr_layer_register(struct conn_mgr_layer *layer)
{
	int ret;

	if (layer == NULL || layer->api == NULL || layer->api->connect == NULL) {
		return -EINVAL;
	}
	(void)k_mutex_lock(&lock, K_FOREVER);
	if (running) {
		ret = -EBUSY;
	} else if (session_index(layer) >= 0) {
		ret = -EALREADY;
	} else if (session_count == CONN_MGR_SESSION_MAX) {
		ret = -ENOMEM;
	} else {
		ret = CONN_MGR_LAYER_SESSION + session_count;
		layer->id = ret;
		sessions[session_count++] = layer;
	}
	(void)k_mutex_unlock(&lock);
	return ret;
}

int conn_mgr_layer_unregister(struct conn_mgr_layer *layer)
{
	int ret = 0;

	if (layer == NULL) {
		return -EINVAL;
	}
	(void)k_mutex_lock(&lock, K_FOREVER);
	int i = session_index(layer);

	if (running) {
		ret = -EBUSY;
	} else if (i < 0) {
		ret = -ENOENT;
	} else {
		for (session_count--; i < session_count; i++) {
			sessions[i] = sessions[i + 1];
			sessions[i]->id = CONN_MGR_LAYER_SESSION + i;
		}
		layer->id = -1;
	}
	(void)k_mutex_unlock(&lock);
	return ret;
}

static void post(uint8_t kind, int layer, int result)
{
	struct msg m = { .kind = kind, .layer = (int8_t)layer, .result = result };

	if (k_msgq_put(&msgs, &m, K_NO_WAIT) != 0) {
		overflow = true;
	}
}

int conn_mgr_layer_report(struct conn_mgr_layer *layer, int result)
{
	/* Read without the lock (ISR): a layer registered before start. */
	if (layer == NULL || result > 0 || layer->id < 0 ||
	    layer->id >= CONN_MGR_LAYERS_MAX || rt[layer->id].layer != layer) {
		return -EINVAL;
	}
	post(MSG_REPORT, layer->id, result);
	return 0;
}

int conn_mgr_layer_retry(int layer)
{
	int ret = 0;

	(void)k_mutex_lock(&lock, K_FOREVER);
	if (!running) {
		ret = -EALREADY;
	} else if (layer < 0 || layer >= layer_count) {
		ret = -EINVAL;
	} else {
		post(MSG_RETRY, layer, 0);
	}
	(void)k_mutex_unlock(&lock);
	return ret;
}

int conn_mgr_layer_count(void)
{
	int n;

	(void)k_mutex_lock(&lock, K_FOREVER);
	n = running ? layer_count : CONN_MGR_LAYER_SESSION + session_count;
	(void)k_mutex_unlock(&lock);
	return n;
}

int conn_mgr_layer_info_get(int layer, struct conn_mgr_layer_info *info)
{
	int ret = 0;

	if (info == NULL) {
		return -EINVAL;
	}
	(void)k_mutex_lock(&lock, K_FOREVER);
	if (layer < 0 || layer >= layer_count || rt[layer].layer == NULL) {
		ret = -EINVAL;
	} else {
		const struct layer_rt *r = &rt[layer];

		*info = (struct conn_mgr_layer_info){
			.name = r->layer->name, .state = r->state,
			.last_error = r->last_error, .attempt = r->attempt,
			.ups = r->ups, .losses = r->losses,
			.retry_ticks = r->state == CONN_MGR_BACKOFF ? r->deadline : 0,
		};
	}
	(void)k_mutex_unlock(&lock);
	return ret;
}

int conn_mgr_state_get(int layer)
{
	struct conn_mgr_layer_info info;
	int ret = conn_mgr_layer_info_get(layer, &info);

	return ret == 0 ? (int)info.state : ret;
}

int conn_mgr_state_peek(int id)
{
	return id >= 0 && id < CONN_MGR_LAYERS_MAX ? rt[id].state : -EINVAL;
}

uint32_t conn_mgr_attempt(int id)
{
	return rt[id].attempt;
}

bool conn_mgr_is_online(void)
{
	return k_event_test(&status, ONLINE_BIT) != 0;
}

int conn_mgr_wait_online(k_timeout_t timeout)
{
	bool run;

	(void)k_mutex_lock(&lock, K_FOREVER);
	run = running;
	(void)k_mutex_unlock(&lock);
	if (!run) {
		return -EALREADY;
	}
	return k_event_wait(&status, ONLINE_BIT, K_EVENT_WAIT_ANY, timeout) != 0 ?
		0 : -ETIMEDOUT;
}

int conn_mgr_server_addr(struct net_ipv4_addr *addr)
{
	if (addr == NULL) {
		return -EINVAL;
	}
	if (conn_mgr_state_get(CONN_MGR_LAYER_DNS) != CONN_MGR_UP) {
		return -EAGAIN;
	}
	return conn_mgr_builtin_server_addr(addr);
}

int conn_mgr_handler_add(struct conn_mgr_handler *h)
{
	int ret = 0;

	if (h == NULL || h->cb == NULL || h->layer_mask == 0) {
		return -EINVAL;
	}
	(void)k_mutex_lock(&handlers_lock, K_FOREVER);
	if (sys_dnode_is_linked(&h->node)) {
		ret = -EALREADY;
	} else {
		sys_dlist_append(&handlers, &h->node);
	}
	(void)k_mutex_unlock(&handlers_lock);
	return ret;
}

int conn_mgr_handler_remove(struct conn_mgr_handler *h)
{
	int ret = 0;

	if (h == NULL) {
		return -EINVAL;
	}
	(void)k_mutex_lock(&handlers_lock, K_FOREVER);
	if (sys_dnode_is_linked(&h->node)) {
		sys_dlist_remove(&h->node);
	} else {
		ret = -ENOENT;
	}
	(void)k_mutex_unlock(&handlers_lock);
	return ret;
}
