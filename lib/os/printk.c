/*
 * printk and snprintk: a small formatter for the console, with no heap and
 * no floating point. Output goes character by character to a sink.
 */
#include <limits.h>
#include <stdint.h>
#include <string.h>

#include <kestrel/kernel.h>

typedef void (*out_fn_t)(int c, void *ctx);

struct spec {
	bool left, zero, plus, space, alt;
	int width;
	int prec; /* -1: none */
	char len; /* 0, 'H' (hh), 'h', 'l', 'L' (ll), 'z', 'j', 't' */
};

static void pad(out_fn_t out, void *ctx, int n, char c)
{
	while (n-- > 0) {
		out(c, ctx);
	}
}

static void emit_str(out_fn_t out, void *ctx, const struct spec *s,
		     const char *str, int len)
{
	if (!s->left) {
		pad(out, ctx, s->width - len, ' ');
	}
	for (int i = 0; i < len; i++) {
		out(str[i], ctx);
	}
	if (s->left) {
		pad(out, ctx, s->width - len, ' ');
	}
}

/* Print an unsigned magnitude with sign/prefix, width and precision. */
static void emit_num(out_fn_t out, void *ctx, const struct spec *s,
		     uintmax_t v, bool neg, unsigned int base, bool upper,
		     const char *prefix)
{
	char digits[24];
	const char *set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	int n = 0;
	char sign = neg ? '-' : (s->plus ? '+' : (s->space ? ' ' : 0));

	while (v != 0) {
		digits[n++] = set[v % base];
		v /= base;
	}
	int ndig = MAX(n, s->prec < 0 ? 1 : s->prec);
	int total = ndig + (sign != 0) + (int)strlen(prefix);
	bool zero_pad = s->zero && !s->left && s->prec < 0;

	if (!s->left && !zero_pad) {
		pad(out, ctx, s->width - total, ' ');
	}
	if (sign != 0) {
		out(sign, ctx);
	}
	for (const char *p = prefix; *p != '\0'; p++) {
		out(*p, ctx);
	}
	if (zero_pad) {
		pad(out, ctx, s->width - total, '0');
	}
	pad(out, ctx, ndig - n, '0');
	while (n > 0) {
		out(digits[--n], ctx);
	}
	if (s->left) {
		pad(out, ctx, s->width - total, ' ');
	}
}

static const char *parse_spec(const char *f, struct spec *s, va_list *ap)
{
	memset(s, 0, sizeof(*s));
	s->prec = -1;
	for (;; f++) {
		if (*f == '-') {
			s->left = true;
		} else if (*f == '0') {
			s->zero = true;
		} else if (*f == '+') {
			s->plus = true;
		} else if (*f == ' ') {
			s->space = true;
		} else if (*f == '#') {
			s->alt = true;
		} else {
			break;
		}
	}
	if (*f == '*') {
		s->width = va_arg(*ap, int);
		if (s->width < 0) {
			s->left = true;
			s->width = -s->width;
		}
		f++;
	}
	while (*f >= '0' && *f <= '9') {
		s->width = s->width * 10 + (*f++ - '0');
	}
	if (*f == '.') {
		f++;
		s->prec = 0;
		if (*f == '*') {
			s->prec = va_arg(*ap, int);
			f++;
		}
		while (*f >= '0' && *f <= '9') {
			s->prec = s->prec * 10 + (*f++ - '0');
		}
		if (s->prec < 0) {
			s->prec = -1;
		}
	}
	if (*f == 'h' || *f == 'l') {
		s->len = *f++;
		if (*f == s->len) {
			s->len = s->len == 'h' ? 'H' : 'L';
			f++;
		}
	} else if (*f == 'z' || *f == 'j' || *f == 't') {
		s->len = *f++;
	}
	return f;
}

static intmax_t arg_signed(const struct spec *s, va_list *ap)
{
	switch (s->len) {
	case 'H': return (signed char)va_arg(*ap, int);
	case 'h': return (short)va_arg(*ap, int);
	case 'l': return va_arg(*ap, long);
	case 'L': return va_arg(*ap, long long);
	case 'z': return va_arg(*ap, ptrdiff_t);
	case 'j': return va_arg(*ap, intmax_t);
	case 't': return va_arg(*ap, ptrdiff_t);
	default: return va_arg(*ap, int);
	}
}

static uintmax_t arg_unsigned(const struct spec *s, va_list *ap)
{
	switch (s->len) {
	case 'H': return (unsigned char)va_arg(*ap, unsigned int);
	case 'h': return (unsigned short)va_arg(*ap, unsigned int);
	case 'l': return va_arg(*ap, unsigned long);
	case 'L': return va_arg(*ap, unsigned long long);
	case 'z': return va_arg(*ap, size_t);
	case 'j': return va_arg(*ap, uintmax_t);
	case 't': return (uintmax_t)va_arg(*ap, ptrdiff_t);
	default: return va_arg(*ap, unsigned int);
	}
}

static void format_one(out_fn_t out, void *ctx, char conv, struct spec *s,
		       va_list *ap)
{
	switch (conv) {
	case 'd':
	case 'i': {
		intmax_t v = arg_signed(s, ap);
		uintmax_t mag = v < 0 ? (uintmax_t)0 - (uintmax_t)v : (uintmax_t)v;

		emit_num(out, ctx, s, mag, v < 0, 10, false, "");
		break;
	}
	case 'u':
		emit_num(out, ctx, s, arg_unsigned(s, ap), false, 10, false, "");
		break;
	case 'x':
	case 'X': {
		uintmax_t v = arg_unsigned(s, ap);

		emit_num(out, ctx, s, v, false, 16, conv == 'X',
			 s->alt && v != 0 ? (conv == 'X' ? "0X" : "0x") : "");
		break;
	}
	case 'o':
		emit_num(out, ctx, s, arg_unsigned(s, ap), false, 8, false,
			 s->alt ? "0" : "");
		break;
	case 'p': {
		void *p = va_arg(*ap, void *);

		s->plus = s->space = false;
		emit_num(out, ctx, s, (uintptr_t)p, false, 16, false, "0x");
		break;
	}
	case 'c': {
		char c = (char)va_arg(*ap, int);

		emit_str(out, ctx, s, &c, 1);
		break;
	}
	case 's': {
		const char *str = va_arg(*ap, const char *);

		if (str == NULL) {
			str = "(null)";
		}
		size_t len = 0;

		while (str[len] != '\0' && (s->prec < 0 || len < (size_t)s->prec)) {
			len++;
		}

		emit_str(out, ctx, s, str, (int)len);
		break;
	}
	case '%':
		out('%', ctx);
		break;
	default: /* unknown conversion: print it as is */
		out('%', ctx);
		out(conv, ctx);
		break;
	}
}

static void format(out_fn_t out, void *ctx, const char *fmt, va_list ap_in)
{
	va_list ap;
	struct spec s;

	va_copy(ap, ap_in);
	while (*fmt != '\0') {
		if (*fmt != '%') {
			out(*fmt++, ctx);
			continue;
		}
		fmt = parse_spec(fmt + 1, &s, &ap);
		if (*fmt == '\0') {
			break;
		}
		format_one(out, ctx, *fmt++, &s, &ap);
	}
	va_end(ap);
}

/* ---- console ---- */

static printk_hook_t hook;

void printk_hook_install(printk_hook_t fn)
{
	hook = fn;
}

static void console_out(int c, void *ctx)
{
	(void)ctx;
	if (hook != NULL) {
		(void)hook(c);
	}
}

void vprintk(const char *fmt, va_list ap)
{
	format(console_out, NULL, fmt, ap);
}

void printk(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
}

/* ---- strings ---- */

struct str_ctx {
	char *buf;
	size_t len;
	size_t pos;
};

static void str_out(int c, void *ctx)
{
	struct str_ctx *s = ctx;

	if (s->pos + 1 < s->len) {
		s->buf[s->pos] = (char)c;
	}
	s->pos++;
}

int vsnprintk(char *buf, size_t len, const char *fmt, va_list ap)
{
	struct str_ctx s = { buf, len, 0 };

	format(str_out, &s, fmt, ap);
	if (len > 0) {
		buf[MIN(s.pos, len - 1)] = '\0';
	}
	return s.pos > INT_MAX ? INT_MAX : (int)s.pos;
}

int snprintk(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = vsnprintk(buf, len, fmt, ap);
	va_end(ap);
	return ret;
}
