/*
 * Helpers of the connection manager tests (tests/net/conn_mgr,
 * tests/net/conn_mgr_link): a recorder of every conn_mgr event, and a
 * session layer whose connect fails a given number of times (at once, or
 * later through conn_mgr_layer_report()).
 */
#ifndef CONN_MGR_TEST_H
#define CONN_MGR_TEST_H

#include <stdbool.h>
#include <stdint.h>

#include <kestrel/net/conn_mgr.h>

/** Events kept (the oldest are overwritten beyond it: counted in lost). */
#define CMT_EVENTS_MAX 128

struct cmt_log {
	struct conn_mgr_event ev[CMT_EVENTS_MAX];
	int count;   /* recorded since cmt_log_reset() */
	int lost;    /* beyond CMT_EVENTS_MAX */
};

extern struct cmt_log cmt_log;

/** Start recording every layer's events (idempotent); clears the log. */
void cmt_log_reset(void);

/** Index of the first event at or after @p from of @p layer entering
 *  @p state, waiting up to @p timeout_ms for it; -1 if none came. */
int cmt_wait_event(int from, int layer, int state, int32_t timeout_ms);

/** Events of @p layer from index @p from on. */
int cmt_count(int from, int layer);

/** Events of @p layer entering @p state from index @p from on. */
int cmt_count_state(int from, int layer, int state);

/** Print the log (on a failure, to see what happened). */
void cmt_log_print(void);

/** How the test session layer behaves. */
struct cmt_session {
	struct conn_mgr_layer layer;
	int fail_first;     /* the first N connects fail with fail_error */
	int fail_error;
	bool async;         /* connect says -EINPROGRESS, reports later */
	bool never_answer;  /* async: never reports (times out) */
	int32_t async_delay_ms;
	/* what the manager did */
	int connects;
	int disconnects;
	int last_disconnect_reason;
	bool up;            /* is_up() answer */
	struct k_timer timer; /* async reports */
};

/** Set up @p s (name "session") with its layer api; registers nothing. */
void cmt_session_init(struct cmt_session *s);

/** Before a case (no assertions: a hook): the manager stopped, @p s
 *  unregistered and set up afresh, the log empty. */
void cmt_case_reset(struct cmt_session *s);

#endif
