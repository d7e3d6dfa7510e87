/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * icmpguard: an ICMP responder, policer and filter at the netfilter hook.
 *
 * This header is the specification of the generic netlink family shared by
 * the kernel module and icmpctl(8).
 *
 * Family "icmpguard", version 1. The family is netns aware: every command
 * acts on the network namespace of the socket that sends it. Requests are
 * parsed strictly: an unknown attribute, a wrong length, a value out of
 * range or an unknown flag bit is refused with an extended ACK that names
 * the attribute. Reads are open to any user (as /proc/net/snmp is); every
 * command that changes state needs CAP_NET_ADMIN in the user namespace that
 * owns the network namespace (GENL_UNS_ADMIN_PERM).
 *
 * ICMPGUARD_CMD_GET_STATS (do)
 *   Request: no attributes. Reply: the namespace's counters, summed over
 *   every CPU:
 *     ICMPGUARD_A_COUNTERS  nest; one NLA_U64 per enum icmpguard_counter,
 *                           attribute type = counter index.
 *     ICMPGUARD_A_DROPS     nest; one NLA_U64 per enum icmpguard_drop,
 *                           attribute type = drop reason.
 *     ICMPGUARD_A_RX_TYPES  nest of ICMPGUARD_A_TYPE_ENTRY, one per ICMP
 *                           type seen at least once on input.
 *     ICMPGUARD_A_TX_TYPES  nest of ICMPGUARD_A_TYPE_ENTRY, one per ICMP
 *                           type the module has sent at least once.
 *     ICMPGUARD_A_ERRORS    nest of ICMPGUARD_A_ERROR_ENTRY, one per
 *                           (type, code) of error the module generates:
 *                           ICMPGUARD_ERR_A_TYPE (u8), ICMPGUARD_ERR_A_CODE
 *                           (u8), ICMPGUARD_ERR_A_SENT (u64) and
 *                           ICMPGUARD_ERR_A_LIMITED (u64, suppressed by
 *                           any bucket).
 *   A type entry is a nest of ICMPGUARD_TYPE_A_TYPE (u8),
 *   ICMPGUARD_TYPE_A_PACKETS (u64) and ICMPGUARD_TYPE_A_BYTES (u64); bytes
 *   count the IP datagram, header included.
 *
 * ICMPGUARD_CMD_RESET_STATS (do, admin)
 *   Request: no attributes. Sets every counter of GET_STATS to zero (the
 *   gauges excepted). Rule counters and the per-source table's counts
 *   are not reset: they start at zero with their rule or source.
 *
 * ICMPGUARD_CMD_GET_CONFIG (do)
 *   Reply: ICMPGUARD_A_CONFIG, a nest of every ICMPGUARD_CFG_A_* attribute.
 *
 * ICMPGUARD_CMD_SET_CONFIG (do, admin)
 *   Request: ICMPGUARD_A_CONFIG holding the attributes to change; the rest
 *   keep their value. The change is applied whole or not at all.
 *     ICMPGUARD_CFG_A_FLAGS       u32, enum icmpguard_cfg_flags; only the
 *                                 bits set in FLAGS_MASK are changed.
 *     ICMPGUARD_CFG_A_FLAGS_MASK  u32, required with FLAGS.
 *     ICMPGUARD_CFG_A_REPLY_RATE  u32, replies per second allowed for the
 *                                 whole namespace; 0 means no limit. Every
 *                                 rate here is at most 10^9 per second.
 *     ICMPGUARD_CFG_A_REPLY_BURST u32, bucket depth in replies (>= 1).
 *     ICMPGUARD_CFG_A_DEST_RATE   u32, replies per second to one
 *                                 destination; 0 means no limit.
 *     ICMPGUARD_CFG_A_DEST_BURST  u32, bucket depth for one destination.
 *     ICMPGUARD_CFG_A_POLICY      u8, enum icmpguard_policy: the input
 *                                 default policy, for ICMP to this host or
 *                                 an owned address that no rule matched
 *                                 (accept: it goes on, and the responder
 *                                 answers requests).
 *     ICMPGUARD_CFG_A_FORWARD_POLICY u8, the same for forwarded ICMP.
 *                                 Both default to accept.
 *     ICMPGUARD_CFG_A_REJECT_CODE u8, the Destination Unreachable code a
 *                                 reject sends: 0-15 except 4, which needs
 *                                 an MTU. Default 13 (administratively
 *                                 prohibited).
 *     ICMPGUARD_CFG_A_ERROR_SOURCE be32, source address of every error the
 *                                 module sends; 0.0.0.0 (the default) means
 *                                 the address of the interface the
 *                                 offending packet came in on. 0/8 (but
 *                                 0.0.0.0), 127/8, multicast, 240/4 and
 *                                 the broadcast address are refused.
 *     ICMPGUARD_CFG_A_FLOOD_RATE, ICMPGUARD_CFG_A_FLOOD_BURST u32: inbound
 *                                 ICMP per second (0 = no limit, at most
 *                                 10^9; default 50000) and burst (>= 1;
 *                                 default 10000) allowed from one source;
 *                                 sources are aggregated to
 *                                 ICMPGUARD_CFG_A_FLOOD_PLEN (u8, 1..32,
 *                                 default 32).
 *     ICMPGUARD_CFG_A_GLOBAL_RATE, ICMPGUARD_CFG_A_GLOBAL_BURST u32: the
 *                                 same for all inbound ICMP together
 *                                 (defaults 200000, 20000).
 *     ICMPGUARD_CFG_A_MAX_SOURCES u32 (16..2^20): the per-source table's
 *                                 cap, sized from RAM by default (65536
 *                                 with more than 1 GiB; above the default
 *                                 needs CAP_NET_ADMIN in the initial user
 *                                 namespace: EPERM); sources past it
 *                                 share one overflow bucket. Inbound flood
 *                                 limits apply to every ICMP datagram that
 *                                 passed validation, to this host or
 *                                 through it, before rules and the
 *                                 responder.
 *     ICMPGUARD_CFG_A_ERROR_RATES nest of ICMPGUARD_A_ERROR_RATE entries,
 *                                 applied in order, each with
 *                                 ICMPGUARD_ERATE_A_TYPE (u8: 3, 11 or 12),
 *                                 optional ICMPGUARD_ERATE_A_CODE (u8;
 *                                 absent: every code of the type),
 *                                 ICMPGUARD_ERATE_A_RATE (u32 per second, 0
 *                                 = no limit; required) and optional
 *                                 ICMPGUARD_ERATE_A_BURST (u32 >= 1; absent:
 *                                 the burst stays). A GET_CONFIG reply lists
 *                                 all 21 (type, code) pairs the module
 *                                 generates (3/0-15, 11/0-1, 12/0-2), each
 *                                 with its code.
 *
 * Errors. Every ICMP error the module sends (reject, owned addresses,
 * router mode) passes one eligibility check (no error about an ICMP
 * error, a broadcast or multicast, a non-first fragment or an invalid
 * source; RFC 1122 3.2.2, RFC 1812 4.3.2.7), then a bucket for its type
 * and code, then the per-destination and namespace reply buckets. It
 * quotes as much of the offending datagram as fits in 576 bytes. With
 * ICMPGUARD_F_ERROR_EXTENSIONS it carries an RFC 4884 length and an
 * RFC 5837 Interface Information Object for the incoming interface
 * (ifIndex, name, MTU). Fragmentation Needed (3/4) has no limit by
 * default and then bypasses the shared buckets too, so path MTU
 * discovery is never starved by other errors.
 *
 * Rules. An ordered rule set per namespace, for each direction: input
 * (to this host or an owned address) and forward (through it). A datagram
 * is matched against its direction's rules in order; the first that
 * matches decides, else the direction's default policy. Evaluation is
 * indexed by direction, ICMP type and source prefix, so the number of
 * rules a datagram is compared with does not grow with the set. Every
 * change builds a new set aside and publishes it with RCU: a datagram
 * sees the old set or the new one, never a mix. A rule is a nest
 * ICMPGUARD_A_RULE of:
 *   ICMPGUARD_RULE_A_HANDLE   u32, given by the module, stable (replies).
 *   ICMPGUARD_RULE_A_DIR      u8, enum icmpguard_dir (required).
 *   ICMPGUARD_RULE_A_TYPES    32-byte bitmap, bit n = ICMP type n (bit 0 of
 *                             byte 0 is type 0); absent: any type; an
 *                             empty bitmap is refused.
 *   ICMPGUARD_RULE_A_CODES    32-byte bitmap of codes; absent: any code;
 *                             an empty bitmap is refused.
 *   ICMPGUARD_RULE_A_SRC, ICMPGUARD_RULE_A_DST  nests of ICMPGUARD_PFX_A_*
 *                             (host bits zero); absent: any address.
 *   ICMPGUARD_RULE_A_IIF, ICMPGUARD_RULE_A_OIF  interface names
 *                             (NUL-terminated, < 16 bytes); OIF only in
 *                             forward rules.
 *   ICMPGUARD_RULE_A_LEN_MIN, ICMPGUARD_RULE_A_LEN_MAX  u16, IP datagram
 *                             length range, inclusive (absent: 0, 65535);
 *                             MIN above MAX is refused.
 *   ICMPGUARD_RULE_A_ACTION   u8, enum icmpguard_action (required):
 *     ACCEPT  stop here; the datagram goes on (requests are answered);
 *     DROP    drop it;
 *     REJECT  drop it and send Destination Unreachable with
 *             ICMPGUARD_RULE_A_REJECT_CODE (u8, default 13, not 4);
 *     LIMIT   a token bucket of ICMPGUARD_RULE_A_LIMIT_RATE (u32 per
 *             second, 1..10^9) and ICMPGUARD_RULE_A_LIMIT_BURST (u32 >= 1,
 *             absent: the rate):
 *             within it, as ACCEPT; over it, DROP, or REJECT with
 *             ICMPGUARD_LIMIT_F_REJECT in ICMPGUARD_RULE_A_LIMIT_FLAGS.
 *             With ICMPGUARD_LIMIT_F_PER_SOURCE each source, aggregated to
 *             ICMPGUARD_RULE_A_LIMIT_PLEN (u8, 1..32, default 32), has its
 *             own bucket;
 *     REPLY   answer an echo, timestamp or extended echo request here, from
 *             its destination address, even if it is not local and even
 *             with the responder off, within the reply budgets (other
 *             types, a type whose responder switch is off, or a
 *             broadcast or multicast destination: as ACCEPT).
 *   ICMPGUARD_RULE_A_PACKETS, _BYTES, _LIMITED  u64 counters (replies).
 * A set holds at most ICMPGUARD_RULES_MAX rules.
 *
 * ICMPGUARD_CMD_ADD_RULE (do, admin)
 *   ICMPGUARD_A_RULE; optional ICMPGUARD_A_RULE_INDEX (u32): the position
 *   the rule takes in its direction's list (0 = first); absent or past
 *   the end: last. The reply carries the new rule with its handle.
 * ICMPGUARD_CMD_DEL_RULE (do, admin)
 *   ICMPGUARD_A_RULE_HANDLE (u32). ENOENT when no rule has it.
 * ICMPGUARD_CMD_GET_RULES (dump)
 *   One message per rule, input rules first, each in order, with its
 *   counters. NLM_F_DUMP_INTR when the set changed while the dump ran.
 * ICMPGUARD_CMD_FLUSH_RULES (do, admin)
 *   Removes every rule; optional ICMPGUARD_A_DIR (u8) flushes one
 *   direction only.
 * ICMPGUARD_CMD_REPLACE_RULES (do, admin)
 *   The whole new rule set as top-level ICMPGUARD_A_RULE attributes, in
 *   order (none: an empty set), not a nest, whose 16-bit length could not
 *   hold 10 000 rules; the sender raises its socket's send buffer for a
 *   large set. Published at once or, if any rule is refused, not at all
 *   (the extended ACK points at the rule).
 *
 * ICMPGUARD_CMD_GET_SOURCES (dump)
 *   The per-source flood table: one message per tracked source, each an
 *   ICMPGUARD_A_SOURCE nest of ICMPGUARD_SRC_A_ADDR (be32),
 *   ICMPGUARD_SRC_A_PLEN (u8), ICMPGUARD_SRC_A_LIMITED (u64, datagrams
 *   dropped since it was tracked) and ICMPGUARD_SRC_A_FLOODING (u8, 1
 *   while a flood from it is on). The table is live: the dump never sets
 *   NLM_F_DUMP_INTR, and a source may appear twice or not at all if the
 *   collector ran in between.
 *
 * Events: multicast group ICMPGUARD_MCGRP_EVENTS, command
 * ICMPGUARD_CMD_EVENT, attribute ICMPGUARD_A_EVENT, a nest of
 * ICMPGUARD_EVT_A_TYPE (u8, enum icmpguard_event), for a source
 * ICMPGUARD_EVT_A_ADDR (be32) and ICMPGUARD_EVT_A_PLEN (u8) (absent: the
 * global bucket; TABLE_FULL never has them), and ICMPGUARD_EVT_A_DROPPED
 * (u64: dropped during the flood, on FLOOD_END only). A flood starts
 * when a bucket first refuses and ends when it has refused nothing for
 * two seconds. Events are limited
 * to 20 per second (burst 50) per namespace; what is suppressed is
 * counted in EVENTS_SUPPRESSED. Subscribing is open to any user.
 *
 * ICMPGUARD_CMD_ADD_OWNED / ICMPGUARD_CMD_DEL_OWNED (do, admin)
 *   Request: ICMPGUARD_A_PREFIX, a nest of ICMPGUARD_PFX_A_ADDR (IPv4
 *   address, network byte order) and ICMPGUARD_PFX_A_PLEN (u8, 0..32).
 *   Host bits below the prefix length must be zero. The module answers
 *   echo for every address an owned prefix covers even when no interface
 *   has it. Adding an existing prefix fails with EEXIST, deleting a missing
 *   one with ENOENT, adding past ICMPGUARD_OWNED_MAX with ENOSPC.
 *
 * ICMPGUARD_CMD_GET_OWNED (dump)
 *   One message per owned prefix, each holding ICMPGUARD_A_PREFIX. The
 *   dump sets NLM_F_DUMP_INTR when the set changed while it ran.
 *
 * ICMPGUARD_CMD_FLUSH_OWNED (do, admin)
 *   Removes every owned prefix.
 */
#ifndef _UAPI_ICMPGUARD_H
#define _UAPI_ICMPGUARD_H

#define ICMPGUARD_GENL_NAME	"icmpguard"
#define ICMPGUARD_GENL_VERSION	1

/* Upper bound on owned prefixes per namespace. */
#define ICMPGUARD_OWNED_MAX	65536
/* Upper bound on rules per namespace (both directions). */
#define ICMPGUARD_RULES_MAX	65536
/* The multicast group of events. */
#define ICMPGUARD_MCGRP_EVENTS	"events"

enum icmpguard_cmd {
	ICMPGUARD_CMD_UNSPEC,
	ICMPGUARD_CMD_GET_STATS,
	ICMPGUARD_CMD_RESET_STATS,
	ICMPGUARD_CMD_GET_CONFIG,
	ICMPGUARD_CMD_SET_CONFIG,
	ICMPGUARD_CMD_ADD_OWNED,
	ICMPGUARD_CMD_DEL_OWNED,
	ICMPGUARD_CMD_GET_OWNED,
	ICMPGUARD_CMD_FLUSH_OWNED,
	ICMPGUARD_CMD_ADD_RULE,
	ICMPGUARD_CMD_DEL_RULE,
	ICMPGUARD_CMD_GET_RULES,
	ICMPGUARD_CMD_FLUSH_RULES,
	ICMPGUARD_CMD_REPLACE_RULES,
	ICMPGUARD_CMD_GET_SOURCES,
	ICMPGUARD_CMD_EVENT,
	__ICMPGUARD_CMD_MAX
};

#define ICMPGUARD_CMD_MAX (__ICMPGUARD_CMD_MAX - 1)

enum icmpguard_attr {
	ICMPGUARD_A_UNSPEC,
	ICMPGUARD_A_PAD,
	ICMPGUARD_A_COUNTERS,
	ICMPGUARD_A_DROPS,
	ICMPGUARD_A_RX_TYPES,
	ICMPGUARD_A_TX_TYPES,
	ICMPGUARD_A_CONFIG,
	ICMPGUARD_A_PREFIX,
	ICMPGUARD_A_ERRORS,
	ICMPGUARD_A_RULE,
	ICMPGUARD_A_RULE_INDEX,
	ICMPGUARD_A_RULE_HANDLE,
	ICMPGUARD_A_DIR,
	ICMPGUARD_A_SOURCE,
	ICMPGUARD_A_EVENT,
	__ICMPGUARD_A_MAX
};

#define ICMPGUARD_A_MAX (__ICMPGUARD_A_MAX - 1)

/*
 * Namespace-wide counters, in ICMPGUARD_A_COUNTERS.
 *
 * RX_PACKETS/RX_BYTES: ICMP datagrams seen by the input hook, valid or not.
 * TX_PACKETS/TX_BYTES: ICMP datagrams the module sent.
 * ECHO_REPLIES, TIMESTAMP_REPLIES, PROBE_REPLIES: replies sent, by kind.
 * REPLIES_LIMITED: replies not sent because the namespace's reply bucket
 *   was empty. REPLIES_LIMITED_DEST: same, the destination's bucket.
 * REPLY_FAILED: replies that could not be built or routed (no memory, no
 *   route); the request is then left to the kernel.
 * PASSED: ICMP datagrams handed on to the kernel unchanged.
 * FRAGMENTS: ICMP fragments that reached the hook unreassembled (only
 *   possible when the kernel skipped defragmentation, e.g. for packets
 *   conntrack already tracked); handed to the kernel, which reassembles.
 * DEST_TABLE_SIZE: entries in the per-destination reply table (a gauge).
 * DEST_OVERFLOW: replies and errors charged to the shared overflow bucket
 *   because the per-destination table was full.
 * ERRORS_SENT: ICMP errors the module sent (all types).
 * ERRORS_LIMITED_TYPE, ERRORS_LIMITED_DEST, ERRORS_LIMITED: errors not
 *   sent because the bucket of their type/code, of their destination, or
 *   of the namespace was empty.
 * ERRORS_FAILED: errors that could not be built or routed.
 * ERR_REFUSED_ICMP_ERROR, ERR_REFUSED_BROADCAST, ERR_REFUSED_FRAGMENT,
 *   ERR_REFUSED_BAD_SOURCE: errors not sent because the offending datagram
 *   was itself an ICMP error (or of unknown type), was sent to a broadcast
 *   or multicast address (link layer or IP), was a non-first fragment, or
 *   came from an invalid source.
 * ECHO_REJECTED, ECHO_DROPPED: echo requests the policy rejected (with
 *   an error, if eligible and within budget) or dropped.
 * OWNED_TCP_DROPPED: TCP segments to owned addresses, dropped: a host
 *   answers TCP with a RST, which is not ICMP's business, and a silent
 *   drop tells a scanner nothing a RST would not.
 * OWNED_UNREACH: UDP and other non-TCP datagrams to owned addresses,
 *   answered with Port or Protocol Unreachable (subject to the checks).
 *   An address some interface has is never treated as owned.
 * OWNED_BAD_UDP: UDP to owned addresses with a bad length or non-zero
 *   bad checksum, silently dropped (RFC 1122 4.1.3.4).
 * ROUTER_TIME_EXCEEDED, ROUTER_FRAG_NEEDED: forwarded datagrams router
 *   mode took over from the kernel (dropped; error sent when allowed).
 * FLOOD_LIMITED_SOURCE, FLOOD_LIMITED_GLOBAL: inbound datagrams dropped by
 *   the per-source or the global flood bucket.
 * FLOOD_OVERFLOW: datagrams from sources the full table could not track,
 *   charged to the shared overflow bucket.
 * SOURCES: sources tracked now (a gauge). SOURCES_MAX: the cap (a gauge).
 * SOURCES_EVICTED: idle sources the collector removed.
 * RULE_ACCEPTED, RULE_DROPPED, RULE_REJECTED, RULE_LIMITED, RULE_REPLIED:
 *   datagrams a rule decided, by action (LIMITED: over a limit).
 * POLICY_DROPPED, POLICY_REJECTED: datagrams a default policy dropped or
 *   rejected (echo included; ECHO_DROPPED/ECHO_REJECTED count the echo
 *   requests among them).
 * EVENTS_SENT, EVENTS_SUPPRESSED: events multicast, and not (the events'
 *   rate limit, or no memory). A change of flood-limit's prefix length
 *   empties the source table without flood-end events.
 *
 * Every datagram counted in RX_PACKETS ends in exactly one of: a drop
 * reason, PASSED, ECHO_REPLIES, TIMESTAMP_REPLIES, PROBE_REPLIES,
 * REPLIES_LIMITED, REPLIES_LIMITED_DEST, FLOOD_LIMITED_SOURCE,
 * FLOOD_LIMITED_GLOBAL, RULE_DROPPED, RULE_REJECTED, RULE_LIMITED,
 * POLICY_DROPPED or POLICY_REJECTED. The other counters say more about
 * some of those (RULE_ACCEPTED, RULE_REPLIED, REPLY_FAILED, ECHO_*) or
 * count something else (errors sent, fragments, owned non-ICMP, router
 * mode, which acts after the datagram was PASSED).
 */
enum icmpguard_counter {
	ICMPGUARD_CTR_UNSPEC,
	ICMPGUARD_CTR_PAD,
	ICMPGUARD_CTR_RX_PACKETS,
	ICMPGUARD_CTR_RX_BYTES,
	ICMPGUARD_CTR_TX_PACKETS,
	ICMPGUARD_CTR_TX_BYTES,
	ICMPGUARD_CTR_ECHO_REPLIES,
	ICMPGUARD_CTR_TIMESTAMP_REPLIES,
	ICMPGUARD_CTR_PROBE_REPLIES,
	ICMPGUARD_CTR_REPLIES_LIMITED,
	ICMPGUARD_CTR_REPLIES_LIMITED_DEST,
	ICMPGUARD_CTR_REPLY_FAILED,
	ICMPGUARD_CTR_PASSED,
	ICMPGUARD_CTR_DEST_TABLE_SIZE,
	ICMPGUARD_CTR_FRAGMENTS,
	ICMPGUARD_CTR_DEST_OVERFLOW,
	ICMPGUARD_CTR_ERRORS_SENT,
	ICMPGUARD_CTR_ERRORS_LIMITED_TYPE,
	ICMPGUARD_CTR_ERRORS_LIMITED_DEST,
	ICMPGUARD_CTR_ERRORS_LIMITED,
	ICMPGUARD_CTR_ERRORS_FAILED,
	ICMPGUARD_CTR_ERR_REFUSED_ICMP_ERROR,
	ICMPGUARD_CTR_ERR_REFUSED_BROADCAST,
	ICMPGUARD_CTR_ERR_REFUSED_FRAGMENT,
	ICMPGUARD_CTR_ERR_REFUSED_BAD_SOURCE,
	ICMPGUARD_CTR_ECHO_REJECTED,
	ICMPGUARD_CTR_ECHO_DROPPED,
	ICMPGUARD_CTR_OWNED_TCP_DROPPED,
	ICMPGUARD_CTR_OWNED_UNREACH,
	ICMPGUARD_CTR_ROUTER_TIME_EXCEEDED,
	ICMPGUARD_CTR_ROUTER_FRAG_NEEDED,
	ICMPGUARD_CTR_FLOOD_LIMITED_SOURCE,
	ICMPGUARD_CTR_FLOOD_LIMITED_GLOBAL,
	ICMPGUARD_CTR_FLOOD_OVERFLOW,
	ICMPGUARD_CTR_SOURCES,
	ICMPGUARD_CTR_SOURCES_MAX,
	ICMPGUARD_CTR_SOURCES_EVICTED,
	ICMPGUARD_CTR_RULE_ACCEPTED,
	ICMPGUARD_CTR_RULE_DROPPED,
	ICMPGUARD_CTR_RULE_REJECTED,
	ICMPGUARD_CTR_RULE_LIMITED,
	ICMPGUARD_CTR_RULE_REPLIED,
	ICMPGUARD_CTR_POLICY_DROPPED,
	ICMPGUARD_CTR_POLICY_REJECTED,
	ICMPGUARD_CTR_EVENTS_SENT,
	ICMPGUARD_CTR_EVENTS_SUPPRESSED,
	ICMPGUARD_CTR_OWNED_BAD_UDP,
	__ICMPGUARD_CTR_MAX
};

#define ICMPGUARD_CTR_MAX (__ICMPGUARD_CTR_MAX - 1)

/*
 * Why an inbound ICMP datagram was dropped, or not answered, in
 * ICMPGUARD_A_DROPS. Every datagram the hook sees is counted under at most
 * one reason.
 *
 * TRUNCATED: shorter than an ICMP header, or than its IP total length says.
 * BAD_LENGTH: IP header or total length inconsistent, or shorter than the
 *   minimum for its ICMP type.
 * BAD_CHECKSUM: ICMP checksum does not verify.
 * DEPRECATED: a type RFC 6633 or RFC 6918 deprecates (4, 6, 15-18, 30-39).
 * UNKNOWN_TYPE: a type no RFC assigns.
 * BAD_SOURCE: source is 0/8, 127/8 off loopback, multicast, 240/4 or the
 *   limited broadcast; never answered (RFC 1122 3.2.2.6).
 * BROADCAST: echo or timestamp to a broadcast or multicast address while
 *   broadcast-echo is off, or extended echo to one at any time; not
 *   answered and dropped, as the kernel does with
 *   icmp_echo_ignore_broadcasts.
 * DISABLED: a timestamp or extended echo request while that responder is
 *   off, an echo request while net.ipv4.icmp_echo_ignore_all is set (the
 *   kernel would not answer it either), or an extended echo with the
 *   L-bit clear (it asks this node to
 *   probe another, which it does not do); dropped, as the kernel drops
 *   what it does not answer.
 */
enum icmpguard_drop {
	ICMPGUARD_DROP_UNSPEC,
	ICMPGUARD_DROP_PAD,
	ICMPGUARD_DROP_TRUNCATED,
	ICMPGUARD_DROP_BAD_LENGTH,
	ICMPGUARD_DROP_BAD_CHECKSUM,
	ICMPGUARD_DROP_DEPRECATED,
	ICMPGUARD_DROP_UNKNOWN_TYPE,
	ICMPGUARD_DROP_BAD_SOURCE,
	ICMPGUARD_DROP_BROADCAST,
	ICMPGUARD_DROP_DISABLED,
	__ICMPGUARD_DROP_MAX
};

#define ICMPGUARD_DROP_MAX (__ICMPGUARD_DROP_MAX - 1)

enum icmpguard_type_attr {
	ICMPGUARD_TYPE_A_UNSPEC,
	ICMPGUARD_TYPE_A_PAD,
	ICMPGUARD_TYPE_A_TYPE,
	ICMPGUARD_TYPE_A_PACKETS,
	ICMPGUARD_TYPE_A_BYTES,
	__ICMPGUARD_TYPE_A_MAX
};

#define ICMPGUARD_TYPE_A_MAX (__ICMPGUARD_TYPE_A_MAX - 1)

/* The one attribute type used for each element of *_TYPES nests. */
#define ICMPGUARD_A_TYPE_ENTRY	1

enum icmpguard_err_attr {
	ICMPGUARD_ERR_A_UNSPEC,
	ICMPGUARD_ERR_A_PAD,
	ICMPGUARD_ERR_A_TYPE,
	ICMPGUARD_ERR_A_CODE,
	ICMPGUARD_ERR_A_SENT,
	ICMPGUARD_ERR_A_LIMITED,
	__ICMPGUARD_ERR_A_MAX
};

#define ICMPGUARD_ERR_A_MAX (__ICMPGUARD_ERR_A_MAX - 1)

/* The one attribute type of each element of ICMPGUARD_A_ERRORS. */
#define ICMPGUARD_A_ERROR_ENTRY	1

enum icmpguard_policy {
	ICMPGUARD_POLICY_ACCEPT,
	ICMPGUARD_POLICY_DROP,
	ICMPGUARD_POLICY_REJECT,
	__ICMPGUARD_POLICY_MAX
};

#define ICMPGUARD_POLICY_MAX (__ICMPGUARD_POLICY_MAX - 1)

/*
 * Configuration flags.
 *
 * RESPONDER: answer echo in the hook (off: the kernel answers, the module
 *   only validates, counts and polices).
 * TIMESTAMP: answer timestamp requests (13 -> 14). Off by default.
 * PROBE: answer RFC 8335 extended echo (42 -> 43). Off by default.
 * BROADCAST_ECHO: answer echo sent to broadcast or multicast addresses.
 * ROUTER_MODE: on forwarded datagrams, send Time Exceeded (TTL would
 *   reach zero) and Fragmentation Needed (DF set, larger than the egress
 *   MTU) from the module, with its own budgets, instead of the kernel.
 * ERROR_EXTENSIONS: add the RFC 4884 length and an RFC 5837 Interface
 *   Information Object to Destination Unreachable and Time Exceeded.
 */
enum icmpguard_cfg_flags {
	ICMPGUARD_F_RESPONDER		= 1U << 0,
	ICMPGUARD_F_TIMESTAMP		= 1U << 1,
	ICMPGUARD_F_PROBE		= 1U << 2,
	ICMPGUARD_F_BROADCAST_ECHO	= 1U << 3,
	ICMPGUARD_F_ROUTER_MODE		= 1U << 4,
	ICMPGUARD_F_ERROR_EXTENSIONS	= 1U << 5,
	__ICMPGUARD_F_ALL		= (1U << 6) - 1
};

enum icmpguard_cfg_attr {
	ICMPGUARD_CFG_A_UNSPEC,
	ICMPGUARD_CFG_A_FLAGS,
	ICMPGUARD_CFG_A_FLAGS_MASK,
	ICMPGUARD_CFG_A_REPLY_RATE,
	ICMPGUARD_CFG_A_REPLY_BURST,
	ICMPGUARD_CFG_A_DEST_RATE,
	ICMPGUARD_CFG_A_DEST_BURST,
	ICMPGUARD_CFG_A_POLICY,
	ICMPGUARD_CFG_A_REJECT_CODE,
	ICMPGUARD_CFG_A_ERROR_SOURCE,
	ICMPGUARD_CFG_A_ERROR_RATES,
	ICMPGUARD_CFG_A_FORWARD_POLICY,
	ICMPGUARD_CFG_A_FLOOD_RATE,
	ICMPGUARD_CFG_A_FLOOD_BURST,
	ICMPGUARD_CFG_A_FLOOD_PLEN,
	ICMPGUARD_CFG_A_GLOBAL_RATE,
	ICMPGUARD_CFG_A_GLOBAL_BURST,
	ICMPGUARD_CFG_A_MAX_SOURCES,
	__ICMPGUARD_CFG_A_MAX
};

#define ICMPGUARD_CFG_A_MAX (__ICMPGUARD_CFG_A_MAX - 1)

/* The one attribute type of each element of ICMPGUARD_CFG_A_ERROR_RATES. */
#define ICMPGUARD_A_ERROR_RATE	1

enum icmpguard_erate_attr {
	ICMPGUARD_ERATE_A_UNSPEC,
	ICMPGUARD_ERATE_A_TYPE,
	ICMPGUARD_ERATE_A_CODE,
	ICMPGUARD_ERATE_A_RATE,
	ICMPGUARD_ERATE_A_BURST,
	__ICMPGUARD_ERATE_A_MAX
};

#define ICMPGUARD_ERATE_A_MAX (__ICMPGUARD_ERATE_A_MAX - 1)

enum icmpguard_dir {
	ICMPGUARD_DIR_INPUT,
	ICMPGUARD_DIR_FORWARD,
	__ICMPGUARD_DIR_MAX
};

#define ICMPGUARD_DIR_MAX (__ICMPGUARD_DIR_MAX - 1)

enum icmpguard_action {
	ICMPGUARD_ACT_ACCEPT,
	ICMPGUARD_ACT_DROP,
	ICMPGUARD_ACT_REJECT,
	ICMPGUARD_ACT_LIMIT,
	ICMPGUARD_ACT_REPLY,
	__ICMPGUARD_ACT_MAX
};

#define ICMPGUARD_ACT_MAX (__ICMPGUARD_ACT_MAX - 1)

enum icmpguard_limit_flags {
	ICMPGUARD_LIMIT_F_PER_SOURCE	= 1U << 0,
	ICMPGUARD_LIMIT_F_REJECT	= 1U << 1,
	__ICMPGUARD_LIMIT_F_ALL		= (1U << 2) - 1
};

enum icmpguard_rule_attr {
	ICMPGUARD_RULE_A_UNSPEC,
	ICMPGUARD_RULE_A_PAD,
	ICMPGUARD_RULE_A_HANDLE,
	ICMPGUARD_RULE_A_DIR,
	ICMPGUARD_RULE_A_TYPES,
	ICMPGUARD_RULE_A_CODES,
	ICMPGUARD_RULE_A_SRC,
	ICMPGUARD_RULE_A_DST,
	ICMPGUARD_RULE_A_IIF,
	ICMPGUARD_RULE_A_OIF,
	ICMPGUARD_RULE_A_LEN_MIN,
	ICMPGUARD_RULE_A_LEN_MAX,
	ICMPGUARD_RULE_A_ACTION,
	ICMPGUARD_RULE_A_REJECT_CODE,
	ICMPGUARD_RULE_A_LIMIT_RATE,
	ICMPGUARD_RULE_A_LIMIT_BURST,
	ICMPGUARD_RULE_A_LIMIT_FLAGS,
	ICMPGUARD_RULE_A_LIMIT_PLEN,
	ICMPGUARD_RULE_A_PACKETS,
	ICMPGUARD_RULE_A_BYTES,
	ICMPGUARD_RULE_A_LIMITED,
	__ICMPGUARD_RULE_A_MAX
};

#define ICMPGUARD_RULE_A_MAX (__ICMPGUARD_RULE_A_MAX - 1)

enum icmpguard_src_attr {
	ICMPGUARD_SRC_A_UNSPEC,
	ICMPGUARD_SRC_A_PAD,
	ICMPGUARD_SRC_A_ADDR,
	ICMPGUARD_SRC_A_PLEN,
	ICMPGUARD_SRC_A_LIMITED,
	ICMPGUARD_SRC_A_FLOODING,
	__ICMPGUARD_SRC_A_MAX
};

#define ICMPGUARD_SRC_A_MAX (__ICMPGUARD_SRC_A_MAX - 1)

enum icmpguard_event {
	ICMPGUARD_EVENT_UNSPEC,
	ICMPGUARD_EVENT_FLOOD_START,
	ICMPGUARD_EVENT_FLOOD_END,
	ICMPGUARD_EVENT_TABLE_FULL,
	__ICMPGUARD_EVENT_MAX
};

#define ICMPGUARD_EVENT_MAX (__ICMPGUARD_EVENT_MAX - 1)

enum icmpguard_evt_attr {
	ICMPGUARD_EVT_A_UNSPEC,
	ICMPGUARD_EVT_A_PAD,
	ICMPGUARD_EVT_A_TYPE,
	ICMPGUARD_EVT_A_ADDR,
	ICMPGUARD_EVT_A_PLEN,
	ICMPGUARD_EVT_A_DROPPED,
	__ICMPGUARD_EVT_A_MAX
};

#define ICMPGUARD_EVT_A_MAX (__ICMPGUARD_EVT_A_MAX - 1)

enum icmpguard_pfx_attr {
	ICMPGUARD_PFX_A_UNSPEC,
	ICMPGUARD_PFX_A_ADDR,
	ICMPGUARD_PFX_A_PLEN,
	__ICMPGUARD_PFX_A_MAX
};

#define ICMPGUARD_PFX_A_MAX (__ICMPGUARD_PFX_A_MAX - 1)

#endif /* _UAPI_ICMPGUARD_H */
