/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * icmpguard: an ICMP and ICMPv6 responder, policer and filter at the
 * netfilter hook.
 *
 * This header is the specification of the generic netlink family shared by
 * the kernel module and icmpctl(8); Documentation/netlink/specs/
 * icmpguard.yaml describes the same family for YNL.
 *
 * Family "icmpguard", version 2. The family is netns aware: every command
 * acts on the network namespace of the socket that sends it. Requests are
 * parsed strictly: an unknown attribute, a wrong length, a value out of
 * range or an unknown flag bit is refused with an extended ACK that names
 * the attribute. Reads are open to any user (as /proc/net/snmp is); every
 * command that changes state needs CAP_NET_ADMIN in the user namespace that
 * owns the network namespace (GENL_UNS_ADMIN_PERM).
 *
 * Address families. An object (a prefix, a rule, a source, an event) is of
 * one family. Families are AF_INET (2) and AF_INET6 (10), in
 * ICMPGUARD_A_FAMILY and ICMPGUARD_RULE_A_FAMILY (u8). An IPv4 address is
 * an ..._ADDR attribute (be32), an IPv6 address an ..._ADDR6 attribute
 * (exactly 16 bytes, network order); a prefix length is at most 32 or 128,
 * and the bits below it must be zero.
 *
 * The configuration of a namespace is one object: settings, owned prefixes
 * and the rule set. Every change, whatever the command, builds a new
 * configuration aside, validates it whole and publishes it with RCU in one
 * step; a datagram, and every reader, sees the old configuration or the
 * new one, never a mix. A refused change changes nothing.
 *
 * ICMPGUARD_CMD_GET_STATS (do)
 *   Request: optional ICMPGUARD_A_FAMILY (absent: AF_INET). Reply: that
 *   family's counters, summed over every CPU, and ICMPGUARD_A_FAMILY:
 *     ICMPGUARD_A_COUNTERS  nest; one NLA_U64 per enum icmpguard_counter,
 *                           attribute type = counter index.
 *     ICMPGUARD_A_DROPS     nest; one NLA_U64 per enum icmpguard_drop,
 *                           attribute type = drop reason.
 *     ICMPGUARD_A_RX_TYPES  nest of ICMPGUARD_A_TYPE_ENTRY, one per ICMP
 *                           type seen at least once on input.
 *     ICMPGUARD_A_TX_TYPES  nest of ICMPGUARD_A_TYPE_ENTRY, one per ICMP
 *                           type the module has sent at least once.
 *     ICMPGUARD_A_ERRORS    nest of ICMPGUARD_A_ERROR_ENTRY, one per
 *                           (type, code) of error the module generates in
 *                           the family: ICMPGUARD_ERR_A_TYPE (u8),
 *                           ICMPGUARD_ERR_A_CODE (u8), ICMPGUARD_ERR_A_SENT
 *                           (u64) and ICMPGUARD_ERR_A_LIMITED (u64,
 *                           suppressed by any bucket).
 *   A type entry is a nest of ICMPGUARD_TYPE_A_TYPE (u8),
 *   ICMPGUARD_TYPE_A_PACKETS (u64) and ICMPGUARD_TYPE_A_BYTES (u64); bytes
 *   count the IP datagram, header included. The counters marked
 *   "namespace-wide" below are the same in both families' replies.
 *
 * ICMPGUARD_CMD_RESET_STATS (do, admin)
 *   Request: no attributes. Sets every counter of GET_STATS of both
 *   families to zero (the gauges excepted). Rule counters and the
 *   per-source table's counts are not reset: they start at zero with
 *   their rule or source.
 *
 * ICMPGUARD_CMD_GET_CONFIG (do)
 *   Reply: ICMPGUARD_A_CONFIG, a nest of every ICMPGUARD_CFG_A_* attribute,
 *   and ICMPGUARD_A_GENERATION (u32), which every change of the namespace's
 *   configuration (settings, owned prefixes, rules) bumps: a client that
 *   reads the settings, the prefixes and the rules in three requests has
 *   one configuration when the generation before and after is the same.
 *
 * ICMPGUARD_CMD_SET_CONFIG (do, admin)
 *   Request: ICMPGUARD_A_CONFIG holding the attributes to change; the rest
 *   keep their value.
 *     ICMPGUARD_CFG_A_FLAGS       u32, enum icmpguard_cfg_flags; only the
 *                                 bits set in FLAGS_MASK are changed.
 *     ICMPGUARD_CFG_A_FLAGS_MASK  u32, required with FLAGS.
 *     ICMPGUARD_CFG_A_REPLY_RATE  u32, replies per second allowed for the
 *                                 whole namespace, both families; 0 means
 *                                 no limit. Every rate here is at most
 *                                 10^9 per second.
 *     ICMPGUARD_CFG_A_REPLY_BURST u32, bucket depth in replies (>= 1).
 *     ICMPGUARD_CFG_A_DEST_RATE   u32, replies per second to one
 *                                 destination (an IPv4 address, an IPv6
 *                                 /64); 0 means no limit.
 *     ICMPGUARD_CFG_A_DEST_BURST  u32, bucket depth for one destination.
 *     ICMPGUARD_CFG_A_POLICY      u8, enum icmpguard_policy: the input
 *                                 default policy, for ICMP to this host or
 *                                 an owned address that no rule matched
 *                                 (accept: it goes on, and the responder
 *                                 answers requests).
 *     ICMPGUARD_CFG_A_FORWARD_POLICY u8, the same for forwarded ICMP.
 *                                 Both default to accept, and both apply
 *                                 to both families; Neighbor Discovery,
 *                                 MLD and Packet Too Big are never caught
 *                                 by a default policy.
 *     ICMPGUARD_CFG_A_REJECT_CODE u8, the Destination Unreachable code an
 *                                 IPv4 reject sends: 0-15 except 4, which
 *                                 needs an MTU. Default 13
 *                                 (administratively prohibited).
 *     ICMPGUARD_CFG_A_REJECT_CODE6 u8, the ICMPv6 Destination Unreachable
 *                                 code an IPv6 reject sends: 0-6. Default
 *                                 1 (administratively prohibited).
 *     ICMPGUARD_CFG_A_ERROR_SOURCE be32, source address of every IPv4
 *                                 error the module sends; 0.0.0.0 (the
 *                                 default) means the address of the
 *                                 interface the offending packet came in
 *                                 on (192.0.0.8, RFC 7600, when it has
 *                                 none). 0/8 (but 0.0.0.0), 127/8,
 *                                 multicast, 240/4 and the broadcast
 *                                 address are refused.
 *     ICMPGUARD_CFG_A_ERROR_SOURCE6 16 bytes, the same for IPv6; :: (the
 *                                 default) means the source icmp6_send()
 *                                 would choose. Multicast, ::1 and
 *                                 v4-mapped addresses are refused.
 *     ICMPGUARD_CFG_A_FLOOD_RATE, ICMPGUARD_CFG_A_FLOOD_BURST u32: inbound
 *                                 ICMP per second (0 = no limit, at most
 *                                 10^9; default 50000) and burst (>= 1;
 *                                 default 10000) allowed from one IPv4
 *                                 source, aggregated to
 *                                 ICMPGUARD_CFG_A_FLOOD_PLEN (u8, 1..32,
 *                                 default 32).
 *     ICMPGUARD_CFG_A_FLOOD6_RATE, ICMPGUARD_CFG_A_FLOOD6_BURST u32: the
 *                                 same for one IPv6 source (same
 *                                 defaults), aggregated to
 *                                 ICMPGUARD_CFG_A_FLOOD_PLEN6 (u8, 1..64,
 *                                 default 64: one host usually owns a
 *                                 /64, and a finer key would let it spread
 *                                 a flood over 2^64 buckets).
 *     ICMPGUARD_CFG_A_GLOBAL_RATE, ICMPGUARD_CFG_A_GLOBAL_BURST u32: the
 *                                 same for all inbound ICMP together
 *                                 (defaults 200000, 20000), both families
 *                                 in one bucket unless
 *                                 ICMPGUARD_F_GLOBAL_PER_FAMILY is set;
 *                                 then these are IPv4's and
 *                                 ICMPGUARD_CFG_A_GLOBAL6_RATE,
 *                                 ICMPGUARD_CFG_A_GLOBAL6_BURST (u32, same
 *                                 defaults) are IPv6's.
 *     ICMPGUARD_CFG_A_MAX_SOURCES u32 (16..2^20): the per-source table's
 *                                 cap, both families together, sized from
 *                                 RAM by default (65536 with more than
 *                                 1 GiB; above the default needs
 *                                 CAP_NET_ADMIN in the initial user
 *                                 namespace: EPERM); sources past it
 *                                 share one overflow bucket. Inbound flood
 *                                 limits apply to every ICMP datagram
 *                                 that passed the header checks, to this
 *                                 host or through it, before rules and
 *                                 the responder, except Neighbor
 *                                 Discovery, MLD and Packet Too Big, which
 *                                 no flood bucket is ever charged for.
 *     ICMPGUARD_CFG_A_ERROR_RATES nest of ICMPGUARD_A_ERROR_RATE entries,
 *                                 applied in order, each with optional
 *                                 ICMPGUARD_ERATE_A_FAMILY (u8, absent:
 *                                 AF_INET), ICMPGUARD_ERATE_A_TYPE (u8: 3,
 *                                 11 or 12 for IPv4; 1, 2, 3 or 4 for
 *                                 IPv6), optional ICMPGUARD_ERATE_A_CODE
 *                                 (u8; absent: every code of the type),
 *                                 ICMPGUARD_ERATE_A_RATE (u32 per second,
 *                                 0 = no limit; required) and optional
 *                                 ICMPGUARD_ERATE_A_BURST (u32 >= 1;
 *                                 absent: the burst stays). A GET_CONFIG
 *                                 reply lists every (family, type, code)
 *                                 the module generates: IPv4 3/0-15,
 *                                 11/0-1, 12/0-2; IPv6 1/0-7, 2/0, 3/0-1,
 *                                 4/0-3.
 *
 * ICMPGUARD_CMD_BATCH (do, admin)
 *   A list of changes, applied in the order of the message's top-level
 *   attributes to a copy of the configuration, which is then published in
 *   one step, or, if any change is refused (the extended ACK points at
 *   it), not at all:
 *     ICMPGUARD_A_FLUSH       u32, enum icmpguard_flush_flags: what to
 *                             empty at this point (settings go back to
 *                             the module parameters' defaults).
 *     ICMPGUARD_A_CONFIG      settings to change, as in SET_CONFIG.
 *     ICMPGUARD_A_PREFIX      an owned prefix to add.
 *     ICMPGUARD_A_PREFIX_DEL  an owned prefix to remove.
 *     ICMPGUARD_A_RULE_INDEX  u32, the position the next ICMPGUARD_A_RULE
 *                             takes in its direction's list (as in
 *                             ADD_RULE); without it, a rule goes last.
 *     ICMPGUARD_A_RULE        a rule to add.
 *     ICMPGUARD_A_RULE_HANDLE u32, the handle of a rule to remove.
 *   A rule the batch adds that is identical (family, direction, every
 *   match, action and limit attribute) to a rule the batch removed takes
 *   that rule's place: its handle, counters and buckets. A batch that
 *   flushes everything and then states a configuration (what
 *   "icmpctl save" prints) replaces the whole configuration, and applying
 *   the configuration a namespace already has changes nothing, not even
 *   a counter. Every other change command is a batch of one change.
 *
 * Errors. Every ICMP error the module sends (reject, owned addresses,
 * router mode) passes one eligibility check, then a bucket for its family,
 * type and code, then the per-destination and namespace reply buckets.
 * IPv4 (RFC 1122 3.2.2, RFC 1812 4.3.2.7): no error about an ICMP error, a
 * broadcast or multicast, a non-first fragment or an invalid source; it
 * quotes as much of the offending datagram as fits in 576 bytes. IPv6
 * (RFC 4443 2.4(e)): no error about an ICMPv6 error or a Redirect, to a
 * multicast or non-host destination (except Packet Too Big), or from ::, a
 * multicast, v4-mapped or anycast source; it quotes as much as fits in
 * 1280 bytes. No error is sent to a source the stack itself would refuse
 * (a local, broadcast or otherwise martian address; reverse-path
 * filtering as the interface's rp_filter asks). With
 * ICMPGUARD_F_ERROR_EXTENSIONS it carries an RFC 4884 length and an
 * RFC 5837 Interface Information Object for the incoming interface
 * (ifIndex, name, MTU). Fragmentation Needed (3/4) and Packet Too Big
 * (IPv6 2/0) have no limit by default and then bypass the shared buckets
 * too, so path MTU discovery is never starved by other errors.
 *
 * Rules. An ordered rule set per namespace, for each direction: input
 * (to this host or an owned address) and forward (through it). A rule is
 * of one family and matches only its family's datagrams. A datagram is
 * matched against its direction's rules of its family in order; the first
 * that matches decides, else the direction's default policy. Neighbor
 * Discovery, MLD and Packet Too Big are matched only by rules that name
 * their type. Evaluation is indexed by family, direction, ICMP type and
 * source prefix, so the number of rules a datagram is compared with does
 * not grow with the set. A rule is a nest ICMPGUARD_A_RULE of:
 *   ICMPGUARD_RULE_A_HANDLE   u32, given by the module, stable (replies).
 *   ICMPGUARD_RULE_A_FAMILY   u8, AF_INET or AF_INET6 (absent: AF_INET).
 *   ICMPGUARD_RULE_A_DIR      u8, enum icmpguard_dir (required).
 *   ICMPGUARD_RULE_A_TYPES    32-byte bitmap, bit n = ICMP type n (bit 0 of
 *                             byte 0 is type 0); absent: any type; an
 *                             empty bitmap is refused.
 *   ICMPGUARD_RULE_A_CODES    32-byte bitmap of codes; absent: any code;
 *                             an empty bitmap is refused.
 *   ICMPGUARD_RULE_A_SRC, ICMPGUARD_RULE_A_DST  nests of ICMPGUARD_PFX_A_*
 *                             of the rule's family; absent: any address.
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
 *             ICMPGUARD_RULE_A_REJECT_CODE (u8; IPv4: 0-15 but 4, default
 *             13; IPv6: 0-6, default 1);
 *     LIMIT   a token bucket of ICMPGUARD_RULE_A_LIMIT_RATE (u32 per
 *             second, 1..10^9) and ICMPGUARD_RULE_A_LIMIT_BURST (u32 >= 1,
 *             absent: the rate):
 *             within it, as ACCEPT; over it, DROP, or REJECT with
 *             ICMPGUARD_LIMIT_F_REJECT in ICMPGUARD_RULE_A_LIMIT_FLAGS.
 *             With ICMPGUARD_LIMIT_F_PER_SOURCE each source, aggregated to
 *             ICMPGUARD_RULE_A_LIMIT_PLEN (u8; IPv4 1..32, default 32; IPv6
 *             1..64, default 64), has its own bucket;
 *     REPLY   answer an echo, timestamp or extended echo request here, from
 *             its destination address, even if it is not local and even
 *             with the responder off, within the reply budgets (other
 *             types, a type whose responder switch is off, or a
 *             broadcast, multicast or anycast destination: as ACCEPT).
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
 *   order (none: an empty set): a batch that flushes both directions and
 *   adds them. Top-level, not a nest, whose 16-bit length could not hold
 *   10 000 rules; the sender raises its socket's send buffer for a large
 *   set (as for a large batch).
 *
 * ICMPGUARD_CMD_GET_SOURCES (dump)
 *   The per-source flood table: one message per tracked source, each an
 *   ICMPGUARD_A_SOURCE nest of ICMPGUARD_SRC_A_ADDR (be32) or
 *   ICMPGUARD_SRC_A_ADDR6 (16 bytes), ICMPGUARD_SRC_A_PLEN (u8),
 *   ICMPGUARD_SRC_A_LIMITED (u64, datagrams dropped since it was tracked)
 *   and ICMPGUARD_SRC_A_FLOODING (u8, 1 while a flood from it is on). The
 *   table is live: the dump never sets NLM_F_DUMP_INTR, and a source may
 *   appear twice or not at all if it was replaced in between.
 *
 * Events: multicast group ICMPGUARD_MCGRP_EVENTS, command
 * ICMPGUARD_CMD_EVENT, attribute ICMPGUARD_A_EVENT, a nest of
 * ICMPGUARD_EVT_A_TYPE (u8, enum icmpguard_event), for a source
 * ICMPGUARD_EVT_A_ADDR (be32) or ICMPGUARD_EVT_A_ADDR6 (16 bytes) and
 * ICMPGUARD_EVT_A_PLEN (u8) (absent: a global bucket, then
 * ICMPGUARD_EVT_A_FAMILY (u8) names the family whose bucket it is when
 * the families have one each; TABLE_FULL never has them), and
 * ICMPGUARD_EVT_A_DROPPED (u64: dropped during the flood, on FLOOD_END
 * only). A flood starts when a bucket first refuses and ends when it has
 * refused nothing for two seconds. Events are limited to 20 per second
 * (burst 50) per namespace; what is suppressed is counted in
 * EVENTS_SUPPRESSED. Subscribing is open to any user.
 *
 * ICMPGUARD_CMD_ADD_OWNED / ICMPGUARD_CMD_DEL_OWNED (do, admin)
 *   Request: ICMPGUARD_A_PREFIX, a nest of ICMPGUARD_PFX_A_ADDR or
 *   ICMPGUARD_PFX_A_ADDR6 and ICMPGUARD_PFX_A_PLEN (u8). The module
 *   answers for every address an owned prefix covers even when no
 *   interface has it; an address some interface has stays the host's own.
 *   Adding an existing prefix fails with EEXIST, deleting a missing one
 *   with ENOENT, adding past ICMPGUARD_OWNED_MAX (both families together)
 *   with ENOSPC.
 *
 * ICMPGUARD_CMD_GET_OWNED (dump)
 *   One message per owned prefix, each holding ICMPGUARD_A_PREFIX, in the
 *   order they were added. The dump sets NLM_F_DUMP_INTR when the set
 *   changed while it ran.
 *
 * ICMPGUARD_CMD_FLUSH_OWNED (do, admin)
 *   Removes every owned prefix.
 */
#ifndef _UAPI_ICMPGUARD_H
#define _UAPI_ICMPGUARD_H

#define ICMPGUARD_GENL_NAME	"icmpguard"
#define ICMPGUARD_GENL_VERSION	2

/* Upper bound on owned prefixes per namespace (both families). */
#define ICMPGUARD_OWNED_MAX	65536
/* Upper bound on rules per namespace (both directions and families). */
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
	ICMPGUARD_CMD_BATCH,
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
	ICMPGUARD_A_FAMILY,
	ICMPGUARD_A_FLUSH,
	ICMPGUARD_A_PREFIX_DEL,
	ICMPGUARD_A_GENERATION,
	__ICMPGUARD_A_MAX
};

#define ICMPGUARD_A_MAX (__ICMPGUARD_A_MAX - 1)

/* What ICMPGUARD_A_FLUSH empties, in a batch. */
enum icmpguard_flush_flags {
	ICMPGUARD_FLUSH_F_SETTINGS	= 1U << 0,
	ICMPGUARD_FLUSH_F_OWNED		= 1U << 1,
	ICMPGUARD_FLUSH_F_INPUT		= 1U << 2,	/* input rules */
	ICMPGUARD_FLUSH_F_FORWARD	= 1U << 3,	/* forward rules */
	__ICMPGUARD_FLUSH_F_ALL		= (1U << 4) - 1
};

/*
 * Counters, in ICMPGUARD_A_COUNTERS, per family unless marked
 * namespace-wide.
 *
 * RX_PACKETS/RX_BYTES: ICMP datagrams seen by the input hook, valid or not.
 * TX_PACKETS/TX_BYTES: ICMP datagrams the module sent.
 * ECHO_REPLIES, TIMESTAMP_REPLIES, PROBE_REPLIES: replies sent, by kind.
 * REPLIES_LIMITED: replies not sent because the namespace's reply bucket
 *   was empty. REPLIES_LIMITED_DEST: same, the destination's bucket.
 * REPLY_FAILED: replies that could not be built or routed (no memory, no
 *   route); the request is then left to the kernel.
 * PASSED: ICMP datagrams handed on to the kernel unchanged.
 * FRAGMENTS: fragments that reached the hook: reassembled there before
 *   anything else, as conntrack's reassembly would (IPv4 ICMP, and IPv6
 *   fragments that may carry ICMPv6 when nf_defrag_ipv6 is available),
 *   else left to the kernel.
 * DEST_TABLE_SIZE: entries in the per-destination reply table (a gauge,
 *   namespace-wide).
 * DEST_OVERFLOW: replies and errors charged to the shared overflow bucket
 *   because the per-destination table was full.
 * ERRORS_SENT: ICMP errors the module sent (all types).
 * ERRORS_LIMITED_TYPE, ERRORS_LIMITED_DEST, ERRORS_LIMITED: errors not
 *   sent because the bucket of their type/code, of their destination, or
 *   of the namespace was empty.
 * ERRORS_FAILED: errors that could not be built or routed.
 * ERR_REFUSED_ICMP_ERROR, ERR_REFUSED_BROADCAST, ERR_REFUSED_FRAGMENT,
 *   ERR_REFUSED_BAD_SOURCE: errors not sent because the offending datagram
 *   was itself an ICMP error (or of unknown type, or an ICMPv6 Redirect),
 *   was sent to a broadcast or multicast address (link layer or IP), was
 *   a non-first fragment, or came from a source the error must not go to.
 * ECHO_REJECTED, ECHO_DROPPED: echo requests the policy rejected (with
 *   an error, if eligible and within budget) or dropped.
 * OWNED_TCP_DROPPED: TCP segments to owned addresses, dropped: a host
 *   answers TCP with a RST, which is not ICMP's business, and a silent
 *   drop tells a scanner nothing a RST would not.
 * OWNED_UNREACH: UDP and other non-TCP datagrams to owned addresses,
 *   answered with Port Unreachable, or Protocol Unreachable (IPv4) or
 *   Parameter Problem code 1 at the Next Header byte (IPv6), subject to
 *   the checks. An address some interface has is never treated as owned.
 * OWNED_BAD_UDP: UDP to owned addresses with a bad length or a bad
 *   checksum, silently dropped (RFC 1122 4.1.3.4; for IPv6 a zero UDP
 *   checksum is bad too).
 * ROUTER_TIME_EXCEEDED, ROUTER_FRAG_NEEDED: forwarded datagrams router
 *   mode took over from the kernel (dropped; Time Exceeded, or
 *   Fragmentation Needed / Packet Too Big sent when allowed).
 * FLOOD_LIMITED_SOURCE, FLOOD_LIMITED_GLOBAL: inbound datagrams dropped by
 *   the per-source or the global flood bucket.
 * FLOOD_OVERFLOW: datagrams from sources the full table could not track,
 *   charged to the shared overflow bucket.
 * SOURCES: sources tracked now (a gauge). SOURCES_MAX: the cap (a gauge).
 *   SOURCES_EVICTED: tracked sources whose slot went to a new source.
 *   All three namespace-wide.
 * RULE_ACCEPTED, RULE_DROPPED, RULE_REJECTED, RULE_LIMITED, RULE_REPLIED:
 *   datagrams a rule decided, by action (LIMITED: over a limit).
 * POLICY_DROPPED, POLICY_REJECTED: datagrams a default policy dropped or
 *   rejected (echo included; ECHO_DROPPED/ECHO_REJECTED count the echo
 *   requests among them).
 * EVENTS_SENT, EVENTS_SUPPRESSED: events multicast, and not (the events'
 *   rate limit, or no memory), namespace-wide. A change of flood-limit's
 *   prefix length empties the source table without flood-end events.
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
 * TRUNCATED: shorter than an ICMP header, or than its IP length says.
 * BAD_LENGTH: IP header or length inconsistent, or shorter than the
 *   minimum for its ICMP type.
 * BAD_CHECKSUM: ICMP checksum does not verify. Checked for every datagram
 *   to this host or an owned address; one passing through is checked
 *   only if a reply rule answers it (its destination checks it, as a
 *   router leaves it to).
 * DEPRECATED: an IPv4 type RFC 6633 or RFC 6918 deprecates (4, 6, 15-18,
 *   30-39).
 * UNKNOWN_TYPE: a type no RFC assigns (for ICMPv6, an unknown
 *   informational type, RFC 4443 2.4(a); an unknown error type is passed
 *   to the kernel, 2.4(b)).
 * BAD_SOURCE: a source no datagram may come from, never answered
 *   (RFC 1122 3.2.2.6, RFC 4443 2.4(e)): IPv4 0/8, 127/8 off loopback,
 *   multicast, 240/4, 255.255.255.255; IPv6 multicast, ::1 off loopback,
 *   v4-mapped, and :: except in the messages that may carry it (Router
 *   and DAD Neighbor Solicitations, MLD reports). Also a request the
 *   module would answer whose source the route back shows to be a local,
 *   broadcast, multicast or anycast address, or one that fails the
 *   ingress interface's reverse-path filter (what is not answered is
 *   left to the kernel, which refuses such sources itself).
 * BROADCAST: echo or timestamp to a broadcast or multicast address while
 *   broadcast-echo is off, or extended echo to one at any time; not
 *   answered and dropped, as the kernel does with
 *   icmp_echo_ignore_broadcasts (IPv6: echo to a multicast group while
 *   net.ipv6.icmp.echo_ignore_multicast is set, or to an anycast address
 *   while echo_ignore_anycast is).
 * DISABLED: a timestamp or extended echo request while that responder is
 *   off, an echo request while net.ipv4.icmp_echo_ignore_all (IPv6:
 *   net.ipv6.icmp.echo_ignore_all) is set, or an extended echo with the
 *   L-bit clear (it asks this node to probe another, which it does not
 *   do); dropped, as the kernel drops what it does not answer.
 * BAD_ND: Neighbor Discovery (133-137, 141, 142, 148, 149) with a hop
 *   limit other than 255, a non-zero code, or in a fragment (RFC 4861,
 *   RFC 6980).
 * BAD_MLD: an MLD query without a link-local source or hop limit 1, or
 *   an MLD report from neither a link-local address nor :: (RFC 3810),
 *   as the kernel judges them.
 * BAD_EXTHDR: an ICMPv6 jumbogram (its length in a Hop-by-Hop option:
 *   no ICMPv6 message needs one). An extension header chain that cannot
 *   be walked is the kernel's to refuse, as is a fragment its reassembly
 *   refuses.
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
	ICMPGUARD_DROP_BAD_ND,
	ICMPGUARD_DROP_BAD_MLD,
	ICMPGUARD_DROP_BAD_EXTHDR,
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
 * RESPONDER: answer echo (IPv4 8, IPv6 128) in the hook (off: the kernel
 *   answers, the module only validates, counts and polices).
 * TIMESTAMP: answer IPv4 timestamp requests (13 -> 14). Off by default.
 * PROBE: answer RFC 8335 extended echo (42 -> 43, 160 -> 161). Off by
 *   default.
 * BROADCAST_ECHO: answer IPv4 echo sent to broadcast or multicast
 *   addresses. (IPv6 echo to ff02::1 follows
 *   net.ipv6.icmp.echo_ignore_multicast, as the kernel's does.)
 * ROUTER_MODE: on forwarded datagrams, send Time Exceeded (TTL or hop
 *   limit would reach zero) and Fragmentation Needed / Packet Too Big
 *   (larger than the egress MTU and not to be fragmented) from the
 *   module, with its own budgets, instead of the kernel.
 * ERROR_EXTENSIONS: add the RFC 4884 length and an RFC 5837 Interface
 *   Information Object to Destination Unreachable and Time Exceeded.
 * GLOBAL_PER_FAMILY: one global flood bucket per family (GLOBAL_* for
 *   IPv4, GLOBAL6_* for IPv6) instead of one for both.
 */
enum icmpguard_cfg_flags {
	ICMPGUARD_F_RESPONDER		= 1U << 0,
	ICMPGUARD_F_TIMESTAMP		= 1U << 1,
	ICMPGUARD_F_PROBE		= 1U << 2,
	ICMPGUARD_F_BROADCAST_ECHO	= 1U << 3,
	ICMPGUARD_F_ROUTER_MODE		= 1U << 4,
	ICMPGUARD_F_ERROR_EXTENSIONS	= 1U << 5,
	ICMPGUARD_F_GLOBAL_PER_FAMILY	= 1U << 6,
	__ICMPGUARD_F_ALL		= (1U << 7) - 1
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
	ICMPGUARD_CFG_A_FLOOD_PLEN6,
	ICMPGUARD_CFG_A_GLOBAL6_RATE,
	ICMPGUARD_CFG_A_GLOBAL6_BURST,
	ICMPGUARD_CFG_A_ERROR_SOURCE6,
	ICMPGUARD_CFG_A_REJECT_CODE6,
	ICMPGUARD_CFG_A_FLOOD6_RATE,
	ICMPGUARD_CFG_A_FLOOD6_BURST,
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
	ICMPGUARD_ERATE_A_FAMILY,
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
	ICMPGUARD_RULE_A_FAMILY,
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
	ICMPGUARD_SRC_A_ADDR6,
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
	ICMPGUARD_EVT_A_ADDR6,
	ICMPGUARD_EVT_A_FAMILY,
	__ICMPGUARD_EVT_A_MAX
};

#define ICMPGUARD_EVT_A_MAX (__ICMPGUARD_EVT_A_MAX - 1)

enum icmpguard_pfx_attr {
	ICMPGUARD_PFX_A_UNSPEC,
	ICMPGUARD_PFX_A_ADDR,
	ICMPGUARD_PFX_A_PLEN,
	ICMPGUARD_PFX_A_ADDR6,
	__ICMPGUARD_PFX_A_MAX
};

#define ICMPGUARD_PFX_A_MAX (__ICMPGUARD_PFX_A_MAX - 1)

#endif /* _UAPI_ICMPGUARD_H */
