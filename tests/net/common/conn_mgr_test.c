/* Helpers of the connection manager tests (conn_mgr_test.h). */
#include <errno.h>
#include <string.h>

#include <kestrel/kernel.h>

#include "conn_mgr_test.h"

struct cmt_log cmt_log;
static K_SEM_DEFINE(event_sem, 0, K_SEM_MAX_LIMIT);

/* Manager thread: one more event. */
static void record(const struct conn_mgr_event *ev, void *user_data)
{
	(void)user_data;
	if (cmt_log.count >= CMT_EVENTS_MAX) {
		cmt_log.lost++;
		return;
	}
	cmt_log.ev[cmt_log.count++] = *ev;
	(void)k_sem_give(&event_sem);
}

static struct conn_mgr_handler handler = { .layer_mask = UINT32_MAX, .cb = record };

void cmt_log_reset(void)
{
	(void)conn_mgr_handler_remove(&handler);
	memset(&cmt_log, 0, sizeof(cmt_log));
	(void)k_sem_reset(&event_sem);
	(void)conn_mgr_handler_add(&handler);
}

static int find(int from, int layer, int state)
{
	for (int i = from; i < cmt_log.count; i++) {
		if (cmt_log.ev[i].layer == layer && cmt_log.ev[i].state == state) {
			return i;
		}
	}
	return -1;
}

int cmt_wait_event(int from, int layer, int state, int32_t timeout_ms)
{
	int64_t deadline = k_uptime_get() + timeout_ms;
	int i;

	while ((i = find(from, layer, state)) < 0) {
		int64_t left = deadline - k_uptime_get();

		if (left <= 0 || k_sem_take(&event_sem, K_MSEC(left)) != 0) {
			return find(from, layer, state);
		}
	}
	return i;
}

int cmt_count(int from, int layer)
{
	int n = 0;

	for (int i = from; i < cmt_log.count; i++) {
		n += cmt_log.ev[i].layer == layer;
	}
	return n;
}

int cmt_count_state(int from, int layer, int state)
{
	int n = 0;

	for (int i = from; i < cmt_log.count; i++) {
		n += cmt_log.ev[i].layer == layer && cmt_log.ev[i].state == state;
	}
	return n;
}

void cmt_log_print(void)
{
	for (int i = 0; i < cmt_log.count; i++) {
		const struct conn_mgr_event *e = &cmt_log.ev[i];

		printk("  [%d] %lld ms layer %d %s -> %s reason %d attempt %u delay %u\n",
		       i, (long long)k_ticks_to_ms_floor(e->ticks), e->layer,
		       conn_mgr_state_name(e->prev), conn_mgr_state_name(e->state),
		       e->reason, (unsigned int)e->attempt, (unsigned int)e->delay_ms);
	}
}

/* ---- the test session layer ---- */

static void answer(struct k_timer *timer)
{
	struct cmt_session *s = k_timer_user_data_get(timer);
	bool ok = s->connects > s->fail_first;

	s->up = ok;
	(void)conn_mgr_layer_report(&s->layer, ok ? 0 : s->fail_error);
}

static int session_connect(struct conn_mgr_layer *layer)
{
	struct cmt_session *s = layer->user_data;

	s->connects++;
	if (s->async) {
		if (!s->never_answer) {
			(void)k_timer_start(&s->timer, K_MSEC(s->async_delay_ms), K_NO_WAIT);
		}
		return -EINPROGRESS;
	}
	s->up = s->connects > s->fail_first;
	return s->up ? 0 : s->fail_error;
}

static void session_disconnect(struct conn_mgr_layer *layer, int reason)
{
	struct cmt_session *s = layer->user_data;

	(void)k_timer_stop(&s->timer);
	s->disconnects++;
	s->last_disconnect_reason = reason;
	s->up = false;
}

static bool session_is_up(struct conn_mgr_layer *layer)
{
	return ((struct cmt_session *)layer->user_data)->up;
}

static const struct conn_mgr_layer_api session_api = {
	.connect = session_connect,
	.disconnect = session_disconnect,
	.is_up = session_is_up,
};

void cmt_session_init(struct cmt_session *s)
{
	memset(s, 0, sizeof(*s));
	s->layer.name = "session";
	s->layer.api = &session_api;
	s->layer.user_data = s;
	s->layer.id = -1;
	s->fail_error = -ECONNREFUSED;
	(void)k_timer_init(&s->timer, answer, NULL);
	k_timer_user_data_set(&s->timer, s);
}

void cmt_case_reset(struct cmt_session *s)
{
	(void)conn_mgr_stop();
	(void)conn_mgr_layer_unregister(&s->layer);
	cmt_session_init(s);
	cmt_log_reset();
}
