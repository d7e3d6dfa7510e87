// SPDX-License-Identifier: GPL-2.0
/*
 * icmpctl monitor: the events of the module, a line each; see monitor.h.
 */
#define _GNU_SOURCE
#include <assert.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/signalfd.h>
#include <arpa/inet.h>
#include <linux/genetlink.h>
#include <libmnl/libmnl.h>

#include "../module/uapi/icmpguard.h"
#include "cmd.h"
#include "monitor.h"
#include "parse.h"
#include "util.h"

/* Indexed by enum icmpguard_event. */
static const char * const event_names[] = {
	[ICMPGUARD_EVENT_FLOOD_START]	= "flood-start",
	[ICMPGUARD_EVENT_FLOOD_END]	= "flood-end",
	[ICMPGUARD_EVENT_TABLE_FULL]	= "table-full",
};

static_assert(ARRAY_SIZE(event_names) == __ICMPGUARD_EVENT_MAX,
	      "an event of icmpguard.h has no name");

struct event_walk {
	struct icg_event *ev;
	unsigned int seen;	/* 1: type, 2: address, 4: length */
	int got;
};

static int event_attr_cb(const struct nlattr *a, void *data)
{
	struct event_walk *w = data;

	switch (mnl_attr_get_type(a)) {
	case ICMPGUARD_EVT_A_TYPE:
		if (mnl_attr_validate(a, MNL_TYPE_U8))
			return MNL_CB_ERROR;
		w->ev->type = mnl_attr_get_u8(a);
		w->seen |= 1;
		break;
	case ICMPGUARD_EVT_A_ADDR:
		if (mnl_attr_validate(a, MNL_TYPE_U32))
			return MNL_CB_ERROR;
		w->ev->source.addr = mnl_attr_get_u32(a);
		w->seen |= 2;
		break;
	case ICMPGUARD_EVT_A_PLEN:
		if (mnl_attr_validate(a, MNL_TYPE_U8) ||
		    mnl_attr_get_u8(a) > 32)
			return MNL_CB_ERROR;
		w->ev->source.plen = mnl_attr_get_u8(a);
		w->seen |= 4;
		break;
	case ICMPGUARD_EVT_A_DROPPED:
		if (mnl_attr_validate(a, MNL_TYPE_U64))
			return MNL_CB_ERROR;
		w->ev->dropped = mnl_attr_get_u64(a);
		w->ev->has_dropped = 1;
		break;
	default:
		break;		/* PAD, or newer than this icmpctl */
	}
	return MNL_CB_OK;
}

static int event_cb(const struct nlattr *a, void *data)
{
	struct event_walk *w = data;

	if (mnl_attr_get_type(a) != ICMPGUARD_A_EVENT)
		return MNL_CB_OK;
	if (w->got || mnl_attr_validate(a, MNL_TYPE_NESTED) ||
	    mnl_attr_parse_nested(a, event_attr_cb, w) < 0)
		return MNL_CB_ERROR;
	w->got = 1;
	return MNL_CB_OK;
}

int icg_event_parse(const struct nlmsghdr *nlh, struct icg_event *ev)
{
	struct event_walk w = { ev, 0, 0 };

	memset(ev, 0, sizeof(*ev));
	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(struct genlmsghdr) ||
	    mnl_attr_parse(nlh, sizeof(struct genlmsghdr), event_cb, &w) < 0 ||
	    !w.got || !(w.seen & 1))
		return -EBADMSG;
	/* An address goes with its length. */
	if ((w.seen & 6) == 2 || (w.seen & 6) == 4)
		return -EBADMSG;
	ev->has_source = (w.seen & 6) == 6;
	return 0;
}

void icg_event_print(struct printer *p, const struct icg_event *ev,
		     const char *stamp)
{
	char name[16], source[INET_ADDRSTRLEN + 4], line[128];
	const char *s = NULL;
	int n = 0;

	if (ev->type < ARRAY_SIZE(event_names) && event_names[ev->type]) {
		s = event_names[ev->type];
	} else {
		snprintf(name, sizeof(name), "event-%u", ev->type);
		s = name;
	}
	if (ev->has_source)
		icg_prefix_format(&ev->source, source, sizeof(source));

	if (stamp)
		pr_json_str(p, "time", stamp);
	pr_json_str(p, "event", s);
	pr_json_str(p, "source", ev->has_source ? source : NULL);
	if (ev->has_dropped)
		pr_json_u64(p, "dropped", ev->dropped);

	if (stamp)
		n += snprintf(line + n, sizeof(line) - (size_t)n, "[%s] ",
			      stamp);
	n += snprintf(line + n, sizeof(line) - (size_t)n, "%s", s);
	if (ev->has_source)
		n += snprintf(line + n, sizeof(line) - (size_t)n,
			      " source %s", source);
	else if (ev->type != ICMPGUARD_EVENT_TABLE_FULL)
		n += snprintf(line + n, sizeof(line) - (size_t)n, " global");
	if (ev->has_dropped)
		snprintf(line + n, sizeof(line) - (size_t)n, " dropped %llu",
			 ev->dropped);
	pr_text(p, line);
	pr_text(p, "\n");
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
	struct icg_event ev;
	struct printer p;
	char stamp[32];

	if (nlh->nlmsg_type != nl.family ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(*genl) ||
	    genl->cmd != ICMPGUARD_CMD_EVENT)
		return MNL_CB_OK;
	if (icg_event_parse(nlh, &ev)) {
		errmsg("monitor: malformed event from the kernel");
		return MNL_CB_OK;
	}
	if (opts.detail)
		timestamp(stamp, sizeof(stamp));
	pr_init(&p, stdout, opts.json);
	pr_begin(&p);
	icg_event_print(&p, &ev, opts.detail ? stamp : NULL);
	if (pr_end(&p)) {
		m->write_error = errno ? errno : EIO;
		return MNL_CB_ERROR;
	}
	m->seen++;
	return m->count && m->seen >= m->count ? MNL_CB_STOP : MNL_CB_OK;
}

/* [count N]: 0, or EXIT_USAGE. */
static int monitor_args(int argc, char **argv, struct monitor *m)
{
	__u32 n;

	if (!argc)
		return 0;
	if (strcmp(argv[0], "count"))
		return extra_word("monitor", argv[0]);
	if (argc < 2) {
		errmsg("monitor: missing number after \"count\"");
		return EXIT_USAGE;
	}
	if (parse_u32(argv[1], &n) || !n) {
		errmsg("monitor: invalid count \"%s\" (expected a positive integer)",
		       argv[1]);
		return EXIT_USAGE;
	}
	m->count = n;
	return argc > 2 ? extra_word("monitor", argv[2]) : 0;
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

static int monitor_loop(struct monitor *m, int sigfd)
{
	struct pollfd pfd[2] = {
		{ mnl_socket_get_fd(nl.sk), POLLIN, 0 },
		{ sigfd, POLLIN, 0 },
	};
	ssize_t n;
	int ret;

	for (;;) {
		if (poll(pfd, ARRAY_SIZE(pfd), -1) < 0) {
			if (errno == EINTR)
				continue;
			errmsg("monitor: %s", strerror(errno));
			return EXIT_RUNTIME;
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
		if (n < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			errmsg("monitor: %s", strerror(errno));
			return EXIT_RUNTIME;
		}
		ret = mnl_cb_run(nl.rbuf, (size_t)n, 0, 0, monitor_cb, m);
		if (ret == MNL_CB_STOP)
			return 0;
		if (ret < 0 && m->write_error) {
			errmsg("write error: %s", strerror(m->write_error));
			return EXIT_RUNTIME;
		}
		if (ret < 0) {
			errmsg("monitor: %s", strerror(errno));
			return EXIT_RUNTIME;
		}
	}
}

int icg_monitor_loop(unsigned long long count, int stopfd)
{
	struct monitor m = { count, 0, 0 };

	return monitor_loop(&m, stopfd);
}

int do_monitor(int argc, char **argv)
{
	struct monitor m = { 0, 0, 0 };
	int sigfd, ret = monitor_args(argc, argv, &m);

	if (ret)
		return ret;
	if (connect_kernel())
		return EXIT_RUNTIME;
	ret = nl_join(&nl, ICMPGUARD_MCGRP_EVENTS);
	if (ret == -ENOENT) {
		errmsg("monitor: no group \"%s\" (the module is older than icmpctl)",
		       ICMPGUARD_MCGRP_EVENTS);
		return EXIT_RUNTIME;
	}
	if (ret) {
		errmsg("monitor: cannot join group \"%s\": %s",
		       ICMPGUARD_MCGRP_EVENTS, strerror(-ret));
		return EXIT_RUNTIME;
	}
	sigfd = catch_signals();
	if (sigfd < 0) {
		errmsg("monitor: cannot catch signals: %s", strerror(errno));
		return EXIT_RUNTIME;
	}
	ret = icg_monitor_loop(m.count, sigfd);
	close(sigfd);
	return ret;
}
