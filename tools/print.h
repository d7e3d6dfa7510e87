/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One print path for text and JSON.
 *
 * Every call names both a JSON key and what text output shows. In JSON mode
 * the printer emits one compact document (keys, commas and nesting kept
 * right by the printer); in text mode it emits aligned, human-readable
 * lines. Callers never test the mode themselves.
 */
#ifndef ICMPCTL_PRINT_H
#define ICMPCTL_PRINT_H

#include <stdio.h>
#include <linux/types.h>

#define PR_MAX_DEPTH	8

struct pr_column {
	const char *key;	/* JSON member name */
	const char *title;	/* text column heading */
	int width;		/* text column width */
	int left;		/* text: left-align (default: right) */
};

struct printer {
	FILE *out;
	int json;
	/* JSON: depth of nesting and, per level, whether a member is out */
	unsigned int depth;
	unsigned char used[PR_MAX_DEPTH];
	/* text: blocks printed so far, current indentation */
	unsigned int blocks;
	int indent;
	/* current table and column */
	const struct pr_column *cols;
	unsigned int ncols;
	unsigned int col;
	int hidden;		/* text: the table or row is JSON only */
	int flat;		/* JSON: the line opened no object */
};

void pr_init(struct printer *p, FILE *out, int json);
void pr_begin(struct printer *p);
int pr_end(struct printer *p);

/* A named group: JSON object under key, text heading "title:". */
void pr_section_open(struct printer *p, const char *key, const char *title);
void pr_section_close(struct printer *p);

/* A counter: JSON "key": v; text an aligned "label value" row. */
void pr_u64(struct printer *p, const char *key, const char *label, __u64 v);

/* A setting: JSON "key": true|false; text line "label on|off". */
void pr_onoff(struct printer *p, const char *key, const char *label, int on);

/* A value in JSON only: JSON "key": v; text nothing. */
void pr_json_u64(struct printer *p, const char *key, __u64 v);
/* JSON only: "key": "s", or "key": null when s is NULL. */
void pr_json_str(struct printer *p, const char *key, const char *s);
/* JSON only: "key": true|false. */
void pr_json_bool(struct printer *p, const char *key, int v);
/* JSON only: an object under key (NULL: an element of an array). */
void pr_json_open(struct printer *p, const char *key);
void pr_json_close(struct printer *p);
/* JSON only: a number, element of an array of pr_list_open(). */
void pr_json_elem_u64(struct printer *p, __u64 v);

/* Text only: s as it is. */
void pr_text(struct printer *p, const char *s);

/*
 * A setting line holding several values: JSON "key": { ... }; text
 * "label" then " [label ]value" per value, zero_word replacing a zero.
 * With a NULL key, the values are members of the enclosing JSON object;
 * a value with a NULL key is text only.
 */
void pr_line_open(struct printer *p, const char *key, const char *label);
void pr_line_u64(struct printer *p, const char *key, const char *label,
		 __u64 v, const char *zero_word);
void pr_line_str(struct printer *p, const char *key, const char *label,
		 const char *s);
void pr_line_close(struct printer *p);

/*
 * A table: JSON array of objects; text heading, column titles, rows. With
 * a NULL title the table is JSON only; a row opened with text 0 is JSON
 * only. A skipped cell is an empty text cell and no JSON member.
 */
void pr_table_open(struct printer *p, const char *key, const char *title,
		   const struct pr_column *cols, unsigned int ncols);
void pr_row_open(struct printer *p);
void pr_row_open_text(struct printer *p, int text);
void pr_cell_u64(struct printer *p, __u64 v);
void pr_cell_str(struct printer *p, const char *s);
/* JSON true|false; text "yes" or "no". */
void pr_cell_bool(struct printer *p, int v);
void pr_cell_skip(struct printer *p);
void pr_row_close(struct printer *p);
void pr_table_close(struct printer *p);

/* A list of strings: JSON array under key; text one string per line. */
void pr_list_open(struct printer *p, const char *key);
void pr_list_str(struct printer *p, const char *s);
void pr_list_close(struct printer *p);

#endif /* ICMPCTL_PRINT_H */
