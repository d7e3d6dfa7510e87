// SPDX-License-Identifier: GPL-2.0
/*
 * blast - send pre-built IPv4 frames into an interface as fast as it
 * takes them, for icmpguard's benchmarks.
 *
 * Usage:
 *   blast -i IFNAME -m DSTMAC -s SRC -d DST [-n NSRC] [-p echo|udp]
 *         [-t TTL] [-l PAYLOAD] [-T SECONDS | -c COUNT] [-b BATCH] [-q]
 *   blast -S ITERATIONS
 *
 * One frame is built before the clock starts: Ethernet (source: the
 * interface's address), IPv4 (DF clear, ID 0) and an ICMP echo request
 * (id 0x4242, seq 1) or a UDP datagram (port 9 -> 9, checksum 0), with
 * PAYLOAD bytes (default 56 for echo, 18 for UDP: a 98- or 60-byte
 * frame). With -n NSRC the source address walks SRC .. SRC+NSRC-1 in a
 * scrambled order (i * 40503 mod NSRC when NSRC is a power of two, so
 * consecutive frames do not come from neighbouring addresses). The ICMP
 * checksum does not cover the IP header, so only the IP source and
 * checksum change from frame to frame: they are written into the batch's
 * copies of the frame after each send (a few stores a frame, and the
 * frames stay in cache however many sources there are).
 *
 * Frames go out with sendmmsg() on an AF_PACKET socket with
 * PACKET_QDISC_BYPASS, BATCH (default 256) per call, for SECONDS
 * (default 1) or until COUNT frames are sent. With -q they go through
 * the interface's qdisc instead (the benchmark queues them in a plug
 * qdisc and releases them at once), and the socket's send buffer is
 * raised to 1 GiB, since every frame queued stays charged to it. On exit
 * it prints one JSON line: {"sent": N, "seconds": S, "errors": E}.
 *
 * blast -S runs a fixed loop of integer work ITERATIONS times and prints
 * the nanoseconds it took: the benchmark's yardstick of how fast the
 * (emulated) CPU it runs on is going at that moment.
 */

#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <linux/types.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_BATCH	1024
#define MAX_SOURCES	(1024U * 1024U)
#define MAX_PAYLOAD	1472

struct frame {
	unsigned char b[14 + 20 + 8 + MAX_PAYLOAD];
};

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static void usage(void)
{
	fprintf(stderr,
		"Use: blast -i IFNAME -m DSTMAC -s SRC -d DST [-n NSRC] [-p echo|udp]\n"
		"             [-t TTL] [-l PAYLOAD] [-T SECONDS | -c COUNT] [-b BATCH] [-q]\n");
	exit(2);
}

/* The ones' complement sum of DATA, not yet folded or inverted. */
static __u32 partial(const void *data, size_t len)
{
	const unsigned char *p = data;
	__u32 sum = 0;

	for (; len > 1; len -= 2, p += 2)
		sum += (__u32)p[0] << 8 | p[1];
	if (len)
		sum += (__u32)p[0] << 8;
	return sum;
}

/* The Internet checksum of a sum, in network byte order. */
static __u16 fold(__u32 sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return htons(~sum & 0xffff);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void parse_mac(const char *s, unsigned char *mac)
{
	if (sscanf(s, "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx", &mac[0], &mac[1],
		   &mac[2], &mac[3], &mac[4], &mac[5]) != 6)
		usage();
}

static __u32 scramble(__u32 i, __u32 n)
{
	if (n & (n - 1))	/* not a power of two: plain order */
		return i;
	return (__u32)((__u64)i * 40503 % n);
}

/* Writes SADDR (host order) and the IP checksum that goes with it. */
static void set_source(unsigned char *frame, __u32 sum0, __u32 saddr)
{
	struct iphdr *ip = (struct iphdr *)(frame + 14);

	ip->saddr = htonl(saddr);
	ip->check = fold(sum0 + (saddr >> 16) + (saddr & 0xffff));
}

/* Ethernet, IPv4 and ICMP echo request or UDP, checksums and all. */
static void build(unsigned char *f, const unsigned char *dmac,
		  const unsigned char *smac, const char *proto,
		  unsigned int ttl, unsigned int payload, in_addr_t saddr,
		  in_addr_t daddr)
{
	struct iphdr *ip = (struct iphdr *)(f + 14);
	unsigned char *l4 = f + 14 + 20;
	__u16 check;
	unsigned int j;

	memcpy(f, dmac, 6);
	memcpy(f + 6, smac, 6);
	f[12] = 0x08;
	f[13] = 0x00;
	ip->version = 4;
	ip->ihl = 5;
	ip->tot_len = htons(20 + 8 + payload);
	ip->ttl = ttl;
	ip->protocol = strcmp(proto, "echo") ? IPPROTO_UDP : IPPROTO_ICMP;
	ip->saddr = saddr;
	ip->daddr = daddr;
	ip->check = fold(partial(ip, 20));
	for (j = 0; j < payload; j++)
		l4[8 + j] = (unsigned char)j;
	if (ip->protocol == IPPROTO_ICMP) {
		l4[0] = 8;		/* echo request, code 0 */
		l4[4] = 0x42;		/* id */
		l4[5] = 0x42;
		l4[7] = 1;		/* seq */
		check = fold(partial(l4, 8 + payload));
		memcpy(l4 + 2, &check, 2);
	} else {
		l4[1] = 9;		/* port 9 -> 9 (discard), no checksum */
		l4[3] = 9;
		l4[4] = (8 + payload) >> 8;
		l4[5] = (8 + payload) & 0xff;
	}
}

/* A fixed amount of integer work; the ns it took. */
static double spin(unsigned long iterations)
{
	__u32 x = 1;
	unsigned long i;
	double t0 = now();

	for (i = 0; i < iterations; i++) {
		x = x * 1103515245 + 12345;
		asm volatile("" : "+r" (x));	/* keep the loop */
	}
	return (now() - t0) * 1e9;
}

int main(int argc, char **argv)
{
	const char *ifname = NULL, *proto = "echo";
	unsigned char dmac[6] = { 0 }, smac[6];
	struct in_addr src = { 0 }, dst = { 0 };
	unsigned long long count = 0, sent = 0, errors = 0;
	unsigned int nsrc = 1, ttl = 64, batch = 256, payload = 0, i;
	int have_dmac = 0, one = 1, qdisc = 0, sndbuf = 1 << 30, fd, c;
	double seconds = 1, t0, t1;
	static struct mmsghdr msgs[MAX_BATCH];
	static struct iovec iovs[MAX_BATCH];
	struct sockaddr_ll sll = { 0 };
	unsigned int next, base;
	struct frame *frames;
	struct iphdr *ip;
	struct ifreq ifr;
	__u32 sum0;
	size_t flen;

	if (argc == 3 && !strcmp(argv[1], "-S")) {
		printf("%.0f\n", spin(strtoul(argv[2], NULL, 0)));
		return 0;
	}
	while ((c = getopt(argc, argv, "i:m:s:d:n:p:t:l:T:c:b:q")) != -1) {
		switch (c) {
		case 'i':
			ifname = optarg;
			break;
		case 'm':
			parse_mac(optarg, dmac);
			have_dmac = 1;
			break;
		case 's':
			if (!inet_aton(optarg, &src))
				usage();
			break;
		case 'd':
			if (!inet_aton(optarg, &dst))
				usage();
			break;
		case 'n':
			nsrc = strtoul(optarg, NULL, 0);
			break;
		case 'p':
			proto = optarg;
			break;
		case 't':
			ttl = strtoul(optarg, NULL, 0);
			break;
		case 'l':
			payload = strtoul(optarg, NULL, 0);
			break;
		case 'T':
			seconds = strtod(optarg, NULL);
			break;
		case 'c':
			count = strtoull(optarg, NULL, 0);
			break;
		case 'b':
			batch = strtoul(optarg, NULL, 0);
			break;
		case 'q':
			qdisc = 1;
			break;
		default:
			usage();
		}
	}
	if (!ifname || !have_dmac || !src.s_addr || !dst.s_addr ||
	    nsrc < 1 || nsrc > MAX_SOURCES || ttl > 255 ||
	    batch < 1 || batch > MAX_BATCH || payload > MAX_PAYLOAD ||
	    (strcmp(proto, "echo") && strcmp(proto, "udp")))
		usage();
	if (!payload)
		payload = strcmp(proto, "echo") ? 18 : 56;

	fd = socket(AF_PACKET, SOCK_RAW, 0);
	if (fd < 0)
		die("socket");
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	if (ioctl(fd, SIOCGIFHWADDR, &ifr))
		die(ifname);
	memcpy(smac, ifr.ifr_hwaddr.sa_data, 6);
	sll.sll_family = AF_PACKET;
	sll.sll_ifindex = if_nametoindex(ifname);
	sll.sll_protocol = 0;	/* send only: no receive queue */
	if (!sll.sll_ifindex)
		die(ifname);
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)))
		die("bind");
	if (qdisc) {
		if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &sndbuf,
			       sizeof(sndbuf)))
			die("SO_SNDBUFFORCE");
	} else if (setsockopt(fd, SOL_PACKET, PACKET_QDISC_BYPASS, &one,
			      sizeof(one))) {
		die("PACKET_QDISC_BYPASS");
	}

	frames = calloc(batch, sizeof(*frames));
	if (!frames)
		die("calloc");
	flen = 14 + 20 + 8 + payload;
	build(frames[0].b, dmac, smac, proto, ttl, payload, src.s_addr,
	      dst.s_addr);
	ip = (struct iphdr *)(frames[0].b + 14);
	base = ntohl(src.s_addr);
	ip->saddr = 0;
	ip->check = 0;
	sum0 = partial(ip, 20);	/* the header's sum without source */
	for (i = 0; i < batch; i++) {
		memcpy(frames[i].b, frames[0].b, flen);
		iovs[i].iov_base = frames[i].b;
		iovs[i].iov_len = flen;
		msgs[i].msg_hdr.msg_iov = &iovs[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
	}
	for (i = 0; i < batch; i++)
		set_source(frames[i].b, sum0, base + scramble(i % nsrc, nsrc));
	next = batch % nsrc;

	t0 = now();
	t1 = t0;
	for (;;) {
		unsigned int n = batch;
		int r;

		if (count && count - sent < n)
			n = count - sent;
		r = sendmmsg(fd, msgs, n, 0);
		if (r < 0) {
			if (errno != ENOBUFS && errno != EAGAIN &&
			    errno != EINTR)
				die("sendmmsg");
			errors++;
			r = 0;
		}
		sent += r;
		/* New sources for the frames sent; unsent ones go next time. */
		for (i = 0; nsrc > 1 && i < (unsigned int)r; i++) {
			set_source(frames[i].b, sum0, base + scramble(next, nsrc));
			if (++next == nsrc)
				next = 0;
		}
		t1 = now();
		if (count ? sent >= count : t1 - t0 >= seconds)
			break;
	}
	printf("{\"sent\": %llu, \"seconds\": %.6f, \"errors\": %llu}\n",
	       sent, t1 - t0, errors);
	return 0;
}
