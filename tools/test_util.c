// SPDX-License-Identifier: GPL-2.0
/*
 * What the unit tests of icmpctl share; see test.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <libmnl/libmnl.h>

#include "../module/uapi/icmpguard.h"
#include "test.h"

unsigned int passed, failed;

void check(int ok, const char *what)
{
	if (ok) {
		passed++;
	} else {
		failed++;
		printf("FAIL: %s\n", what);
	}
}

void check_str(const char *got, const char *want, const char *what)
{
	int ok = !strcmp(got, want);

	check(ok, what);
	if (!ok)
		printf("--- want:\n%s--- got:\n%s---\n", want, got);
}

/* A strict JSON parser, enough to say whether a document is valid. */
static const char *json_value(const char *s);

static const char *json_ws(const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	return s;
}

static const char *json_str(const char *s)
{
	if (*s++ != '"')
		return NULL;
	while (*s != '"') {
		if ((unsigned char)*s < 0x20)
			return NULL;
		if (*s == '\\') {
			s++;
			if (*s == 'u') {
				if (strspn(s + 1, "0123456789abcdefABCDEF") < 4)
					return NULL;
				s += 4;
			} else if (!*s || !strchr("\"\\/bfnrt", *s)) {
				return NULL;
			}
		}
		s++;
	}
	return s + 1;
}

static const char *json_num(const char *s)
{
	if (*s == '-')
		s++;
	if (*s == '0')
		s++;
	else if (*s >= '1' && *s <= '9')
		s += strspn(s, "0123456789");
	else
		return NULL;
	if (*s == '.') {
		if (!strspn(++s, "0123456789"))
			return NULL;
		s += strspn(s, "0123456789");
	}
	return s;
}

static const char *json_seq(const char *s, char close, int object)
{
	s = json_ws(s + 1);
	if (*s == close)
		return s + 1;
	for (;;) {
		if (object) {
			s = json_str(s);
			if (!s)
				return NULL;
			s = json_ws(s);
			if (*s++ != ':')
				return NULL;
		}
		s = json_value(s);
		if (!s)
			return NULL;
		s = json_ws(s);
		if (*s == close)
			return s + 1;
		if (*s++ != ',')
			return NULL;
		s = json_ws(s);
	}
}

static const char *json_value(const char *s)
{
	s = json_ws(s);
	switch (*s) {
	case '{':
		return json_seq(s, '}', 1);
	case '[':
		return json_seq(s, ']', 0);
	case '"':
		return json_str(s);
	case 't':
		return strncmp(s, "true", 4) ? NULL : s + 4;
	case 'f':
		return strncmp(s, "false", 5) ? NULL : s + 5;
	case 'n':
		return strncmp(s, "null", 4) ? NULL : s + 4;
	default:
		return json_num(s);
	}
}

int json_valid(const char *doc)
{
	const char *end = json_value(doc);

	return end && !strcmp(end, "\n");
}

/* Concatenation of a NULL-terminated list of strings; caller frees. */
char *join(const char * const *pieces)
{
	size_t len = 1;
	char *s;
	int i;

	for (i = 0; pieces[i]; i++)
		len += strlen(pieces[i]);
	s = calloc(1, len);
	if (!s)
		abort();
	for (i = 0; pieces[i]; i++)
		strcat(s, pieces[i]);
	return s;
}

__u64 msgbuf[MSGBUF_WORDS];

struct nlmsghdr *msg_start(__u8 cmd)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(msgbuf);
	struct genlmsghdr *genl;

	nlh->nlmsg_type = 0x1d;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = ICMPGUARD_GENL_VERSION;
	return nlh;
}

/* As nla_put_u64_64bit() does it, the PAD attribute before the value. */
void put_u64(struct nlmsghdr *nlh, __u16 type, __u16 pad, __u64 v)
{
	mnl_attr_put(nlh, pad, 0, NULL);
	mnl_attr_put_u64(nlh, type, v);
}

char *render_fn(void (*fn)(struct printer *p, void *obj), void *obj,
		int json)
{
	struct printer p;
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	if (!f)
		abort();
	pr_init(&p, f, json);
	pr_begin(&p);
	fn(&p, obj);
	pr_end(&p);
	fclose(f);
	return out;
}

void check_output(void (*fn)(struct printer *p, void *obj), void *obj,
		  const char *text, const char * const *json_pieces,
		  const char *what)
{
	char *json = join(json_pieces);
	char name[128];
	char *out;

	out = render_fn(fn, obj, 0);
	snprintf(name, sizeof(name), "%s: text", what);
	check_str(out, text, name);
	free(out);

	out = render_fn(fn, obj, 1);
	snprintf(name, sizeof(name), "%s: json", what);
	check_str(out, json, name);
	snprintf(name, sizeof(name), "%s: json is valid", what);
	check(json_valid(out), name);
	free(out);
	free(json);
}

/* The whole of f, from its start; caller frees. */
static char *slurp(FILE *f)
{
	long len;
	char *s;

	fflush(f);
	len = ftell(f);
	s = calloc(1, len > 0 ? (size_t)len + 1 : 1);
	if (!s)
		abort();
	rewind(f);
	if (len > 0 && fread(s, 1, (size_t)len, f) != (size_t)len)
		abort();
	return s;
}

/* What fn(arg) writes to fd, whose stream is stream. */
static char *capture_fd(int fd, FILE *stream, int (*fn)(void *arg),
			void *arg, int *ret)
{
	FILE *f = tmpfile();
	int saved;
	char *s;

	if (!f)
		abort();
	fflush(stream);
	saved = dup(fd);
	dup2(fileno(f), fd);
	*ret = fn(arg);
	fflush(stream);
	dup2(saved, fd);
	close(saved);
	fseek(f, 0, SEEK_END);
	s = slurp(f);
	fclose(f);
	return s;
}

char *capture_stderr(int (*fn)(void *arg), void *arg, int *ret)
{
	return capture_fd(2, stderr, fn, arg, ret);
}

char *capture_stdout(int (*fn)(void *arg), void *arg, int *ret)
{
	return capture_fd(1, stdout, fn, arg, ret);
}

char *capture_file(void (*fn)(FILE *f, void *arg), void *arg)
{
	FILE *f = tmpfile();
	char *s;

	if (!f)
		abort();
	fn(f, arg);
	s = slurp(f);
	fclose(f);
	return s;
}

int test_words(const char *text, char *buf, size_t len, char **words,
	       int max)
{
	char *save, *w;
	int n = 0;

	snprintf(buf, len, "%s", text);
	for (w = strtok_r(buf, " ", &save); w && n < max - 1;
	     w = strtok_r(NULL, " ", &save))
		words[n++] = w;
	words[n] = NULL;
	return n;
}
