/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The exporter's HTTP server (libmicrohttpd, one internal thread): GET/HEAD
 * of /metrics and of a small landing page at /, everything else 404/405.
 * Optional TLS and basic auth (bcrypt) from a web configuration file.
 * Bounded: connection limit, per-connection memory (oversized headers get
 * 431), an idle timeout for slow clients.
 */
#ifndef MS_HTTP_H
#define MS_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include "base/diag.h"
#include "net/webcfg.h"

/* Build the exposition: a malloc'd buffer (freed by the server) or NULL. */
typedef char *(*http_metrics_fn)(void *ctx, bool openmetrics, size_t *len);

struct http_opts {
	const char *listen; /* "ADDR:PORT", "[ADDR]:PORT" or ":PORT" */
	struct webcfg *web; /* TLS and users, or NULL */
	http_metrics_fn metrics;
	void *ctx;
	unsigned int max_conns; /* 0: 64 */
	unsigned int timeout_s; /* idle connection timeout, 0: 10 */
};

struct http_server;

/* Listen and serve (from a thread of its own). NULL with diag set. */
struct http_server *http__start(const struct http_opts *o, struct ms_diag *d, int *errp);
void http__stop(struct http_server *s);
/* The port actually bound (for ":0"). */
int http__port(const struct http_server *s);

#endif
