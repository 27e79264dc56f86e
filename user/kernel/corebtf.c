// SPDX-License-Identifier: GPL-2.0
/*
 * The minimal BTF CO-RE relocates against (corebtf.h).
 *
 * What libbpf 1.1 (relo_core.c, libbpf.c) reads of the target BTF:
 * - candidates: every type whose kind is the local root type's (any enum
 *   for an enum) and whose name minus a "___flavour" suffix equals the local
 *   one's (bpf_core_add_cands). A root is a named local type: every named
 *   local type of a kind that can be one is kept, by (kind, name).
 * - field relocations walk the access path member by member, from the root
 *   through members held by value (structs, unions, arrays), comparing each
 *   member's type with bpf_core_fields_are_compat: any two pointers are
 *   compatible whatever they point to, composites are compatible with
 *   composites, enums by name, integers by having no bit offset. A pointer
 *   is never followed within one relocation (the next read is a relocation
 *   of its own, rooted at the pointee's named type). So every type a kept
 *   type holds by value is kept, whole; pointers point to void.
 * - type relocations (exists, size) compare the roots with
 *   bpf_core_types_are_compat, which stops at structs, unions and enums;
 *   enum value relocations read the enum's values: enums are kept whole.
 * Not used by bpf/: type-id and type-match relocations (bpf_core_type_id_kernel,
 * bpf_core_type_matches), which would need the real ids and pointees.
 * tests/live/cli.sh (and the VM suite's commands scenario) check that the programs relocated against this BTF
 * equal those relocated against the whole of it, instruction for
 * instruction.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include "kernel/corebtf.h"
#include "base/util.h"

/* The kinds a relocation's root can be, enums as one. */
static int root_kind(const struct btf_type *t)
{
	switch (btf_kind(t)) {
	case BTF_KIND_ENUM64:
		return BTF_KIND_ENUM;
	case BTF_KIND_INT:
	case BTF_KIND_FLOAT:
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
	case BTF_KIND_ENUM:
	case BTF_KIND_FWD:
	case BTF_KIND_TYPEDEF:
		return btf_kind(t);
	default:
		return -1;
	}
}

/* The name's length without a "___flavour" suffix: the last "___" with a
 * character other than '_' on each side ends it. */
static size_t essential_len(const char *name)
{
	size_t n = strlen(name), i;
	const char *p = strstr(name, "___");

	if (!p) /* most kernel names */
		return n;
	for (i = n >= 5 ? n - 4 : 0; i-- > 0;)
		if (name[i] != '_' && !strncmp(name + i + 1, "___", 3) && name[i + 4] != '_')
			return i + 1;
	return n;
}

/* A set of (kind, essential name): open addressing, a power of two. */
struct names {
	struct {
		const char *s;
		size_t len;
		int kind;
	} * v;
	size_t mask;
	struct prefix2 pre; /* keep_all: most kernel names rejected on it */
};

static size_t name_hash(const char *s, size_t len, int kind)
{
	size_t h = 1469598103934665603ull ^ (size_t)kind, i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return h;
}

/* The slot of (s, len, kind): where it is, or the empty one it would take. */
static size_t names_slot(const struct names *ns, const char *s, size_t len, int kind)
{
	size_t i = name_hash(s, len, kind) & ns->mask;

	while (ns->v[i].s &&
	       (ns->v[i].kind != kind || ns->v[i].len != len || memcmp(ns->v[i].s, s, len)))
		i = (i + 1) & ns->mask;
	return i;
}

/* The local BTF's named types, by kind and essential name. */
static int names_of(struct names *ns, const struct btf *local)
{
	int i, n = btf__type_cnt(local);
	size_t cap = 16;

	while (cap < 2 * (size_t)n)
		cap <<= 1;
	ns->v = calloc(cap, sizeof(*ns->v));
	if (!ns->v)
		return -ENOMEM;
	ns->mask = cap - 1;
	for (i = 1; i < n; i++) {
		const struct btf_type *t = btf__type_by_id(local, i);
		const char *nm = btf__name_by_offset(local, t->name_off);
		int kind = root_kind(t);
		size_t len, k;

		if (kind < 0 || !nm || !*nm)
			continue;
		len = essential_len(nm);
		k = names_slot(ns, nm, len, kind);
		ns->v[k].s = nm;
		ns->v[k].len = len;
		ns->v[k].kind = kind;
		prefix2__add(&ns->pre, nm);
	}
	return 0;
}

static bool names_has(const struct names *ns, const char *s, size_t len, int kind)
{
	return ns->v[names_slot(ns, s, len, kind)].s != NULL;
}

/* The kernel types kept: new id of each (0: not kept; VOID_PTR: a pointer),
 * and the kept ones in new-id order. */
#define VOID_PTR 1 /* the one pointer of the minimal BTF: to void */

struct keep {
	const struct btf *btf;
	int *new_id;
	int *order; /* kernel ids, in new-id order (from VOID_PTR + 1) */
	int n; /* kept */
	int *stack; /* to visit */
	int top;
};

/* Keep kernel type id (and, through the stack, what it holds by value). */
static void keep_type(struct keep *k, int id)
{
	const struct btf_type *t;

	if (id <= 0 || k->new_id[id])
		return;
	t = btf__type_by_id(k->btf, id);
	if (btf_is_ptr(t)) {
		k->new_id[id] = VOID_PTR;
		return;
	}
	switch (btf_kind(t)) {
	case BTF_KIND_FUNC:
	case BTF_KIND_VAR:
	case BTF_KIND_DATASEC:
	case BTF_KIND_DECL_TAG:
		return; /* never held by value: stays void */
	default:
		break;
	}
	k->new_id[id] = VOID_PTR + 1 + k->n;
	k->order[k->n++] = id;
	k->stack[k->top++] = id;
}

/* The types a kept type holds by value. */
static void keep_held(struct keep *k, int id)
{
	const struct btf_type *t = btf__type_by_id(k->btf, id);
	int i;

	switch (btf_kind(t)) {
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		for (i = 0; i < btf_vlen(t); i++)
			keep_type(k, btf_members(t)[i].type);
		break;
	case BTF_KIND_ARRAY:
		keep_type(k, btf_array(t)->type);
		keep_type(k, btf_array(t)->index_type);
		break;
	case BTF_KIND_FUNC_PROTO: /* a typedef of a function type */
		keep_type(k, t->type);
		for (i = 0; i < btf_vlen(t); i++)
			keep_type(k, btf_params(t)[i].type);
		break;
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_CONST:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPE_TAG:
		keep_type(k, t->type);
		break;
	default: /* int, float, enum, fwd: hold nothing */
		break;
	}
}

/* Mark the kernel types to keep: the candidates and what they hold. */
static void keep_all(struct keep *k, const struct names *ns)
{
	int i, n = btf__type_cnt(k->btf);

	for (i = 1; i < n; i++) {
		const struct btf_type *t = btf__type_by_id(k->btf, i);
		int kind = root_kind(t);
		const char *nm;

		if (kind < 0 || !t->name_off)
			continue;
		nm = btf__name_by_offset(k->btf, t->name_off);
		if (nm && *nm && prefix2__has(&ns->pre, nm) &&
		    names_has(ns, nm, essential_len(nm), kind))
			keep_type(k, i);
		while (k->top)
			keep_held(k, k->stack[--k->top]);
	}
}

static int add_members(struct btf *b, const struct keep *k, const struct btf_type *t)
{
	const struct btf_member *m = btf_members(t);
	int i, err = 0;

	for (i = 0; !err && i < btf_vlen(t); i++)
		err = btf__add_field(b, btf__name_by_offset(k->btf, m[i].name_off),
				     k->new_id[m[i].type], btf_member_bit_offset(t, i),
				     btf_member_bitfield_size(t, i));
	return err;
}

static int add_params(struct btf *b, const struct keep *k, const struct btf_type *t)
{
	const struct btf_param *p = btf_params(t);
	int i, err = 0;

	for (i = 0; !err && i < btf_vlen(t); i++)
		err = btf__add_func_param(b, btf__name_by_offset(k->btf, p[i].name_off),
					  k->new_id[p[i].type]);
	return err;
}

/* Append kept kernel type id, its references renumbered. New id or -errno. */
static int add_one(struct btf *b, const struct keep *k, int id)
{
	const struct btf_type *t = btf__type_by_id(k->btf, id);
	const char *nm = btf__name_by_offset(k->btf, t->name_off);
	int r, ref = 0;

	if (!btf_is_composite(t) && !btf_is_array(t) && !btf_is_any_enum(t) && !btf_is_int(t) &&
	    !btf_is_float(t) && !btf_is_fwd(t))
		ref = k->new_id[t->type]; /* a reference: t->type, not t->size */
	switch (btf_kind(t)) {
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		r = btf_is_struct(t) ? btf__add_struct(b, nm, t->size)
				     : btf__add_union(b, nm, t->size);
		return r < 0 ? r : add_members(b, k, t) ?: r;
	case BTF_KIND_ARRAY:
		return btf__add_array(b, k->new_id[btf_array(t)->index_type],
				      k->new_id[btf_array(t)->type], btf_array(t)->nelems);
	case BTF_KIND_FUNC_PROTO:
		r = btf__add_func_proto(b, ref);
		return r < 0 ? r : add_params(b, k, t) ?: r;
	case BTF_KIND_TYPEDEF:
		return btf__add_typedef(b, nm, ref);
	case BTF_KIND_CONST:
		return btf__add_const(b, ref);
	case BTF_KIND_VOLATILE:
		return btf__add_volatile(b, ref);
	case BTF_KIND_RESTRICT:
		return btf__add_restrict(b, ref);
	case BTF_KIND_TYPE_TAG:
		return btf__add_type_tag(b, nm, ref);
	default: /* int, float, enum, enum64, fwd: no references, copied as is */
		return btf__add_type(b, k->btf, t);
	}
}

static struct btf *build(const struct keep *k, int *errp)
{
	struct btf *b = btf__new_empty();
	int i, id = b ? btf__add_ptr(b, 0) : -ENOMEM;

	for (i = 0; id > 0 && i < k->n; i++) {
		id = add_one(b, k, k->order[i]);
		if (id >= 0 && id != k->new_id[k->order[i]])
			id = -EPROTO; /* cannot happen: ids are given in order */
	}
	if (id > 0)
		return b;
	btf__free(b);
	*errp = id < 0 ? id : -ENOMEM;
	return NULL;
}

struct btf *corebtf__minimal(const struct btf *kernel, const struct btf *local, int *errp)
{
	int n = btf__type_cnt(kernel);
	struct names ns = {};
	struct keep k = { .btf = kernel };
	struct btf *b = NULL;

	*errp = names_of(&ns, local);
	k.new_id = calloc(n, sizeof(*k.new_id));
	k.order = malloc(n * sizeof(*k.order));
	k.stack = malloc(n * sizeof(*k.stack));
	if (!*errp && (!k.new_id || !k.order || !k.stack))
		*errp = -ENOMEM;
	if (!*errp) {
		keep_all(&k, &ns);
		b = build(&k, errp);
	}
	free(k.stack);
	free(k.order);
	free(k.new_id);
	free(ns.v);
	return b;
}

int corebtf__memfd(char *path, size_t len)
{
	int fd = memfd_create("memstall-core-btf", MFD_CLOEXEC);

	if (fd < 0)
		return -errno;
	snprintf(path, len, "/proc/self/fd/%d", fd);
	if (!access(path, R_OK)) /* no /proc (a bare container): not by name */
		return fd;
	close(fd);
	return -ENOENT;
}

int corebtf__write(int fd, const struct btf *kernel, const struct btf *local)
{
	struct btf *b;
	const char *raw;
	__u32 size, off = 0;
	ssize_t w = 0;
	int err;

	b = corebtf__minimal(kernel, local, &err);
	if (!b)
		return err;
	raw = btf__raw_data(b, &size);
	err = raw ? 0 : -ENOMEM;
	while (!err && off < size && (w = write(fd, raw + off, size - off)) > 0)
		off += w;
	if (!err && off < size)
		err = w < 0 ? -errno : -EIO;
	btf__free(b);
	return err;
}

/* An instruction that loads a map's address: its imm is this process's fd
 * of the map, not something the relocation decided. */
static bool loads_map(const struct bpf_insn *in)
{
	return in->code == (BPF_LD | BPF_IMM | BPF_DW) &&
	       (in->src_reg == BPF_PSEUDO_MAP_FD || in->src_reg == BPF_PSEUDO_MAP_VALUE);
}

int corebtf__dump_progs(const struct bpf_object *obj, const char *path)
{
	FILE *f = fopen(path, "w");
	struct bpf_program *p;
	size_t i, n;

	if (!f)
		return -errno;
	bpf_object__for_each_program (p, obj) {
		const struct bpf_insn *in = bpf_program__insns(p);

		if (!bpf_program__autoload(p))
			continue;
		n = bpf_program__insn_cnt(p);
		fprintf(f, "%s %zu", bpf_program__name(p), n);
		for (i = 0; in && i < n; i++)
			fprintf(f, " %02x%x%x:%d:%d", in[i].code, in[i].dst_reg, in[i].src_reg,
				in[i].off, loads_map(&in[i]) ? -1 : in[i].imm);
		fputc('\n', f);
	}
	return fclose(f) ? -errno : 0;
}
