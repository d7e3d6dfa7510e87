// SPDX-License-Identifier: GPL-2.0
/*
 * One print path for text and JSON; see print.h.
 */
#include <stdio.h>
#include <string.h>

#include "print.h"

#define LABEL_WIDTH	24
#define VALUE_WIDTH	20
#define INDENT		2

/* Values of printer.hidden: the table is JSON only, or the row is. */
#define HIDDEN_TABLE	1
#define HIDDEN_ROW	2

void pr_init(struct printer *p, FILE *out, int json)
{
	memset(p, 0, sizeof(*p));
	p->out = out;
	p->json = json;
}

static void json_string(struct printer *p, const char *s)
{
	const unsigned char *c;

	fputc('"', p->out);
	for (c = (const unsigned char *)s; *c; c++) {
		if (*c == '"' || *c == '\\')
			fprintf(p->out, "\\%c", *c);
		else if (*c < 0x20 || *c == 0x7f)
			fprintf(p->out, "\\u%04x", *c);
		else
			fputc(*c, p->out);
	}
	fputc('"', p->out);
}

/* Start a member of the current level: separator, then "key": if any. */
static void json_member(struct printer *p, const char *key)
{
	if (p->used[p->depth])
		fputc(',', p->out);
	p->used[p->depth] = 1;
	if (key) {
		json_string(p, key);
		fputc(':', p->out);
	}
}

static void json_open(struct printer *p, const char *key, char bracket)
{
	json_member(p, key);
	fputc(bracket, p->out);
	if (p->depth + 1 < PR_MAX_DEPTH)
		p->depth++;
	p->used[p->depth] = 0;
}

static void json_close(struct printer *p, char bracket)
{
	if (p->depth)
		p->depth--;
	fputc(bracket, p->out);
}

/* Text: blank line between blocks, then "title:". */
static void text_heading(struct printer *p, const char *title)
{
	if (p->blocks++)
		fputc('\n', p->out);
	fprintf(p->out, "%s:\n", title);
	p->indent = INDENT;
}

void pr_begin(struct printer *p)
{
	if (p->json) {
		fputc('{', p->out);
		p->depth = 0;
		p->used[0] = 0;
	}
}

int pr_end(struct printer *p)
{
	if (p->json)
		fputs("}\n", p->out);
	if (fflush(p->out) || ferror(p->out))
		return -1;
	return 0;
}

void pr_section_open(struct printer *p, const char *key, const char *title)
{
	if (p->json)
		json_open(p, key, '{');
	else
		text_heading(p, title);
}

void pr_section_close(struct printer *p)
{
	if (p->json)
		json_close(p, '}');
	else
		p->indent = 0;
}

void pr_u64(struct printer *p, const char *key, const char *label, __u64 v)
{
	if (p->json) {
		json_member(p, key);
		fprintf(p->out, "%llu", v);
		return;
	}
	fprintf(p->out, "%*s%-*s %*llu\n", p->indent, "", LABEL_WIDTH,
		label ? label : key, VALUE_WIDTH, v);
}

void pr_onoff(struct printer *p, const char *key, const char *label, int on)
{
	if (p->json) {
		json_member(p, key);
		fputs(on ? "true" : "false", p->out);
		return;
	}
	fprintf(p->out, "%*s%s %s\n", p->indent, "", label ? label : key,
		on ? "on" : "off");
}

void pr_json_u64(struct printer *p, const char *key, __u64 v)
{
	if (p->json) {
		json_member(p, key);
		fprintf(p->out, "%llu", v);
	}
}

void pr_json_str(struct printer *p, const char *key, const char *s)
{
	if (!p->json)
		return;
	json_member(p, key);
	if (s)
		json_string(p, s);
	else
		fputs("null", p->out);
}

void pr_json_bool(struct printer *p, const char *key, int v)
{
	if (!p->json)
		return;
	json_member(p, key);
	fputs(v ? "true" : "false", p->out);
}

void pr_json_open(struct printer *p, const char *key)
{
	if (p->json)
		json_open(p, key, '{');
}

void pr_json_close(struct printer *p)
{
	if (p->json)
		json_close(p, '}');
}

void pr_json_elem_u64(struct printer *p, __u64 v)
{
	pr_json_u64(p, NULL, v);
}

void pr_text(struct printer *p, const char *s)
{
	if (!p->json)
		fputs(s, p->out);
}

void pr_line_open(struct printer *p, const char *key, const char *label)
{
	if (p->json) {
		p->flat = !key;
		if (key)
			json_open(p, key, '{');
	} else {
		fprintf(p->out, "%*s%s", p->indent, "", label ? label : key);
	}
}

void pr_line_u64(struct printer *p, const char *key, const char *label,
		 __u64 v, const char *zero_word)
{
	if (p->json) {
		if (key)
			pr_json_u64(p, key, v);
		return;
	}
	if (label)
		fprintf(p->out, " %s", label);
	if (!v && zero_word)
		fprintf(p->out, " %s", zero_word);
	else
		fprintf(p->out, " %llu", v);
}

void pr_line_str(struct printer *p, const char *key, const char *label,
		 const char *s)
{
	if (p->json) {
		if (key) {
			json_member(p, key);
			json_string(p, s);
		}
		return;
	}
	if (label)
		fprintf(p->out, " %s", label);
	fprintf(p->out, " %s", s);
}

void pr_line_close(struct printer *p)
{
	if (p->json && !p->flat)
		json_close(p, '}');
	else if (!p->json)
		fputc('\n', p->out);
	p->flat = 0;
}

static void text_cell(struct printer *p, const char *s)
{
	const struct pr_column *c;

	if (p->hidden || p->col >= p->ncols)
		return;
	c = &p->cols[p->col];
	if (p->col++)
		fputs("  ", p->out);
	if (c->left && p->col == p->ncols)
		fputs(s, p->out);	/* no trailing blanks at line end */
	else if (c->left)
		fprintf(p->out, "%-*s", c->width, s);
	else
		fprintf(p->out, "%*s", c->width, s);
}

void pr_table_open(struct printer *p, const char *key, const char *title,
		   const struct pr_column *cols, unsigned int ncols)
{
	unsigned int i;

	p->cols = cols;
	p->ncols = ncols;
	if (p->json) {
		json_open(p, key, '[');
		return;
	}
	p->hidden = title ? 0 : HIDDEN_TABLE;
	if (p->hidden)
		return;
	text_heading(p, title);
	fprintf(p->out, "%*s", p->indent, "");
	p->col = 0;
	for (i = 0; i < ncols; i++)
		text_cell(p, cols[i].title);
	fputc('\n', p->out);
}

void pr_row_open(struct printer *p)
{
	pr_row_open_text(p, 1);
}

void pr_row_open_text(struct printer *p, int text)
{
	p->col = 0;
	if (p->json)
		json_open(p, NULL, '{');
	else if (!text && !p->hidden)
		p->hidden = HIDDEN_ROW;
	else if (!p->hidden)
		fprintf(p->out, "%*s", p->indent, "");
}

void pr_cell_u64(struct printer *p, __u64 v)
{
	char buf[24];

	if (p->json) {
		if (p->col < p->ncols)
			json_member(p, p->cols[p->col++].key);
		fprintf(p->out, "%llu", v);
		return;
	}
	snprintf(buf, sizeof(buf), "%llu", v);
	text_cell(p, buf);
}

void pr_cell_str(struct printer *p, const char *s)
{
	if (p->json) {
		if (p->col < p->ncols)
			json_member(p, p->cols[p->col++].key);
		json_string(p, s);
		return;
	}
	text_cell(p, s);
}

void pr_cell_bool(struct printer *p, int v)
{
	if (!p->json) {
		text_cell(p, v ? "yes" : "no");
		return;
	}
	if (p->col < p->ncols)
		json_member(p, p->cols[p->col++].key);
	fputs(v ? "true" : "false", p->out);
}

void pr_cell_skip(struct printer *p)
{
	if (!p->json)
		text_cell(p, "");
	else if (p->col < p->ncols)
		p->col++;
}

void pr_row_close(struct printer *p)
{
	if (p->json)
		json_close(p, '}');
	else if (p->hidden == HIDDEN_ROW)
		p->hidden = 0;
	else if (!p->hidden)
		fputc('\n', p->out);
}

void pr_table_close(struct printer *p)
{
	p->cols = NULL;
	p->ncols = 0;
	if (p->json)
		json_close(p, ']');
	else if (!p->hidden)
		p->indent = 0;
	p->hidden = 0;
}

void pr_list_open(struct printer *p, const char *key)
{
	if (p->json)
		json_open(p, key, '[');
}

void pr_list_str(struct printer *p, const char *s)
{
	if (p->json) {
		json_member(p, NULL);
		json_string(p, s);
		return;
	}
	fprintf(p->out, "%*s%s\n", p->indent, "", s);
}

void pr_list_close(struct printer *p)
{
	if (p->json)
		json_close(p, ']');
}
