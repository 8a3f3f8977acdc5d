/*
 * Logging core: the module registry, run-time levels, the message queue
 * and the output format. See include/kestrel/logging/log.h.
 *
 * A queued message is a header followed by its payload (the formatted
 * text, or a hexdump's label, a NUL, then the data), written into a byte
 * ring with interrupts locked for the copy. One consumer at a time (the log
 * thread or a log_flush() caller, serialised by out_lock) copies a message
 * out, frees its space, then prints it, so producers never wait for the
 * console.
 */
#include <errno.h>
#include <string.h>

#include <kestrel/init.h>
#include <kestrel/kernel.h>
#include <kestrel/logging/log.h>

extern struct log_module *const __start_log_modules[] __attribute__((weak));
extern struct log_module *const __stop_log_modules[] __attribute__((weak));

#define MSG_MAX CONFIG_LOG_MSG_MAX_LEN
#define FLAG_HEXDUMP 0x01u

struct msg_hdr {
	uint64_t timestamp;          /**< ms, or µs with LOG_TIMESTAMP_US */
	struct log_module *mod;
	uint32_t dropped_before;     /**< messages lost just before this one */
	uint16_t len;                /**< payload bytes */
	uint16_t data_len;           /**< hexdump: bytes of data in payload */
	uint16_t hidden;             /**< hexdump: bytes that did not fit */
	uint8_t level;
	uint8_t flags;
};

static uint32_t dropped_total;

/* ---- registry and levels ---- */

static struct log_module *find_module(const char *name)
{
	for (struct log_module *const *m = __start_log_modules; m < __stop_log_modules; m++) {
		if (strcmp((*m)->name, name) == 0) {
			return *m;
		}
	}
	return NULL;
}

int log_level_set(const char *name, int level)
{
	struct log_module *mod;

	if (name == NULL || level < LOG_LEVEL_NONE) {
		return -EINVAL;
	}
	mod = find_module(name);
	if (mod == NULL) {
		return -ENOENT;
	}
	if (level > mod->compiled_level) {
		return -EINVAL;
	}
	mod->level = (uint8_t)level;
	return 0;
}

int log_level_get(const char *name)
{
	const struct log_module *mod;

	if (name == NULL) {
		return -EINVAL;
	}
	mod = find_module(name);
	return mod == NULL ? -ENOENT : mod->level;
}

int log_module_foreach(void (*fn)(const struct log_module *mod, void *arg), void *arg)
{
	int n = 0;

	for (struct log_module *const *m = __start_log_modules; m < __stop_log_modules; m++) {
		if (fn != NULL) {
			fn(*m, arg);
		}
		n++;
	}
	return n;
}

const char *log_level_name(int level)
{
	static const char *const names[] = { "none", "err", "wrn", "inf", "dbg" };

	if (level < LOG_LEVEL_NONE || level > LOG_LEVEL_DBG) {
		return "?";
	}
	return names[level];
}

int log_level_parse(const char *text)
{
	if (text == NULL) {
		return -EINVAL;
	}
	for (int level = LOG_LEVEL_NONE; level <= LOG_LEVEL_DBG; level++) {
		if (strcmp(text, log_level_name(level)) == 0 ||
		    (text[0] == '0' + level && text[1] == '\0')) {
			return level;
		}
	}
	return -EINVAL;
}

uint32_t log_dropped_count(void)
{
	return dropped_total;
}

/* ---- output ---- */

static uint64_t timestamp_now(void)
{
	if (IS_ENABLED(CONFIG_LOG_TIMESTAMP_US)) {
		const uint64_t hz = CONFIG_SYS_CLOCK_HW_CYCLES_PER_SEC;
		uint64_t c = k_cycle_get_64();

		/* Split so that c * 10^6 cannot overflow. */
		return c / hz * 1000000u + c % hz * 1000000u / hz;
	}
	return (uint64_t)k_uptime_get();
}

static void print_dropped(uint32_t n)
{
	printk("--- %u messages dropped ---\n", (unsigned int)n);
}

static void print_prefix(const struct msg_hdr *h)
{
	if (IS_ENABLED(CONFIG_LOG_TIMESTAMP_US)) {
		printk("[%08u.%03u] ", (unsigned int)(h->timestamp / 1000u),
		       (unsigned int)(h->timestamp % 1000u));
	} else {
		printk("[%08u] ", (unsigned int)h->timestamp);
	}
	printk("<%s> %s: ", log_level_name(h->level), h->mod->name);
}

/* One hexdump line: offset, 16 bytes in two groups of 8, then ASCII. */
static void print_hex_line(const uint8_t *data, size_t n, size_t offset)
{
	printk("    %04x: ", (unsigned int)offset);
	for (size_t i = 0; i < 16; i++) {
		if (i < n) {
			printk("%02x ", data[i]);
		} else {
			printk("   ");
		}
		if (i == 7) {
			printk(" ");
		}
	}
	printk("|");
	for (size_t i = 0; i < n; i++) {
		printk("%c", data[i] >= 0x20 && data[i] < 0x7f ? data[i] : '.');
	}
	printk("|\n");
}

static void print_msg(const struct msg_hdr *h, const char *payload)
{
	if (h->dropped_before != 0) {
		print_dropped(h->dropped_before);
	}
	print_prefix(h);
	printk("%s\n", payload);
	if ((h->flags & FLAG_HEXDUMP) != 0) {
		const uint8_t *data = (const uint8_t *)payload + (h->len - h->data_len);

		for (size_t off = 0; off < h->data_len; off += 16) {
			size_t n = h->data_len - off;

			print_hex_line(data + off, n < 16 ? n : 16, off);
		}
		if (h->hidden != 0) {
			printk("    (%u more bytes not shown)\n", h->hidden);
		}
	}
}

/* Format into @p buf (MSG_MAX bytes); a truncated text ends in "...". */
static uint16_t format_text(char *buf, const char *fmt, va_list ap)
{
	int n = vsnprintk(buf, MSG_MAX, fmt, ap);

	if (n < 0) {
		buf[0] = '\0';
		return 1;
	}
	if (n >= MSG_MAX) {
		memcpy(&buf[MSG_MAX - 4], "...", 4);
		n = MSG_MAX - 1;
	}
	return (uint16_t)(n + 1);
}

/* Build a hexdump payload: label, NUL, as much data as fits. */
static void format_hexdump(struct msg_hdr *h, char *buf, const void *data,
			   size_t len, const char *label)
{
	size_t llen = strlen(label != NULL ? label : "");
	size_t room;

	if (llen > MSG_MAX / 2) {
		llen = MSG_MAX / 2;
	}
	memcpy(buf, label != NULL ? label : "", llen);
	buf[llen] = '\0';
	room = MSG_MAX - (llen + 1);
	if (data == NULL) {
		len = 0;
	}
	h->data_len = (uint16_t)(len < room ? len : room);
	h->hidden = (uint16_t)(len > 0xffffu ? 0xffffu : len - h->data_len);
	memcpy(&buf[llen + 1], data, h->data_len);
	h->len = (uint16_t)(llen + 1 + h->data_len);
	h->flags = FLAG_HEXDUMP;
}

#ifdef CONFIG_LOG_MODE_IMMEDIATE

static void submit(struct msg_hdr *h, const char *payload)
{
	unsigned int key = irq_lock();

	print_msg(h, payload);
	irq_unlock(key);
}

int log_flush(void)
{
	return k_is_in_isr() ? -EPERM : 0;
}

#else /* deferred */

static uint8_t ring[CONFIG_LOG_BUFFER_SIZE];
static size_t ring_head; /* next byte written (producers, irq-locked) */
static size_t ring_tail; /* next byte read (the one consumer) */
static size_t ring_used;
static uint32_t dropped_pending; /* lost since the last queued message */

static K_SEM_DEFINE(log_sem, 0, 1);
static K_MUTEX_DEFINE(out_lock);

static void ring_put(const void *src, size_t n)
{
	size_t first = sizeof(ring) - ring_head;

	if (first > n) {
		first = n;
	}
	memcpy(&ring[ring_head], src, first);
	memcpy(ring, (const uint8_t *)src + first, n - first);
	ring_head = (ring_head + n) % sizeof(ring);
}

static void ring_peek(size_t at, void *dst, size_t n)
{
	size_t first = sizeof(ring) - at;

	if (first > n) {
		first = n;
	}
	memcpy(dst, &ring[at], first);
	memcpy((uint8_t *)dst + first, ring, n - first);
}

static void submit(struct msg_hdr *h, const char *payload)
{
	size_t need = sizeof(*h) + h->len;
	unsigned int key = irq_lock();

	if (sizeof(ring) - ring_used < need) {
		dropped_pending++;
		dropped_total++;
		irq_unlock(key);
		return;
	}
	h->dropped_before = dropped_pending;
	dropped_pending = 0;
	ring_put(h, sizeof(*h));
	ring_put(payload, h->len);
	ring_used += need;
	irq_unlock(key);
	(void)k_sem_give(&log_sem);
}

/* Print the oldest queued message, or the pending drop count when the
 * queue is empty. Caller holds out_lock. @return false when nothing was
 * left. */
static bool process_one(void)
{
	struct msg_hdr h;
	char payload[MSG_MAX];
	unsigned int key = irq_lock();
	uint32_t lost;

	if (ring_used == 0) {
		lost = dropped_pending;
		dropped_pending = 0;
		irq_unlock(key);
		if (lost != 0) {
			print_dropped(lost);
		}
		return false;
	}
	irq_unlock(key);
	ring_peek(ring_tail, &h, sizeof(h));
	ring_peek((ring_tail + sizeof(h)) % sizeof(ring), payload, h.len);
	key = irq_lock();
	ring_tail = (ring_tail + sizeof(h) + h.len) % sizeof(ring);
	ring_used -= sizeof(h) + h.len;
	irq_unlock(key);
	print_msg(&h, payload);
	return true;
}

int log_flush(void)
{
	if (k_is_in_isr()) {
		return -EPERM;
	}
	(void)k_mutex_lock(&out_lock, K_FOREVER);
	while (process_one()) {
	}
	(void)k_mutex_unlock(&out_lock);
	return 0;
}

static K_THREAD_STACK_DEFINE(log_stack, CONFIG_LOG_THREAD_STACK_SIZE);
static struct k_thread log_thread;

static void log_thread_entry(void *p1, void *p2, void *p3)
{
	(void)p1;
	(void)p2;
	(void)p3;
	for (;;) {
		(void)k_sem_take(&log_sem, K_FOREVER);
		(void)log_flush();
	}
}

static int log_init(void)
{
	int ret = k_thread_create(&log_thread, log_stack, K_THREAD_STACK_SIZEOF(log_stack),
				  log_thread_entry, NULL, NULL, NULL,
				  CONFIG_LOG_THREAD_PRIORITY, 0, K_NO_WAIT);

	if (ret == 0) {
		(void)k_thread_name_set(&log_thread, "log");
	}
	return ret;
}

SYS_INIT(log_init, POST_KERNEL);

#endif /* CONFIG_LOG_MODE_IMMEDIATE */

/* ---- producers ---- */

void z_log_msg(struct log_module *mod, int level, const char *fmt, ...)
{
	struct msg_hdr h = { 0 };
	char buf[MSG_MAX];
	va_list ap;

	h.timestamp = timestamp_now();
	h.mod = mod;
	h.level = (uint8_t)level;
	va_start(ap, fmt);
	h.len = format_text(buf, fmt, ap);
	va_end(ap);
	submit(&h, buf);
}

void z_log_hexdump(struct log_module *mod, int level, const void *data, size_t len,
		   const char *label)
{
	struct msg_hdr h = { 0 };
	char buf[MSG_MAX];

	h.timestamp = timestamp_now();
	h.mod = mod;
	h.level = (uint8_t)level;
	format_hexdump(&h, buf, data, len, label);
	submit(&h, buf);
}
