// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <microhttpd.h>
#include "base/util.h"
#include "net/http.h"
#include "output/prom.h"

struct http_server {
	struct MHD_Daemon *mhd;
	struct http_opts o;
	int fd;
	int port;
};

static const char landing[] =
	"<!DOCTYPE html><html><head><title>memstall exporter</title></head><body>"
	"<h1>memstall exporter</h1><p>Memory allocator stalls (reclaim, compaction, "
	"OOM kills) from the kernel's own histograms.</p>"
	"<p><a href=\"/metrics\">Metrics</a></p></body></html>\n";

static enum MHD_Result reply(struct MHD_Connection *c, unsigned int status, const char *type,
			     const char *body, size_t len, enum MHD_ResponseMemoryMode mode,
			     const char *allow)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(len, (void *)body, mode);
	enum MHD_Result ret;

	if (!r)
		return MHD_NO; /* MHD closes the connection */
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	if (allow)
		MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, allow);
	ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result text(struct MHD_Connection *c, unsigned int status, const char *msg,
			    const char *allow)
{
	return reply(c, status, "text/plain; charset=utf-8", msg, strlen(msg),
		     MHD_RESPMEM_PERSISTENT, allow);
}

static bool authorized(struct http_server *s, struct MHD_Connection *c)
{
	char *pass = NULL, *user;
	bool ok;

	if (!s->o.web || !s->o.web->nusers)
		return true;
	user = MHD_basic_auth_get_username_password(c, &pass);
	ok = user && pass && webcfg__check(s->o.web, user, pass);
	if (user)
		MHD_free(user);
	if (pass)
		MHD_free(pass);
	return ok;
}

static enum MHD_Result unauthorized(struct MHD_Connection *c)
{
	static const char msg[] = "Unauthorized\n";
	struct MHD_Response *r = MHD_create_response_from_buffer(sizeof(msg) - 1, (void *)msg,
								 MHD_RESPMEM_PERSISTENT);
	enum MHD_Result ret;

	if (!r)
		return MHD_NO;
	ret = MHD_queue_basic_auth_fail_response(c, "memstall", r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
			      const char *method, const char *version, const char *upload,
			      size_t *upload_size, void **con_cls)
{
	struct http_server *s = cls;
	const char *accept;
	char *body;
	size_t len = 0;
	bool om;

	(void)version;
	(void)upload;
	(void)upload_size;
	(void)con_cls;
	if (strcmp(method, MHD_HTTP_METHOD_GET) && strcmp(method, MHD_HTTP_METHOD_HEAD))
		return text(c, MHD_HTTP_METHOD_NOT_ALLOWED, "Method Not Allowed: GET or HEAD\n",
			    "GET, HEAD");
	if (!authorized(s, c))
		return unauthorized(c);
	if (!strcmp(url, "/"))
		return reply(c, MHD_HTTP_OK, "text/html; charset=utf-8", landing,
			     sizeof(landing) - 1, MHD_RESPMEM_PERSISTENT, NULL);
	if (strcmp(url, "/metrics"))
		return text(c, MHD_HTTP_NOT_FOUND, "Not Found: try /metrics\n", NULL);
	accept = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT);
	om = prom__wants_openmetrics(accept);
	body = s->o.metrics(s->o.ctx, om, &len);
	if (!body)
		return text(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "exposition failed\n", NULL);
	return reply(c, MHD_HTTP_OK, prom__content_type(om), body, len, MHD_RESPMEM_MUST_FREE,
		     NULL);
}

/* "ADDR:PORT", "[ADDR]:PORT", ":PORT" -> an address (numeric only). */
static int parse_listen(const char *spec, struct sockaddr_in6 *a6, struct sockaddr_in *a4, bool *v6)
{
	char host[128], *colon = strrchr(spec, ':'), *p = host;
	uint32_t port;

	if (!colon || (size_t)(colon - spec) >= sizeof(host) || util__parse_u32(colon + 1, &port) ||
	    port > 65535)
		return -EINVAL;
	memcpy(host, spec, colon - spec);
	host[colon - spec] = '\0';
	if (host[0] == '[') {
		if (host[strlen(host) - 1] != ']')
			return -EINVAL;
		host[strlen(host) - 1] = '\0';
		p = host + 1;
	}
	memset(a6, 0, sizeof(*a6));
	memset(a4, 0, sizeof(*a4));
	a6->sin6_family = AF_INET6;
	a6->sin6_port = htons(port);
	a4->sin_family = AF_INET;
	a4->sin_port = htons(port);
	*v6 = !*p || strchr(p, ':'); /* ":PORT": every address, v4 and v6 */
	if (!*p)
		return 0;
	return (*v6 ? inet_pton(AF_INET6, p, &a6->sin6_addr)
		    : inet_pton(AF_INET, p, &a4->sin_addr)) == 1
		       ? 0
		       : -EINVAL;
}

static int listen_on(const char *spec, int *port, struct ms_diag *d)
{
	struct sockaddr_in6 a6;
	struct sockaddr_in a4;
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	int fd, one = 1, zero = 0, r;
	bool v6;

	if (parse_listen(spec, &a6, &a4, &v6))
		return diag__fail(d, -EINVAL, MS_EXIT_USAGE,
				  "--listen %s: give ADDR:PORT, [ADDR]:PORT or :PORT (numeric)",
				  spec);
	fd = socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd >= 0 && v6) /* "[::]:PORT" and ":PORT" take IPv4 too */
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof(zero));
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(fd, v6 ? (struct sockaddr *)&a6 : (struct sockaddr *)&a4,
		 v6 ? sizeof(a6) : sizeof(a4)) ||
	    listen(fd, 128) || getsockname(fd, (struct sockaddr *)&ss, &sl)) {
		r = -errno;
		if (fd >= 0)
			close(fd);
		return diag__fail(
			d, r, MS_EXIT_FAIL, "--listen %s: %s%s", spec, strerror(-r),
			r == -EADDRINUSE ? " (another exporter? pick a port with --listen)" : "");
	}
	*port = ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
					       : ((struct sockaddr_in *)&ss)->sin_port);
	return fd;
}

struct http_server *http__start(const struct http_opts *o, struct ms_diag *d, int *errp)
{
	struct http_server *s = calloc(1, sizeof(*s));
	unsigned int flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL;
	bool tls = o->web && o->web->cert_pem;

	if (!s) {
		*errp = diag__fail(d, -ENOMEM, MS_EXIT_FAIL, "out of memory");
		return NULL;
	}
	s->o = *o;
	s->fd = listen_on(o->listen, &s->port, d);
	if (s->fd < 0) {
		*errp = s->fd;
		free(s);
		return NULL;
	}
	if (tls)
		flags |= MHD_USE_TLS;
	/* MHD takes options as varargs: TLS ones only when given */
	s->mhd = MHD_start_daemon(
		flags, 0, NULL, NULL, handle, s, MHD_OPTION_LISTEN_SOCKET, s->fd,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned int)(o->max_conns ? o->max_conns : 64),
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)(o->timeout_s ? o->timeout_s : 10),
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)32768,
		tls ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, tls ? o->web->cert_pem : NULL,
		MHD_OPTION_HTTPS_MEM_KEY, tls ? o->web->key_pem : NULL, MHD_OPTION_END);
	if (!s->mhd) {
		close(s->fd);
		free(s);
		*errp = diag__fail(d, -EINVAL, MS_EXIT_FAIL,
				   "--listen %s: the HTTP server did not start%s", o->listen,
				   tls ? " (is the TLS certificate/key pair valid?)" : "");
		return NULL;
	}
	return s;
}

int http__port(const struct http_server *s)
{
	return s->port;
}

void http__stop(struct http_server *s)
{
	if (!s)
		return;
	MHD_stop_daemon(s->mhd); /* closes the listening socket too */
	free(s);
}
