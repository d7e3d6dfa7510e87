// SPDX-License-Identifier: GPL-2.0
/*
 * What icmpctl's commands share; see cmd.h.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../module/uapi/icmpguard.h"
#include "attrs.h"
#include "cmd.h"

struct icmpctl_opts opts;
struct nl nl;
const char *err_where = "";
const char *err_after = "";

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
	int fd;

	snprintf(path, sizeof(path), "/run/netns/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		errmsg("cannot open netns \"%s\": %s", name, strerror(errno));
		return -1;
	}
	if (setns(fd, CLONE_NEWNET) < 0) {
		errmsg("cannot enter netns \"%s\": %s", name, strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

#define MODULE_MISSING	"the icmpguard module is not loaded (insmod icmpguard.ko)"

static void module_missing(void)
{
	errmsg("%s", MODULE_MISSING);
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
		module_missing();
	else
		errmsg("cannot look up generic netlink family \"%s\": %s",
		       ICMPGUARD_GENL_NAME, strerror(-ret));
	return -1;
}

void kernel_error_text(char *buf, size_t len, const char *what, int err,
		       unsigned int flags)
{
	char attr[ICG_ATTR_TEXT_MAX] = "";
	const char *hint = "";

	if (err == EPERM) {
		snprintf(buf, len, "%s (changing icmpguard needs CAP_NET_ADMIN)",
			 strerror(err));
		return;
	}
	if (err == ENOENT && !(flags & TALK_ENOENT_IS_ANSWER) &&
	    !nl.ext_msg[0] && !nl.has_ext_offs) {
		/* unloaded since it was looked up */
		snprintf(buf, len, "%s", MODULE_MISSING);
		return;
	}
	if (nl.has_ext_offs && nl.req)
		icg_attr_describe(nl.req, nl.ext_offs, nl.ext_msg, attr,
				  sizeof(attr));
	if (err == EOPNOTSUPP && !nl.ext_msg[0])
		hint = " (the icmpguard module is older than icmpctl)";
	if (nl.ext_msg[0])
		snprintf(buf, len, "%s: %s: %s%s", what, strerror(err),
			 nl.ext_msg, attr);
	else
		snprintf(buf, len, "%s: %s%s%s", what, strerror(err), attr,
			 hint);
}

void kernel_error(const char *what, int err, unsigned int flags)
{
	char buf[NL_MSG_MAX + 256];

	kernel_error_text(buf, sizeof(buf), what, err, flags);
	errmsg("%s", buf);
}

int talk(const char *what, struct nlmsghdr *nlh, mnl_cb_t cb, void *data,
	 unsigned int flags)
{
	int ret = nl_talk(&nl, nlh, cb, data);

	if (ret) {
		kernel_error(what, -ret, flags);
		return EXIT_RUNTIME;
	}
	if (nl.ext_msg[0])
		warnmsg(nl.ext_msg);
	return 0;
}

int simple_cmd(const char *what, __u8 cmd, int argc, char **argv)
{
	struct nlmsghdr *nlh;
	int ret = no_args(what, argc, argv);

	if (ret)
		return ret;
	if (connect_kernel())
		return EXIT_RUNTIME;
	nlh = nl_request(&nl, cmd, ICMPGUARD_GENL_VERSION, NLM_F_ACK);
	return talk(what, nlh, NULL, NULL, 0);
}

int get(const char *what, __u8 cmd, mnl_cb_t cb, void *out)
{
	struct reply r = { out, 0, 0 };
	struct nlmsghdr *nlh;
	int ret;

	if (connect_kernel())
		return EXIT_RUNTIME;
	nlh = nl_request(&nl, cmd, ICMPGUARD_GENL_VERSION, NLM_F_ACK);
	ret = nl_talk(&nl, nlh, cb, &r);
	if (r.malformed || (!ret && !r.got)) {
		errmsg("%s: malformed reply from the kernel", what);
		return EXIT_RUNTIME;
	}
	if (ret) {
		kernel_error(what, -ret, 0);
		return EXIT_RUNTIME;
	}
	return 0;
}

int dump_raw(struct nlmsghdr *nlh, mnl_cb_t cb, void *data,
	     void (*reset)(void *data), const int *malformed)
{
	int tries = 0, ret;

	do {
		reset(data);
		ret = nl_talk(&nl, nlh, cb, data);
	} while (ret == -EINTR && !*malformed && ++tries < DUMP_TRIES);
	return ret;
}

int dump_report(const char *what, int ret, int malformed)
{
	if (malformed) {
		errmsg("%s: malformed reply from the kernel", what);
		return EXIT_RUNTIME;
	}
	if (ret == -EINTR) {
		errmsg("%s: dump interrupted (the set changed %d times while it was read)",
		       what, DUMP_TRIES);
		return EXIT_RUNTIME;
	}
	if (ret) {
		kernel_error(what, -ret, 0);
		return EXIT_RUNTIME;
	}
	return 0;
}

int dump(const char *what, struct nlmsghdr *nlh, mnl_cb_t cb, void *data,
	 void (*reset)(void *data), const int *malformed)
{
	int ret = dump_raw(nlh, cb, data, reset, malformed);

	return dump_report(what, ret, *malformed);
}

int finish_output(struct printer *p)
{
	if (pr_end(p)) {
		errmsg("write error: %s", strerror(errno));
		return EXIT_RUNTIME;
	}
	return 0;
}

void *array_grow(void *arr, unsigned int n, unsigned int *cap, size_t size)
{
	unsigned int grown;
	void *p;

	if (n < *cap)
		return arr;
	if (*cap > UINT_MAX / 2 || (*cap ? 2 * *cap : 64) > SIZE_MAX / size)
		return NULL;
	grown = *cap ? 2 * *cap : 64;
	p = realloc(arr, grown * size);
	if (p)
		*cap = grown;
	return p;
}

int split_words(char *line, char ***words, unsigned int *cap)
{
	char **grown, *save, *w;
	unsigned int n = 0;

	line[strcspn(line, "#")] = '\0';
	for (w = strtok_r(line, " \t\r\n\v\f", &save); w;
	     w = strtok_r(NULL, " \t\r\n\v\f", &save)) {
		grown = array_grow(*words, n, cap, sizeof(*grown));
		if (!grown)
			return -ENOMEM;
		*words = grown;
		(*words)[n++] = w;
	}
	return (int)n;
}
