// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the exchange with the kernel. The receive loop is fed by
 * a second netlink socket that sends it ACKs, extended ACKs and dumps,
 * interrupted or not. Whole commands run against a fake kernel: the test
 * program is linked with --wrap=mnl_socket_sendto, and while the fake is
 * on, a request is answered from that socket: the family, then an ACK or
 * the error it is told to give, pointing at an attribute. It models
 * nothing of the module: it only says what a test tells it to say.
 */
#include <stdlib.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>

#include "test.h"

#define FAKE_FAMILY	0x1d

static struct {
	int on;
	int peer;
	unsigned int requests;		/* to the family, not the controller */
	__u8 cmd;			/* of the last */
	int error;			/* the next reply's, and its message */
	const char *msg;
	int attr;			/* the offset of this top attribute */
} fake;

static __u64 out[4096];

static struct nlmsghdr *reply(const struct nlmsghdr *req, __u16 type,
			      __u16 flags, __u32 portid)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(out);

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	nlh->nlmsg_seq = req->nlmsg_seq;
	nlh->nlmsg_pid = portid;
	return nlh;
}

static void send_to(const struct nlmsghdr *nlh, __u32 portid)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK, .nl_pid = portid };

	if (sendto(fake.peer, nlh, nlh->nlmsg_len, 0, (struct sockaddr *)&sa,
		   sizeof(sa)) < 0)
		abort();
}

/* The offset of top-level attribute i of req, or 0. */
static __u32 attr_offset(const struct nlmsghdr *req, int i)
{
	const struct nlattr *a;

	mnl_attr_for_each(a, req, sizeof(struct genlmsghdr))
		if (!i--)
			return (__u32)((const char *)a - (const char *)req);
	return 0;
}

ssize_t __wrap_mnl_socket_sendto(const struct mnl_socket *nls,
				 const void *buf, size_t len)
{
	const struct nlmsghdr *req = buf;
	__u32 portid = mnl_socket_get_portid(nls);
	struct nlmsghdr *nlh;
	struct nlmsgerr *err;
	struct genlmsghdr *genl;
	struct nlattr *groups, *g;

	if (!fake.on)
		return __real_mnl_socket_sendto(nls, buf, len);
	if (req->nlmsg_type == GENL_ID_CTRL) {
		nlh = reply(req, GENL_ID_CTRL, 0, portid);
		genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
		genl->cmd = CTRL_CMD_NEWFAMILY;
		mnl_attr_put_u16(nlh, CTRL_ATTR_FAMILY_ID, FAKE_FAMILY);
		groups = mnl_attr_nest_start(nlh, CTRL_ATTR_MCAST_GROUPS);
		g = mnl_attr_nest_start(nlh, 1);
		mnl_attr_put_strz(nlh, CTRL_ATTR_MCAST_GRP_NAME, "events");
		mnl_attr_put_u32(nlh, CTRL_ATTR_MCAST_GRP_ID, 12);
		mnl_attr_nest_end(nlh, g);
		mnl_attr_nest_end(nlh, groups);
		send_to(nlh, portid);
	} else {
		fake.requests++;
		fake.cmd = ((struct genlmsghdr *)mnl_nlmsg_get_payload(req))->cmd;
	}
	nlh = reply(req, NLMSG_ERROR, NLM_F_CAPPED |
		    (fake.error ? NLM_F_ACK_TLVS : 0), portid);
	err = mnl_nlmsg_put_extra_header(nlh, sizeof(*err));
	err->msg = *req;
	if (req->nlmsg_type != GENL_ID_CTRL && fake.error) {
		err->error = -fake.error;
		mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, fake.msg);
		if (fake.attr >= 0)
			mnl_attr_put_u32(nlh, NLMSGERR_ATTR_OFFS,
					 attr_offset(req, fake.attr));
	}
	send_to(nlh, portid);
	return (ssize_t)len;
}

static int fake_on(int error, const char *msg, int attr)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };

	memset(&fake, 0, sizeof(fake));
	fake.peer = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC,
			   NETLINK_GENERIC);
	if (fake.peer < 0 || bind(fake.peer, (struct sockaddr *)&sa,
				  sizeof(sa)))
		return -1;
	fake.on = 1;
	fake.error = error;
	fake.msg = msg;
	fake.attr = attr;
	return 0;
}

static void fake_off(void)
{
	if (nl.sk)
		nl_close(&nl);
	memset(&nl, 0, sizeof(nl));
	close(fake.peer);
	fake.on = 0;
}

static const char *path;

static int run_batch(void *arg)
{
	(void)arg;
	return do_batch(path);
}

static int run_owned_add(void *arg)
{
	char *words[2] = { arg, NULL };

	return run_change(owned_add_put, "owned add", 1, words);
}

static int run_rule_replace(void *arg)
{
	char *words[3] = { "-f", arg, NULL };

	return run_change(rule_replace_put, "rule replace", 2, words);
}

static void write_file(const char *name, const char *text)
{
	FILE *f = fopen(name, "w");

	if (!f || fputs(text, f) < 0 || fclose(f))
		abort();
}

/* Whole commands: one request each, errors naming the line at fault. */
static void test_commands(void)
{
	char name[] = "/tmp/icmpctl-test-XXXXXX", want[256], *err;
	int fd = mkstemp(name), ret;

	if (fd < 0 || fake_on(0, NULL, -1)) {
		printf("SKIP: commands: no socket for the fake kernel\n");
		return;
	}
	close(fd);
	path = name;
	write_file(name, "# nothing but comments\n\n");
	err = capture_stderr(run_batch, NULL, &ret);
	check(!ret && !*err && !fake.requests && !nl.sk,
	      "-f: nothing to do, the kernel not asked");
	free(err);

	write_file(name, "config reset\nowned flush\n\nowned add 192.0.2.0/24\n"
		   "owned add 192.0.2.0/24\nrule add input drop\n");
	err = capture_stderr(run_batch, NULL, &ret);
	check(!ret && !*err && fake.requests == 1 &&
	      fake.cmd == ICMPGUARD_CMD_BATCH, "-f: one BATCH request");
	free(err);
	fake_off();

	fake_on(EEXIST, "prefix is already owned", 3);
	err = capture_stderr(run_batch, NULL, &ret);
	snprintf(want, sizeof(want),
		 "icmpctl: %s:5: File exists: prefix is already owned (attribute ICMPGUARD_A_PREFIX)\n",
		 name);
	check(ret == EXIT_RUNTIME && fake.requests == 1, "-f: refused");
	check_str(err, want, "-f: the line the module points at");
	free(err);
	fake_off();

	fake_on(EEXIST, "prefix is already owned", 0);
	err = capture_stderr(run_owned_add, "2001:db8::/32", &ret);
	check(ret == EXIT_RUNTIME, "owned add: refused");
	check_str(err, cat("icmpctl: owned add 2001:db8::/32: File exists: ",
			   "prefix is already owned (attribute ICMPGUARD_A_PREFIX)\n", NULL),
		  "owned add: the command and the module's words");
	free(err);
	fake_off();

	fake_on(ERANGE, "integer out of range", 2);
	write_file(name, "input drop\nrule add input type echo-request limit 5\n"
		   "forward drop\n");
	err = capture_stderr(run_rule_replace, name, &ret);
	snprintf(want, sizeof(want),
		 "icmpctl: %s:2: Numerical result out of range: integer out of range (attribute ICMPGUARD_A_RULE)\n",
		 name);
	check(ret == EXIT_RUNTIME && fake.requests == 1,
	      "rule replace: one request");
	check_str(err, want, "rule replace: the line of the rule refused");
	free(err);
	fake_off();
	unlink(name);
}

/* The socket of a fake kernel, sending to a socket of this process. */
struct peer {
	struct nl nl;
	int fd;
	unsigned int seq;
	__u64 buf[2048];
	size_t len;
};

static int peer_open(struct peer *p)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct timeval tv = { .tv_sec = 2 };

	memset(p, 0, sizeof(*p));
	if (nl_open_socket(&p->nl))
		return -1;
	setsockopt(mnl_socket_get_fd(p->nl.sk), SOL_SOCKET, SO_RCVTIMEO, &tv,
		   sizeof(tv));
	p->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (p->fd < 0 || bind(p->fd, (struct sockaddr *)&sa, sizeof(sa))) {
		nl_close(&p->nl);
		return -1;
	}
	p->seq = 1000;
	return 0;
}

static struct nlmsghdr *peer_msg(struct peer *p, __u16 type, __u16 flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header((char *)p->buf + p->len);

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	nlh->nlmsg_seq = p->seq;
	nlh->nlmsg_pid = p->nl.portid;
	return nlh;
}

static void peer_end(struct peer *p, struct nlmsghdr *nlh)
{
	p->len += MNL_ALIGN(nlh->nlmsg_len);
}

static void peer_prefix(struct peer *p, __u16 flags)
{
	struct nlmsghdr *nlh = peer_msg(p, FAKE_FAMILY, NLM_F_MULTI | flags);
	struct genlmsghdr *genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	struct prefix pfx;

	genl->cmd = ICMPGUARD_CMD_GET_OWNED;
	prefix_parse("2001:db8::/32", 0, &pfx);
	prefix_put(nlh, ICMPGUARD_A_PREFIX, &pfx);
	peer_end(p, nlh);
}

/* An ACK (error 0) or error; capped, or echoing an 8-byte request. */
static void peer_ack(struct peer *p, int error, const char *msg, int capped)
{
	struct nlmsghdr *nlh = peer_msg(p, NLMSG_ERROR,
					(capped ? NLM_F_CAPPED : 0) |
					(msg ? NLM_F_ACK_TLVS : 0));
	struct nlmsgerr *err = mnl_nlmsg_put_extra_header(nlh, sizeof(*err));

	err->error = error;
	err->msg.nlmsg_len = capped ? sizeof(err->msg) : sizeof(err->msg) + 8;
	if (!capped)
		memset(mnl_nlmsg_put_extra_header(nlh, 8), 0xaa, 8);
	if (msg)
		mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, msg);
	peer_end(p, nlh);
}

static void peer_done(struct peer *p, int error, const char *msg,
		      __u16 flags)
{
	struct nlmsghdr *nlh = peer_msg(p, NLMSG_DONE, NLM_F_MULTI | flags |
					(msg ? NLM_F_ACK_TLVS : 0));
	int *e = mnl_nlmsg_put_extra_header(nlh, sizeof(*e));

	*e = error;
	if (msg)
		mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, msg);
	peer_end(p, nlh);
}

static void peer_flush(struct peer *p)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK,
				  .nl_pid = p->nl.portid };

	if (sendto(p->fd, p->buf, p->len, 0, (struct sockaddr *)&sa,
		   sizeof(sa)) != (ssize_t)p->len)
		perror("fake kernel: sendto");
	p->len = 0;
}

static int count_cb(const struct nlmsghdr *nlh, void *data)
{
	struct prefix pfx;
	const struct nlattr *tb[ATTR_TB_MAX];
	unsigned int *n = data;

	if (attr_parse_msg(nlh, AS_TOP, tb) || !tb[ICMPGUARD_A_PREFIX] ||
	    prefix_get_nest(tb[ICMPGUARD_A_PREFIX], &pfx)) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	(*n)++;
	return MNL_CB_OK;
}

static void test_recv(void)
{
	struct peer *p = malloc(sizeof(*p));
	unsigned int n;

	if (!p || peer_open(p)) {
		printf("SKIP: netlink: no socket for the fake kernel\n");
		free(p);
		return;
	}
	peer_ack(p, -ERANGE, "reply burst must be at least 1", 1);
	peer_flush(p);
	check(nl_recv(&p->nl, p->seq, NULL, NULL) == -ERANGE &&
	      !strcmp(p->nl.ext_msg, "reply burst must be at least 1"),
	      "netlink: error, extended ACK, capped");
	p->seq++;
	peer_ack(p, -EINVAL, "unknown attribute 9", 0);
	peer_flush(p);
	check(nl_recv(&p->nl, p->seq, NULL, NULL) == -EINVAL &&
	      !strcmp(p->nl.ext_msg, "unknown attribute 9"),
	      "netlink: extended ACK after the echoed request");
	p->seq++;
	peer_ack(p, 0, "rate rounded", 1);
	peer_flush(p);
	check(!nl_recv(&p->nl, p->seq, NULL, NULL) &&
	      !strcmp(p->nl.ext_msg, "rate rounded"), "netlink: a warning");

	/* A dump over three datagrams */
	p->seq++;
	n = 0;
	peer_prefix(p, 0);
	peer_prefix(p, 0);
	peer_flush(p);
	peer_prefix(p, 0);
	peer_flush(p);
	peer_done(p, 0, NULL, 0);
	peer_flush(p);
	check(!nl_recv(&p->nl, p->seq, count_cb, &n) && n == 3,
	      "netlink: a dump");

	/* Interrupted: read to its end, nothing left behind */
	p->seq++;
	peer_prefix(p, 0);
	peer_flush(p);
	peer_prefix(p, NLM_F_DUMP_INTR);
	peer_flush(p);
	peer_done(p, 0, NULL, 0);
	peer_flush(p);
	check(nl_recv(&p->nl, p->seq, count_cb, &n) == -EINTR,
	      "netlink: a dump interrupted");
	p->seq++;
	n = 0;
	peer_prefix(p, 0);
	peer_done(p, 0, NULL, 0);
	peer_flush(p);
	check(!nl_recv(&p->nl, p->seq, count_cb, &n) && n == 1,
	      "netlink: the dump again");
	p->seq++;
	peer_prefix(p, 0);
	peer_done(p, -EBUSY, "try again", 0);
	peer_flush(p);
	check(nl_recv(&p->nl, p->seq, count_cb, &n) == -EBUSY &&
	      !strcmp(p->nl.ext_msg, "try again"), "netlink: error in DONE");
	p->seq++;
	peer_end(p, peer_msg(p, FAKE_FAMILY, 0));	/* no genl header */
	peer_ack(p, 0, NULL, 1);
	peer_flush(p);
	check(nl_recv(&p->nl, p->seq, count_cb, &n) == -EBADMSG,
	      "netlink: a reply the callback refuses");
	p->seq++;
	peer_ack(p, 0, NULL, 1);
	peer_flush(p);
	check(nl_recv(&p->nl, p->seq + 1, NULL, NULL) == -EPROTO,
	      "netlink: the reply of another request");
	nl_close(&p->nl);
	close(p->fd);
	free(p);
}

/* The real kernel's controller, its family resolved as icmpguard's is */
static void test_controller(void)
{
	struct nl c;
	const char *stage;

	if (nl_open(&c, "nlctrl", &stage)) {
		printf("SKIP: netlink: no generic netlink\n");
		return;
	}
	check(c.family == GENL_ID_CTRL && !nl_join(&c, "notify") &&
	      nl_join(&c, "events") == -ENOENT, "netlink: a family, a group");
	check(!nl_prepare_send(&c, 4 << 20), "netlink: a 4 MiB request");
	nl_close(&c);
}

void test_netlink(void)
{
	test_recv();
	test_controller();
	test_commands();
}
