// SPDX-License-Identifier: GPL-2.0
/*
 * What icmpctl's unit tests share; see test.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <linux/genetlink.h>

#include "test.h"

unsigned int passed, failed;
__u64 msgbuf[MSGBUF_WORDS];

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

static const char *json_value(const char *s);

static const char *json_ws(const char *s)
{
	return s + strspn(s, " \t\r\n");
}

static const char *json_str(const char *s)
{
	if (*s++ != '"')
		return NULL;
	for (; *s != '"'; s++) {
		if ((unsigned char)*s < 0x20)
			return NULL;
		if (*s != '\\')
			continue;
		s++;
		if (*s == 'u' && strspn(s + 1, "0123456789abcdefABCDEF") >= 4)
			s += 4;
		else if (!*s || !strchr("\"\\/bfnrt", *s))
			return NULL;
	}
	return s + 1;
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
	if (*s == '{')
		return json_seq(s, '}', 1);
	if (*s == '[')
		return json_seq(s, ']', 0);
	if (*s == '"')
		return json_str(s);
	if (!strncmp(s, "true", 4) || !strncmp(s, "null", 4))
		return s + 4;
	if (!strncmp(s, "false", 5))
		return s + 5;
	if (*s == '-')
		s++;
	if (*s < '0' || *s > '9' || (*s == '0' && s[1] >= '0' && s[1] <= '9'))
		return NULL;
	return s + strspn(s, "0123456789");
}

int json_valid(const char *doc)
{
	const char *end = json_value(doc);

	return end && end[0] == '\n' && !end[1];
}

const char *join(const char * const *pieces)
{
	static char buf[4][8192];
	static unsigned int next;
	char *out = buf[next++ % 4];

	*out = 0;
	while (*pieces)
		strncat(out, *pieces++, sizeof(buf[0]) - strlen(out) - 1);
	return out;
}

const char *cat(const char *first, ...)
{
	const char *pieces[16];
	unsigned int n = 0;
	va_list ap;

	va_start(ap, first);
	for (pieces[n] = first; pieces[n] && n < 15; )
		pieces[++n] = va_arg(ap, const char *);
	va_end(ap);
	pieces[n] = NULL;
	return join(pieces);
}

char *render(void (*fn)(const void *arg), const void *arg, int json)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	if (!f)
		abort();
	new_json_obj(f, json);
	fn(arg);
	delete_json_obj();
	fclose(f);
	return out;
}

void check_render(void (*fn)(const void *arg), const void *arg,
		  const char *text, const char *json, const char *what)
{
	char name[160], *out;

	out = render(fn, arg, 0);
	snprintf(name, sizeof(name), "%s: text", what);
	if (text)
		check_str(out, text, name);
	free(out);
	out = render(fn, arg, 1);
	snprintf(name, sizeof(name), "%s: json", what);
	if (json)
		check_str(out, json, name);
	snprintf(name, sizeof(name), "%s: json is valid", what);
	check(json_valid(out), name);
	if (!json_valid(out))
		printf("%s", out);
	free(out);
}

static char *capture(int fd, int (*fn)(void *arg), void *arg, int *ret)
{
	FILE *f = tmpfile();
	int saved = dup(fd);
	char *out = calloc(1, 1 << 20);

	if (!f || saved < 0 || !out)
		abort();
	fflush(stdout);
	fflush(stderr);
	dup2(fileno(f), fd);
	*ret = fn(arg);
	fflush(stdout);
	fflush(stderr);
	dup2(saved, fd);
	close(saved);
	rewind(f);
	if (fread(out, 1, (1 << 20) - 1, f) == 0)
		out[0] = '\0';
	fclose(f);
	return out;
}

char *capture_stderr(int (*fn)(void *arg), void *arg, int *ret)
{
	return capture(2, fn, arg, ret);
}

char *capture_stdout(int (*fn)(void *arg), void *arg, int *ret)
{
	return capture(1, fn, arg, ret);
}

struct nlmsghdr *msg_start(__u8 cmd)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(msgbuf);
	struct genlmsghdr *genl;

	memset(msgbuf, 0, sizeof(msgbuf));
	nlh = mnl_nlmsg_put_header(msgbuf);
	nlh->nlmsg_type = 0x1d;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = ICMPGUARD_GENL_VERSION;
	return nlh;
}

int words_of(const char *text, char *buf, size_t len, char **words, int max)
{
	char *save, *w;
	int n = 0;

	snprintf(buf, len, "%s", text);
	for (w = strtok_r(buf, " ", &save); w && n < max;
	     w = strtok_r(NULL, " ", &save))
		words[n++] = w;
	return n;
}
