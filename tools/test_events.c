// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the flood protection: its settings in GET_CONFIG, the
 * per-source table of GET_SOURCES and the events of the "events" group.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <libmnl/libmnl.h>

#include "../module/uapi/icmpguard.h"
#include "cmd.h"
#include "monitor.h"
#include "show.h"
#include "sources.h"
#include "test.h"
#include "util.h"

static void print_config(struct printer *p, void *obj)
{
	icg_config_print(p, obj);
}

/* The new settings as a module starts, forward rejecting. */
static struct nlmsghdr *flood_msg(__u32 global_rate)
{
	struct nlmsghdr *nlh = msg_start(ICMPGUARD_CMD_GET_CONFIG);
	struct nlattr *nest = mnl_attr_nest_start(nlh, ICMPGUARD_A_CONFIG);

	mnl_attr_put_u8(nlh, ICMPGUARD_CFG_A_POLICY, ICMPGUARD_POLICY_ACCEPT);
	mnl_attr_put_u8(nlh, ICMPGUARD_CFG_A_REJECT_CODE, 13);
	mnl_attr_put_u8(nlh, ICMPGUARD_CFG_A_FORWARD_POLICY,
			ICMPGUARD_POLICY_REJECT);
	mnl_attr_put_u32(nlh, ICMPGUARD_CFG_A_FLOOD_RATE, 50000);
	mnl_attr_put_u32(nlh, ICMPGUARD_CFG_A_FLOOD_BURST, 10000);
	mnl_attr_put_u8(nlh, ICMPGUARD_CFG_A_FLOOD_PLEN, 32);
	mnl_attr_put_u32(nlh, ICMPGUARD_CFG_A_GLOBAL_RATE, global_rate);
	mnl_attr_put_u32(nlh, ICMPGUARD_CFG_A_GLOBAL_BURST, 20000);
	mnl_attr_put_u32(nlh, ICMPGUARD_CFG_A_MAX_SOURCES, 65536);
	mnl_attr_nest_end(nlh, nest);
	return nlh;
}

static const char flood_text[] =
	"default-policy input accept\n"
	"default-policy forward reject code admin-prohibited\n"
	"flood-limit 50000 burst 10000 per-source /32\n"
	"flood-limit 200000 burst 20000\n"
	"max-sources 65536\n";

static const char * const flood_json[] = {
	"{\"default_policy\":\"accept\",\"reject_code\":13,",
	"\"forward_policy\":\"reject\",",
	"\"flood_limit_per_source\":{\"rate\":50000,\"burst\":10000,",
	"\"plen\":32},\"flood_limit\":{\"rate\":200000,\"burst\":20000},",
	"\"max_sources\":65536}\n",
	NULL
};

void test_config_flood(void)
{
	struct icg_config cfg;
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	char *out;

	check(!icg_config_parse(flood_msg(200000), &cfg),
	      "config flood: decode");
	check_output(print_config, &cfg, flood_text, flood_json,
		     "config flood");

	check(!icg_config_parse(flood_msg(0), &cfg), "config flood: decode 0");
	out = render_fn(print_config, &cfg, 0);
	check(!!strstr(out, "\nflood-limit unlimited burst 20000\n"),
	      "config flood: global unlimited");
	free(out);

	/* A prefix length of 4 bytes */
	nlh = msg_start(ICMPGUARD_CMD_GET_CONFIG);
	nest = mnl_attr_nest_start(nlh, ICMPGUARD_A_CONFIG);
	mnl_attr_put_u32(nlh, ICMPGUARD_CFG_A_FLOOD_PLEN, 32);
	mnl_attr_nest_end(nlh, nest);
	check(icg_config_parse(nlh, &cfg) == -EBADMSG,
	      "config flood: FLOOD_PLEN u32");

	/* A forward policy alone */
	nlh = msg_start(ICMPGUARD_CMD_GET_CONFIG);
	nest = mnl_attr_nest_start(nlh, ICMPGUARD_A_CONFIG);
	mnl_attr_put_u8(nlh, ICMPGUARD_CFG_A_FORWARD_POLICY,
			ICMPGUARD_POLICY_DROP);
	mnl_attr_nest_end(nlh, nest);
	check(!icg_config_parse(nlh, &cfg), "config flood: forward alone");
	out = render_fn(print_config, &cfg, 0);
	check_str(out, "default-policy forward drop\n",
		  "config flood: forward alone, text");
	free(out);
}

/* A GET_SOURCES message; plen or flooding < 0: not sent. */
static struct nlmsghdr *source_msg(const char *addr, int plen,
				   __u64 limited, int flooding)
{
	struct nlmsghdr *nlh = msg_start(ICMPGUARD_CMD_GET_SOURCES);
	struct nlattr *nest = mnl_attr_nest_start(nlh, ICMPGUARD_A_SOURCE);
	struct in_addr in;

	inet_pton(AF_INET, addr, &in);
	mnl_attr_put(nlh, ICMPGUARD_SRC_A_ADDR, sizeof(in), &in);
	if (plen >= 0)
		mnl_attr_put_u8(nlh, ICMPGUARD_SRC_A_PLEN, (__u8)plen);
	put_u64(nlh, ICMPGUARD_SRC_A_LIMITED, ICMPGUARD_SRC_A_PAD, limited);
	if (flooding >= 0)
		mnl_attr_put_u8(nlh, ICMPGUARD_SRC_A_FLOODING, (__u8)flooding);
	mnl_attr_nest_end(nlh, nest);
	return nlh;
}

struct sources {
	struct icg_source src[16];
	unsigned int n;
};

static void print_sources(struct printer *p, void *obj)
{
	struct sources *s = obj;

	icg_sources_print(p, s->src, s->n);
}

static void print_top(struct printer *p, void *obj)
{
	struct sources *s = obj;

	icg_top_sources_print(p, s->src, s->n);
}

static const char sources_text[] =
	"Sources:\n"
	"  source                           limited  flooding\n"
	"  10.1.2.3/32                         5123  yes\n"
	"  192.0.2.0/24                          17  no\n"
	"  10.0.0.9/32                            0  no\n"
	"  198.51.100.7/32                        0  no\n";

static const char * const sources_json[] = {
	"{\"sources\":[",
	"{\"source\":\"10.1.2.3/32\",\"limited\":5123,\"flooding\":true},",
	"{\"source\":\"192.0.2.0/24\",\"limited\":17,\"flooding\":false},",
	"{\"source\":\"10.0.0.9/32\",\"limited\":0,\"flooding\":false},",
	"{\"source\":\"198.51.100.7/32\",\"limited\":0,\"flooding\":false}]}\n",
	NULL
};

static const char top_text[] =
	"Top limited sources:\n"
	"  source                           limited  flooding\n"
	"  10.1.2.3/32                         5123  yes\n"
	"  192.0.2.0/24                          17  no\n";

static const char * const top_json[] = {
	"{\"top_sources\":[",
	"{\"source\":\"10.1.2.3/32\",\"limited\":5123,\"flooding\":true},",
	"{\"source\":\"192.0.2.0/24\",\"limited\":17,\"flooding\":false}]}\n",
	NULL
};

void test_sources(void)
{
	struct sources s;
	char addr[32], *out;
	unsigned int i;
	int ok;

	ok = !icg_source_parse(source_msg("198.51.100.7", 32, 0, 0),
			       &s.src[0]) &&
	     !icg_source_parse(source_msg("192.0.2.0", 24, 17, 0), &s.src[1]) &&
	     !icg_source_parse(source_msg("10.1.2.3", 32, 5123, 1),
			       &s.src[2]) &&
	     !icg_source_parse(source_msg("10.0.0.9", 32, 0, -1), &s.src[3]);
	check(ok, "sources: decode");
	s.n = 4;
	check_output(print_sources, &s, sources_text, sources_json, "sources");
	check_output(print_top, &s, top_text, top_json, "top sources");

	/* Ten at most, the most limited */
	for (i = 0; i < 12; i++) {
		snprintf(addr, sizeof(addr), "10.0.0.%u", i + 1);
		icg_source_parse(source_msg(addr, 32, 100 + i, 0), &s.src[i]);
	}
	s.n = 12;
	out = render_fn(print_top, &s, 0);
	check(!!strstr(out, "10.0.0.12/32") && !!strstr(out, "10.0.0.3/32") &&
	      !strstr(out, "10.0.0.2/32") && !strstr(out, "10.0.0.1/32"),
	      "top sources: ten");
	free(out);

	check(icg_source_parse(source_msg("10.0.0.1", -1, 1, 0), &s.src[0]) ==
	      -EBADMSG, "sources: no length");
	check(icg_source_parse(source_msg("10.0.0.1", 33, 1, 0), &s.src[0]) ==
	      -EBADMSG, "sources: length 33");
	check(icg_source_parse(msg_start(ICMPGUARD_CMD_GET_SOURCES),
			       &s.src[0]) == -EBADMSG, "sources: empty message");
}

/* An event; type < 0, plen < 0, dropped < 0: not sent. */
static struct nlmsghdr *event_msg(int type, const char *addr, int plen,
				  long long dropped)
{
	struct nlmsghdr *nlh = msg_start(ICMPGUARD_CMD_EVENT);
	struct nlattr *nest = mnl_attr_nest_start(nlh, ICMPGUARD_A_EVENT);
	struct in_addr in;

	if (type >= 0)
		mnl_attr_put_u8(nlh, ICMPGUARD_EVT_A_TYPE, (__u8)type);
	if (addr) {
		inet_pton(AF_INET, addr, &in);
		mnl_attr_put(nlh, ICMPGUARD_EVT_A_ADDR, sizeof(in), &in);
	}
	if (plen >= 0)
		mnl_attr_put_u8(nlh, ICMPGUARD_EVT_A_PLEN, (__u8)plen);
	if (dropped >= 0)
		put_u64(nlh, ICMPGUARD_EVT_A_DROPPED, ICMPGUARD_EVT_A_PAD,
			(__u64)dropped);
	mnl_attr_nest_end(nlh, nest);
	return nlh;
}

struct stamped {
	struct icg_event ev;
	const char *stamp;
};

static void print_event(struct printer *p, void *obj)
{
	struct stamped *s = obj;

	icg_event_print(p, &s->ev, s->stamp);
}

void test_events(void)
{
	static const struct {
		int type;
		const char *addr;
		int plen;
		long long dropped;
		const char *text;
		const char *json[2];
	} cases[] = {
		{ ICMPGUARD_EVENT_FLOOD_START, "10.1.2.3", 32, -1,
		  "flood-start source 10.1.2.3/32\n",
		  { "{\"event\":\"flood-start\",\"source\":\"10.1.2.3/32\"}\n" } },
		{ ICMPGUARD_EVENT_FLOOD_END, "10.1.2.0", 24, 5123,
		  "flood-end source 10.1.2.0/24 dropped 5123\n",
		  { "{\"event\":\"flood-end\",\"source\":\"10.1.2.0/24\",",
		    "\"dropped\":5123}\n" } },
		{ ICMPGUARD_EVENT_FLOOD_START, NULL, -1, -1,
		  "flood-start global\n",
		  { "{\"event\":\"flood-start\",\"source\":null}\n" } },
		{ ICMPGUARD_EVENT_FLOOD_END, NULL, -1, 0,
		  "flood-end global dropped 0\n",
		  { "{\"event\":\"flood-end\",\"source\":null,\"dropped\":0}\n" } },
		{ ICMPGUARD_EVENT_TABLE_FULL, NULL, -1, -1, "table-full\n",
		  { "{\"event\":\"table-full\",\"source\":null}\n" } },
		{ 9, NULL, -1, -1, "event-9 global\n",
		  { "{\"event\":\"event-9\",\"source\":null}\n" } },
	};
	static const char * const stamped_json[] = {
		"{\"time\":\"2025-01-31T12:34:56.789\",\"event\":\"flood-start\",",
		"\"source\":\"10.1.2.3/32\"}\n",
		NULL
	};
	struct stamped s = { .stamp = NULL };
	const char *json[3];
	char name[64];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		snprintf(name, sizeof(name), "event %u", i);
		check(!icg_event_parse(event_msg(cases[i].type, cases[i].addr,
						 cases[i].plen,
						 cases[i].dropped), &s.ev),
		      name);
		json[0] = cases[i].json[0];
		json[1] = cases[i].json[1];
		json[2] = NULL;
		check_output(print_event, &s, cases[i].text, json, name);
	}
	check(!icg_event_parse(event_msg(1, "10.1.2.3", 32, -1), &s.ev),
	      "event stamped: decode");
	s.stamp = "2025-01-31T12:34:56.789";
	check_output(print_event, &s,
		     "[2025-01-31T12:34:56.789] flood-start source 10.1.2.3/32\n",
		     stamped_json, "event stamped");

	check(icg_event_parse(event_msg(-1, NULL, -1, -1), &s.ev) == -EBADMSG,
	      "event: no type");
	check(icg_event_parse(event_msg(1, "10.1.2.3", -1, -1), &s.ev) ==
	      -EBADMSG, "event: address without length");
	check(icg_event_parse(event_msg(1, NULL, 24, -1), &s.ev) == -EBADMSG,
	      "event: length without address");
	check(icg_event_parse(event_msg(1, "10.1.2.3", 33, -1), &s.ev) ==
	      -EBADMSG, "event: length 33");
	check(icg_event_parse(msg_start(ICMPGUARD_CMD_EVENT), &s.ev) ==
	      -EBADMSG, "event: no ICMPGUARD_A_EVENT");
}

/* Sends the message of msgbuf from peer to the socket of cmd.h. */
static void send_msg(int peer, const struct nlmsghdr *nlh)
{
	struct sockaddr_nl sa = {
		.nl_family = AF_NETLINK,
		.nl_pid = nl.portid,
	};

	if (sendto(peer, nlh, nlh->nlmsg_len, 0, (struct sockaddr *)&sa,
		   sizeof(sa)) != (ssize_t)nlh->nlmsg_len)
		perror("monitor test: sendto");
}

/* icg_monitor_loop(count, stopfd), its stdout and stderr into files. */
static int run_loop(unsigned long long count, int stopfd, FILE *out,
		    FILE *err)
{
	int saved_out, saved_err, ret;

	fflush(stdout);
	fflush(stderr);
	saved_out = dup(1);
	saved_err = dup(2);
	dup2(fileno(out), 1);
	dup2(fileno(err), 2);
	ret = icg_monitor_loop(count, stopfd);
	fflush(stdout);
	fflush(stderr);
	dup2(saved_out, 1);
	dup2(saved_err, 2);
	close(saved_out);
	close(saved_err);
	return ret;
}

static char *file_text(FILE *f)
{
	static char buf[1024];
	size_t n;

	rewind(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	return buf;
}

/* The loop of "icmpctl monitor", fed by a fake kernel. */
void test_monitor(void)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	FILE *out = tmpfile(), *err = tmpfile();
	int peer, stop[2] = { -1, -1 }, ret;

	peer = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (!out || !err || peer < 0 || pipe(stop) ||
	    bind(peer, (struct sockaddr *)&sa, sizeof(sa)) ||
	    nl_open_socket(&nl)) {
		printf("SKIP: monitor: no socket for the fake kernel\n");
		goto out;
	}
	nl.family = 0x1d;	/* that of msg_start() */

	/* Another command, a malformed event, then two events */
	send_msg(peer, msg_start(ICMPGUARD_CMD_GET_STATS));
	send_msg(peer, event_msg(-1, NULL, -1, -1));
	send_msg(peer, event_msg(1, "10.1.2.3", 32, -1));
	send_msg(peer, event_msg(2, NULL, -1, 42));
	send_msg(peer, event_msg(3, NULL, -1, -1));
	opts.json = 0;
	ret = run_loop(2, stop[0], out, err);
	check(!ret, "monitor: count 2");
	check_str(file_text(out),
		  "flood-start source 10.1.2.3/32\nflood-end global dropped 42\n",
		  "monitor: two lines");
	check_str(file_text(err),
		  "icmpctl: monitor: malformed event from the kernel\n",
		  "monitor: malformed event said");

	/* The third event, in JSON; then a signal ends the loop. */
	out = freopen(NULL, "w+", out);
	opts.json = 1;
	ret = out ? run_loop(1, stop[0], out, err) : -1;
	check(!ret, "monitor: json, count 1");
	check_str(out ? file_text(out) : "",
		  "{\"event\":\"table-full\",\"source\":null}\n",
		  "monitor: json line");
	opts.json = 0;
	if (write(stop[1], "", 1) != 1)
		perror("monitor test: write");
	ret = out ? run_loop(0, stop[0], out, err) : -1;
	check(!ret, "monitor: stopped");
	nl_close(&nl);
out:
	if (peer >= 0)
		close(peer);
	if (stop[0] >= 0) {
		close(stop[0]);
		close(stop[1]);
	}
	if (out)
		fclose(out);
	if (err)
		fclose(err);
}
