// SPDX-License-Identifier: GPL-2.0
/*
 * blast - send pre-built IPv4 or IPv6 frames into an interface as fast
 * as it takes them, for icmpguard's benchmarks.
 *
 * Usage:
 *   blast -i IFNAME -m DSTMAC -s SRC -d DST [-n NSRC [-r REPEAT -w WINDOW]]
 *         [-p echo|udp] [-t TTL] [-l PAYLOAD] [-T SECONDS | -c COUNT]
 *         [-b BATCH] [-q]
 *   blast -S ITERATIONS
 *
 * One frame is built before the clock starts: Ethernet (source: the
 * interface's address), then, as SRC and DST are IPv4 or IPv6 addresses,
 * IPv4 (DF clear, ID 0) or IPv6 (no extension header), and an ICMP or
 * ICMPv6 echo request (id 0x4242, seq 1) or a UDP datagram (port 9 -> 9;
 * checksum 0 over IPv4, computed over IPv6), with PAYLOAD bytes (default
 * 56 for echo, 18 for UDP: a 98- or 60-byte IPv4 frame, 118 or 80 bytes
 * over IPv6). TTL is the hop limit over IPv6.
 *
 * With -n NSRC the source walks NSRC addresses in a scrambled order (i *
 * 40503 mod NSRC when NSRC is a power of two, so consecutive frames do
 * not come from neighbouring addresses): SRC .. SRC+NSRC-1 over IPv4;
 * over IPv6 the 32-bit word of bits 32-63 of SRC counts up, so each
 * source is a /64 of its own (fd01:: -n 65536: fd01:0:0:0::/64 ..
 * fd01:0:0:ffff::/64). With -r REPEAT -w WINDOW the sources come in
 * windows of WINDOW (sources i .. i+WINDOW-1 of that order), each window
 * REPEAT times over before the next: every source then sends REPEAT
 * datagrams within a short while (WINDOW * REPEAT frames), which a
 * per-source limit of a datagram a second judges the same way however
 * fast the receiver is. Only the source and the checksums that cover it
 * change from frame to frame -- IPv4's header checksum; over IPv6 the
 * ICMPv6 or UDP checksum, whose pseudo-header holds the addresses -- and
 * both are written into the batch's copies of the frame after each send,
 * from a sum computed once (a few stores a frame, and the frames stay in
 * cache however many sources there are).
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
#include <netinet/ip6.h>
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
#define MAX_SOURCES	(4096U * 1024U)
#define MAX_PAYLOAD	1472
#define ETH_LEN		14

struct frame {
	unsigned char b[ETH_LEN + 40 + 8 + MAX_PAYLOAD];
};

/* What a frame is and where its varying parts are. */
struct shape {
	int v6;
	size_t l3len;		/* the IP header's length */
	size_t flen;		/* the whole frame's */
	__u32 sum0;		/* the sum the source's word is added to */
	__u32 base;		/* the varying word of the first source */
	int udp6;		/* a zero checksum is sent as 0xffff */
};

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static void usage(void)
{
	fprintf(stderr,
		"Use: blast -i IFNAME -m DSTMAC -s SRC -d DST [-n NSRC [-r REPEAT -w WINDOW]]\n"
		"             [-p echo|udp] [-t TTL] [-l PAYLOAD] [-T SECONDS | -c COUNT]\n"
		"             [-b BATCH] [-q]\n");
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

/* The source of the Nth frame (see -r and -w). */
static __u32 nth(unsigned long long n, __u32 nsrc, __u32 repeat,
		 __u32 window)
{
	unsigned long long w = n / ((__u64)window * repeat) % (nsrc / window);

	return scramble(w * window + n % window, nsrc);
}

/* Where the source's varying 32-bit word is, in a frame. */
static unsigned char *src_word(unsigned char *f, const struct shape *sh)
{
	return f + ETH_LEN + (sh->v6 ? 8 + 4 : 12);
}

/* Where the checksum that covers the source is. */
static unsigned char *src_check(unsigned char *f, const struct shape *sh)
{
	if (!sh->v6)
		return f + ETH_LEN + 10;	/* IPv4 header checksum */
	return f + ETH_LEN + 40 + (sh->udp6 ? 6 : 2);
}

/* Writes source word W and the checksum that goes with it. */
static void set_source(unsigned char *f, const struct shape *sh, __u32 w)
{
	__u32 nw = htonl(w);
	__u16 check = fold(sh->sum0 + (w >> 16) + (w & 0xffff));

	if (sh->udp6 && !check)
		check = 0xffff;
	memcpy(src_word(f, sh), &nw, 4);
	memcpy(src_check(f, sh), &check, 2);
}

/* The L4 header and payload: ICMP(v6) echo request or UDP. */
static void build_l4(unsigned char *l4, int udp, int v6, unsigned int payload)
{
	unsigned int j;

	for (j = 0; j < payload; j++)
		l4[8 + j] = (unsigned char)j;
	if (!udp) {
		l4[0] = v6 ? 128 : 8;	/* echo request, code 0 */
		l4[4] = 0x42;		/* id */
		l4[5] = 0x42;
		l4[7] = 1;		/* seq */
	} else {
		l4[1] = 9;		/* port 9 -> 9 (discard) */
		l4[3] = 9;
		l4[4] = (8 + payload) >> 8;
		l4[5] = (8 + payload) & 0xff;
	}
}

/*
 * Ethernet, IP and ICMP(v6) or UDP, every checksum right for the first
 * source; SH gets the sum that later sources' checksums start from.
 */
static void build(unsigned char *f, struct shape *sh,
		  const unsigned char *dmac, const unsigned char *smac,
		  int udp, unsigned int ttl, unsigned int payload,
		  const void *saddr, const void *daddr)
{
	unsigned char *l4 = f + ETH_LEN + sh->l3len;
	unsigned int l4len = 8 + payload;
	__u16 check;
	__u32 sum;

	memcpy(f, dmac, 6);
	memcpy(f + 6, smac, 6);
	f[12] = sh->v6 ? 0x86 : 0x08;
	f[13] = sh->v6 ? 0xdd : 0x00;
	build_l4(l4, udp, sh->v6, payload);
	if (!sh->v6) {
		struct iphdr *ip = (struct iphdr *)(f + ETH_LEN);

		ip->version = 4;
		ip->ihl = 5;
		ip->tot_len = htons(20 + l4len);
		ip->ttl = ttl;
		ip->protocol = udp ? IPPROTO_UDP : IPPROTO_ICMP;
		memcpy(&ip->daddr, daddr, 4);
		/* The header's sum without its source. */
		sh->sum0 = partial(ip, 20);
		memcpy(&ip->saddr, saddr, 4);
		ip->check = fold(partial(ip, 20));
		if (!udp) {
			check = fold(partial(l4, l4len));
			memcpy(l4 + 2, &check, 2);
		}
	} else {
		struct ip6_hdr *ip6 = (struct ip6_hdr *)(f + ETH_LEN);
		unsigned char *src = (unsigned char *)&ip6->ip6_src;

		ip6->ip6_flow = htonl(6U << 28);
		ip6->ip6_plen = htons(l4len);
		ip6->ip6_nxt = udp ? IPPROTO_UDP : IPPROTO_ICMPV6;
		ip6->ip6_hlim = ttl;
		memcpy(&ip6->ip6_src, saddr, 16);
		memcpy(&ip6->ip6_dst, daddr, 16);
		/* Pseudo-header (RFC 8200 8.1) and message, checksum 0. */
		sum = partial(&ip6->ip6_src, 32) + l4len + ip6->ip6_nxt +
		      partial(l4, l4len);
		check = fold(sum);
		if (udp && !check)
			check = 0xffff;
		memcpy(l4 + (udp ? 6 : 2), &check, 2);
		/* The same sum without the source's varying word. */
		sh->sum0 = sum - partial(src + 4, 4);
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
	const char *ifname = NULL, *proto = "echo", *s_arg = NULL,
		   *d_arg = NULL;
	unsigned char dmac[6] = { 0 }, smac[6], src[16], dst[16];
	unsigned long long count = 0, sent = 0, errors = 0;
	unsigned int nsrc = 1, ttl = 64, batch = 256, payload = 0, i;
	unsigned int repeat = 1, window = 0;
	int have_dmac = 0, one = 1, qdisc = 0, sndbuf = 1 << 30, fd, c, udp;
	double seconds = 1, t0, t1;
	static struct mmsghdr msgs[MAX_BATCH];
	static struct iovec iovs[MAX_BATCH];
	struct sockaddr_ll sll = { 0 };
	struct shape sh = { 0 };
	struct frame *frames;
	struct ifreq ifr;
	unsigned long long next;

	if (argc == 3 && !strcmp(argv[1], "-S")) {
		printf("%.0f\n", spin(strtoul(argv[2], NULL, 0)));
		return 0;
	}
	while ((c = getopt(argc, argv, "i:m:s:d:n:p:t:l:T:c:b:qr:w:")) != -1) {
		switch (c) {
		case 'i':
			ifname = optarg;
			break;
		case 'm':
			parse_mac(optarg, dmac);
			have_dmac = 1;
			break;
		case 's':
			s_arg = optarg;
			break;
		case 'd':
			d_arg = optarg;
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
		case 'r':
			repeat = strtoul(optarg, NULL, 0);
			break;
		case 'w':
			window = strtoul(optarg, NULL, 0);
			break;
		default:
			usage();
		}
	}
	if (!ifname || !have_dmac || !s_arg || !d_arg ||
	    nsrc < 1 || nsrc > MAX_SOURCES || ttl > 255 ||
	    batch < 1 || batch > MAX_BATCH || payload > MAX_PAYLOAD ||
	    repeat < 1 || (repeat > 1 && (!window || nsrc % window)) ||
	    (strcmp(proto, "echo") && strcmp(proto, "udp")))
		usage();
	sh.v6 = !!strchr(s_arg, ':');
	if (inet_pton(sh.v6 ? AF_INET6 : AF_INET, s_arg, src) != 1 ||
	    inet_pton(sh.v6 ? AF_INET6 : AF_INET, d_arg, dst) != 1)
		usage();
	udp = !strcmp(proto, "udp");
	if (!payload)
		payload = udp ? 18 : 56;
	sh.udp6 = sh.v6 && udp;
	sh.l3len = sh.v6 ? 40 : 20;
	sh.flen = ETH_LEN + sh.l3len + 8 + payload;
	if (sh.flen > sizeof(struct frame))
		usage();

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
	build(frames[0].b, &sh, dmac, smac, udp, ttl, payload, src, dst);
	memcpy(&sh.base, src_word(frames[0].b, &sh), 4);
	sh.base = ntohl(sh.base);
	for (i = 0; i < batch; i++) {
		memcpy(frames[i].b, frames[0].b, sh.flen);
		iovs[i].iov_base = frames[i].b;
		iovs[i].iov_len = sh.flen;
		msgs[i].msg_hdr.msg_iov = &iovs[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
	}
	if (!window)
		window = nsrc;
	for (next = 0; nsrc > 1 && next < batch; next++)
		set_source(frames[next].b, &sh,
			   sh.base + nth(next, nsrc, repeat, window));

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
		for (i = 0; nsrc > 1 && i < (unsigned int)r; i++, next++)
			set_source(frames[i].b, &sh,
				   sh.base + nth(next, nsrc, repeat, window));
		t1 = now();
		if (count ? sent >= count : t1 - t0 >= seconds)
			break;
	}
	printf("{\"sent\": %llu, \"seconds\": %.6f, \"errors\": %llu}\n",
	       sent, t1 - t0, errors);
	return 0;
}
