// SPDX-License-Identifier: GPL-2.0
/*
 * vcpu_insns.so - a QEMU TCG plugin that counts the guest instructions
 * each vCPU executes, for icmpguard's benchmark (selftests/bench/bench
 * loads it with -plugin).
 *
 *   qemu-system-x86_64 ... -plugin vcpu_insns.so,out=FILE
 *
 * FILE (a page) holds 63 little-endian u64 counters, one per vCPU index,
 * updated as the guest runs. make bench gives the guest the same file as
 * the memory of an ivshmem PCI device (-object memory-backend-file,
 * share=on, -device ivshmem-plain), so the guest reads the counters
 * with a load from a mapping of that device's BAR 2: no I/O, no
 * interrupt, nothing on the vCPU measured. (Read through a file share
 * the counters are right too, but the 9p read's completion work may
 * run on any CPU.) A halted vCPU executes nothing, so
 * a counter read while its vCPU idles is exact; the difference of two
 * such reads is the work that vCPU did in between, whatever the host's
 * load and whatever the other vCPU did.
 *
 * Each translation block adds its instruction count when it starts
 * executing (a block left early by an exception is counted whole: a
 * few instructions in millions). The counting is per vCPU index, so
 * it is exact with multi-threaded TCG too.
 *
 * A profile, on request: counter 63 of FILE is a control word the guest
 * may write. While it is 1, every block vCPU 0 executes is counted by
 * its guest address; when the guest writes 2, the plugin appends
 * "ADDRESS INSTRUCTIONS" lines (hex, decimal; one per block executed
 * since, instructions summed over its executions) to the file named by
 * prof=PROFILE, then "end", zeroes the counts and sets the word back to
 * 0. selftests/bench/run --profile maps the addresses to the guest
 * kernel's symbols.
 *
 * vcpu_insns.h declares the few functions of QEMU's plugin API (version 1,
 * QEMU 7.2) that this file uses.
 */

#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/types.h>
#include "vcpu_insns.h"

#define VCPUS	63	/* counter 63 is the profile's control word */
#define CTL	63

/* A translated block, for the profile. */
struct block {
	__u64 vaddr;
	__u64 insns;		/* per execution */
	__u64 count;		/* executions by vCPU 0 while profiling */
	struct block *next;
};

__attribute__((visibility("default"))) int qemu_plugin_version = 1;

static __u64 *counts;
static const char *prof;
static struct block *blocks;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

/* Appends the profile to PROF and starts it anew. */
static void dump(void)
{
	FILE *f = fopen(prof, "a");
	struct block *b;

	pthread_mutex_lock(&lock);
	for (b = blocks; b; b = b->next) {
		if (b->count && f)
			fprintf(f, "%llx %llu\n", (unsigned long long)b->vaddr,
				(unsigned long long)(b->count * b->insns));
		b->count = 0;
	}
	pthread_mutex_unlock(&lock);
	if (f) {
		fprintf(f, "end\n");
		fclose(f);
	}
}

static void exec(unsigned int vcpu, void *udata)
{
	struct block *b = udata;

	if (vcpu < VCPUS)
		counts[vcpu] += b->insns;
	if (vcpu || !prof || !counts[CTL])
		return;
	if (counts[CTL] == 1) {
		b->count++;
	} else if (counts[CTL] == 2) {
		dump();
		counts[CTL] = 0;
	}
}

static void trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	struct block *b = calloc(1, sizeof(*b));

	if (!b)
		abort();
	b->vaddr = qemu_plugin_tb_vaddr(tb);
	b->insns = qemu_plugin_tb_n_insns(tb);
	pthread_mutex_lock(&lock);
	b->next = blocks;
	blocks = b;
	pthread_mutex_unlock(&lock);
	qemu_plugin_register_vcpu_tb_exec_cb(tb, exec, QEMU_PLUGIN_CB_NO_REGS,
					     b);
}

__attribute__((visibility("default")))
int qemu_plugin_install(qemu_plugin_id_t id, const struct qemu_info_t *info,
			int argc, char **argv)
{
	const char *out = NULL;
	size_t size = 4096;	/* a page: also QEMU's ivshmem backend */
	void *p;
	int i, fd;

	for (i = 0; i < argc; i++)
		if (!strncmp(argv[i], "out=", 4))
			out = argv[i] + 4;
		else if (!strncmp(argv[i], "prof=", 5))
			prof = argv[i] + 5;
	if (!out) {
		fprintf(stderr, "vcpu_insns: needs out=FILE\n");
		return -1;
	}
	fd = open(out, O_RDWR | O_CREAT, 0644);
	if (fd < 0 || ftruncate(fd, size)) {
		perror(out);
		return -1;
	}
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (p == MAP_FAILED) {
		perror("vcpu_insns: mmap");
		return -1;
	}
	counts = p;
	memset(counts, 0, size);
	qemu_plugin_register_vcpu_tb_trans_cb(id, trans);
	return 0;
}
