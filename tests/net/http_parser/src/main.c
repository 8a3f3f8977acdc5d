/*
 * The HTTP client's response parser (subsys/net/http_client_priv.h) fed
 * directly, without a network: each canned response gives its documented
 * result whole, split in two at every byte, a byte at a time and in odd
 * pieces, always the same result (status, headers, body bytes); every bound
 * (line, header block, Content-Length and chunk size) is taken exactly at
 * its limit and refused one past it; mutated responses give the same result
 * in every split and one of the documented errors. Each piece is copied to
 * the end of a buffer, so that a read past it is out of bounds (ASan on
 * native_sim-asan).
 */
#include <string.h>

#include <kestrel/kernel.h>
#include <kestrel/ktest.h>
#include <kestrel/net/http_client.h>

#include "http_client_priv.h"

#define LINE_MAX CONFIG_HTTP_CLIENT_LINE_MAX
#define PIECE_MAX 4096
#define MUTANTS 150

KTEST_SUITE(http_parser, NULL, NULL, NULL, NULL);

/* What one parse gave. */
struct outcome {
	int ret;
	int status;
	int responses;
	int headers;
	int trailers;
	uint64_t body_len;
	uint32_t hash;          /* FNV-1a over headers and body, in order */
	int64_t content_length;
	bool chunked;
	bool offsets_ok;        /* rsp->body_len counted what came before */
};

static struct outcome out;

static void hash(const void *data, size_t len)
{
	const uint8_t *p = data;

	for (size_t i = 0; i < len; i++) {
		out.hash = (out.hash ^ p[i]) * 16777619u;
	}
}

static int on_header(const struct http_response *rsp, const char *name,
		     const char *value, void *user_data)
{
	(void)user_data;
	*(rsp->trailer ? &out.trailers : &out.headers) += 1;
	hash(name, strlen(name) + 1);
	hash(value, strlen(value) + 1);
	return 0;
}

static int on_response(const struct http_response *rsp, void *user_data)
{
	(void)user_data;
	out.responses++;
	out.status = rsp->status;
	return 0;
}

static int on_body(const struct http_response *rsp, const uint8_t *data,
		   size_t len, void *user_data)
{
	(void)user_data;
	out.offsets_ok &= rsp->body_len == out.body_len && len > 0;
	out.body_len += len;
	hash(data, len);
	return 0;
}

static const struct http_request req = {
	.on_header = on_header,
	.on_response = on_response,
	.on_body = on_body,
};

static uint8_t piece_buf[PIECE_MAX];
static struct http_parser parser;

/* Feed @p len bytes: @p first, then pieces of @p rest bytes, each at the
 * end of piece_buf. The client's rule: data after a complete response is
 * -E2BIG (unless a redirect is being followed). */
static struct outcome parse(const uint8_t *data, size_t len, size_t first, size_t rest,
			    enum http_method method)
{
	struct http_response rsp = { 0 };
	char location[CONFIG_HTTP_CLIENT_URL_MAX];
	size_t pos = 0, n = first;
	int ret = 0;

	memset(&out, 0, sizeof(out));
	out.offsets_ok = true;
	http_parse_init(&parser, &req, method, false, &rsp, location);
	while (pos < len && ret >= 0) {
		n = n < len - pos ? n : len - pos;
		n = n < PIECE_MAX ? n : PIECE_MAX;
		memcpy(piece_buf + PIECE_MAX - n, data + pos, n);
		ret = http_parse(&parser, piece_buf + PIECE_MAX - n, n);
		if (ret >= 0) {
			out.offsets_ok &= (size_t)ret == n || parser.st == HTTP_ST_DONE;
			pos += (size_t)ret;
			if (parser.st == HTTP_ST_DONE) {
				ret = pos < len ? -E2BIG : 0;
				break;
			}
		}
		n = rest;
	}
	if (ret >= 0 && parser.st != HTTP_ST_DONE) {
		ret = http_parse_eof(&parser);
	}
	out.ret = ret;
	out.content_length = rsp.content_length;
	out.chunked = rsp.chunked;
	kt_assert_eq(rsp.body_len, out.body_len);
	return out;
}

static bool same(const struct outcome *a, const struct outcome *b)
{
	return a->ret == b->ret && a->status == b->status && a->responses == b->responses &&
	       a->headers == b->headers && a->trailers == b->trailers &&
	       a->body_len == b->body_len && a->hash == b->hash &&
	       a->content_length == b->content_length && a->chunked == b->chunked &&
	       a->offsets_ok && b->offsets_ok;
}

static void assert_same(const char *name, const struct outcome *whole,
			const struct outcome *split, size_t first, size_t rest)
{
	if (!same(whole, split)) {
		printk("http_parser: %s split %u+%u: ret %d/%d, body %u/%u, headers %d/%d\n",
		       name, (unsigned int)first, (unsigned int)rest, whole->ret, split->ret,
		       (unsigned int)whole->body_len, (unsigned int)split->body_len,
		       whole->headers, split->headers);
	}
	kt_assert_true(same(whole, split));
}

/* The result of @p data whole, after checking that every split gives it. */
static struct outcome parse_all_splits(const char *name, const uint8_t *data, size_t len,
				       enum http_method method)
{
	struct outcome whole = parse(data, len, len, len, method), split;

	for (size_t k = 1; k < len; k++) {
		split = parse(data, len, k, len, method);
		assert_same(name, &whole, &split, k, len);
	}
	static const size_t sizes[] = { 1, 2, 3, 7, 64 };

	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		split = parse(data, len, sizes[i], sizes[i], method);
		assert_same(name, &whole, &split, sizes[i], sizes[i]);
	}
	return whole;
}

/* ---- canned responses ---- */

#define R(s) (const uint8_t *)(s), sizeof(s) - 1

struct canned {
	const char *name;
	const uint8_t *data;
	size_t len;
	int ret;
	int status;       /* of on_response (0: never called) */
	size_t body_len;
	int headers;
	int trailers;
	enum http_method method;
};

static const struct canned good[] = {
	{ "content-length", R("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-A: b\r\n\r\nhello"),
	  0, 200, 5, 2, 0, HTTP_GET },
	{ "chunked", R("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
		       "5;a=b\r\nhello\r\nA\r\n0123456789\r\n0\r\nX-T: done\r\nX-U: 2\r\n\r\n"),
	  0, 200, 15, 1, 2, HTTP_GET },
	{ "chunk-ext-blanks", R("HTTP/1.1 200 OK\r\nTransfer-Encoding: Chunked\r\n\r\n"
				"3 ;x\r\nabc\r\n0\r\n\r\n"), 0, 200, 3, 1, 0, HTTP_GET },
	{ "lf-only", R("HTTP/1.1 200 OK\nContent-Length: 2\n\nhi"), 0, 200, 2, 1, 0, HTTP_GET },
	{ "interim-100", R("HTTP/1.1 100 Continue\r\nX-I: 1\r\n\r\nHTTP/1.1 201 Created\r\n"
			   "Content-Length: 2\r\n\r\nok"), 0, 201, 2, 1, 0, HTTP_POST },
	{ "close", R("HTTP/1.0 200 OK\r\nX-A:b\r\n\r\nbody up to the close"),
	  0, 200, 20, 1, 0, HTTP_GET },
	{ "no-reason", R("HTTP/1.1 204\r\n\r\n"), 0, 204, 0, 0, 0, HTTP_GET },
	{ "304-length", R("HTTP/1.1 304 Not Modified\r\nContent-Length: 99\r\n\r\n"),
	  0, 304, 0, 1, 0, HTTP_GET },
	{ "head-length", R("HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n"), 0, 200, 0, 1, 0,
	  HTTP_HEAD },
	{ "blanks-value", R("HTTP/1.1 200 OK\r\nX-A: \t  spaced value \t\r\nContent-Length: 0\r\n\r\n"),
	  0, 200, 0, 2, 0, HTTP_GET },
	{ "same-length-twice", R("HTTP/1.1 200 OK\r\nContent-Length: 1\r\ncontent-length: 1\r\n"
				 "\r\nx"), 0, 200, 1, 2, 0, HTTP_GET },
	{ "length-max", R("HTTP/1.1 200 OK\r\nContent-Length: 9223372036854775807\r\n\r\nabc"),
	  -ENODATA, 200, 3, 1, 0, HTTP_GET },
	{ "chunk-size-max", R("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
			      "7fffFFFFffffFFFF\r\nabc"), -ENODATA, 200, 3, 1, 0, HTTP_GET },
};

static const struct canned bad[] = {
	{ "status-code", R("HTTP/1.1 2x0 OK\r\n\r\n"), -EPROTO, 0, 0, 0, 0, HTTP_GET },
	{ "status-version", R("HTTP/2.0 200 OK\r\n\r\n"), -EPROTO, 0, 0, 0, 0, HTTP_GET },
	{ "status-lower", R("http/1.1 200 OK\r\n\r\n"), -EPROTO, 0, 0, 0, 0, HTTP_GET },
	{ "status-range", R("HTTP/1.1 099 Low\r\n\r\n"), -EPROTO, 0, 0, 0, 0, HTTP_GET },
	{ "status-ctl", R("HTTP/1.1 200 O\x01K\r\n\r\n"), -EPROTO, 0, 0, 0, 0, HTTP_GET },
	{ "status-cr", R("HTTP/1.1 200 O\rK\r\n\r\n"), -EBADMSG, 0, 0, 0, 0, HTTP_GET },
	{ "header-colon", R("HTTP/1.1 200 OK\r\nNoColon\r\n\r\n"), -EBADMSG, 0, 0, 0, 0, HTTP_GET },
	{ "header-empty-name", R("HTTP/1.1 200 OK\r\n: v\r\n\r\n"), -EBADMSG, 0, 0, 0, 0,
	  HTTP_GET },
	{ "header-space", R("HTTP/1.1 200 OK\r\nX-A : v\r\n\r\n"), -EBADMSG, 0, 0, 0, 0, HTTP_GET },
	{ "header-fold", R("HTTP/1.1 200 OK\r\nX-A: a\r\n\tb\r\n\r\n"), -EBADMSG, 0, 0, 1, 0,
	  HTTP_GET },
	{ "header-nul", R("HTTP/1.1 200 OK\r\nX-A: a\0b\r\n\r\n"), -EBADMSG, 0, 0, 0, 0, HTTP_GET },
	{ "header-del", R("HTTP/1.1 200 OK\r\nX-A: a\x7f\r\n\r\n"), -EBADMSG, 0, 0, 0, 0, HTTP_GET },
	{ "cl-sign", R("HTTP/1.1 200 OK\r\nContent-Length: +5\r\n\r\nhello"), -EBADMSG, 0, 0, 0, 0,
	  HTTP_GET },
	{ "cl-empty", R("HTTP/1.1 200 OK\r\nContent-Length:\r\n\r\n"), -EBADMSG, 0, 0, 0, 0,
	  HTTP_GET },
	{ "cl-list", R("HTTP/1.1 200 OK\r\nContent-Length: 5, 5\r\n\r\nhello"), -EBADMSG, 0, 0, 0, 0,
	  HTTP_GET },
	{ "cl-twice", R("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n"),
	  -EBADMSG, 0, 0, 1, 0, HTTP_GET },
	{ "cl-overflow", R("HTTP/1.1 200 OK\r\nContent-Length: 9223372036854775808\r\n\r\n"),
	  -EOVERFLOW, 0, 0, 0, 0, HTTP_GET },
	{ "cl-and-chunked", R("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 3"
			      "\r\n\r\n3\r\nabc\r\n0\r\n\r\n"), -EBADMSG, 0, 0, 2, 0, HTTP_GET },
	{ "te-list", R("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"), -ENOTSUP,
	  0, 0, 0, 0, HTTP_GET },
	{ "chunk-hex", R("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nx5\r\n"), -EBADMSG,
	  200, 0, 1, 0, HTTP_GET },
	{ "chunk-garbage", R("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5x\r\n"),
	  -EBADMSG, 200, 0, 1, 0, HTTP_GET },
	{ "chunk-overflow", R("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
			      "8000000000000000\r\n"), -EOVERFLOW, 200, 0, 1, 0, HTTP_GET },
	{ "chunk-no-crlf", R("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
			     "3\r\nabcd\r\n0\r\n\r\n"), -EBADMSG, 200, 3, 1, 0, HTTP_GET },
	{ "trailer-bad", R("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nbad\r\n\r\n"),
	  -EBADMSG, 200, 0, 1, 0, HTTP_GET },
	{ "long-body", R("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nabc"), -E2BIG, 200, 2, 1, 0,
	  HTTP_GET },
	{ "after-chunks", R("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nX"),
	  -E2BIG, 200, 0, 1, 0, HTTP_GET },
	{ "truncated-status", R("HTTP/1.1 200 O"), -ENODATA, 0, 0, 0, 0, HTTP_GET },
	{ "truncated-trailers", R("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX: 1"
				  "\r\n"), -ENODATA, 200, 0, 1, 1, HTTP_GET },
	{ "truncated-chunk", R("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab"),
	  -ENODATA, 200, 2, 1, 0, HTTP_GET },
	{ "empty", (const uint8_t *)"", 0, -ENODATA, 0, 0, 0, 0, HTTP_GET },
};

static void check_canned(const struct canned *c)
{
	struct outcome o = parse_all_splits(c->name, c->data, c->len, c->method);

	if (o.ret != c->ret || o.status != c->status || o.body_len != c->body_len ||
	    o.headers != c->headers || o.trailers != c->trailers) {
		printk("http_parser: %s: ret %d status %d body %u headers %d trailers %d\n",
		       c->name, o.ret, o.status, (unsigned int)o.body_len, o.headers, o.trailers);
	}
	kt_assert_eq(o.ret, c->ret);
	kt_assert_eq(o.status, c->status);
	kt_assert_eq(o.body_len, c->body_len);
	kt_assert_eq(o.headers, c->headers);
	kt_assert_eq(o.trailers, c->trailers);
	kt_assert_eq(o.responses, c->status != 0 ? 1 : 0);
}

KTEST(http_parser, good_responses_give_the_same_result_in_every_split)
{
	for (size_t i = 0; i < ARRAY_SIZE(good); i++) {
		check_canned(&good[i]);
	}
}

KTEST(http_parser, bad_responses_give_their_errno_in_every_split)
{
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		check_canned(&bad[i]);
	}
}

/* ---- exact bounds ---- */

static uint8_t gen[2048];
static size_t gen_len;

static void put(const char *s)
{
	size_t n = strlen(s);

	kt_assert_le(gen_len + n, sizeof(gen));
	memcpy(gen + gen_len, s, n);
	gen_len += n;
}

static void put_n(char c, size_t n)
{
	kt_assert_le(gen_len + n, sizeof(gen));
	memset(gen + gen_len, c, n);
	gen_len += n;
}

static int gen_parse(const char *name)
{
	return parse_all_splits(name, gen, gen_len, HTTP_GET).ret;
}

/* A response whose line under test is @p len characters: @p head (its
 * last @p in_line characters start that line), @p fill up to @p len, @p eol. */
static int one_line(const char *head, size_t in_line, char fill, size_t len, const char *eol)
{
	gen_len = 0;
	put(head);
	put_n(fill, len - in_line);
	put(eol);
	put("Content-Length: 0\r\n\r\n");
	return gen_parse(head);
}

/* The line is taken at LINE_MAX, refused one past it, with CRLF and LF. */
static void assert_line_bound(const char *head, size_t in_line, char fill)
{
	kt_assert_eq(one_line(head, in_line, fill, LINE_MAX, "\r\n"), 0);
	kt_assert_eq(one_line(head, in_line, fill, LINE_MAX, "\n"), 0);
	kt_assert_eq(one_line(head, in_line, fill, LINE_MAX + 1, "\r\n"), -EMSGSIZE);
	kt_assert_eq(one_line(head, in_line, fill, LINE_MAX + 1, "\n"), -EMSGSIZE);
}

KTEST(http_parser, status_line_of_line_max_is_taken_one_more_is_emsgsize)
{
	assert_line_bound("HTTP/1.1 200 ", 13, 'O');
}

KTEST(http_parser, header_line_of_line_max_is_taken_one_more_is_emsgsize)
{
	assert_line_bound("HTTP/1.1 200 OK\r\nX: ", 3, 'v');
}

/* Header lines of @p total bytes with their CRLFs (the empty line not
 * counted), each at most LINE_MAX. */
static int header_block(size_t total)
{
	gen_len = 0;
	put("HTTP/1.1 200 OK\r\n");
	while (total > 0) {
		size_t line = total - 2 < LINE_MAX ? total - 2 : LINE_MAX - 10;

		put("X-H: ");
		put_n('v', line - 5);
		put("\r\n");
		total -= line + 2;
		kt_assert_true(total == 0 || total >= 8);
	}
	put("\r\n");
	return gen_parse("header-block");
}

KTEST(http_parser, header_block_of_headers_max_is_taken_one_more_is_emsgsize)
{
	kt_assert_eq(header_block(CONFIG_HTTP_CLIENT_HEADERS_MAX), 0);
	kt_assert_eq(header_block(CONFIG_HTTP_CLIENT_HEADERS_MAX + 1), -EMSGSIZE);
}

/* A chunk-size line of @p len characters: leading zeros, then 3. */
static int chunk_line(size_t len)
{
	gen_len = 0;
	put("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
	put_n('0', len - 1);
	put("3\r\nabc\r\n0\r\n\r\n");
	return gen_parse("chunk-bound");
}

KTEST(http_parser, chunk_size_line_of_line_max_is_taken_one_more_is_emsgsize)
{
	kt_assert_eq(chunk_line(LINE_MAX), 0);
	kt_assert_eq(chunk_line(LINE_MAX + 1), -EMSGSIZE);
}

/* ---- mutations ---- */

static uint32_t rng = 0x4b455354; /* fixed: the same mutants every run */

static uint32_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

/* One mutant of @p c into gen[]. */
static void mutate(const struct canned *c)
{
	static const char special[] = "\r\n:; \t0F-";
	size_t at;

	memcpy(gen, c->data, c->len);
	gen_len = c->len;
	for (uint32_t k = next() % 3 + 1; k > 0 && gen_len > 0; k--) {
		at = next() % gen_len;
		switch (next() % 4) {
		case 0:
			gen[at] = (uint8_t)next();
			break;
		case 1:
			gen[at] = (uint8_t)special[next() % (sizeof(special) - 1)];
			break;
		case 2:
			gen_len = at;
			break;
		default:
			memmove(gen + at, gen + at + 1, gen_len - at - 1);
			gen_len--;
			break;
		}
	}
}

static bool documented(int ret)
{
	return ret == 0 || ret == -EPROTO || ret == -EMSGSIZE || ret == -EBADMSG ||
	       ret == -EOVERFLOW || ret == -E2BIG || ret == -ENODATA || ret == -ENOTSUP;
}

KTEST(http_parser, mutated_responses_are_split_invariant_and_documented)
{
	int results[8] = { 0 };

	for (size_t i = 0; i < ARRAY_SIZE(good); i++) {
		for (int m = 0; m < MUTANTS; m++) {
			struct outcome whole, split;
			size_t k;

			mutate(&good[i]);
			whole = parse(gen, gen_len, gen_len, gen_len, good[i].method);
			kt_assert_true(documented(whole.ret));
			kt_assert_le(whole.body_len, gen_len);
			results[whole.ret == 0 ? 0 : 1]++;
			split = parse(gen, gen_len, 1, 1, good[i].method);
			assert_same(good[i].name, &whole, &split, 1, 1);
			k = gen_len > 1 ? next() % (gen_len - 1) + 1 : 1;
			split = parse(gen, gen_len, k, 5, good[i].method);
			assert_same(good[i].name, &whole, &split, k, 5);
		}
	}
	/* The mutants are not all refused, nor all accepted. */
	kt_assert_gt(results[0], 0);
	kt_assert_gt(results[1], 0);
}
