// SPDX-License-Identifier: GPL-2.0
#include <crypt.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>
#include <nettle/sha2.h>
#include "base/util.h"
#include "net/webcfg.h"

#define WEBCFG_MAX_FILE (1 << 20)

void webcfg__free(struct webcfg *w)
{
	int i;

	if (!w)
		return;
	free(w->cert_pem);
	free(w->key_pem);
	for (i = 0; i < w->nusers; i++) {
		free(w->user[i]);
		free(w->hash[i]);
	}
	free(w);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "re");
	char *buf = NULL;
	size_t n;

	if (!f)
		return NULL;
	buf = malloc(WEBCFG_MAX_FILE + 1);
	if (buf) {
		n = fread(buf, 1, WEBCFG_MAX_FILE + 1, f);
		if (ferror(f) || n > WEBCFG_MAX_FILE) {
			free(buf);
			buf = NULL;
			errno = ferror(f) ? EIO : EFBIG;
		} else {
			buf[n] = '\0';
			if (len)
				*len = n;
		}
	}
	fclose(f);
	return buf;
}

static const char *scalar(yaml_document_t *doc, yaml_node_t *n)
{
	(void)doc;
	return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

/* A file named in the config, relative to the config's directory. */
static int load_file(const char *dir, const char *name, const char *what, char **out,
		     struct ms_diag *d)
{
	char path[4096];
	int r;

	if (name[0] == '/' || !dir)
		r = snprintf(path, sizeof(path), "%s", name);
	else
		r = snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (r < 0 || (size_t)r >= sizeof(path))
		return diag__fail(d, -ENAMETOOLONG, MS_EXIT_INPUT, "web config: %s: path too long",
				  what);
	*out = slurp(path, NULL);
	if (!*out)
		return diag__fail(d, -errno, MS_EXIT_INPUT, "web config: %s %s: %s", what, path,
				  strerror(errno));
	return 0;
}

static int parse_tls(yaml_document_t *doc, yaml_node_t *m, const char *dir, struct webcfg *w,
		     struct ms_diag *d)
{
	const char *cert = NULL, *key = NULL;
	yaml_node_pair_t *p;
	int err;

	if (m->type != YAML_MAPPING_NODE)
		return diag__fail(d, -EINVAL, MS_EXIT_INPUT,
				  "web config: tls_server_config is not a mapping");
	for (p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
		const char *k = scalar(doc, yaml_document_get_node(doc, p->key));
		const char *v = scalar(doc, yaml_document_get_node(doc, p->value));

		if (k && v && !strcmp(k, "cert_file"))
			cert = v;
		else if (k && v && !strcmp(k, "key_file"))
			key = v;
		else
			return diag__fail(d, -EINVAL, MS_EXIT_INPUT,
					  "web config: tls_server_config.%s: not supported "
					  "(memstall reads cert_file and key_file)",
					  k ? k : "?");
	}
	if (!cert || !key)
		return diag__fail(d, -EINVAL, MS_EXIT_INPUT,
				  "web config: tls_server_config needs cert_file and key_file");
	err = load_file(dir, cert, "cert_file", &w->cert_pem, d);
	return err ? err : load_file(dir, key, "key_file", &w->key_pem, d);
}

static int parse_users(yaml_document_t *doc, yaml_node_t *m, struct webcfg *w, struct ms_diag *d)
{
	yaml_node_pair_t *p;

	if (m->type != YAML_MAPPING_NODE)
		return diag__fail(d, -EINVAL, MS_EXIT_INPUT,
				  "web config: basic_auth_users is not a mapping");
	for (p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
		const char *k = scalar(doc, yaml_document_get_node(doc, p->key));
		const char *v = scalar(doc, yaml_document_get_node(doc, p->value));

		if (!k || !v || !*k)
			return diag__fail(d, -EINVAL, MS_EXIT_INPUT,
					  "web config: basic_auth_users: give USER: BCRYPT-HASH");
		if (strncmp(v, "$2a$", 4) && strncmp(v, "$2b$", 4) && strncmp(v, "$2y$", 4))
			return diag__fail(d, -EINVAL, MS_EXIT_INPUT,
					  "web config: user %s: not a bcrypt hash ($2b$...): "
					  "make one with htpasswd -nBC 10 %s",
					  k, k);
		if (w->nusers == WEBCFG_MAX_USERS)
			return diag__fail(d, -E2BIG, MS_EXIT_INPUT,
					  "web config: more than %d users", WEBCFG_MAX_USERS);
		w->user[w->nusers] = strdup(k);
		w->hash[w->nusers] = strdup(v);
		if (!w->user[w->nusers] || !w->hash[w->nusers++])
			return diag__fail(d, -ENOMEM, MS_EXIT_FAIL, "out of memory");
	}
	return 0;
}

static int parse_root(yaml_document_t *doc, const char *dir, struct webcfg *w, struct ms_diag *d)
{
	yaml_node_t *root = yaml_document_get_root_node(doc);
	yaml_node_pair_t *p;
	int err = 0;

	if (!root) /* an empty file: plain HTTP, no users */
		return 0;
	if (root->type != YAML_MAPPING_NODE)
		return diag__fail(d, -EINVAL, MS_EXIT_INPUT, "web config: not a YAML mapping");
	for (p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top && !err; p++) {
		const char *k = scalar(doc, yaml_document_get_node(doc, p->key));
		yaml_node_t *v = yaml_document_get_node(doc, p->value);

		if (k && !strcmp(k, "tls_server_config"))
			err = parse_tls(doc, v, dir, w, d);
		else if (k && !strcmp(k, "basic_auth_users"))
			err = parse_users(doc, v, w, d);
		else
			err = diag__fail(d, -EINVAL, MS_EXIT_INPUT,
					 "web config: %s: not supported (memstall reads "
					 "tls_server_config and basic_auth_users)",
					 k ? k : "?");
	}
	return err;
}

struct webcfg *webcfg__parse(const char *text, size_t len, const char *dir, struct ms_diag *d,
			     int *errp)
{
	struct webcfg *w = calloc(1, sizeof(*w));
	yaml_parser_t parser;
	yaml_document_t doc;
	int err;

	if (!w) {
		*errp = diag__fail(d, -ENOMEM, MS_EXIT_FAIL, "out of memory");
		return NULL;
	}
	if (!yaml_parser_initialize(&parser)) {
		free(w);
		*errp = diag__fail(d, -ENOMEM, MS_EXIT_FAIL, "out of memory");
		return NULL;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	if (!yaml_parser_load(&parser, &doc)) {
		err = diag__fail(d, -EINVAL, MS_EXIT_INPUT, "web config: line %zu: %s",
				 parser.problem_mark.line + 1,
				 parser.problem ? parser.problem : "not YAML");
		yaml_parser_delete(&parser);
		webcfg__free(w);
		*errp = err;
		return NULL;
	}
	err = parse_root(&doc, dir, w, d);
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	if (err) {
		webcfg__free(w);
		*errp = err;
		return NULL;
	}
	return w;
}

struct webcfg *webcfg__load(const char *path, struct ms_diag *d, int *errp)
{
	char dir[4096], *slash, *text;
	struct webcfg *w;
	size_t len = 0;

	text = slurp(path, &len);
	if (!text) {
		*errp = diag__fail(d, -errno, MS_EXIT_INPUT, "--web-config %s: %s", path,
				   strerror(errno));
		return NULL;
	}
	util__strlcpy(dir, path, sizeof(dir));
	slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	w = webcfg__parse(text, len, slash ? dir : ".", d, errp);
	free(text);
	return w;
}

static bool same(const unsigned char *a, const unsigned char *b, size_t n)
{
	unsigned char diff = 0;
	size_t i;

	for (i = 0; i < n; i++) /* constant time */
		diff |= (unsigned char)(a[i] ^ b[i]);
	return !diff;
}

bool webcfg__check(struct webcfg *w, const char *user, const char *pass)
{
	unsigned char sha[SHA256_DIGEST_SIZE];
	struct sha256_ctx sc;
	struct crypt_data *cd;
	const char *h;
	bool ok;
	int u;

	for (u = 0; u < w->nusers; u++)
		if (!strcmp(w->user[u], user))
			break;
	if (u == w->nusers)
		return false;
	sha256_init(&sc);
	sha256_update(&sc, strlen(pass), (const uint8_t *)pass);
	sha256_digest(&sc, sizeof(sha), sha);
	if (w->ok_valid[u] && same(sha, w->ok_sha[u], sizeof(sha)))
		return true;
	cd = calloc(1, sizeof(*cd));
	if (!cd)
		return false;
	h = crypt_r(pass, w->hash[u], cd);
	ok = h && strlen(h) == strlen(w->hash[u]) &&
	     same((const unsigned char *)h, (const unsigned char *)w->hash[u], strlen(h));
	free(cd);
	if (ok) {
		memcpy(w->ok_sha[u], sha, sizeof(sha));
		w->ok_valid[u] = true;
	}
	return ok;
}
