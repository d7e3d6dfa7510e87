// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of whole commands against the fake module of test_kernel.c:
 * save, then -f of what it printed over another state, then save again;
 * the requests -f sends; its errors when the module refuses one; the
 * attribute an error of set names; stats prometheus.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../module/uapi/icmpguard.h"
#include "batch.h"
#include "cmd.h"
#include "parse.h"
#include "test.h"
#include "test_model.h"
#include "util.h"

#define RANGE	"Invalid argument: integer out of range " \
		"(attribute ICMPGUARD_CFG_A_REPLY_BURST)"

#define TOO_MANY	"too many owned prefixes (already applied: " \
			"the settings and the owned lines before this one)"

static char path[64];

static int run_save(void *arg)
{
	(void)arg;
	return do_save(0, NULL);
}

static int run_batch(void *arg)
{
	(void)arg;
	return do_batch(path);
}

static int run_prom(void *arg)
{
	(void)arg;
	return do_stats_prometheus(0, NULL);
}

static int run_set(void *arg)
{
	char **words = arg;
	int n = 0;

	while (words[n])
		n++;
	return do_set(n, words);
}

/* "icmpctl save", its stamp line checked and cut: caller frees. */
static char *saved_text(void)
{
	char *out, *body;
	int ret;

	out = capture_stdout(run_save, NULL, &ret);
	check(!ret && !strncmp(out, "# icmpctl save, ", 16),
	      "commands: save, and its stamp");
	body = strchr(out, '\n');
	memmove(out, body ? body + 1 : out, strlen(body ? body + 1 : out) + 1);
	return out;
}

/* text into the file of path. */
static void write_file(const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f || fputs(text, f) < 0 || fclose(f))
		abort();
}

/* "icmpctl -f path": its status, *err what it said (caller frees). */
static int batch(char **err)
{
	int ret;

	memset(fake_kernel.sent, 0, sizeof(fake_kernel.sent));
	*err = capture_stderr(run_batch, NULL, &ret);
	return ret;
}

/* The number of the first line of text that starts with start, from 1. */
static unsigned int line_of(const char *text, const char *start)
{
	unsigned int n = 1;
	const char *s;

	for (s = text; s; s = strchr(s, '\n'), s = s ? s + 1 : s, n++)
		if (!strncmp(s, start, strlen(start)))
			return n;
	return 0;
}

/* Another state, made by commands: owned flush, rule flush, set. */
static void change(struct model *m)
{
	char buf[128], *words[16], *err;
	int ret;

	test_words("responder off reply-rate 7 burst 3 error-rate 3 9 burst 9",
		   buf, sizeof(buf), words, 16);
	check(!do_owned_flush(0, NULL) && !do_rule_flush(0, NULL) &&
	      !m->nowned && !m->nrules, "commands: owned flush, rule flush");
	err = capture_stderr(run_set, words, &ret);
	check(!ret && !*err && m->val[ICMPGUARD_CFG_A_REPLY_RATE] == 7,
	      "commands: set");
	free(err);
}

static void test_round_trip(struct model *m)
{
	unsigned int sent[ICMPGUARD_CMD_MAX + 1], i, ok = 0, runs = 20;
	char *first, *again, *err;
	int ret;

	for (i = 0; i < runs; i++) {
		model_random(m);
		first = saved_text();
		write_file(first);
		change(m);
		ret = batch(&err);
		memcpy(sent, fake_kernel.sent, sizeof(sent));
		again = saved_text();
		if (!ret && !*err && !strcmp(first, again) &&
		    sent[ICMPGUARD_CMD_SET_CONFIG] == 1 &&
		    sent[ICMPGUARD_CMD_FLUSH_OWNED] == 1 &&
		    sent[ICMPGUARD_CMD_ADD_OWNED] == m->nowned &&
		    sent[ICMPGUARD_CMD_REPLACE_RULES] == 1 &&
		    !sent[ICMPGUARD_CMD_GET_RULES] &&
		    !sent[ICMPGUARD_CMD_GET_OWNED] &&
		    !sent[ICMPGUARD_CMD_ADD_RULE])
			ok++;
		else
			printf("FAIL: round trip %u: status %d, \"%s\", requests %u %u %u %u\n",
			       i, ret, err,
			       sent[ICMPGUARD_CMD_SET_CONFIG],
			       sent[ICMPGUARD_CMD_FLUSH_OWNED],
			       sent[ICMPGUARD_CMD_ADD_OWNED],
			       sent[ICMPGUARD_CMD_REPLACE_RULES]);
		if (strcmp(first, again))
			check_str(again, first, "commands: saved again");
		free(first);
		free(again);
		free(err);
	}
	check(ok == runs,
	      "commands: save, change, -f, save: the same, in 4 kinds of request");
}

/* The module refuses what icmpctl could not check: what is said. */
static void test_refusals(struct model *m)
{
	char want[512], *text, *err, pfx[32];
	unsigned int line;
	int ret;

	model_random(m);
	parse_prefix("198.51.100.0/24", &m->owned[0]);
	parse_prefix("192.0.2.0/24", &m->owned[1]);
	m->nowned = 2;
	text = saved_text();
	write_file(text);

	fake_kernel.refuse_cmd = ICMPGUARD_CMD_SET_CONFIG;
	fake_kernel.refuse_errno = EINVAL;
	fake_kernel.refuse_msg = "integer out of range";
	fake_kernel.refuse_attr = ICMPGUARD_CFG_A_REPLY_BURST;
	ret = batch(&err);
	line = line_of(text, "set reply-rate ");
	snprintf(want, sizeof(want),
		 "icmpctl: %s:%u: set: " RANGE "\n",
		 path, line);
	check(ret == EXIT_RUNTIME, "commands: -f, settings refused");
	check_str(err, want, "commands: -f, the line of the setting refused");
	check(!fake_kernel.sent[ICMPGUARD_CMD_FLUSH_OWNED] &&
	      !fake_kernel.sent[ICMPGUARD_CMD_REPLACE_RULES],
	      "commands: -f, nothing after the settings refused");
	free(err);

	fake_kernel.refuse_cmd = ICMPGUARD_CMD_ADD_OWNED;
	fake_kernel.refuse_after = 1;
	fake_kernel.refuse_errno = ENOSPC;
	fake_kernel.refuse_msg = "too many owned prefixes";
	fake_kernel.refuse_attr = 0;
	ret = batch(&err);
	line = line_of(text, "owned add ") + 1;		/* the second */
	snprintf(pfx, sizeof(pfx), "%s",
		 strstr(strstr(text, "owned add ") + 1, "owned add ") + 10);
	*strchr(pfx, '\n') = '\0';
	snprintf(want, sizeof(want),
		 "icmpctl: %s:%u: owned add %s: No space left on device: %s\n",
		 path, line, pfx, TOO_MANY);
	check(ret == EXIT_RUNTIME, "commands: -f, an owned prefix refused");
	check_str(err, want, "commands: -f, what was applied before it");
	check(!fake_kernel.sent[ICMPGUARD_CMD_REPLACE_RULES],
	      "commands: -f, no rules after an owned prefix refused");
	free(err);

	fake_kernel.refuse_cmd = ICMPGUARD_CMD_REPLACE_RULES;
	fake_kernel.refuse_errno = ENOMEM;
	fake_kernel.refuse_msg = NULL;
	ret = batch(&err);
	snprintf(want, sizeof(want),
		 "icmpctl: %s: Cannot allocate memory (already applied: the settings and the owned prefixes)\n",
		 path);
	check(ret == EXIT_RUNTIME, "commands: -f, the rules refused");
	check_str(err, want, "commands: -f, the rules refused last");
	free(err);

	/* A warning of the module: said, as a warning only */
	fake_kernel.refuse_cmd = ICMPGUARD_CMD_ADD_OWNED;
	fake_kernel.refuse_errno = 0;
	fake_kernel.refuse_msg = "prefix covers an address of lo";
	ret = batch(&err);
	snprintf(want, sizeof(want),
		 "icmpctl: %s:%u: warning: prefix covers an address of lo\n",
		 path, line_of(text, "owned add "));
	check(!ret, "commands: -f, a warning");
	check_str(err, want, "commands: -f, a warning, nothing more");
	free(err);
	free(text);
}

/* What needs the module's state reads it first, and sends nothing else */
static void test_state(struct model *m)
{
	char want[512], *err;
	int ret;

	model_random(m);
	parse_prefix("192.0.2.0/24", &m->owned[0]);
	m->nowned = 1;
	write_file("set probe on\nowned add 192.0.2.0/24\n");
	ret = batch(&err);
	snprintf(want, sizeof(want),
		 "icmpctl: %s:2: owned add 192.0.2.0/24: already owned\n",
		 path);
	check(ret == EXIT_RUNTIME && fake_kernel.sent[ICMPGUARD_CMD_GET_OWNED] &&
	      !fake_kernel.sent[ICMPGUARD_CMD_SET_CONFIG],
	      "commands: -f, owned now: read, refused, nothing sent");
	check_str(err, want, "commands: -f, a prefix owned now");
	free(err);

	m->nrules = 0;
	model_add_rule(m, "input type echo-request accept");
	model_add_rule(m, "forward drop");
	write_file("rule add input drop\nrule insert forward accept\n");
	ret = batch(&err);
	check(!ret && !*err && fake_kernel.sent[ICMPGUARD_CMD_GET_RULES] == 1 &&
	      fake_kernel.sent[ICMPGUARD_CMD_REPLACE_RULES] == 1 &&
	      m->nrules == 4 && m->rules[1].action == ICMPGUARD_ACT_DROP &&
	      m->rules[2].action == ICMPGUARD_ACT_ACCEPT &&
	      m->rules[2].dir == ICMPGUARD_DIR_FORWARD &&
	      m->rules[3].action == ICMPGUARD_ACT_DROP,
	      "commands: -f, rules added to those of now, in one request");
	free(err);
}

static void test_set_error(struct model *m)
{
	char buf[64], *words[8], *err;
	int ret;

	(void)m;
	test_words("reply-rate 10 burst 5", buf, sizeof(buf), words, 8);
	fake_kernel.refuse_cmd = ICMPGUARD_CMD_SET_CONFIG;
	fake_kernel.refuse_errno = EINVAL;
	fake_kernel.refuse_msg = "integer out of range";
	fake_kernel.refuse_attr = ICMPGUARD_CFG_A_REPLY_BURST;
	err = capture_stderr(run_set, words, &ret);
	check(ret == EXIT_RUNTIME, "commands: set refused");
	check_str(err, "icmpctl: set: " RANGE "\n",
		  "commands: set refused, the attribute named");
	free(err);
}

static void test_prometheus(struct model *m)
{
	char want[128], *out;
	int ret;

	m->nrules = 0;
	model_add_rule(m, "input limit 5/s");
	out = capture_stdout(run_prom, NULL, &ret);
	snprintf(want, sizeof(want),
		 "icmpguard_rule_limited_packets_total{handle=\"%u\",dir=\"input\"} 0\n",
		 m->handle);
	check(!ret && !strncmp(out, "# HELP icmpguard_rx_packets_total ", 34) &&
	      strstr(out, want), "commands: stats prometheus");
	free(out);
}

void test_commands(void)
{
	struct model *m = calloc(1, sizeof(*m));
	int fd;

	snprintf(path, sizeof(path), "/tmp/icmpctl-test-XXXXXX");
	fd = mkstemp(path);
	if (!m || fd < 0)
		abort();
	close(fd);
	if (fake_kernel_open(m)) {
		printf("SKIP: commands: no socket for the fake module\n");
	} else {
		test_round_trip(m);
		test_refusals(m);
		test_state(m);
		test_set_error(m);
		test_prometheus(m);
		fake_kernel_close();
	}
	unlink(path);
	free(m);
}
