// SPDX-License-Identifier: GPL-2.0
/*
 * What icmpctl's commands share; see ctl.h.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "icmpctl.h"
#include "print.h"

struct icmpctl_opts opts;
struct nl nl;
const char *err_where = "";

/* Times a dump the kernel says was interrupted is tried in all. */
#define DUMP_TRIES	5
#define MODULE_MISSING	"the icmpguard module is not loaded (insmod icmpguard.ko)"

int extra_word(const char *what, const char *word)
{
	if (word[0] == '-')
		errmsg("%s: unexpected argument \"%s\" (options go before the object)",
		       what, word);
	else
		errmsg("%s: unexpected argument \"%s\"", what, word);
	return EXIT_USAGE;
}

int no_args(const char *what, int argc, char **argv)
{
	return argc ? extra_word(what, argv[0]) : 0;
}

static int enter_netns(const char *name)
{
	char path[PATH_MAX];
	int fd, ret;

	snprintf(path, sizeof(path), "/run/netns/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		errmsg("cannot open netns \"%s\": %s", name, strerror(errno));
		return -1;
	}
	ret = setns(fd, CLONE_NEWNET);
	if (ret)
		errmsg("cannot enter netns \"%s\": %s", name, strerror(errno));
	close(fd);
	return ret;
}

int connect_kernel(void)
{
	const char *stage;
	int ret;

	if (nl.sk)
		return 0;
	if (opts.netns && enter_netns(opts.netns))
		return -1;
	ret = nl_open(&nl, ICMPGUARD_GENL_NAME, &stage);
	if (!ret)
		return 0;
	if (!strcmp(stage, "socket"))
		errmsg("cannot open a generic netlink socket: %s",
		       strerror(-ret));
	else if (ret == -ENOENT)
		errmsg("%s", MODULE_MISSING);
	else
		errmsg("cannot look up generic netlink family \"%s\": %s",
		       ICMPGUARD_GENL_NAME, strerror(-ret));
	return -1;
}

struct nlmsghdr *request(__u8 cmd, __u16 flags)
{
	if (connect_kernel())
		return NULL;
	return nl_request(&nl, cmd, ICMPGUARD_GENL_VERSION, flags);
}

void kernel_error_text(char *buf, size_t len, const char *what, int err)
{
	char attr[ATTR_TEXT_MAX] = "";

	if (err == EPERM) {
		snprintf(buf, len, "%s (changing icmpguard needs CAP_NET_ADMIN)",
			 strerror(err));
		return;
	}
	/* The family vanished since it was looked up: nothing to explain. */
	if (err == ENOENT && !nl.ext_msg[0] && !nl.has_ext_offs) {
		snprintf(buf, len, "%s", MODULE_MISSING);
		return;
	}
	if (nl.has_ext_offs && nl.req)
		attr_describe(nl.req, nl.ext_offs, nl.ext_msg, attr,
			      sizeof(attr));
	snprintf(buf, len, "%s%s%s%s%s%s%s", what ? what : "",
		 what ? ": " : "", strerror(err), nl.ext_msg[0] ? ": " : "",
		 nl.ext_msg, attr,
		 err == EOPNOTSUPP && !nl.ext_msg[0] ?
		 " (the icmpguard module is older than icmpctl)" : "");
}

int kernel_error(const char *what, int err)
{
	char buf[NL_MSG_MAX + 256];

	kernel_error_text(buf, sizeof(buf), what, err);
	return runtime_err("%s", buf);
}

int talk(const char *what, struct nlmsghdr *nlh)
{
	int ret = nl_talk(&nl, nlh, NULL, NULL);

	if (ret)
		return kernel_error(what, -ret);
	if (nl.ext_msg[0])
		fprintf(stderr, "icmpctl: %swarning: %s\n", err_where,
			nl.ext_msg);
	return 0;
}

struct reply {
	decode_fn decode;
	void *out;
	int got;
	int malformed;
	struct vec *vec;
	size_t size;
};

static int reply_cb(const struct nlmsghdr *nlh, void *data)
{
	struct reply *r = data;
	void *item = r->out;

	if (r->vec) {
		item = vec_push(r->vec, r->size);
		if (!item) {
			errno = ENOMEM;
			return MNL_CB_ERROR;
		}
	}
	if (r->decode(nlh, item)) {
		r->malformed = 1;
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	if (r->vec)
		r->vec->n++;
	r->got = 1;
	return MNL_CB_OK;
}

static int report(const char *what, int ret, const struct reply *r)
{
	if (r->malformed || (!ret && !r->got && !r->vec))
		return runtime_err("%s: malformed reply from the kernel", what);
	if (ret == -EINTR)
		return runtime_err("%s: dump interrupted (the set changed %d times while read)",
				   what, DUMP_TRIES);
	return ret ? kernel_error(what, -ret) : 0;
}

int get(const char *what, struct nlmsghdr *nlh, decode_fn decode, void *out)
{
	struct reply r = { decode, out, 0, 0, NULL, 0 };

	return report(what, nl_talk(&nl, nlh, reply_cb, &r), &r);
}

void *vec_push(struct vec *a, size_t size)
{
	unsigned int cap = a->cap ? 2 * a->cap : 64;
	void *p;

	if (a->n < a->cap)
		return (char *)a->v + a->n * size;
	if (cap < a->cap || cap > SIZE_MAX / size)
		return NULL;
	p = realloc(a->v, cap * size);
	if (!p)
		return NULL;
	a->v = p;
	a->cap = cap;
	return (char *)p + a->n * size;
}

int dump(const char *what, __u8 cmd, struct vec *out, size_t size,
	 decode_fn decode, int optional)
{
	struct reply r = { decode, NULL, 0, 0, out, size };
	struct nlmsghdr *nlh = request(cmd, NLM_F_DUMP);
	int tries = 0, ret;

	if (!nlh)
		return EXIT_RUNTIME;
	do {
		out->n = 0;
		ret = nl_talk(&nl, nlh, reply_cb, &r);
	} while (ret == -EINTR && !r.malformed && ++tries < DUMP_TRIES);
	if (optional && ret == -EOPNOTSUPP && !r.malformed) {
		out->n = 0;
		return 0;
	}
	return report(what, ret, &r);
}

int finish_output(void)
{
	if (delete_json_obj())
		return runtime_err("write error: %s", strerror(errno));
	return 0;
}

int split_words(char *line, char ***words, unsigned int *cap)
{
	struct vec v = { *words, 0, *cap };
	char *save, *w, **slot;

	line[strcspn(line, "#")] = '\0';
	for (w = strtok_r(line, " \t\r\n\v\f", &save); w;
	     w = strtok_r(NULL, " \t\r\n\v\f", &save)) {
		slot = vec_push(&v, sizeof(*slot));
		if (!slot)
			break;
		*slot = w;
		v.n++;
	}
	*words = v.v;
	*cap = v.cap;
	return w ? -ENOMEM : (int)v.n;
}
