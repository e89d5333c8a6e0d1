/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Just enough of the kernel's scatterlist and sg_miter for the unit tests
 * to run wg_chacha20poly1305_{en,de}crypt_sg_inplace in userspace: each
 * entry is one contiguous piece (the kernel maps at most a page at a time,
 * which only makes pieces smaller).
 */
#ifndef CSYM_SG_SHIM_H
#define CSYM_SG_SHIM_H

#define WG_TEST_SG 1
#define SG_MITER_ATOMIC (1 << 0)
#define SG_MITER_TO_SG (1 << 1)
#define SG_MITER_FROM_SG (1 << 2)

struct scatterlist {
	u8 *buf;
	unsigned int length;
	bool end;
};

struct sg_mapping_iter {
	void *addr;
	size_t length;
	struct scatterlist *next;
	unsigned int left;
};

static int sg_nents(struct scatterlist *sg)
{
	int n = 1;

	while (!sg->end) {
		sg++;
		n++;
	}
	return n;
}

static void sg_miter_start(struct sg_mapping_iter *m, struct scatterlist *sg,
			   unsigned int nents, unsigned int flags)
{
	(void)flags;
	m->next = sg;
	m->left = nents;
	m->addr = NULL;
	m->length = 0;
}

static bool sg_miter_next(struct sg_mapping_iter *m)
{
	if (!m->left)
		return false;
	m->addr = m->next->buf;
	m->length = m->next->length;
	m->next++;
	m->left--;
	return true;
}

static void sg_miter_stop(struct sg_mapping_iter *m)
{
	m->addr = NULL;
}

static size_t sg_zero_buffer(struct scatterlist *sg, unsigned int nents,
			     size_t len, size_t skip)
{
	size_t done = 0, n;

	(void)skip;
	for (; nents-- && done < len; sg++) {
		n = min_t(size_t, sg->length, len - done);
		memset(sg->buf, 0, n);
		done += n;
	}
	return done;
}

#endif
