// SPDX-License-Identifier: GPL-2.0
/*
 * icmpctl monitor: the events of the module, a line each; see monitor.h.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/signalfd.h>
#include <linux/genetlink.h>
#include <libmnl/libmnl.h>

#include "icmpctl.h"
#include "print.h"

int event_parse(const struct nlmsghdr *nlh, struct event *ev)
{
	const struct nlattr *top[ATTR_TB_MAX], *tb[ATTR_TB_MAX];
	const struct nlattr *a4, *a6, *plen;

	memset(ev, 0, sizeof(*ev));
	if (attr_parse_msg(nlh, AS_TOP, top) || !top[ICMPGUARD_A_EVENT] ||
	    attr_parse(top[ICMPGUARD_A_EVENT], AS_EVT, tb) ||
	    !tb[ICMPGUARD_EVT_A_TYPE])
		return -EBADMSG;
	ev->type = mnl_attr_get_u8(tb[ICMPGUARD_EVT_A_TYPE]);
	a4 = tb[ICMPGUARD_EVT_A_ADDR];
	a6 = tb[ICMPGUARD_EVT_A_ADDR6];
	plen = tb[ICMPGUARD_EVT_A_PLEN];
	if (a4 || a6 || plen) {
		if (prefix_get(a4, a6, plen, &ev->source))
			return -EBADMSG;
		ev->has_source = 1;
		ev->family = ev->source.family;
	} else if (tb[ICMPGUARD_EVT_A_FAMILY]) {
		ev->family = mnl_attr_get_u8(tb[ICMPGUARD_EVT_A_FAMILY]);
	}
	if (tb[ICMPGUARD_EVT_A_DROPPED]) {
		ev->dropped = mnl_attr_get_u64(tb[ICMPGUARD_EVT_A_DROPPED]);
		ev->has_dropped = 1;
	}
	return 0;
}

void event_print(const struct event *ev, const char *stamp)
{
	char buf[PREFIX_STRLEN];

	if (stamp)
		print_string(PRINT_ANY, "time", "[%s] ", stamp);
	print_string(PRINT_ANY, "event", "%s",
		     name_of(&events, ev->type, "event-"));
	if (ev->family)
		print_string(PRINT_JSON, "family", NULL,
			     family_of(ev->family)->name);
	if (ev->has_source)
		print_string(PRINT_ANY, "source", " source %s",
			     prefix_str(&ev->source, buf, sizeof(buf)));
	else
		print_null(PRINT_JSON, "source", NULL, NULL);
	/* A global bucket of one family, when the families have one each */
	if (!ev->has_source && ev->type != ICMPGUARD_EVENT_TABLE_FULL)
		print_fp(" global%s%s", ev->family ? " " : "",
			 ev->family ? family_of(ev->family)->name : "");
	if (ev->has_dropped)
		print_uint(PRINT_ANY, "dropped", " dropped %llu", ev->dropped);
	print_fp("\n");
}

struct monitor {
	unsigned long long count;	/* 0: no end */
	unsigned long long seen;
	int write_error;		/* errno of the output */
};

/* "2025-01-31T12:34:56.789", local time */
static void timestamp(char *buf, size_t len)
{
	struct timespec ts;
	struct tm tm;
	size_t n;

	clock_gettime(CLOCK_REALTIME, &ts);
	localtime_r(&ts.tv_sec, &tm);
	n = strftime(buf, len, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf + n, len - n, ".%03ld", ts.tv_nsec / 1000000);
}

static int monitor_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);
	struct monitor *m = data;
	struct event ev;
	char stamp[32];

	if (nlh->nlmsg_type != nl.family ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(*genl) ||
	    genl->cmd != ICMPGUARD_CMD_EVENT)
		return MNL_CB_OK;
	if (event_parse(nlh, &ev)) {
		errmsg("monitor: malformed event from the kernel");
		return MNL_CB_OK;
	}
	if (ev.family && !family_wanted(opts.family, ev.family))
		return MNL_CB_OK;
	if (opts.detail)
		timestamp(stamp, sizeof(stamp));
	new_json_obj(stdout, opts.json);
	event_print(&ev, opts.detail ? stamp : NULL);
	if (delete_json_obj()) {
		m->write_error = errno ? errno : EIO;
		return MNL_CB_ERROR;
	}
	m->seen++;
	return m->count && m->seen >= m->count ? MNL_CB_STOP : MNL_CB_OK;
}

int monitor_loop(unsigned long long count, int stopfd)
{
	struct pollfd pfd[2] = {
		{ mnl_socket_get_fd(nl.sk), POLLIN, 0 },
		{ stopfd, POLLIN, 0 },
	};
	struct monitor m = { count, 0, 0 };
	ssize_t n;
	int ret;

	for (;;) {
		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			return runtime_err("monitor: %s", strerror(errno));
		}
		if (pfd[1].revents)
			return 0;	/* SIGINT or SIGTERM */
		if (!pfd[0].revents)
			continue;
		n = mnl_socket_recvfrom(nl.sk, nl.rbuf, nl.rlen);
		if (n < 0 && errno == ENOBUFS) {
			errmsg("monitor: events lost (receive buffer overrun)");
			continue;
		}
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		ret = n < 0 ? MNL_CB_ERROR :
		      mnl_cb_run(nl.rbuf, (size_t)n, 0, 0, monitor_cb, &m);
		if (ret == MNL_CB_STOP)
			return 0;
		if (ret < 0)
			return runtime_err("%s: %s", m.write_error ? "write error" :
					   "monitor", strerror(m.write_error ?: errno));
	}
}

/*
 * SIGINT and SIGTERM end the loop: blocked, they are read from a signalfd
 * polled with the socket. A file descriptor, or -1.
 */
static int catch_signals(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	if (sigprocmask(SIG_BLOCK, &set, NULL))
		return -1;
	return signalfd(-1, &set, SFD_CLOEXEC);
}

/* [count N] */
int do_monitor(int argc, char **argv)
{
	__u32 count = 0;
	int sigfd, ret;

	if (argc && strcmp(argv[0], "count"))
		return extra_word("monitor", argv[0]);
	if (argc == 1)
		return usage_err("monitor: missing number after \"count\"");
	if (argc && (parse_u32(argv[1], &count) || !count))
		return usage_err("monitor: invalid count \"%s\" (expected a positive integer)",
				 argv[1]);
	if (argc > 2)
		return extra_word("monitor", argv[2]);
	if (connect_kernel())
		return EXIT_RUNTIME;
	ret = nl_join(&nl, ICMPGUARD_MCGRP_EVENTS);
	if (ret == -ENOENT)
		return runtime_err("monitor: no group \"%s\" (the module is older than icmpctl)",
				   ICMPGUARD_MCGRP_EVENTS);
	if (ret)
		return runtime_err("monitor: cannot join group \"%s\": %s",
				   ICMPGUARD_MCGRP_EVENTS, strerror(-ret));
	sigfd = catch_signals();
	if (sigfd < 0)
		return runtime_err("monitor: cannot catch signals: %s", strerror(errno));
	ret = monitor_loop(count, sigfd);
	close(sigfd);
	return ret;
}
