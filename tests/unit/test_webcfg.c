// SPDX-License-Identifier: GPL-2.0
/* The exporter-toolkit web configuration (--web-config): users with bcrypt
 * hashes verified through libcrypt, TLS files read relative to the file,
 * and every unsupported or malformed setting refused with one line. */
#include <crypt.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "net/webcfg.h"

static struct webcfg *parse(const char *text, struct ms_diag *d, int *err)
{
	memset(d, 0, sizeof(*d));
	*err = 0;
	return webcfg__parse(text, strlen(text), "/nonexistent", d, err);
}

static void test_users(void **state)
{
	struct crypt_data cd = { 0 };
	char yaml[512], h2y[128];
	const char *h;
	struct ms_diag d;
	struct webcfg *w;
	int err;

	(void)state;
	/* cost 5 keeps the test fast; $2y$ (htpasswd's prefix) verifies too */
	h = crypt_r("s3cret", "$2b$05$abcdefghijklmnopqrstuu", &cd);
	assert_non_null(h);
	assert_memory_equal(h, "$2b$05$", 7);
	snprintf(h2y, sizeof(h2y), "$2y$%s", h + 4);
	snprintf(yaml, sizeof(yaml), "basic_auth_users:\n  prom: '%s'\n  other: '%s'\n", h, h2y);
	w = parse(yaml, &d, &err);
	assert_non_null(w);
	assert_int_equal(w->nusers, 2);
	assert_null(w->cert_pem);
	assert_true(webcfg__check(w, "prom", "s3cret"));
	assert_true(webcfg__check(w, "prom", "s3cret")); /* cached */
	assert_false(webcfg__check(w, "prom", "s3cret "));
	assert_false(webcfg__check(w, "prom", ""));
	assert_false(webcfg__check(w, "nobody", "s3cret"));
	assert_true(webcfg__check(w, "other", "s3cret"));
	webcfg__free(w);
}

static void test_refused(void **state)
{
	static const char *const bad[] = {
		"basic_auth_users:\n  u: plaintext\n", /* not bcrypt */
		"basic_auth_users: [a, b]\n",
		"http_server_config:\n  http2: true\n", /* not supported: said so */
		"tls_server_config:\n  cert_file: a.crt\n", /* key missing */
		"tls_server_config:\n  cert_file: a.crt\n  key_file: a.key\n  client_auth_type: "
		"RequireAndVerifyClientCert\n",
		"tls_server_config:\n  cert_file: a.crt\n  key_file: a.key\n", /* no such files */
		"tls_server_config: [\n", /* not YAML */
		"- a\n- b\n",
	};
	struct ms_diag d;
	struct webcfg *w;
	size_t i;
	int err;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		w = parse(bad[i], &d, &err);
		assert_null(w);
		assert_true(err < 0);
		assert_int_equal(diag__exit_code(&d, err), MS_EXIT_INPUT);
	}
	/* an empty file: plain HTTP without users */
	w = parse("", &d, &err);
	assert_non_null(w);
	assert_int_equal(w->nusers, 0);
	webcfg__free(w);
}

static void test_tls_files(void **state)
{
	char dir[] = "/tmp/memstall-webcfg.XXXXXX", path[300];
	struct ms_diag d = { 0 };
	struct webcfg *w;
	FILE *f;
	int err = 0;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/c.pem", dir);
	f = fopen(path, "w");
	fputs("CERT", f);
	fclose(f);
	snprintf(path, sizeof(path), "%s/k.pem", dir);
	f = fopen(path, "w");
	fputs("KEY", f);
	fclose(f);
	snprintf(path, sizeof(path), "%s/web.yml", dir);
	f = fopen(path, "w");
	fputs("tls_server_config:\n  cert_file: c.pem\n  key_file: k.pem\n", f);
	fclose(f);
	w = webcfg__load(path, &d, &err); /* relative to the file */
	assert_non_null(w);
	assert_string_equal(w->cert_pem, "CERT");
	assert_string_equal(w->key_pem, "KEY");
	webcfg__free(w);
	unlink(path);
	snprintf(path, sizeof(path), "%s/c.pem", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/k.pem", dir);
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_users),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_tls_files),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
