// SPDX-License-Identifier: GPL-2.0
/*
 * One print path for text and JSON; see print.h.
 */
#include <stdarg.h>

#include "print.h"

#define DEPTH_MAX	16

static struct {
	FILE *f;
	int json;
	unsigned int depth;
	unsigned char used[DEPTH_MAX];	/* a member is out at this level */
	unsigned int sections;
} out = { .f = NULL };

void new_json_obj(FILE *f, int json)
{
	out.f = f;
	out.json = json;
	out.depth = 0;
	out.used[0] = 0;
	out.sections = 0;
	if (json)
		fputc('{', f);
}

int delete_json_obj(void)
{
	if (out.json)
		fputs("}\n", out.f);
	return fflush(out.f) || ferror(out.f) ? -1 : 0;
}

int is_json_context(void)
{
	return out.json;
}

static void json_str(const char *s)
{
	const unsigned char *c;

	fputc('"', out.f);
	for (c = (const unsigned char *)s; *c; c++) {
		if (*c == '"' || *c == '\\')
			fprintf(out.f, "\\%c", *c);
		else if (*c < 0x20 || *c == 0x7f)
			fprintf(out.f, "\\u%04x", *c);
		else
			fputc(*c, out.f);
	}
	fputc('"', out.f);
}

/* The separator and "key": of a member of the current level. */
static void json_key(const char *key)
{
	if (out.used[out.depth])
		fputc(',', out.f);
	out.used[out.depth] = 1;
	if (key) {
		json_str(key);
		fputc(':', out.f);
	}
}

static void json_open(const char *key, char c)
{
	if (!out.json)
		return;
	json_key(key);
	fputc(c, out.f);
	if (out.depth + 1 < DEPTH_MAX)
		out.depth++;
	out.used[out.depth] = 0;
}

static void json_close(char c)
{
	if (!out.json)
		return;
	if (out.depth)
		out.depth--;
	fputc(c, out.f);
}

void open_json_object(const char *key)
{
	json_open(key, '{');
}

void close_json_object(void)
{
	json_close('}');
}

void open_json_array(const char *key)
{
	json_open(key, '[');
}

void close_json_array(void)
{
	json_close(']');
}

/* Whether a call of type t writes in this mode. */
static int writes(enum output_type t)
{
	return t & (out.json ? PRINT_JSON : PRINT_FP);
}

void print_string(enum output_type t, const char *key, const char *fmt,
		  const char *value)
{
	if (!writes(t))
		return;
	if (out.json) {
		json_key(key);
		json_str(value);
	} else if (fmt) {
		fprintf(out.f, fmt, value);
	}
}

void print_uint(enum output_type t, const char *key, const char *fmt,
		unsigned long long value)
{
	if (!writes(t))
		return;
	if (out.json) {
		json_key(key);
		fprintf(out.f, "%llu", value);
	} else if (fmt) {
		fprintf(out.f, fmt, value);
	}
}

static void print_bool(enum output_type t, const char *key, const char *fmt,
		       int value, const char *word)
{
	if (!writes(t))
		return;
	if (out.json) {
		json_key(key);
		fputs(value ? "true" : "false", out.f);
	} else if (fmt) {
		fprintf(out.f, fmt, word);
	}
}

void print_on_off(enum output_type t, const char *key, const char *fmt,
		  int value)
{
	print_bool(t, key, fmt, value, value ? "on" : "off");
}

void print_yes_no(enum output_type t, const char *key, const char *fmt,
		  int value)
{
	print_bool(t, key, fmt, value, value ? "yes" : "no");
}

void print_null(enum output_type t, const char *key, const char *fmt,
		const char *value)
{
	if (!writes(t))
		return;
	if (out.json) {
		json_key(key);
		fputs("null", out.f);
	} else if (fmt) {
		fprintf(out.f, fmt, value);
	}
}

void print_fp(const char *fmt, ...)
{
	va_list ap;

	if (out.json)
		return;
	va_start(ap, fmt);
	vfprintf(out.f, fmt, ap);
	va_end(ap);
}

void print_section(const char *title)
{
	if (!out.json)
		fprintf(out.f, "%s%s:\n", out.sections++ ? "\n" : "", title);
}
