/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The names of icmpguard's netlink attributes, by attribute set, and the
 * attribute of a request that an extended ACK's offset points at.
 *
 * The kernel's own policy checks answer with generic messages ("integer
 * out of range", "Unknown attribute type"); the offset it gives with them
 * is resolved against the request icmpctl sent, walking its nests, so that
 * the error can name the attribute: ICMPGUARD_CFG_A_REPLY_BURST.
 */
#ifndef ICMPCTL_ATTRS_H
#define ICMPCTL_ATTRS_H

#include <stddef.h>
#include <linux/netlink.h>
#include <linux/types.h>

/* The attribute sets of uapi/icmpguard.h, and the arrays of entries. */
enum icg_attr_set {
	ICG_AS_NONE,		/* not a nest, or one not walked */
	ICG_AS_TOP,		/* enum icmpguard_attr */
	ICG_AS_CFG,		/* enum icmpguard_cfg_attr */
	ICG_AS_ERATE,		/* enum icmpguard_erate_attr */
	ICG_AS_RULE,		/* enum icmpguard_rule_attr */
	ICG_AS_PFX,		/* enum icmpguard_pfx_attr */
	ICG_AS_TYPE,		/* enum icmpguard_type_attr */
	ICG_AS_ERR,		/* enum icmpguard_err_attr */
	ICG_AS_SRC,		/* enum icmpguard_src_attr */
	ICG_AS_EVT,		/* enum icmpguard_evt_attr */
	ICG_AS_ERATES,		/* entries ICMPGUARD_A_ERROR_RATE */
	ICG_AS_TYPES,		/* entries ICMPGUARD_A_TYPE_ENTRY */
	ICG_AS_ERRORS,		/* entries ICMPGUARD_A_ERROR_ENTRY */
	ICG_AS_COUNT
};

/*
 * The name of attribute type of set ("ICMPGUARD_CFG_A_REPLY_BURST"); NULL
 * when this icmpctl knows none.
 */
const char *icg_attr_name(enum icg_attr_set set, unsigned int type);
/* The number of types of set that have a name slot (the enum's __MAX). */
unsigned int icg_attr_count(enum icg_attr_set set);
/* The set, in words: "ICMPGUARD_CFG_A_*", "ICMPGUARD_A_ERROR_RATE entries" */
const char *icg_attr_set_name(enum icg_attr_set set);

#define ICG_ATTR_DEPTH		4

/* Where an attribute is: the attribute, the nest holding it, and so on. */
struct icg_attr_path {
	unsigned int depth;		/* levels; at[depth - 1] is it */
	struct {
		enum icg_attr_set set;	/* the set its type belongs to */
		unsigned int type;
		unsigned int index;	/* among its siblings, from 0 */
		__u32 offs;		/* from the start of the message */
	} at[ICG_ATTR_DEPTH];
};

/*
 * The attribute of the icmpguard request req that offset offs (from the
 * start of req, as in NLMSGERR_ATTR_OFFS) falls in, the innermost: 0, or
 * -1 when offs is in no attribute.
 */
int icg_attr_locate(const struct nlmsghdr *req, __u32 offs,
		    struct icg_attr_path *path);

#define ICG_ATTR_TEXT_MAX	96

/*
 * " (attribute ICMPGUARD_CFG_A_REPLY_BURST)" for the attribute at offs
 * of req, into buf; "" when offs is in none, or when msg (the extended
 * ACK's message, may be NULL) names it already.
 */
void icg_attr_describe(const struct nlmsghdr *req, __u32 offs,
		       const char *msg, char *buf, size_t len);

#endif /* ICMPCTL_ATTRS_H */
