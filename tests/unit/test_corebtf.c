// SPDX-License-Identifier: GPL-2.0
/* The minimal BTF CO-RE relocates against (user/kernel/corebtf.c), built
 * from a small "kernel" BTF for a small "object" BTF: the candidates by kind
 * and name minus "___flavour", what they hold by value (whole, bit fields
 * and enum values as they were), pointers to void, nothing else. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <bpf/btf.h>
#include "kernel/corebtf.h"

/* kernel: struct task { int pid; struct inner in; struct other *p;
 * unsigned int flag:3; enum state st; long arr[4]; };
 * struct inner { char c; }; struct other { int x; }; struct unrelated {...};
 * enum state { RUNNING, SLEEPING = 5 }; typedef struct task task_t; */
static struct btf *kernel_btf(void)
{
	struct btf *b = btf__new_empty();
	int i_int, i_char, i_long, inner, other, st, arr, task, unrel, ptr;

	i_int = btf__add_int(b, "int", 4, BTF_INT_SIGNED);
	i_char = btf__add_int(b, "char", 1, BTF_INT_CHAR);
	i_long = btf__add_int(b, "long", 8, BTF_INT_SIGNED);
	inner = btf__add_struct(b, "inner", 1);
	btf__add_field(b, "c", i_char, 0, 0);
	other = btf__add_struct(b, "other", 4);
	btf__add_field(b, "x", i_int, 0, 0);
	ptr = btf__add_ptr(b, other);
	st = btf__add_enum(b, "state", 4);
	btf__add_enum_value(b, "RUNNING", 0);
	btf__add_enum_value(b, "SLEEPING", 5);
	arr = btf__add_array(b, i_int, i_long, 4);
	task = btf__add_struct(b, "task", 64);
	btf__add_field(b, "pid", i_int, 0, 0);
	btf__add_field(b, "in", inner, 32, 0);
	btf__add_field(b, "p", ptr, 64, 0);
	btf__add_field(b, "flag", i_int, 128, 3);
	btf__add_field(b, "st", st, 160, 0);
	btf__add_field(b, "arr", arr, 192, 0);
	unrel = btf__add_struct(b, "unrelated", 4);
	btf__add_field(b, "y", i_int, 0, 0);
	btf__add_typedef(b, "task_t", task);
	(void)unrel;
	return b;
}

/* object: struct task___old { int pid; }, enum state, a FUNC named like a
 * kernel struct (not a root), and a type the kernel does not have */
static struct btf *local_btf(void)
{
	struct btf *b = btf__new_empty();
	int i_int = btf__add_int(b, "int", 4, BTF_INT_SIGNED), proto;

	btf__add_struct(b, "task___old", 4);
	btf__add_field(b, "pid", i_int, 0, 0);
	btf__add_enum(b, "state", 4);
	btf__add_enum_value(b, "RUNNING", 0);
	proto = btf__add_func_proto(b, i_int);
	btf__add_func(b, "unrelated", BTF_FUNC_GLOBAL, proto);
	btf__add_struct(b, "ms_mine", 4);
	btf__add_field(b, "v", i_int, 0, 0);
	return b;
}

static void test_minimal_keeps_candidates_and_what_they_hold(void **state)
{
	struct btf *k = kernel_btf(), *l = local_btf(), *m;
	const struct btf_type *t, *pt;
	const struct btf_member *mb;
	int err = 0, id;

	(void)state;
	m = corebtf__minimal(k, l, &err);
	assert_non_null(m);
	assert_int_equal(err, 0);
	/* the candidate, under its kernel name, whole */
	id = btf__find_by_name_kind(m, "task", BTF_KIND_STRUCT);
	assert_true(id > 0);
	t = btf__type_by_id(m, id);
	assert_int_equal(t->size, 64);
	assert_int_equal(btf_vlen(t), 6);
	mb = btf_members(t);
	assert_string_equal(btf__name_by_offset(m, mb[1].name_off), "in");
	assert_int_equal(btf_member_bit_offset(t, 1), 32);
	/* the bit field keeps its size */
	assert_int_equal(btf_member_bitfield_size(t, 3), 3);
	assert_int_equal(btf_member_bit_offset(t, 3), 128);
	/* held by value: kept */
	assert_true(btf__find_by_name_kind(m, "inner", BTF_KIND_STRUCT) > 0);
	pt = btf__type_by_id(m, mb[5].type);
	assert_true(btf_is_array(pt));
	assert_int_equal(btf_array(pt)->nelems, 4);
	assert_int_equal(btf__resolve_size(m, mb[5].type), 32);
	/* a pointer points to void: its pointee is not kept */
	pt = btf__type_by_id(m, mb[2].type);
	assert_true(btf_is_ptr(pt));
	assert_int_equal(pt->type, 0);
	assert_true(btf__find_by_name_kind(m, "other", BTF_KIND_STRUCT) < 0);
	/* enums whole, by value */
	id = btf__find_by_name_kind(m, "state", BTF_KIND_ENUM);
	assert_true(id > 0);
	t = btf__type_by_id(m, id);
	assert_int_equal(btf_vlen(t), 2);
	assert_int_equal(btf_enum(t)[1].val, 5);
	t = btf__type_by_id(m, btf__find_by_name_kind(m, "task", BTF_KIND_STRUCT));
	assert_int_equal(btf__type_by_id(m, btf_members(t)[4].type)->name_off != 0, 1);
	assert_int_equal(btf_member_bit_offset(t, 4), 160);
	/* a FUNC's name is no root; the typedef of task is not a local name */
	assert_true(btf__find_by_name_kind(m, "unrelated", BTF_KIND_STRUCT) < 0);
	assert_true(btf__find_by_name_kind(m, "task_t", BTF_KIND_TYPEDEF) < 0);
	btf__free(m);
	btf__free(l);
	btf__free(k);
}

/* Written to a memory file, it reads back as the same BTF by its name. */
static void test_memfd_reads_back(void **state)
{
	struct btf *k = kernel_btf(), *l = local_btf(), *m;
	char path[32];
	int fd;

	(void)state;
	fd = corebtf__memfd(path, sizeof(path));
	if (fd == -ENOENT) {
		skip(); /* no /proc here */
		return;
	}
	assert_true(fd >= 0);
	assert_int_equal(corebtf__write(fd, k, l), 0);
	m = btf__parse(path, NULL);
	assert_non_null(m);
	assert_true(btf__find_by_name_kind(m, "task", BTF_KIND_STRUCT) > 0);
	assert_true(btf__find_by_name_kind(m, "inner", BTF_KIND_STRUCT) > 0);
	btf__free(m);
	close(fd);
	btf__free(l);
	btf__free(k);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_minimal_keeps_candidates_and_what_they_hold),
		cmocka_unit_test(test_memfd_reads_back),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
