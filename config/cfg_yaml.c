/* SPDX-License-Identifier: BSD-3-Clause
 *
 * lnsd configuration: reading the file, building the libyaml document,
 * turning libyaml failures into positioned errors, and the error list.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cfg_internal.h"

/* A configuration file is a few KB; refuse to slurp something absurd. */
#define CFG_FILE_MAX	(4u << 20)
/* Depth of the key path tracked to name the context of a syntax error. */
#define CFG_CTX_DEPTH	16

int
cfg_error_add(struct cfg_errors *errs, const char *file, unsigned int line,
	      unsigned int column, const char *key, const char *fmt, ...)
{
	struct cfg_error *e;
	unsigned int cap;
	va_list ap;

	if (errs->n == errs->cap) {
		cap = errs->cap ? errs->cap * 2 : 8;
		e = realloc(errs->v, cap * sizeof(*e));
		if (e == NULL)
			return -ENOMEM;
		errs->v = e;
		errs->cap = cap;
	}
	e = &errs->v[errs->n++];
	snprintf(e->file, sizeof(e->file), "%s", file);
	e->line = line;
	e->column = column;
	snprintf(e->key, sizeof(e->key), "%s", key);
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return 0;
}

/* Error at a node; NULL (an empty document) means the start of the file. */
void
cfg_err(struct cfg_ctx *ctx, const yaml_node_t *node, const char *key,
	const char *fmt, ...)
{
	unsigned int line = 1, col = 1;
	char msg[sizeof(((struct cfg_error *)0)->msg)];
	va_list ap;

	if (node != NULL) {
		line = (unsigned int)node->start_mark.line + 1;
		col = (unsigned int)node->start_mark.column + 1;
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	/* A lost error must not let an invalid file load as valid. */
	if (cfg_error_add(ctx->errs, ctx->file, line, col, key, "%s",
			  msg) != 0)
		ctx->nomem = 1;
}

void
cfg_errors_print(FILE *f, const struct cfg_errors *errs)
{
	const struct cfg_error *e;
	unsigned int i;

	for (i = 0; i < errs->n; i++) {
		e = &errs->v[i];
		/* Errors outside any key (syntax, file) have no KEY part. */
		if (e->key[0] != '\0')
			fprintf(f, "%s:%u:%u: %s: %s\n", e->file, e->line,
				e->column, e->key, e->msg);
		else
			fprintf(f, "%s:%u:%u: %s\n", e->file, e->line,
				e->column, e->msg);
	}
}

void
cfg_errors_free(struct cfg_errors *errs)
{
	if (errs == NULL)
		return;
	free(errs->v);
	errs->v = NULL;
	errs->n = 0;
	errs->cap = 0;
}

/*
 * Stable insertion sort of the errors added by this load by position, so
 * that cross-field errors interleave with the others in file order.
 */
static void
cfg_errors_sort(struct cfg_errors *errs, unsigned int from)
{
	struct cfg_error tmp;
	unsigned int i, j;

	for (i = from + 1; i < errs->n; i++) {
		tmp = errs->v[i];
		for (j = i; j > from; j--) {
			if (errs->v[j - 1].line < tmp.line ||
			    (errs->v[j - 1].line == tmp.line &&
			     errs->v[j - 1].column <= tmp.column))
				break;
			errs->v[j] = errs->v[j - 1];
		}
		errs->v[j] = tmp;
	}
}

yaml_node_t *
cfg_node(struct cfg_ctx *ctx, int id)
{
	return yaml_document_get_node(ctx->doc, id);
}

/* Value of the first key named key in map, or NULL. */
yaml_node_t *
cfg_map_get(struct cfg_ctx *ctx, yaml_node_t *map, const char *key)
{
	yaml_node_pair_t *p;
	yaml_node_t *k;

	if (map == NULL || map->type != YAML_MAPPING_NODE)
		return NULL;
	for (p = map->data.mapping.pairs.start;
	     p < map->data.mapping.pairs.top; p++) {
		k = cfg_node(ctx, p->key);
		if (k != NULL && k->type == YAML_SCALAR_NODE &&
		    strcmp((const char *)k->data.scalar.value, key) == 0)
			return cfg_node(ctx, p->value);
	}
	return NULL;
}

yaml_node_t *
cfg_seq_get(struct cfg_ctx *ctx, yaml_node_t *seq, unsigned int idx)
{
	if (seq == NULL || seq->type != YAML_SEQUENCE_NODE ||
	    idx >= (unsigned int)(seq->data.sequence.items.top -
				  seq->data.sequence.items.start))
		return NULL;
	return cfg_node(ctx, seq->data.sequence.items.start[idx]);
}

/* One level of the key path while replaying events up to a syntax error. */
struct cfg_ev_level {
	bool seq;
	bool want_key;		/* map: next scalar is a key */
	unsigned int idx;	/* seq: index of the current item */
	char key[48];
};

/* A complete value ended at this level: advance to the next key or item. */
static void
cfg_ev_value_done(struct cfg_ev_level *l)
{
	if (l->seq)
		l->idx++;
	else
		l->want_key = true;
}

/*
 * libyaml's loader does not say where in the tree it failed. Replay the
 * parser's events up to the error, tracking the map keys and list indexes,
 * to name the nearest key (e.g. ports[1].address) in the error.
 */
static void
cfg_syntax_context(const char *buf, size_t len, char *path, size_t size)
{
	struct cfg_ev_level st[CFG_CTX_DEPTH];
	unsigned int depth = 0, i;
	yaml_parser_t p;
	yaml_event_t ev;
	struct cfg_ev_level *top;
	size_t n = 0;
	bool done = false;

	path[0] = '\0';
	if (!yaml_parser_initialize(&p))
		return;
	yaml_parser_set_input_string(&p, (const unsigned char *)buf, len);
	while (!done && yaml_parser_parse(&p, &ev)) {
		top = depth > 0 && depth <= CFG_CTX_DEPTH ? &st[depth - 1] :
			NULL;
		switch (ev.type) {
		case YAML_MAPPING_START_EVENT:
		case YAML_SEQUENCE_START_EVENT:
			if (depth < CFG_CTX_DEPTH) {
				memset(&st[depth], 0, sizeof(st[depth]));
				st[depth].seq =
					ev.type == YAML_SEQUENCE_START_EVENT;
				st[depth].want_key = true;
			}
			depth++;
			break;
		case YAML_MAPPING_END_EVENT:
		case YAML_SEQUENCE_END_EVENT:
			depth--;
			if (depth > 0 && depth <= CFG_CTX_DEPTH)
				cfg_ev_value_done(&st[depth - 1]);
			break;
		case YAML_SCALAR_EVENT:
		case YAML_ALIAS_EVENT:
			if (top != NULL && !top->seq && top->want_key) {
				snprintf(top->key, sizeof(top->key), "%s",
					 ev.type == YAML_SCALAR_EVENT ?
					 (char *)ev.data.scalar.value : "*");
				top->want_key = false;
			} else if (top != NULL) {
				cfg_ev_value_done(top);
			}
			break;
		case YAML_DOCUMENT_END_EVENT:
			done = true;
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	for (i = 0; i < depth && i < CFG_CTX_DEPTH && n < size; i++) {
		if (st[i].seq)
			n += (size_t)snprintf(path + n, size - n, "[%u]",
					      st[i].idx);
		else if (!st[i].want_key)
			n += (size_t)snprintf(path + n, size - n, "%s%s",
					      n > 0 ? "." : "", st[i].key);
	}
	yaml_parser_delete(&p);
}

/* Line/column of a byte offset (reader errors only carry the offset). */
static void
cfg_offset_pos(const char *buf, size_t len, size_t off, unsigned int *line,
	       unsigned int *col)
{
	size_t i;

	*line = 1;
	*col = 1;
	for (i = 0; i < off && i < len; i++) {
		if (buf[i] == '\n') {
			(*line)++;
			*col = 1;
		} else {
			(*col)++;
		}
	}
}

static void
cfg_syntax_error(struct cfg_ctx *ctx, yaml_parser_t *p, const char *buf,
		 size_t len)
{
	char key[sizeof(((struct cfg_error *)0)->key)];
	const char *problem;
	unsigned int line, col;
	int ret;

	problem = p->problem != NULL ? p->problem : "invalid YAML";
	if (p->error == YAML_MEMORY_ERROR) {
		ctx->nomem = 1;
		return;
	}
	if (p->error == YAML_READER_ERROR) {
		/* Encoding problem: the parser has no key context yet. */
		cfg_offset_pos(buf, len, p->problem_offset, &line, &col);
		ret = cfg_error_add(ctx->errs, ctx->file, line, col, "",
				    "%s (byte 0x%02x at offset %zu)", problem,
				    (unsigned int)p->problem_value & 0xff,
				    p->problem_offset);
	} else if (p->context != NULL) {
		/* libyaml marks are 0-based. */
		line = (unsigned int)p->problem_mark.line + 1;
		col = (unsigned int)p->problem_mark.column + 1;
		cfg_syntax_context(buf, len, key, sizeof(key));
		ret = cfg_error_add(ctx->errs, ctx->file, line, col, key,
				    "YAML syntax error: %s (%s started at "
				    "line %u, column %u)", problem, p->context,
				    (unsigned int)p->context_mark.line + 1,
				    (unsigned int)p->context_mark.column + 1);
	} else {
		line = (unsigned int)p->problem_mark.line + 1;
		col = (unsigned int)p->problem_mark.column + 1;
		cfg_syntax_context(buf, len, key, sizeof(key));
		ret = cfg_error_add(ctx->errs, ctx->file, line, col, key,
				    "YAML syntax error: %s", problem);
	}
	if (ret != 0)
		ctx->nomem = 1;
}

/* A second document would be silently ignored by yaml_parser_load(). */
static void
cfg_check_single_doc(struct cfg_ctx *ctx, yaml_parser_t *p, const char *buf,
		     size_t len)
{
	yaml_document_t extra;
	yaml_node_t *root;

	if (!yaml_parser_load(p, &extra)) {
		cfg_syntax_error(ctx, p, buf, len);
		return;
	}
	root = yaml_document_get_root_node(&extra);
	/* A trailing "---" alone is an empty document: harmless. */
	if (root != NULL && !cfg_is_null(root) &&
	    cfg_error_add(ctx->errs, ctx->file,
			  (unsigned int)extra.start_mark.line + 1,
			  (unsigned int)extra.start_mark.column + 1, "",
			  "only one YAML document is allowed per file") != 0)
		ctx->nomem = 1;
	yaml_document_delete(&extra);
}

int
cfg_load_doc(const char *name, const char *buf, size_t len,
	     const struct cfg_key *root_keys, void *base, cfg_check_fn *check,
	     struct cfg_errors *errs)
{
	struct cfg_ctx ctx = { .file = name, .errs = errs };
	unsigned int first = errs->n;
	yaml_document_t doc;
	yaml_parser_t parser;
	yaml_node_t *root;

	if (!yaml_parser_initialize(&parser))
		return -ENOMEM;
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf,
				     len);
	if (!yaml_parser_load(&parser, &doc)) {
		cfg_syntax_error(&ctx, &parser, buf, len);
		yaml_parser_delete(&parser);
		goto out;
	}
	ctx.doc = &doc;
	root = yaml_document_get_root_node(&doc);
	if (root != NULL) {
		cfg_check_single_doc(&ctx, &parser, buf, len);
		if (root->type != YAML_MAPPING_NODE) {
			cfg_err(&ctx, root, "",
				"the top level must be a map of sections, "
				"got %s", root->type == YAML_SEQUENCE_NODE ?
				"a list" : "a scalar");
			goto done;
		}
	}
	/* An empty file walks as an empty map: required sections missing. */
	cfg_walk_map(&ctx, root, root_keys, base, "");
	if (check != NULL)
		check(&ctx, root, base);
done:
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
out:
	cfg_errors_sort(errs, first);
	if (ctx.nomem)
		return -ENOMEM;
	return errs->n > first ? -EINVAL : 0;
}

int
cfg_load_buffer(const char *name, const char *buf, size_t len,
		struct cfg *cfg, struct cfg_errors *errs)
{
	struct cfg_errors local = { 0 };
	int ret;

	cfg_defaults(cfg);
	snprintf(cfg->path, sizeof(cfg->path), "%s", name);
	ret = cfg_load_doc(name, buf, len, cfg_root_keys, cfg, cfg_check_cfg,
			   errs != NULL ? errs : &local);
	cfg_errors_free(&local);
	if (ret != 0) {
		/* Nothing half-loaded survives an error. */
		cfg_free(cfg);
		cfg_defaults(cfg);
		snprintf(cfg->path, sizeof(cfg->path), "%s", name);
	}
	return ret;
}

/* Whole file in memory: libyaml errors then refer to the same bytes. */
static int
cfg_read_file(const char *path, char **out, size_t *len)
{
	size_t cap = 4096, n = 0, r;
	char *buf, *nb;
	FILE *f;
	int ret;

	f = fopen(path, "r");
	if (f == NULL)
		return -errno;
	buf = malloc(cap);
	if (buf == NULL) {
		fclose(f);
		return -ENOMEM;
	}
	for (;;) {
		r = fread(buf + n, 1, cap - n, f);
		n += r;
		if (r == 0)
			break;
		if (n == cap) {
			if (cap >= CFG_FILE_MAX) {
				ret = -EFBIG;
				goto fail;
			}
			nb = realloc(buf, cap * 2);
			if (nb == NULL) {
				ret = -ENOMEM;
				goto fail;
			}
			buf = nb;
			cap *= 2;
		}
	}
	if (ferror(f)) {
		ret = errno != 0 ? -errno : -EIO;
		goto fail;
	}
	fclose(f);
	*out = buf;
	*len = n;
	return 0;
fail:
	free(buf);
	fclose(f);
	return ret;
}

int
cfg_load(const char *path, struct cfg *cfg, struct cfg_errors *errs)
{
	size_t len = 0;
	char *buf = NULL;
	int ret;

	cfg_defaults(cfg);
	snprintf(cfg->path, sizeof(cfg->path), "%s", path);
	errno = 0;
	ret = cfg_read_file(path, &buf, &len);
	if (ret != 0) {
		if (errs != NULL)
			cfg_error_add(errs, path, 0, 0, "", "cannot read: %s",
				      strerror(-ret));
		return ret;
	}
	ret = cfg_load_buffer(path, buf, len, cfg, errs);
	free(buf);
	return ret;
}
