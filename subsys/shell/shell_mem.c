/*
 * In-memory shell backend: input from a queued buffer, output into a
 * buffer. Lets tests drive a shell byte by byte and read what it echoed.
 */
#include <string.h>

#include <kestrel/shell/shell.h>

static int mem_read(const struct shell_backend *b, void *buf, size_t len)
{
	struct shell_mem_backend *m = b->ctx;
	size_t n = m->in_len - m->in_pos;

	if (n > len) {
		n = len;
	}
	if (n > 0) {
		memcpy(buf, m->in + m->in_pos, n);
		m->in_pos += n;
	}
	return (int)n;
}

static int mem_write(const struct shell_backend *b, const void *buf, size_t len)
{
	struct shell_mem_backend *m = b->ctx;
	size_t room = m->out_size - 1 - m->out_len;
	size_t n = len < room ? len : room;

	memcpy(m->out + m->out_len, buf, n);
	m->out_len += n;
	m->out[m->out_len] = '\0';
	m->out_dropped += len - n;
	return (int)len;
}

static const struct shell_backend_api mem_api = {
	.read = mem_read,
	.write = mem_write,
};

void shell_mem_backend_init(struct shell_mem_backend *m, char *out, size_t out_size)
{
	memset(m, 0, sizeof(*m));
	m->backend.api = &mem_api;
	m->backend.ctx = m;
	m->out = out;
	m->out_size = out_size;
	out[0] = '\0';
}

void shell_mem_backend_push(struct shell_mem_backend *m, const void *in, size_t len)
{
	m->in = in;
	m->in_len = len;
	m->in_pos = 0;
}

void shell_mem_backend_clear(struct shell_mem_backend *m)
{
	m->out_len = 0;
	m->out_dropped = 0;
	m->out[0] = '\0';
}
