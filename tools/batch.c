// SPDX-License-Identifier: GPL-2.0
/*
 * Every change as one ICMPGUARD_CMD_BATCH request; see batch.h.
 *
 * A file of 10 000 rules makes a request of a megabyte: it is built in a
 * buffer grown to fit, every attribute at the top level (a nest's 16-bit
 * length could not hold it), and the socket's send buffer is raised to
 * take it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/genetlink.h>
#include <libmnl/libmnl.h>

#include "icmpctl.h"

struct mark {
	__u32 offs;
	unsigned int line;
};

static int batch_init(struct batch *b, const char *file)
{
	struct genlmsghdr *genl;

	memset(b, 0, sizeof(*b));
	b->file = file;
	b->cap = MNL_SOCKET_BUFFER_SIZE;
	b->buf = calloc(1, b->cap);	/* no stray bytes in padding */
	if (!b->buf)
		return runtime_err("%s", strerror(ENOMEM));
	b->nlh = mnl_nlmsg_put_header(b->buf);
	b->nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	genl = mnl_nlmsg_put_extra_header(b->nlh, sizeof(*genl));
	genl->cmd = ICMPGUARD_CMD_BATCH;
	genl->version = ICMPGUARD_GENL_VERSION;
	return 0;
}

void batch_free(struct batch *b)
{
	free(b->buf);
	free(b->marks.v);
	b->buf = NULL;
	b->marks.v = NULL;
}

struct nlmsghdr *batch_room(struct batch *b, size_t len)
{
	const struct mark *last = b->marks.n ?
		(struct mark *)b->marks.v + b->marks.n - 1 : NULL;
	size_t cap = b->cap;
	struct mark *m;
	char *grown;

	while (cap - b->nlh->nlmsg_len < len && cap < SIZE_MAX / 2)
		cap *= 2;
	if (cap != b->cap) {
		grown = realloc(b->buf, cap);
		if (!grown)
			goto nomem;
		memset(grown + b->cap, 0, cap - b->cap);
		b->buf = grown;
		b->cap = cap;
		b->nlh = (struct nlmsghdr *)grown;
	}
	if (!last || last->line != b->line) {
		m = vec_push(&b->marks, sizeof(*m));
		if (!m)
			goto nomem;
		m->offs = b->nlh->nlmsg_len;
		m->line = b->line;
		b->marks.n++;
	}
	return b->nlh;
nomem:
	errmsg("%s", strerror(ENOMEM));
	return NULL;
}

int batch_flush(struct batch *b, __u32 flags)
{
	struct nlmsghdr *nlh = batch_room(b, 64);

	if (!nlh)
		return EXIT_RUNTIME;
	mnl_attr_put_u32(nlh, ICMPGUARD_A_FLUSH, flags);
	return 0;
}

/* The line whose attributes hold offs: its number, or 0. */
static unsigned int line_of(const struct batch *b, __u32 offs)
{
	const struct mark *m = b->marks.v;
	unsigned int i, line = 0;

	for (i = 0; i < b->marks.n && m[i].offs <= offs; i++)
		line = m[i].line;
	return line;
}

static int batch_send(struct batch *b)
{
	size_t len = b->nlh->nlmsg_len;
	unsigned int line;
	char where[4096];
	int ret;

	if (connect_kernel())
		return EXIT_RUNTIME;
	b->nlh->nlmsg_type = nl.family;
	ret = nl_prepare_send(&nl, len);
	if (ret)
		return runtime_err("cannot make room for a request of %zu bytes: %s", len,
				   strerror(-ret));
	ret = nl_talk(&nl, b->nlh, NULL, NULL);
	line = ret && nl.has_ext_offs ? line_of(b, nl.ext_offs) : 0;
	if (b->file && line)
		snprintf(where, sizeof(where), "%s:%u: ", b->file, line);
	else if (b->file)
		snprintf(where, sizeof(where), "%s: ", b->file);
	else
		where[0] = '\0';
	err_where = where;
	if (ret)
		ret = kernel_error(b->file ? NULL : b->what, -ret);
	else if (nl.ext_msg[0])
		errmsg("warning: %s", nl.ext_msg);
	err_where = "";
	return ret;
}

int run_change(put_fn put, const char *what, int argc, char **argv)
{
	struct batch b;
	int ret = batch_init(&b, NULL);

	if (ret)
		return ret;
	snprintf(b.what, sizeof(b.what), "%s", what);
	ret = put(&b, argc, argv);
	if (!ret)
		ret = batch_send(&b);
	batch_free(&b);
	return ret;
}

int read_lines(FILE *f, const char *name, struct batch *b, put_fn put)
{
	char *line = NULL, **words = NULL, where[4096];
	unsigned int cap = 0;
	size_t len = 0;
	int n, ret = 0;

	while (!ret && getline(&line, &len, f) >= 0) {
		snprintf(where, sizeof(where), "%s:%u: ", name, ++b->line);
		err_where = where;
		n = split_words(line, &words, &cap);
		if (n < 0) {
			errmsg("%s", strerror(ENOMEM));
			ret = EXIT_RUNTIME;
		} else if (n) {
			ret = put(b, n, words);
		}
	}
	err_where = "";
	if (!ret && ferror(f)) {
		errmsg("%s: read error: %s", name, strerror(errno));
		ret = EXIT_RUNTIME;
	}
	free(line);
	free(words);
	return ret;
}

int batch_read(FILE *f, const char *name, struct batch *b)
{
	return batch_init(b, name) ?: read_lines(f, name, b, put_line);
}

int do_batch(const char *file)
{
	FILE *f = strcmp(file, "-") ? fopen(file, "re") : stdin;
	struct batch b;
	int ret;

	if (!f)
		return runtime_err("cannot open \"%s\": %s", file, strerror(errno));
	ret = batch_read(f, f == stdin ? "<stdin>" : file, &b);
	if (f != stdin)
		fclose(f);
	/* Nothing to do (comments only): the module is not asked. */
	if (!ret && b.marks.n)
		ret = batch_send(&b);
	batch_free(&b);
	return ret;
}
