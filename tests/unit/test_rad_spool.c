/* SPDX-License-Identifier: BSD-3-Clause
 * Durable accounting spool (control/radius/rad_spool.c): order, acks in
 * any order, requeue, restart and crash recovery, torn tails, the byte
 * bound, many segments, I/O errors, the background thread.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "rad_spool.h"

/* A test's temporary directory and the spool directory inside it. */
struct fx {
	char base[64];
	char dir[96];
};

static int
setup(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));

	assert_non_null(fx);
	strcpy(fx->base, "/tmp/rad_spool_test.XXXXXX");
	assert_non_null(mkdtemp(fx->base));
	snprintf(fx->dir, sizeof(fx->dir), "%s/spool", fx->base);
	*state = fx;
	return 0;
}

/* Remove base/spool/\* and base/\* (two levels is all a test makes). */
static void
rm_tree(const char *path)
{
	char sub[512];
	struct dirent *de;
	struct stat st;
	DIR *d = opendir(path);

	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", path, de->d_name);
		if (lstat(sub, &st) == 0 && S_ISDIR(st.st_mode)) {
			chmod(sub, 0700);
			rm_tree(sub);
		} else {
			unlink(sub);
		}
	}
	closedir(d);
	rmdir(path);
}

static int
teardown(void **state)
{
	struct fx *fx = *state;

	rm_tree(fx->base);
	free(fx);
	return 0;
}

static struct rad_spool_conf
conf_inline(const struct fx *fx)
{
	struct rad_spool_conf c = {
		.dir = fx->dir,
		.max_bytes = 1 << 20,
		.segment_bytes = 64 << 10,
		.sync_ms = 0,
		.sync_records = 1,
		.sync_inline = true,
	};
	return c;
}

static struct rad_spool *
open_ok(const struct rad_spool_conf *c)
{
	struct rad_spool *sp;
	int err = 1;

	sp = rad_spool_open(c, &err);
	assert_non_null(sp);
	assert_int_equal(err, 0);
	return sp;
}

/* The payload of record number `tag`: its length and octets follow from it. */
static size_t
rec_make(uint8_t *buf, uint64_t tag, size_t len)
{
	size_t i;

	if (len == 0)
		len = 16 + tag % 200;
	for (i = 0; i < len; i++)
		buf[i] = (uint8_t)(tag * 31 + i * 7);
	memcpy(buf, &tag, len < sizeof(tag) ? len : sizeof(tag));
	return len;
}

/* Append record `tag`; its seq must be `tag` (seqs start at 1). */
static void
append_tag(struct rad_spool *sp, uint64_t tag, size_t len)
{
	uint8_t buf[RAD_SPOOL_REC_MAX];
	uint64_t seq = 0;

	len = rec_make(buf, tag, len);
	assert_int_equal(rad_spool_append(sp, buf, len, &seq), 0);
	assert_int_equal(seq, tag);
}

static void
append_range(struct rad_spool *sp, uint64_t from, uint64_t to, size_t len)
{
	for (uint64_t t = from; t <= to; t++)
		append_tag(sp, t, len);
}

/* The next record must be `tag`, with the octets rec_make gives it. */
static void
expect_next(struct rad_spool *sp, uint64_t tag, size_t len)
{
	uint8_t want[RAD_SPOOL_REC_MAX], got[RAD_SPOOL_REC_MAX];
	uint64_t seq = 0;
	size_t glen = 0;

	len = rec_make(want, tag, len);
	assert_int_equal(rad_spool_next(sp, &seq, got, sizeof(got), &glen), 0);
	assert_int_equal(seq, tag);
	assert_int_equal(glen, len);
	assert_memory_equal(got, want, len);
}

static void
expect_none(struct rad_spool *sp)
{
	uint8_t got[RAD_SPOOL_REC_MAX];
	uint64_t seq;
	size_t len;

	assert_int_equal(rad_spool_next(sp, &seq, got, sizeof(got), &len), -ENOENT);
}

static unsigned int
count_segments(const struct fx *fx)
{
	struct dirent *de;
	unsigned int n = 0;
	DIR *d = opendir(fx->dir);

	assert_non_null(d);
	while ((de = readdir(d)) != NULL)
		n += strncmp(de->d_name, "seg-", 4) == 0;
	closedir(d);
	return n;
}

/* Path of the segment whose first record is `first`. */
static void
seg_path(const struct fx *fx, uint64_t first, char *path, size_t size)
{
	snprintf(path, size, "%s/seg-%016llx.spool", fx->dir,
		(unsigned long long)first);
}

static off_t
file_size(const char *path)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	return st.st_size;
}

static uint64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Wait for a forked child; it must exit 0. */
static void
wait_child(pid_t pid)
{
	int status;

	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

static void
test_order(void **state)
{
	struct fx *fx = *state;
	struct rad_spool_conf c = conf_inline(fx);
	struct rad_spool *sp = open_ok(&c);
	const struct rad_spool_stats *st = rad_spool_stats(sp);
	uint8_t buf[RAD_SPOOL_REC_MAX + 1] = { 0 };
	uint64_t seq;
	size_t len;
	struct stat dst;

	assert_int_equal(stat(fx->dir, &dst), 0);
	assert_int_equal(dst.st_mode & 0777, 0700);
	expect_none(sp);
	assert_int_equal(rad_spool_append(sp, buf, 0, &seq), -EMSGSIZE);
	assert_int_equal(rad_spool_append(sp, buf, RAD_SPOOL_REC_MAX + 1, &seq),
		-EMSGSIZE);
	append_range(sp, 1, 9, 0);
	append_tag(sp, 10, RAD_SPOOL_REC_MAX);
	assert_int_equal(st->appended, 10);
	assert_int_equal(st->pending_records, 10);
	assert_int_equal(st->synced_seq, 11);	/* sync_records = 1 */

	/* Too small a buffer hands nothing out. */
	assert_int_equal(rad_spool_next(sp, &seq, buf, 4, &len), -ENOBUFS);
	assert_int_equal(len, rec_make(buf, 1, 0));
	for (uint64_t t = 1; t <= 9; t++)
		expect_next(sp, t, 0);
	expect_next(sp, 10, RAD_SPOOL_REC_MAX);
	expect_none(sp);
	assert_int_equal(st->inflight, 10);
	for (uint64_t t = 1; t <= 10; t++)
		rad_spool_ack(sp, t);
	assert_int_equal(st->acked, 10);
	assert_int_equal(st->pending_records, 0);
	assert_int_equal(st->inflight, 0);
	assert_int_equal(st->bad_seq, 0);
	/* Appends after everything was read come out next. */
	append_tag(sp, 11, 0);
	expect_next(sp, 11, 0);
	rad_spool_ack(sp, 11);
	rad_spool_close(sp);
}

static void
test_out_of_order_acks(void **state)
{
	struct fx *fx = *state;
	struct rad_spool_conf c = conf_inline(fx);
	struct rad_spool *sp = open_ok(&c);
	const struct rad_spool_stats *st = rad_spool_stats(sp);

	append_range(sp, 1, 6, 0);
	for (uint64_t t = 1; t <= 5; t++)
		expect_next(sp, t, 0);
	rad_spool_ack(sp, 3);
	rad_spool_ack(sp, 5);
	rad_spool_ack(sp, 2);
	assert_int_equal(st->pending_records, 3);	/* 1, 4, 6 */
	assert_int_equal(st->inflight, 2);
	rad_spool_ack(sp, 3);		/* twice */
	rad_spool_ack(sp, 6);		/* not handed out */
	rad_spool_ack(sp, 99);
	assert_int_equal(st->bad_seq, 3);
	rad_spool_ack(sp, 1);		/* the head jumps over 1, 2, 3 */
	rad_spool_ack(sp, 1);		/* below the head now */
	assert_int_equal(st->bad_seq, 4);
	assert_int_equal(st->pending_records, 2);
	rad_spool_close(sp);

	/* The persisted head is 4, with 5 acknowledged above it. */
	sp = open_ok(&c);
	st = rad_spool_stats(sp);
	assert_int_equal(st->replayed_at_open, 2);
	assert_int_equal(st->pending_records, 2);
	expect_next(sp, 4, 0);
	expect_next(sp, 6, 0);
	expect_none(sp);
	rad_spool_ack(sp, 6);
	rad_spool_ack(sp, 4);
	assert_int_equal(st->pending_records, 0);
	rad_spool_close(sp);
}

static void
test_reopen(void **state)
{
	struct fx *fx = *state;
	struct rad_spool_conf c = conf_inline(fx);
	struct rad_spool *sp = open_ok(&c);
	const struct rad_spool_stats *st;

	append_range(sp, 1, 6, 0);
	for (uint64_t t = 1; t <= 4; t++)
		expect_next(sp, t, 0);
	rad_spool_ack(sp, 1);
	rad_spool_ack(sp, 3);
	rad_spool_close(sp);

	/* Exactly the unacknowledged ones, in order, none twice. */
	sp = open_ok(&c);
	st = rad_spool_stats(sp);
	assert_int_equal(st->replayed_at_open, 4);
	assert_int_equal(st->torn_tail_truncated, 0);
	assert_int_equal(st->head_invalid, 0);
	expect_next(sp, 2, 0);
	expect_next(sp, 4, 0);
	expect_next(sp, 5, 0);
	expect_next(sp, 6, 0);
	expect_none(sp);
	append_tag(sp, 7, 0);		/* seqs go on */
	expect_next(sp, 7, 0);
	for (uint64_t t = 2; t <= 7; t++)
		if (t != 3)
			rad_spool_ack(sp, t);
	assert_int_equal(st->bad_seq, 0);
	rad_spool_close(sp);

	sp = open_ok(&c);
	st = rad_spool_stats(sp);
	assert_int_equal(st->replayed_at_open, 0);
	assert_int_equal(st->pending_records, 0);
	expect_none(sp);
	append_tag(sp, 8, 0);
	rad_spool_close(sp);
}

/* A second open of the same spool while it is open is refused. */
static void
test_exclusive(void **state)
{
	struct fx *fx = *state;
	struct rad_spool_conf c = conf_inline(fx);
	struct rad_spool *sp = open_ok(&c);
	int err = 0;

	assert_null(rad_spool_open(&c, &err));
	assert_int_equal(err, -EBUSY);
	rad_spool_close(sp);
	sp = open_ok(&c);
	rad_spool_close(sp);
}

/*
 * The owner dies without closing: a child appends (each append synced),
 * acknowledges 1..5 and persists the head at a tick, acknowledges 6..8
 * and _exit()s. Nothing appended is lost; 6..8 come again (at least once).
 */
static void
test_crash(void **state)
{
	struct fx *fx = *state;
	struct rad_spool_conf c = conf_inline(fx);
	struct rad_spool *sp;
	const struct rad_spool_stats *st;
	pid_t pid;

	c.sync_ms = 1000;	/* the tick at 0 below is the only head write */
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int err;

		sp = rad_spool_open(&c, &err);
		if (sp == NULL)
			_exit(10);
		for (uint64_t t = 1; t <= 20; t++) {
			uint8_t buf[RAD_SPOOL_REC_MAX];
			size_t len = rec_make(buf, t, 0);
			uint64_t seq;

			if (rad_spool_append(sp, buf, len, &seq) != 0 || seq != t)
				_exit(11);
		}
		for (uint64_t t = 1; t <= 10; t++) {
			uint8_t buf[RAD_SPOOL_REC_MAX];
			uint64_t seq;
			size_t len;

			if (rad_spool_next(sp, &seq, buf, sizeof(buf), &len) != 0)
				_exit(12);
		}
		for (uint64_t t = 1; t <= 5; t++)
			rad_spool_ack(sp, t);
		rad_spool_tick(sp, 0);
		rad_spool_tick(sp, 1000);
		if (rad_spool_stats(sp)->persisted_head != 6)
			_exit(13);
		for (uint64_t t = 6; t <= 8; t++)
			rad_spool_ack(sp, t);
		_exit(0);
	}
	wait_child(pid);

	sp = open_ok(&c);
	st = rad_spool_stats(sp);
	assert_int_equal(st->replayed_at_open, 15);
	assert_int_equal(st->torn_tail_truncated, 0);
	for (uint64_t t = 6; t <= 20; t++)
		expect_next(sp, t, 0);
	expect_none(sp);
	rad_spool_close(sp);
}

/* The same with the background thread: what it reports synced survives. */
static void
test_crash_thread(void **state)
{
	struct fx *fx = *state;
	struct rad_spool_conf c = conf_inline(fx);
	struct rad_spool *sp;
	pid_t pid;

	c.sync_inline = false;
	c.sync_records = 0;
	c.sync_ms = 5;
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		const struct rad_spool_stats *cst;
		uint64_t t0;
		int err;

		sp = rad_spool_open(&c, &err);
		if (sp == NULL)
			_exit(10);
		cst = rad_spool_stats(sp);
		for (uint64_t t = 1; t <= 50; t++) {
			uint8_t buf[RAD_SPOOL_REC_MAX];
			size_t len = rec_make(buf, t, 0);
			uint64_t seq;

			if (rad_spool_append(sp, buf, len, &seq) != 0)
				_exit(11);
		}
		t0 = now_ms();
		while (cst->synced_seq < 51) {
			if (now_ms() - t0 > 5000)
				_exit(12);
			rad_spool_tick(sp, now_ms());
			usleep(1000);
		}
		_exit(0);
	}
	wait_child(pid);

	c.sync_inline = true;
	sp = open_ok(&c);
	assert_int_equal(rad_spool_stats(sp)->replayed_at_open, 50);
	for (uint64_t t = 1; t <= 50; t++)
		expect_next(sp, t, 0);
	expect_none(sp);
	rad_spool_close(sp);
}

/* The thread syncs, persists the head and deletes segments by itself. */
static void
test_thread(void **state)
{
	struct fx *fx = *state;
	struct rad_spool_conf c = conf_inline(fx);
	const struct rad_spool_stats *st;
	struct rad_spool *sp;
	uint64_t t0;

	c.sync_inline = false;
	c.sync_records = 64;
	c.sync_ms = 2;
	c.segment_bytes = 1024;
	sp = open_ok(&c);
	st = rad_spool_stats(sp);
	append_range(sp, 1, 200, 80);
	for (uint64_t t = 1; t <= 200; t++) {
		expect_next(sp, t, 80);
		rad_spool_ack(sp, t);
	}
	assert_true(count_segments(fx) > 10);
	t0 = now_ms();
	while (st->persisted_head != 201 || st->synced_seq != 201 ||
	    count_segments(fx) != 1 || st->pending_bytes > 1024) {
		assert_true(now_ms() - t0 < 5000);
		rad_spool_tick(sp, now_ms());
		usleep(1000);
	}
	assert_true(st->syncs >= 1);
	assert_int_equal(st->io_errors, 0);
	/* Only the segment written to is left (and counted). */
	assert_int_equal(st->pending_bytes, 10 * 100);	/* 191..200 */
	rad_spool_close(sp);
	sp = open_ok(&c);
	assert_int_equal(rad_spool_stats(sp)->replayed_at_open, 0);
	expect_none(sp);
	rad_spool_close(sp);
}

/* Cut the last segment mid-record: the records before it survive. */
static void
test_torn_tail(void **state)
{
	struct fx *fx = *state;
	struct rad_spool_conf c = conf_inline(fx);
	struct rad_spool *sp = open_ok(&c);
	const struct rad_spool_stats *st;
	char path[256];
	int fd;

	append_range(sp, 1, 5, 100);	/* 120 octets each */
	rad_spool_close(sp);
	seg_path(fx, 1, path, sizeof(path));
	assert_int_equal(file_size(path), 600);
	assert_int_equal(truncate(path, 600 - 30), 0);

	sp = open_ok(&c);
	st = rad_spool_stats(sp);
	assert_int_equal(st->torn_tail_truncated, 1);
	assert_int_equal(st->truncated_bytes, 90);
	assert_int_equal(st->replayed_at_open, 4);
	assert_int_equal(file_size(path), 480);
	assert_int_equal(st->pending_bytes, 480);
	append_tag(sp, 5, 100);		/* seq 5 again: it never was */
	rad_spool_close(sp);

	/* A flipped payload octet in the last record fails its CRC. */
	fd = open(path, O_RDWR);
	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, "\xff", 1, 480 + 20 + 50), 1);
	close(fd);
	/* Zeros after it (a crash after the size grew) go with it. */
	assert_int_equal(truncate(path, 700), 0);
	sp = open_ok(&c);
	st = rad_spool_stats(sp);
	assert_int_equal(st->torn_tail_truncated, 1);
	assert_int_equal(st->truncated_bytes, 220);
	assert_int_equal(st->replayed_at_open, 4);
	for (uint64_t t = 1; t <= 4; t++)
		expect_next(sp, t, 100);
	expect_none(sp);
	rad_spool_close(sp);
}

/*
 * A damaged record in a segment that is not the last: the segment is cut
 * there, the records lost between it and the next segment are counted and
 * stepped over, the later segments are delivered.
 */
static void
test_corrupt_middle(void **state)
{
	struct fx *fx = *state;
	struct rad_spool_conf c = conf_inline(fx);
	struct rad_spool *sp;
	const struct rad_spool_stats *st;
	char path[256];
	int fd;

	c.segment_bytes = 500;		/* 4 records of 120 octets each */
	sp = open_ok(&c);
	append_range(sp, 1, 12, 100);
	rad_spool_close(sp);
	assert_int_equal(count_segments(fx), 3);
	seg_path(fx, 5, path, sizeof(path));
	fd = open(path, O_RDWR);
	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, "X", 1, 120 + 2), 1);	/* 6's magic */
	close(fd);

	sp = open_ok(&c);
	st = rad_spool_stats(sp);
	assert_int_equal(st->torn_tail_truncated, 1);
	assert_int_equal(st->truncated_bytes, 360);
	assert_int_equal(st->replayed_at_open, 9);
	for (uint64_t t = 1; t <= 5; t++)
		expect_next(sp, t, 100);
	for (uint64_t t = 9; t <= 12; t++)
		expect_next(sp, t, 100);
	expect_none(sp);
	assert_int_equal(st->lost_records, 3);	/* 6, 7, 8 */
	for (uint64_t t = 1; t <= 12; t++)
		if (t < 6 || t > 8)
			rad_spool_ack(sp, t);
	assert_int_equal(st->pending_records, 0);
	rad_spool_close(sp);
}

/* A head file that does not read back: everything is sent again. */
static void
test_head_invalid(void **state)
{
	struct fx *fx = *state;
	struct rad_spool_conf c = conf_inline(fx);
	struct rad_spool *sp = open_ok(&c);
	char path[256];
	int fd;

	append_range(sp, 1, 4, 0);
	for (uint64_t t = 1; t <= 3; t++) {
		expect_next(sp, t, 0);
		rad_spool_ack(sp, t);
	}
	rad_spool_close(sp);
	snprintf(path, sizeof(path), "%s/head", fx->dir);
	fd = open(path, O_RDWR);
	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, "\x01", 1, 9), 1);
	close(fd);

	sp = open_ok(&c);
	assert_int_equal(rad_spool_stats(sp)->head_invalid, 1);
	assert_int_equal(rad_spool_stats(sp)->replayed_at_open, 4);
	for (uint64_t t = 1; t <= 4; t++)
		expect_next(sp, t, 0);
	rad_spool_close(sp);
}

/*
 * The head file got to the disk but the records it acknowledges did not
 * (a power loss before their sync): seqs must not go back under the head,
 * or new records would be taken for acknowledged ones.
 */
static void
test_head_ahead(void **state)
{
	struct fx *fx = *state;
	struct rad_spool_conf c = conf_inline(fx);
	struct rad_spool *sp = open_ok(&c);
	char path[256];

	append_range(sp, 1, 5, 100);
	for (uint64_t t = 1; t <= 5; t++) {
		expect_next(sp, t, 100);
		rad_spool_ack(sp, t);
	}
	rad_spool_close(sp);
	/* The segment written to is kept while open, acknowledged or not. */
	seg_path(fx, 1, path, sizeof(path));
	assert_int_equal(truncate(path, 0), 0);

	sp = open_ok(&c);
	assert_int_equal(rad_spool_stats(sp)->replayed_at_open, 0);
	expect_none(sp);
	append_tag(sp, 6, 100);
	expect_next(sp, 6, 100);
	rad_spool_close(sp);
	assert_int_not_equal(access(path, F_OK), 0);	/* below the head */
}

/*
 * The bound: 10 frames of 100 octets fill 1000; the 11th is refused and
 * counted; acknowledging the first segment's records gives its space back
 * once the head is persisted and the segment deleted.
 */
static void
test_bound(void **state)
{
	struct fx *fx = *state;
	struct rad_spool_conf c = conf_inline(fx);
	const struct rad_spool_stats *st;
	struct rad_spool *sp;
	uint8_t buf[80] = { 0 };
	uint64_t seq;

	c.max_bytes = 1000;
	c.segment_bytes = 500;
	assert_null(rad_spool_open(&c, &(int){ 0 }));	/* < 2 largest frames */
	c.max_bytes = 10000;
	c.segment_bytes = 5001;
	assert_null(rad_spool_open(&c, &(int){ 0 }));	/* > half the bound */
	c.segment_bytes = 5000;
	sp = open_ok(&c);
	st = rad_spool_stats(sp);
	append_range(sp, 1, 99, 80);
	assert_int_equal(rad_spool_append(sp, buf, 81, &seq), -ENOSPC);
	append_tag(sp, 100, 80);	/* exactly 10000 */
	assert_int_equal(rad_spool_append(sp, buf, 1, &seq), -ENOSPC);
	assert_int_equal(st->full, 2);
	assert_int_equal(st->appended, 100);
	assert_int_equal(st->pending_bytes, 10000);
	assert_int_equal(count_segments(fx), 2);

	/* Acknowledged but not yet deleted: still counted. */
	for (uint64_t t = 1; t <= 50; t++) {
		expect_next(sp, t, 80);
		rad_spool_ack(sp, t);
	}
	assert_int_equal(rad_spool_append(sp, buf, sizeof(buf), &seq), -ENOSPC);
	rad_spool_tick(sp, 1);
	assert_int_equal(st->persisted_head, 51);
	assert_int_equal(count_segments(fx), 1);
	assert_int_equal(st->pending_bytes, 5000);
	assert_int_equal(st->full, 3);
	append_tag(sp, 101, 80);
	assert_int_equal(count_segments(fx), 2);
	expect_next(sp, 51, 80);
	rad_spool_close(sp);
}

static void
test_requeue(void **state)
{
	struct fx *fx = *state;
	struct rad_spool_conf c = conf_inline(fx);
	const struct rad_spool_stats *st;
	struct rad_spool *sp;

	c.segment_bytes = 300;		/* two records of 120 a segment */
	sp = open_ok(&c);
	st = rad_spool_stats(sp);
	append_range(sp, 1, 8, 100);
	for (uint64_t t = 1; t <= 3; t++)
		expect_next(sp, t, 100);
	rad_spool_requeue(sp, 2);
	expect_next(sp, 2, 100);
	rad_spool_requeue(sp, 3);
	rad_spool_requeue(sp, 1);
	rad_spool_requeue(sp, 1);	/* already requeued */
	rad_spool_requeue(sp, 5);	/* not handed out */
	assert_int_equal(st->bad_seq, 2);
	assert_int_equal(st->requeued, 3);
	assert_int_equal(st->inflight, 3);
	expect_next(sp, 1, 100);	/* in seq order, from an older segment */
	expect_next(sp, 3, 100);
	expect_next(sp, 4, 100);
	rad_spool_requeue(sp, 4);
	rad_spool_ack(sp, 4);		/* the late answer: no resend */
	expect_next(sp, 5, 100);
	for (uint64_t t = 5; t <= 6; t++) {
		if (t == 6)
			expect_next(sp, 6, 100);
		rad_spool_ack(sp, t);
	}
	rad_spool_ack(sp, 2);
	rad_spool_requeue(sp, 2);	/* acknowledged */
	assert_int_equal(st->bad_seq, 3);
	rad_spool_ack(sp, 3);
	rad_spool_ack(sp, 1);
	assert_int_equal(st->pending_records, 2);
	expect_next(sp, 7, 100);
	expect_next(sp, 8, 100);
	expect_none(sp);
	/* Requeued at close: handed out again after the restart. */
	rad_spool_requeue(sp, 8);
	rad_spool_close(sp);
	sp = open_ok(&c);
	expect_next(sp, 7, 100);
	expect_next(sp, 8, 100);
	expect_none(sp);
	rad_spool_close(sp);
}

/*
 * Many small segments, acknowledged out of order in a sliding window,
 * with a restart in the middle: every record once, in order, and only
 * the segment written to is left at the end.
 */
static void
test_many_segments(void **state)
{
	struct fx *fx = *state;
	struct rad_spool_conf c = conf_inline(fx);
	const struct rad_spool_stats *st;
	struct rad_spool *sp;
	uint64_t t, acked = 0, next = 1;
	const uint64_t n = 2000;

	c.segment_bytes = 1024;
	c.sync_records = 100;
	sp = open_ok(&c);
	append_range(sp, 1, n, 0);
	assert_true(count_segments(fx) > 200);
	rad_spool_close(sp);

	sp = open_ok(&c);
	st = rad_spool_stats(sp);
	assert_int_equal(st->replayed_at_open, n);
	/* Hand out 16 at a time, acknowledge them in reverse. */
	while (next <= n) {
		uint64_t hi = next + 15 > n ? n : next + 15;

		for (t = next; t <= hi; t++)
			expect_next(sp, t, 0);
		for (t = hi; t >= next; t--)
			rad_spool_ack(sp, t);
		acked += hi - next + 1;
		next = hi + 1;
		rad_spool_tick(sp, next);
		if (next == 1009) {		/* restart in the middle */
			rad_spool_close(sp);
			sp = open_ok(&c);
			st = rad_spool_stats(sp);
			assert_int_equal(st->replayed_at_open, n - 1008);
		}
	}
	expect_none(sp);
	assert_int_equal(acked, n);
	assert_int_equal(st->pending_records, 0);
	assert_int_equal(st->bad_seq, 0);
	rad_spool_close(sp);
	assert_int_equal(count_segments(fx), 1);
}

/* At most RAD_SPOOL_WINDOW seqs from the oldest unacknowledged one. */
static void
test_window(void **state)
{
	struct fx *fx = *state;
	struct rad_spool_conf c = conf_inline(fx);
	uint8_t buf[RAD_SPOOL_REC_MAX];
	struct rad_spool *sp;
	uint64_t seq, t;
	size_t len;

	c.sync_records = 0;
	sp = open_ok(&c);
	append_range(sp, 1, RAD_SPOOL_WINDOW + 10, 16);
	for (t = 1; t <= RAD_SPOOL_WINDOW; t++)
		expect_next(sp, t, 16);
	assert_int_equal(rad_spool_next(sp, &seq, buf, sizeof(buf), &len), -EAGAIN);
	for (t = 2; t <= RAD_SPOOL_WINDOW; t++)
		rad_spool_ack(sp, t);
	assert_int_equal(rad_spool_next(sp, &seq, buf, sizeof(buf), &len), -EAGAIN);
	rad_spool_ack(sp, 1);
	for (t = RAD_SPOOL_WINDOW + 1; t <= RAD_SPOOL_WINDOW + 10; t++)
		expect_next(sp, t, 16);
	expect_none(sp);
	assert_int_equal(rad_spool_stats(sp)->inflight, 10);
	rad_spool_close(sp);
}

/* Errors at open are reported, not deferred. */
static void
test_open_errors(void **state)
{
	struct fx *fx = *state;
	struct rad_spool_conf c = conf_inline(fx);
	char path[256];
	int err = 0, fd;
	pid_t pid;

	c.dir = NULL;
	assert_null(rad_spool_open(&c, &err));
	assert_int_equal(err, -EINVAL);
	snprintf(path, sizeof(path), "%s/missing/spool", fx->base);
	c.dir = path;
	assert_null(rad_spool_open(&c, &err));
	assert_int_equal(err, -ENOENT);
	snprintf(path, sizeof(path), "%s/file", fx->base);
	fd = open(path, O_CREAT | O_WRONLY, 0600);
	assert_true(fd >= 0);
	close(fd);
	assert_null(rad_spool_open(&c, &err));
	assert_int_equal(err, -ENOTDIR);

	/* A read-only directory, as an unprivileged user (root writes to
	 * any mode): a child of its own, in a directory of its own. */
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		char d[] = "/tmp/rad_spool_ro.XXXXXX";
		struct rad_spool_conf rc = conf_inline(fx);
		int e = 0, ok;

		if (geteuid() == 0 && (setgid(65534) < 0 || setuid(65534) < 0))
			_exit(20);
		if (mkdtemp(d) == NULL || chmod(d, 0500) < 0)
			_exit(21);
		rc.dir = d;
		ok = rad_spool_open(&rc, &e) == NULL && e == -EACCES;
		rmdir(d);
		_exit(ok ? 0 : 22);
	}
	wait_child(pid);
}

/*
 * A write that fails half-way (RLIMIT_FSIZE in a child): -EIO, counted,
 * and the partial frame is cut off so the spool reopens without a torn
 * tail and with the record before it.
 */
static void
test_write_error(void **state)
{
	struct fx *fx = *state;
	struct rad_spool_conf c = conf_inline(fx);
	struct rad_spool *sp;
	pid_t pid;

	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct rlimit rl = { .rlim_cur = 150, .rlim_max = 150 };
		uint8_t buf[RAD_SPOOL_REC_MAX];
		size_t len = rec_make(buf, 1, 80);
		uint64_t seq;
		int err;

		signal(SIGXFSZ, SIG_IGN);
		sp = rad_spool_open(&c, &err);
		if (sp == NULL)
			_exit(10);
		/* The head file (532 octets) is written by this first sync. */
		if (rad_spool_append(sp, buf, len, &seq) != 0 || seq != 1)
			_exit(11);
		if (setrlimit(RLIMIT_FSIZE, &rl) < 0)
			_exit(14);
		len = rec_make(buf, 2, 80);
		if (rad_spool_append(sp, buf, len, &seq) != -EIO)
			_exit(12);
		if (rad_spool_stats(sp)->io_errors != 1 ||
		    rad_spool_stats(sp)->appended != 1)
			_exit(13);
		rad_spool_close(sp);
		_exit(0);
	}
	wait_child(pid);

	sp = open_ok(&c);
	assert_int_equal(rad_spool_stats(sp)->torn_tail_truncated, 0);
	assert_int_equal(rad_spool_stats(sp)->replayed_at_open, 1);
	expect_next(sp, 1, 80);
	expect_none(sp);
	append_tag(sp, 2, 80);
	rad_spool_close(sp);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_out_of_order_acks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reopen, setup, teardown),
		cmocka_unit_test_setup_teardown(test_exclusive, setup, teardown),
		cmocka_unit_test_setup_teardown(test_crash, setup, teardown),
		cmocka_unit_test_setup_teardown(test_crash_thread, setup, teardown),
		cmocka_unit_test_setup_teardown(test_thread, setup, teardown),
		cmocka_unit_test_setup_teardown(test_torn_tail, setup, teardown),
		cmocka_unit_test_setup_teardown(test_corrupt_middle, setup, teardown),
		cmocka_unit_test_setup_teardown(test_head_invalid, setup, teardown),
		cmocka_unit_test_setup_teardown(test_head_ahead, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bound, setup, teardown),
		cmocka_unit_test_setup_teardown(test_requeue, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many_segments, setup, teardown),
		cmocka_unit_test_setup_teardown(test_window, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_error, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
