/*
 * HTTP/1.1 client (CONFIG_HTTP_CLIENT) on the socket API (socket.h).
 *
 * One call makes one request and reads its response: http_client_request()
 * resolves the host, connects, sends the request line, the headers and the
 * body (from a buffer or, piece by piece, from a callback), then parses the
 * response and hands it to the caller's callbacks as it arrives: each
 * header, then the end of the headers, then the body in pieces (at most
 * CONFIG_HTTP_CLIENT_RX_BUF_SIZE bytes each, nothing is buffered whole, so
 * a firmware image of any size streams through), then the trailers of a
 * chunked body. The connection is closed when the call returns (every
 * request says `Connection: close`).
 *
 * Bodies: Content-Length, chunked (extensions ignored, trailers delivered)
 * or, with neither, up to the server's close. Every line of the response
 * (status, header, chunk size, trailer) is at most CONFIG_HTTP_CLIENT_LINE_MAX
 * bytes, the header block at most CONFIG_HTTP_CLIENT_HEADERS_MAX bytes: a
 * response beyond a bound is rejected when the bound is reached, never
 * read past it. Interim 1xx responses are skipped.
 *
 * Redirects are not followed unless asked (max_redirects > 0): a 3xx is
 * otherwise the response, delivered like any other. Followed redirects
 * (301, 302, 303, 307, 308 with a Location of http://host[:port]/path,
 * https://... for an HTTPS request (same credentials), //host/path or
 * /path) reach the callbacks only as the count in
 * struct http_response; 303 becomes GET without a body, and so do 301 and
 * 302 of a POST (what browsers and curl do); 307 and 308 keep the method
 * and the body, which must then come from a buffer (a callback's body
 * cannot be sent twice: -ENOTSUP).
 *
 * Errors are negative errno values, one reason each (see
 * http_client_request()). Context: threads only; the callbacks run in the
 * calling thread. Several threads may run requests at once (no shared
 * state; each request uses one socket). The working buffers live on the
 * caller's stack: about CONFIG_HTTP_CLIENT_RX_BUF_SIZE +
 * CONFIG_HTTP_CLIENT_LINE_MAX + CONFIG_HTTP_CLIENT_URL_MAX + 300 bytes.
 */
#ifndef KESTREL_NET_HTTP_CLIENT_H
#define KESTREL_NET_HTTP_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <kestrel/net/tls_credentials.h>

/** Request methods. */
enum http_method {
	HTTP_GET,
	HTTP_HEAD,    /**< the response has no body, whatever it announces */
	HTTP_POST,
	HTTP_PUT,
	HTTP_DELETE,
	HTTP_PATCH,
	HTTP_OPTIONS,
};

/** body_len of a request whose body callback ends the body itself: the
 *  body is sent chunked (Transfer-Encoding: chunked). */
#define HTTP_BODY_LEN_UNKNOWN SIZE_MAX

/** One extra request header. Neither may hold CR or LF (-EINVAL). */
struct http_header {
	const char *name;  /**< a token: letters, digits, !#$%&'*+-.^_`|~ */
	const char *value;
};

/**
 * HTTPS (CONFIG_NET_TLS): the request goes over a TLS socket (socket.h,
 * "TLS sockets"), verified as its NET_TLS_PEER_VERIFY_REQUIRED default
 * says: chain to a CA of @p sec_tags, the name, the validity dates (the
 * wall clock must be set: -EAGAIN before). The connect timeout bounds TCP
 * connect and handshake together (NET_TLS_HANDSHAKE_TIMEO).
 */
struct http_tls {
	const net_sec_tag_t *sec_tags; /**< credential tags: CA certificates,
					*   and a client certificate + key */
	size_t sec_tag_count;          /**< 1 .. CONFIG_NET_TLS_SEC_TAGS_MAX */
	const char *hostname;          /**< the name the certificate must
					*   have; NULL: the request's host
					*   (after a redirect to another host:
					*   that host) */
};

/** What is known of the response, passed to every callback. */
struct http_response {
	int status;             /**< 100..599 */
	uint8_t http_minor;     /**< 0 or 1: HTTP/1.0 or HTTP/1.1 */
	bool chunked;           /**< Transfer-Encoding: chunked */
	bool trailer;           /**< the header callback now gets trailers */
	int64_t content_length; /**< -1: not given (chunked, or up to close) */
	uint64_t body_len;      /**< body bytes delivered so far */
	uint8_t redirects;      /**< redirects followed to get here */
};

/**
 * The next piece of a request body: fill up to @p size bytes of @p buf.
 * @return bytes written (> 0); 0: the body is complete (it must then be
 *         exactly body_len bytes unless HTTP_BODY_LEN_UNKNOWN: -EMSGSIZE);
 *         a negative errno aborts the request with it
 */
typedef int (*http_body_source_t)(uint8_t *buf, size_t size, void *user_data);

/** A response header (name as sent, value without surrounding blanks),
 *  in order; trailers too (rsp->trailer). Non-zero aborts the request,
 *  which returns it (use a negative errno). */
typedef int (*http_header_cb_t)(const struct http_response *rsp,
				const char *name, const char *value,
				void *user_data);

/** The headers are over (rsp->status, content_length, chunked are
 *  final); the body follows. Non-zero aborts the request with it. */
typedef int (*http_response_cb_t)(const struct http_response *rsp,
				  void *user_data);

/** The next @p len (> 0) bytes of the body; rsp->body_len counts the
 *  bytes before them. Non-zero aborts the request with it. */
typedef int (*http_body_cb_t)(const struct http_response *rsp,
			      const uint8_t *data, size_t len,
			      void *user_data);

/** One request. Unused fields 0/NULL. */
struct http_request {
	enum http_method method;
	const char *host;   /**< name (needs CONFIG_NET_DNS) or numeric
			     *   address; also the Host header */
	uint16_t port;      /**< 0: 80, or 443 with @p tls */
	const char *path;   /**< "/..." with the query, no CR/LF, no blanks */
	const struct http_header *headers; /**< extra headers (not Host,
					    *   Connection, Content-Length,
					    *   Transfer-Encoding: -EINVAL) */
	size_t header_count;

	/** Body: @p body (buffer of @p body_len bytes) or, when @p body_source
	 *  is set, what it gives: @p body_len bytes (Content-Length), or up to
	 *  its 0 with HTTP_BODY_LEN_UNKNOWN (chunked). A POST/PUT/PATCH
	 *  without a body sends Content-Length: 0. */
	const void *body;
	size_t body_len;
	http_body_source_t body_source;

	http_header_cb_t on_header;     /**< NULL: headers not reported */
	http_response_cb_t on_response; /**< NULL: not reported */
	http_body_cb_t on_body;         /**< NULL: the body is read and dropped */
	void *user_data;                /**< passed to every callback */

	uint32_t connect_timeout_ms; /**< per connect; 0: CONFIG_HTTP_CLIENT_CONNECT_TIMEOUT_MS */
	uint32_t idle_timeout_ms;    /**< longest wait for the peer (to send
				      *   or to receive); 0: CONFIG_HTTP_CLIENT_IDLE_TIMEOUT_MS */
	uint32_t total_timeout_ms;   /**< the whole call, redirects and DNS
				      *   included (DNS is bounded by
				      *   CONFIG_NET_GETADDRINFO_TIMEOUT_MS
				      *   itself); 0: no bound beyond the others */
	uint8_t max_redirects;       /**< 0: redirects are not followed */

	const struct http_tls *tls;  /**< non-NULL: HTTPS (CONFIG_NET_TLS) */
};

/**
 * Make @p req and read its response into the callbacks; @p rsp (may be
 * NULL) holds what is known of the last response when this returns, also
 * on failure.
 *
 * @retval 0 the response was complete (any status: 404 is a success here)
 * @retval -EINVAL @p req, host or path NULL or empty, a path or header with
 *         CR/LF (or blanks in the path), a header name not a token, a body
 *         length with neither body nor source, an unknown method, @p tls
 *         without tags, an extra header the client writes itself (Host,
 *         Connection, Content-Length, Transfer-Encoding)
 * @retval -ENOENT, -ETIMEDOUT, -EHOSTUNREACH, -ENOMEM, -ENOTSUP the host
 *         name could not be resolved (as net_getaddrinfo())
 * @retval -ECONNREFUSED the server refused the connection
 * @retval -ETIMEDOUT the connect, a wait for the peer, or the whole call
 *         took longer than its timeout
 * @retval -ECONNRESET, -EPIPE, -ENOTCONN the connection broke
 * @retval -EPROTO the status line is not `HTTP/1.x NNN reason`
 * @retval -EMSGSIZE a response line longer than CONFIG_HTTP_CLIENT_LINE_MAX,
 *         headers beyond CONFIG_HTTP_CLIENT_HEADERS_MAX bytes, a Location
 *         longer than CONFIG_HTTP_CLIENT_URL_MAX, or a body source that
 *         gave another length than body_len
 * @retval -EBADMSG a malformed header, Content-Length or chunk (size not
 *         hex, no CRLF after the data), two different Content-Lengths,
 *         or a redirect to follow without a Location
 * @retval -EOVERFLOW a Content-Length or chunk size beyond 2^63 - 1
 * @retval -E2BIG more body than the Content-Length, or data after the last
 *         chunk (what has arrived when the body is complete)
 * @retval -ENODATA the connection closed before the response was complete
 *         (no status line, headers cut short, body shorter than its
 *         Content-Length, chunked body without its last chunk)
 * @retval -ENOTSUP a Transfer-Encoding other than chunked, a Location that
 *         is not http:// (https:// for HTTPS) or an absolute path, a
 *         redirect from https:// to http:// (never followed) or from
 *         http:// to https://, a 307/308 of a body from a callback; @p tls
 *         without CONFIG_NET_TLS
 * @retval -EACCES HTTPS: the server's certificate was refused (unknown
 *         CA, another name, expired ...: net_connect() of a TLS socket)
 * @retval -EAGAIN HTTPS: the wall clock is not set, so the certificate's
 *         dates cannot be checked (nothing was sent)
 * @retval -ECONNABORTED, -EPROTO (in the handshake), -ENOENT (a tag with
 *         no credential), -ENOMEM (mbedTLS's heap) HTTPS: the TLS
 *         handshake failed, as net_connect() of a TLS socket says
 * @retval -ELOOP more than max_redirects redirects
 * @retval -ENFILE, -ENOBUFS no socket or connection left (as net_socket())
 * @retval other a callback's non-zero return, as it was
 * Thread only (blocks; the callbacks run in this thread).
 */
int http_client_request(const struct http_request *req,
			struct http_response *rsp);

#endif /* KESTREL_NET_HTTP_CLIENT_H */
