/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Durable accounting spool (rad_spool.h): segment files of CRC-framed
 * records, a head file replaced atomically, a background thread for the
 * fdatasyncs, head writes and unlinks so that the owner never waits for
 * the disk.
 *
 * Threads: the owner (the control lcore) does everything but the sync
 * pass (rs_pass), which the thread runs (or the owner, with sync_inline,
 * and always at close). They share `struct rs_shared` and the segment
 * table's entries (first seq, need_sync) under `mu`; the owner is the only
 * writer of the table, so it reads it without the lock.
 *
 * CRC: zlib's crc32 (IEEE 802.3), already on every lnsd machine through
 * DPDK; nettle has no CRC.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "rad_spool.h"

#define RS_MAGIC		0x31505352u	/* "RSP1" read as little-endian */
#define RS_FRAME_MAX		(RAD_SPOOL_REC_HDR + RAD_SPOOL_REC_MAX)
#define RS_HEAD_MAGIC		"LNSSPHD1"
#define RS_BITS_LEN		(RAD_SPOOL_WINDOW / 8)
#define RS_HEAD_LEN		(8 + 8 + RS_BITS_LEN + 4)
#define RS_HEAD_NAME		"head"
#define RS_HEAD_TMP		"head.tmp"
#define RS_LOCK_NAME		"lock"
#define RS_SEG_FMT		"seg-%016llx.spool"
#define RS_SEG_NAME_LEN		26
#define RS_UNLINK_MAX		64	/* segments queued for the thread to delete */
#define RS_SYNC_BATCH		16	/* segments synced per round of a pass */
#define RS_SCAN_BUF		(64 * 1024)
#define RS_DEF_MAX_BYTES	(64ull << 20)
#define RS_DEF_SEG_BYTES	(4ull << 20)
#define RS_SEG_BYTES_MAX	(1ull << 30)	/* slot offsets are 32 bits */

_Static_assert((RAD_SPOOL_WINDOW & (RAD_SPOOL_WINDOW - 1)) == 0,
	"the window is indexed by seq modulo its size");

enum rs_slot_state {
	RS_FREE = 0,	/* not handed out */
	RS_OUT,		/* handed out, waiting for its ack */
	RS_REQ,		/* handed out, then requeued */
	RS_ACKED,	/* acknowledged (or lost), above the head */
};

/* Where a handed-out record is, to read it again when requeued. */
struct rs_slot {
	uint32_t off;
	uint16_t len;
	uint8_t state;
};

struct rs_seg {
	uint64_t first;		/* seq of its first record: its name */
	uint64_t size;		/* valid octets */
	bool need_sync;		/* written since the last pass took it */
};

struct rs_unlink {
	uint64_t first;
	uint64_t size;
};

/* Owner <-> sync pass, under mu. */
struct rs_shared {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool req;			/* a pass is wanted */
	bool stop;
	/* owner -> pass */
	uint64_t tail;			/* records below are written */
	bool dir_dirty;			/* a segment was created */
	uint64_t want_head;
	uint8_t want_bits[RS_BITS_LEN];
	struct rs_unlink unl[RS_UNLINK_MAX];
	unsigned int nunl;
	/* pass -> owner (rs_fold takes the counters) */
	uint64_t synced_seq;
	uint64_t persisted_head;
	uint64_t syncs;
	uint64_t io_errors;
	uint64_t freed_bytes;
};

struct rad_spool {
	uint64_t max_bytes;
	uint64_t seg_bytes;
	uint32_t sync_ms;
	uint32_t sync_records;
	bool sync_inline;

	int dirfd;
	int lockfd;
	struct rs_seg *segs;		/* by first seq; the last one is written */
	unsigned int nsegs, cap;
	int wfd;			/* fd of segs[nsegs - 1], or -1 */
	bool roll;			/* the next append starts a segment */
	int rfd;			/* cached fd for reading an older segment */
	uint64_t rfirst;		/* its segment's first seq */
	uint64_t next_seq;		/* seq of the next append */
	uint64_t bytes;			/* segment octets, with those being deleted */

	uint64_t head;			/* first unacknowledged seq */
	uint64_t rd_seq;		/* next record never handed out */
	unsigned int rd_idx;		/* its segment */
	uint64_t rd_off;		/* its offset there (or the segment's end) */
	uint64_t req_lo;		/* no requeued record below this */
	unsigned int nreq;		/* RS_REQ slots */
	unsigned int nout;		/* RS_OUT and RS_REQ slots */
	unsigned int nacked;		/* RS_ACKED slots */
	struct rs_slot win[RAD_SPOOL_WINDOW];

	uint32_t unsynced;		/* appends since the last request */
	bool head_dirty;		/* acks since the last request */
	bool ticked;
	uint64_t last_pass_ms;
	bool thread_started;
	pthread_t thread;
	struct rs_shared sh;
	uint64_t pass_head;		/* pass only: the head file's contents */
	uint8_t pass_bits[RS_BITS_LEN];

	struct rad_spool_stats st;
	uint8_t buf[RS_FRAME_MAX];	/* one frame, to write or read */
};

/* --- encoding ----------------------------------------------------------- */

static void
rs_put32(uint8_t *p, uint32_t v)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

static void
rs_put64(uint8_t *p, uint64_t v)
{
	rs_put32(p, (uint32_t)v);
	rs_put32(p + 4, (uint32_t)(v >> 32));
}

static uint32_t
rs_get32(const uint8_t *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
		(uint32_t)p[3] << 24;
}

static uint64_t
rs_get64(const uint8_t *p)
{
	return rs_get32(p) | (uint64_t)rs_get32(p + 4) << 32;
}

/* The record CRC covers len and seq (octets 4..15) and the payload. */
static uint32_t
rs_rec_crc(const uint8_t *frame, size_t len)
{
	uLong c = crc32(0, frame + 4, 12);

	return crc32(c, frame + RAD_SPOOL_REC_HDR, len);
}

enum rs_parse {
	RS_OK,
	RS_SHORT,	/* fewer octets than the frame: torn */
	RS_BAD_HDR,	/* magic, length or seq wrong: nothing after it is trusted */
	RS_BAD_CRC,	/* header plausible, contents damaged */
};

/*
 * The frame at p (avail octets) must be the record `seq`. *len: its payload
 * length, valid with RS_OK and RS_BAD_CRC.
 */
static enum rs_parse
rs_parse(const uint8_t *p, size_t avail, uint64_t seq, size_t *len)
{
	uint32_t l;

	if (avail < RAD_SPOOL_REC_HDR)
		return RS_SHORT;
	l = rs_get32(p + 4);
	if (rs_get32(p) != RS_MAGIC || l == 0 || l > RAD_SPOOL_REC_MAX ||
	    rs_get64(p + 8) != seq)
		return RS_BAD_HDR;
	*len = l;
	if (avail < RAD_SPOOL_REC_HDR + l)
		return RS_SHORT;
	if (rs_get32(p + 16) != rs_rec_crc(p, l))
		return RS_BAD_CRC;
	return RS_OK;
}

static void
rs_seg_name(char *name, size_t size, uint64_t first)
{
	snprintf(name, size, RS_SEG_FMT, (unsigned long long)first);
}

/* "seg-%016llx.spool" exactly (lowercase hex), into *first. */
static bool
rs_seg_parse_name(const char *name, uint64_t *first)
{
	char back[RS_SEG_NAME_LEN + 1];
	unsigned long long v;

	if (strlen(name) != RS_SEG_NAME_LEN ||
	    sscanf(name, "seg-%16llx.spool", &v) != 1)
		return false;
	rs_seg_name(back, sizeof(back), v);
	if (v == 0 || strcmp(back, name) != 0)
		return false;	/* seq 0 is never used */
	*first = v;
	return true;
}

/* --- the sync pass (thread, or the owner) --------------------------------- */

static int
rs_sync_seg(int dirfd, uint64_t first)
{
	char name[RS_SEG_NAME_LEN + 1];
	int fd, rc = 0;

	rs_seg_name(name, sizeof(name), first);
	fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? 0 : -errno;	/* deleted: acked */
	if (fdatasync(fd) < 0)
		rc = -errno;
	close(fd);
	return rc;
}

static int
rs_write_all(int fd, const uint8_t *p, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		p += n;
		len -= n;
	}
	return 0;
}

/* head.tmp, fdatasync, rename over head, fsync of the directory. */
static int
rs_write_head(int dirfd, uint64_t head, const uint8_t *bits)
{
	uint8_t b[RS_HEAD_LEN];
	int fd, rc;

	memcpy(b, RS_HEAD_MAGIC, 8);
	rs_put64(b + 8, head);
	memcpy(b + 16, bits, RS_BITS_LEN);
	rs_put32(b + 16 + RS_BITS_LEN, crc32(0, b, 16 + RS_BITS_LEN));
	fd = openat(dirfd, RS_HEAD_TMP, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
		0600);
	if (fd < 0)
		return -errno;
	rc = rs_write_all(fd, b, sizeof(b));
	if (rc == 0 && fdatasync(fd) < 0)
		rc = -errno;
	close(fd);
	if (rc == 0 && renameat(dirfd, RS_HEAD_TMP, dirfd, RS_HEAD_NAME) < 0)
		rc = -errno;
	if (rc == 0 && fsync(dirfd) < 0)
		rc = -errno;
	return rc;
}

/* A failed sync is tried again at the next pass (if the segment is left;
 * Linux may have dropped the pages already, hence the counted error). */
static void
rs_resync(struct rad_spool *sp, uint64_t first)
{
	unsigned int i;

	pthread_mutex_lock(&sp->sh.mu);
	for (i = 0; i < sp->nsegs; i++) {
		if (sp->segs[i].first == first)
			sp->segs[i].need_sync = true;
	}
	pthread_mutex_unlock(&sp->sh.mu);
}

/*
 * One pass: fdatasync every segment written to since the last pass, the
 * directory if a segment was created, write the head if it moved, delete
 * the segments queued. Blocks on disk: never on the owner's hot path.
 */
static void
rs_pass(struct rad_spool *sp)
{
	struct rs_shared *sh = &sp->sh;
	struct rs_unlink unl[RS_UNLINK_MAX];
	uint64_t sync[RS_SYNC_BATCH], tail = 0, head, freed = 0, errs = 0;
	uint64_t failed[RS_UNLINK_MAX];
	uint8_t bits[RS_BITS_LEN];
	unsigned int nsync, nunl, nfailed = 0, i;
	bool more, dir, sync_failed = false;
	char name[RS_SEG_NAME_LEN + 1];

	do {
		pthread_mutex_lock(&sh->mu);
		if (tail == 0)
			tail = sh->tail;	/* the first round's snapshot */
		nsync = 0;
		more = false;
		for (i = 0; i < sp->nsegs; i++) {
			if (!sp->segs[i].need_sync)
				continue;
			if (nsync == RS_SYNC_BATCH) {
				more = true;
				break;
			}
			sync[nsync++] = sp->segs[i].first;
			sp->segs[i].need_sync = false;
		}
		dir = sh->dir_dirty;
		sh->dir_dirty = false;
		head = sh->want_head;
		memcpy(bits, sh->want_bits, RS_BITS_LEN);
		nunl = sh->nunl;
		memcpy(unl, sh->unl, nunl * sizeof(unl[0]));
		sh->nunl = 0;
		pthread_mutex_unlock(&sh->mu);

		for (i = 0; i < nsync; i++) {
			if (rs_sync_seg(sp->dirfd, sync[i]) < 0) {
				errs++;
				sync_failed = true;
				if (nfailed < RS_UNLINK_MAX)
					failed[nfailed++] = sync[i];
			}
		}
		if (head != 0 && (head != sp->pass_head ||
		    memcmp(bits, sp->pass_bits, RS_BITS_LEN) != 0)) {
			if (rs_write_head(sp->dirfd, head, bits) == 0) {
				sp->pass_head = head;
				memcpy(sp->pass_bits, bits, RS_BITS_LEN);
				dir = false;	/* the rename's fsync covered it */
			} else {
				errs++;
			}
		}
		if (dir && fsync(sp->dirfd) < 0) {
			errs++;
			sync_failed = true;
		}
		/* Below the persisted head: a failed unlink only wastes space
		 * until the next open deletes the file again. */
		for (i = 0; i < nunl; i++) {
			rs_seg_name(name, sizeof(name), unl[i].first);
			if (unlinkat(sp->dirfd, name, 0) < 0 && errno != ENOENT)
				errs++;
			freed += unl[i].size;
		}
	} while (more);
	/* After the rounds, or a failing segment would be taken again and
	 * again in this pass. */
	for (i = 0; i < nfailed; i++)
		rs_resync(sp, failed[i]);

	pthread_mutex_lock(&sh->mu);
	if (!sync_failed && tail > sh->synced_seq)
		sh->synced_seq = tail;
	sh->persisted_head = sp->pass_head;
	sh->syncs++;
	sh->io_errors += errs;
	sh->freed_bytes += freed;
	pthread_mutex_unlock(&sh->mu);
}

static void *
rs_thread(void *arg)
{
	struct rad_spool *sp = arg;
	struct rs_shared *sh = &sp->sh;

	pthread_mutex_lock(&sh->mu);
	for (;;) {
		while (!sh->req && !sh->stop)
			pthread_cond_wait(&sh->cv, &sh->mu);
		if (sh->stop)
			break;
		sh->req = false;
		pthread_mutex_unlock(&sh->mu);
		rs_pass(sp);
		pthread_mutex_lock(&sh->mu);
	}
	pthread_mutex_unlock(&sh->mu);
	return NULL;
}

/* --- owner side ------------------------------------------------------------ */

static struct rs_slot *
rs_slot(struct rad_spool *sp, uint64_t seq)
{
	return &sp->win[seq & (RAD_SPOOL_WINDOW - 1)];
}

/*
 * The counters that follow from the state, after every call that changes
 * it; the pass's own counters arrive at each tick (rs_fold).
 */
static void
rs_derive(struct rad_spool *sp)
{
	sp->st.pending_records = sp->next_seq - sp->head - sp->nacked;
	sp->st.pending_bytes = sp->bytes;
	sp->st.inflight = sp->nout;
}

/* Take the pass's results: counters, persisted head, freed space. */
static void
rs_fold(struct rad_spool *sp)
{
	struct rs_shared *sh = &sp->sh;

	pthread_mutex_lock(&sh->mu);
	sp->st.syncs += sh->syncs;
	sp->st.io_errors += sh->io_errors;
	sp->bytes -= sh->freed_bytes;
	sh->syncs = sh->io_errors = sh->freed_bytes = 0;
	sp->st.synced_seq = sh->synced_seq;
	sp->st.persisted_head = sh->persisted_head;
	pthread_mutex_unlock(&sh->mu);
}

/*
 * Queue the segments wholly below the persisted head (all but the one
 * written to) for deletion. Returns how many were queued.
 */
static unsigned int
rs_gc(struct rad_spool *sp)
{
	struct rs_shared *sh = &sp->sh;
	unsigned int n = 0;

	pthread_mutex_lock(&sh->mu);
	while (n + 1 < sp->nsegs &&
	    sp->segs[n + 1].first <= sh->persisted_head &&
	    sh->nunl < RS_UNLINK_MAX) {
		/* persisted head <= rd_seq: a reader still in segment n is at
		 * its end, and rd_seq is the next segment's first record. */
		if (sp->rd_idx == n) {
			sp->rd_idx++;
			sp->rd_off = 0;
		}
		sh->unl[sh->nunl].first = sp->segs[n].first;
		sh->unl[sh->nunl].size = sp->segs[n].size;
		sh->nunl++;
		if (sp->rfd >= 0 && sp->rfirst == sp->segs[n].first) {
			close(sp->rfd);
			sp->rfd = -1;
		}
		n++;
	}
	if (n > 0) {
		memmove(sp->segs, sp->segs + n,
			(sp->nsegs - n) * sizeof(sp->segs[0]));
		sp->nsegs -= n;
		sp->rd_idx -= n;
	}
	pthread_mutex_unlock(&sh->mu);
	return n;
}

/* Hand the head and the acks above it to the pass. */
static void
rs_publish_head(struct rad_spool *sp)
{
	struct rs_shared *sh = &sp->sh;
	uint8_t bits[RS_BITS_LEN];
	unsigned int i;

	memset(bits, 0, sizeof(bits));
	for (i = 0; i < RAD_SPOOL_WINDOW && sp->nacked > 0; i++) {
		if (rs_slot(sp, sp->head + i)->state == RS_ACKED)
			bits[i / 8] |= 1u << (i % 8);
	}
	pthread_mutex_lock(&sh->mu);
	sh->want_head = sp->head;
	memcpy(sh->want_bits, bits, sizeof(bits));
	pthread_mutex_unlock(&sh->mu);
	sp->head_dirty = false;
}

/* A pass now: signalled to the thread, or run here with sync_inline. */
static void
rs_request(struct rad_spool *sp)
{
	struct rs_shared *sh = &sp->sh;

	rs_publish_head(sp);
	sp->unsynced = 0;
	if (!sp->sync_inline) {
		pthread_mutex_lock(&sh->mu);
		sh->req = true;
		pthread_cond_signal(&sh->cv);
		pthread_mutex_unlock(&sh->mu);
		return;
	}
	rs_pass(sp);
	rs_fold(sp);
	if (rs_gc(sp) > 0) {
		rs_pass(sp);
		rs_fold(sp);
	}
}

/* The head moves over the acknowledged prefix of what was handed out. */
static void
rs_advance_head(struct rad_spool *sp)
{
	struct rs_slot *s;

	while (sp->head < sp->rd_seq &&
	    (s = rs_slot(sp, sp->head))->state == RS_ACKED) {
		s->state = RS_FREE;
		sp->nacked--;
		sp->head++;
	}
}

/*
 * Records rd_seq..to-1 cannot be read back (corrupt, or missing between
 * segments): count them and step over them as if acknowledged. When they
 * do not fit in the window, wait (-EAGAIN) until nothing is in flight,
 * then move the head and the reader together.
 */
static int
rs_lose(struct rad_spool *sp, uint64_t to)
{
	uint64_t s, n = to - sp->rd_seq;
	struct rs_slot *sl;

	if (sp->rd_seq == sp->head) {
		for (s = sp->head; s < to && s < sp->head + RAD_SPOOL_WINDOW; s++) {
			sl = rs_slot(sp, s);
			if (sl->state == RS_ACKED) {	/* acked before a restart */
				sl->state = RS_FREE;
				sp->nacked--;
				n--;
			}
		}
		sp->head = to;
	} else if (to <= sp->head + RAD_SPOOL_WINDOW) {
		for (s = sp->rd_seq; s < to; s++) {
			sl = rs_slot(sp, s);
			if (sl->state == RS_ACKED) {
				n--;
				continue;
			}
			sl->state = RS_ACKED;
			sp->nacked++;
		}
	} else {
		return -EAGAIN;
	}
	sp->rd_seq = to;
	sp->st.lost_records += n;
	sp->head_dirty = true;
	rs_advance_head(sp);
	return 0;
}

/* Index of the segment holding seq (the last one starting at or below). */
static unsigned int
rs_seg_find(const struct rad_spool *sp, uint64_t seq)
{
	unsigned int lo = 0, hi = sp->nsegs;

	while (hi - lo > 1) {
		unsigned int mid = lo + (hi - lo) / 2;

		if (sp->segs[mid].first <= seq)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* A readable fd for segs[idx]: the writer's, or the one cached. */
static int
rs_read_fd(struct rad_spool *sp, unsigned int idx)
{
	char name[RS_SEG_NAME_LEN + 1];

	if (idx == sp->nsegs - 1 && sp->wfd >= 0)
		return sp->wfd;
	if (sp->rfd >= 0 && sp->rfirst == sp->segs[idx].first)
		return sp->rfd;
	if (sp->rfd >= 0)
		close(sp->rfd);
	rs_seg_name(name, sizeof(name), sp->segs[idx].first);
	sp->rfd = openat(sp->dirfd, name, O_RDONLY | O_CLOEXEC);
	if (sp->rfd < 0)
		return -errno;
	sp->rfirst = sp->segs[idx].first;
	return sp->rfd;
}

/* Read the frame of record seq at off in segs[idx] into sp->buf. */
static int
rs_read(struct rad_spool *sp, unsigned int idx, uint64_t off, uint64_t seq,
	size_t *len)
{
	uint64_t avail = sp->segs[idx].size - off;
	ssize_t n;
	int fd;

	fd = rs_read_fd(sp, idx);
	if (fd < 0)
		return fd;
	if (avail > sizeof(sp->buf))
		avail = sizeof(sp->buf);
	n = pread(fd, sp->buf, avail, off);
	if (n < 0)
		return -errno;
	return rs_parse(sp->buf, n, seq, len);
}

/* Copy the payload in sp->buf out; -ENOBUFS if it does not fit. */
static int
rs_deliver(struct rad_spool *sp, uint64_t seq, size_t rlen, void *buf,
	size_t cap, uint64_t *seqp, size_t *len)
{
	*len = rlen;
	if (rlen > cap)
		return -ENOBUFS;
	memcpy(buf, sp->buf + RAD_SPOOL_REC_HDR, rlen);
	*seqp = seq;
	return 0;
}

/* The lowest requeued record, handed out again; -ENOENT if none is left. */
static int
rs_next_requeued(struct rad_spool *sp, uint64_t *seqp, void *buf, size_t cap,
	size_t *len)
{
	uint64_t s = sp->req_lo > sp->head ? sp->req_lo : sp->head;
	struct rs_slot *sl;
	size_t rlen;
	int rc;

	for (; sp->nreq > 0 && s < sp->rd_seq; s++) {
		sl = rs_slot(sp, s);
		if (sl->state != RS_REQ)
			continue;
		sp->req_lo = s;
		rc = rs_read(sp, rs_seg_find(sp, s), sl->off, s, &rlen);
		if (rc < 0) {
			sp->st.io_errors++;
			return -EIO;
		}
		if (rc != RS_OK || rlen != sl->len) {
			/* It read back fine before: the medium is failing. */
			sl->state = RS_ACKED;
			sp->nreq--;
			sp->nout--;
			sp->nacked++;
			sp->st.lost_records++;
			sp->head_dirty = true;
			rs_advance_head(sp);
			continue;
		}
		rc = rs_deliver(sp, s, rlen, buf, cap, seqp, len);
		if (rc == 0) {
			sl->state = RS_OUT;
			sp->nreq--;
			sp->req_lo = s + 1;
		}
		return rc;
	}
	sp->nreq = 0;
	return -ENOENT;
}

static int
rs_next(struct rad_spool *sp, uint64_t *seqp, void *buf, size_t cap,
	size_t *len)
{
	struct rs_slot *sl;
	struct rs_seg *seg;
	size_t rlen = 0;
	int rc;

	if (sp->nreq > 0) {
		rc = rs_next_requeued(sp, seqp, buf, cap, len);
		if (rc != -ENOENT)
			return rc;
	}
	for (;;) {
		if (sp->rd_seq >= sp->next_seq)
			return -ENOENT;
		seg = &sp->segs[sp->rd_idx];
		if (sp->rd_off >= seg->size) {
			/* This segment ends below rd_seq's record: records
			 * up to the next segment (or the tail) are missing. */
			bool last = sp->rd_idx == sp->nsegs - 1;
			uint64_t to = last ? sp->next_seq : seg[1].first;

			if (sp->rd_seq < to) {
				rc = rs_lose(sp, to);
				if (rc < 0)
					return rc;
			}
			if (last)
				continue;
			sp->rd_idx++;
			sp->rd_off = 0;
			continue;
		}
		if (sp->rd_seq >= sp->head + RAD_SPOOL_WINDOW)
			return -EAGAIN;
		rc = rs_read(sp, sp->rd_idx, sp->rd_off, sp->rd_seq, &rlen);
		if (rc < 0) {
			sp->st.io_errors++;
			return -EIO;
		}
		if (rc == RS_SHORT || rc == RS_BAD_HDR) {
			/* Nothing after it in this segment can be found. */
			sp->st.io_errors++;
			sp->rd_off = seg->size;
			continue;
		}
		sl = rs_slot(sp, sp->rd_seq);
		if (rc == RS_BAD_CRC || sl->state == RS_ACKED) {
			/* Damaged, or acknowledged before a restart. */
			if (rc == RS_BAD_CRC)
				sp->st.io_errors++;
			sp->rd_off += RAD_SPOOL_REC_HDR + rlen;
			if (sl->state == RS_ACKED) {
				sp->rd_seq++;
				rs_advance_head(sp);
			} else {
				rs_lose(sp, sp->rd_seq + 1);	/* fits: rd_seq < head + W */
			}
			continue;
		}
		rc = rs_deliver(sp, sp->rd_seq, rlen, buf, cap, seqp, len);
		if (rc < 0)
			return rc;
		sl->state = RS_OUT;
		sl->off = (uint32_t)sp->rd_off;
		sl->len = (uint16_t)rlen;
		sp->nout++;
		sp->rd_off += RAD_SPOOL_REC_HDR + rlen;
		sp->rd_seq++;
		return 0;
	}
}

int
rad_spool_next(struct rad_spool *sp, uint64_t *seqp, void *buf, size_t cap,
	size_t *len)
{
	int rc = rs_next(sp, seqp, buf, cap, len);

	rs_derive(sp);
	return rc;
}

void
rad_spool_ack(struct rad_spool *sp, uint64_t seq)
{
	struct rs_slot *sl;

	if (seq < sp->head || seq >= sp->rd_seq) {
		sp->st.bad_seq++;
		return;
	}
	sl = rs_slot(sp, seq);
	if (sl->state != RS_OUT && sl->state != RS_REQ) {
		sp->st.bad_seq++;
		return;
	}
	if (sl->state == RS_REQ)
		sp->nreq--;
	sl->state = RS_ACKED;
	sp->nout--;
	sp->nacked++;
	sp->st.acked++;
	sp->head_dirty = true;
	rs_advance_head(sp);
	rs_derive(sp);
}

void
rad_spool_requeue(struct rad_spool *sp, uint64_t seq)
{
	struct rs_slot *sl;

	if (seq < sp->head || seq >= sp->rd_seq ||
	    (sl = rs_slot(sp, seq))->state != RS_OUT) {
		sp->st.bad_seq++;
		return;
	}
	sl->state = RS_REQ;
	if (sp->nreq++ == 0 || seq < sp->req_lo)
		sp->req_lo = seq;
	sp->st.requeued++;
	rs_derive(sp);
}

/* Start the segment for next_seq (reusing the last one if it is empty). */
static int
rs_roll(struct rad_spool *sp)
{
	struct rs_shared *sh = &sp->sh;
	char name[RS_SEG_NAME_LEN + 1];
	struct rs_seg *segs;
	bool reuse;
	int fd;

	reuse = sp->nsegs > 0 && sp->segs[sp->nsegs - 1].first == sp->next_seq;
	if (!reuse && sp->nsegs == sp->cap) {
		unsigned int cap = sp->cap ? sp->cap * 2 : 16;

		pthread_mutex_lock(&sh->mu);	/* the pass reads the table */
		segs = realloc(sp->segs, cap * sizeof(*segs));
		if (segs != NULL) {
			sp->segs = segs;
			sp->cap = cap;
		}
		pthread_mutex_unlock(&sh->mu);
		if (segs == NULL)
			return -ENOMEM;
	}
	rs_seg_name(name, sizeof(name), sp->next_seq);
	fd = openat(sp->dirfd, name, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	if (sp->wfd >= 0)
		close(sp->wfd);
	sp->wfd = fd;
	sp->roll = false;
	pthread_mutex_lock(&sh->mu);
	if (reuse) {
		sp->bytes -= sp->segs[sp->nsegs - 1].size;
		sp->segs[sp->nsegs - 1].size = 0;
	} else {
		sp->segs[sp->nsegs].first = sp->next_seq;
		sp->segs[sp->nsegs].size = 0;
		sp->segs[sp->nsegs].need_sync = false;
		sp->nsegs++;
	}
	sh->dir_dirty = true;
	pthread_mutex_unlock(&sh->mu);
	return 0;
}

static int
rs_append(struct rad_spool *sp, const void *rec, size_t len, uint64_t *seq)
{
	struct rs_shared *sh = &sp->sh;
	size_t flen = RAD_SPOOL_REC_HDR + len;
	struct rs_seg *seg;
	ssize_t n;
	int rc;

	if (len == 0 || len > RAD_SPOOL_REC_MAX)
		return -EMSGSIZE;
	if (sp->bytes + flen > sp->max_bytes) {
		sp->st.full++;
		return -ENOSPC;
	}
	if (sp->wfd < 0 || sp->roll ||
	    (sp->segs[sp->nsegs - 1].size > 0 &&
	     sp->segs[sp->nsegs - 1].size + flen > sp->seg_bytes)) {
		rc = rs_roll(sp);
		if (rc < 0) {
			sp->st.io_errors++;
			return rc == -ENOMEM ? rc : -EIO;
		}
	}
	seg = &sp->segs[sp->nsegs - 1];
	rs_put32(sp->buf, RS_MAGIC);
	rs_put32(sp->buf + 4, (uint32_t)len);
	rs_put64(sp->buf + 8, sp->next_seq);
	memcpy(sp->buf + RAD_SPOOL_REC_HDR, rec, len);
	rs_put32(sp->buf + 16, rs_rec_crc(sp->buf, len));
	do {
		n = pwrite(sp->wfd, sp->buf, flen, seg->size);
	} while (n < 0 && errno == EINTR);
	if (n != (ssize_t)flen) {
		/* Cut a partial frame off; if that fails too, the next record
		 * goes to a new segment and open() will cut this tail. */
		sp->st.io_errors++;
		if (n > 0 && ftruncate(sp->wfd, seg->size) < 0)
			sp->roll = true;
		return -EIO;
	}
	pthread_mutex_lock(&sh->mu);
	seg->size += flen;
	seg->need_sync = true;
	sh->tail = sp->next_seq + 1;
	pthread_mutex_unlock(&sh->mu);
	*seq = sp->next_seq++;
	sp->bytes += flen;
	sp->st.appended++;
	if (++sp->unsynced >= sp->sync_records && sp->sync_records > 0)
		rs_request(sp);
	return 0;
}

int
rad_spool_append(struct rad_spool *sp, const void *rec, size_t len,
	uint64_t *seq)
{
	int rc = rs_append(sp, rec, len, seq);

	rs_derive(sp);
	return rc;
}

static void
rs_tick(struct rad_spool *sp, uint64_t now_ms)
{
	bool work;

	rs_fold(sp);
	rs_gc(sp);
	if (!sp->ticked) {
		sp->ticked = true;
		sp->last_pass_ms = now_ms;
		if (sp->sync_ms > 0)
			return;
	}
	if (now_ms - sp->last_pass_ms < sp->sync_ms)
		return;
	pthread_mutex_lock(&sp->sh.mu);
	work = sp->sh.nunl > 0 || sp->sh.dir_dirty;
	pthread_mutex_unlock(&sp->sh.mu);
	if (!work && sp->unsynced == 0 && !sp->head_dirty)
		return;
	sp->last_pass_ms = now_ms;
	rs_request(sp);
}

void
rad_spool_tick(struct rad_spool *sp, uint64_t now_ms)
{
	rs_tick(sp, now_ms);
	rs_derive(sp);
}

const struct rad_spool_stats *
rad_spool_stats(const struct rad_spool *sp)
{
	return &sp->st;
}

/* --- open and close -------------------------------------------------------- */

static void
rs_stop_thread(struct rad_spool *sp)
{
	if (!sp->thread_started)
		return;
	pthread_mutex_lock(&sp->sh.mu);
	sp->sh.stop = true;
	pthread_cond_signal(&sp->sh.cv);
	pthread_mutex_unlock(&sp->sh.mu);
	pthread_join(sp->thread, NULL);
	sp->thread_started = false;
}

static void
rs_free(struct rad_spool *sp)
{
	rs_stop_thread(sp);
	if (sp->wfd >= 0)
		close(sp->wfd);
	if (sp->rfd >= 0)
		close(sp->rfd);
	if (sp->lockfd >= 0)
		close(sp->lockfd);	/* releases the flock */
	if (sp->dirfd >= 0)
		close(sp->dirfd);
	pthread_cond_destroy(&sp->sh.cv);
	pthread_mutex_destroy(&sp->sh.mu);
	free(sp->segs);
	free(sp);
}

void
rad_spool_close(struct rad_spool *sp)
{
	if (sp == NULL)
		return;
	rs_stop_thread(sp);
	sp->sync_inline = true;		/* the last pass runs here */
	rs_request(sp);
	rs_free(sp);
}

/* The head file: *head (0 if absent or unreadable) and its ack bitmap. */
static void
rs_load_head(struct rad_spool *sp, uint64_t *head, uint8_t *bits)
{
	uint8_t b[RS_HEAD_LEN + 1];
	ssize_t n;
	int fd;

	*head = 0;
	memset(bits, 0, RS_BITS_LEN);
	fd = openat(sp->dirfd, RS_HEAD_NAME, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno != ENOENT)
			sp->st.head_invalid++;
		return;
	}
	n = pread(fd, b, sizeof(b), 0);
	close(fd);
	if (n != RS_HEAD_LEN || memcmp(b, RS_HEAD_MAGIC, 8) != 0 ||
	    rs_get32(b + 16 + RS_BITS_LEN) != crc32(0, b, 16 + RS_BITS_LEN) ||
	    rs_get64(b + 8) == 0) {
		sp->st.head_invalid++;	/* replay everything: at least once */
		return;
	}
	*head = rs_get64(b + 8);
	memcpy(bits, b + 16, RS_BITS_LEN);
	sp->pass_head = *head;
	memcpy(sp->pass_bits, bits, RS_BITS_LEN);
}

static int
rs_seg_cmp(const void *a, const void *b)
{
	const struct rs_seg *x = a, *y = b;

	return x->first < y->first ? -1 : x->first > y->first;
}

/* Every seg-*.spool of the directory into sp->segs, sorted. */
static int
rs_list_segs(struct rad_spool *sp)
{
	struct dirent *de;
	struct rs_seg *segs;
	uint64_t first;
	DIR *d;
	int fd;

	fd = dup(sp->dirfd);
	if (fd < 0)
		return -errno;
	d = fdopendir(fd);
	if (d == NULL) {
		close(fd);
		return -errno;
	}
	while ((de = readdir(d)) != NULL) {
		if (!rs_seg_parse_name(de->d_name, &first))
			continue;
		if (sp->nsegs == sp->cap) {
			unsigned int cap = sp->cap ? sp->cap * 2 : 16;

			segs = realloc(sp->segs, cap * sizeof(*segs));
			if (segs == NULL) {
				closedir(d);
				return -ENOMEM;
			}
			sp->segs = segs;
			sp->cap = cap;
		}
		sp->segs[sp->nsegs].first = first;
		sp->segs[sp->nsegs].size = 0;
		sp->segs[sp->nsegs].need_sync = true;	/* a dead owner's pages */
		sp->nsegs++;
	}
	closedir(d);
	if (sp->nsegs > 0)
		qsort(sp->segs, sp->nsegs, sizeof(sp->segs[0]), rs_seg_cmp);
	return 0;
}

struct rs_scan {
	uint64_t end;		/* seq after its last good record */
	uint64_t from_head;	/* good records from `head` on */
	uint64_t head_off;	/* offset of the record `head`, if found */
	bool head_found;
};

/*
 * Verify segs[idx] record by record (records first.. below `limit`),
 * reading it sequentially through buf; cut it at the first bad or torn
 * frame. Leaves the segment's fd in *fdp.
 */
static int
rs_scan_seg(struct rad_spool *sp, unsigned int idx, uint64_t limit,
	uint64_t head, uint8_t *buf, struct rs_scan *res, int *fdp)
{
	struct rs_seg *seg = &sp->segs[idx];
	char name[RS_SEG_NAME_LEN + 1];
	uint64_t off = 0, boff = 0, blen = 0, seq = seg->first;
	bool eof = false;
	struct stat stb;
	size_t len;
	ssize_t n;
	int fd;

	rs_seg_name(name, sizeof(name), seg->first);
	fd = openat(sp->dirfd, name, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &stb) < 0) {
		close(fd);
		return -errno;
	}
	res->head_found = false;
	res->from_head = 0;
	for (; seq < limit; seq++) {
		if (off + RS_FRAME_MAX > boff + blen && !eof) {
			n = pread(fd, buf, RS_SCAN_BUF, off);
			if (n < 0) {
				close(fd);
				return -errno;
			}
			boff = off;
			blen = n;
			eof = n < RS_SCAN_BUF;
		}
		if (rs_parse(buf + (off - boff), boff + blen - off, seq, &len) !=
		    RS_OK)
			break;
		if (seq == head) {
			res->head_found = true;
			res->head_off = off;
		}
		if (seq >= head)
			res->from_head++;
		off += RAD_SPOOL_REC_HDR + len;
	}
	if ((uint64_t)stb.st_size > off) {
		if (ftruncate(fd, off) < 0) {
			close(fd);
			return -errno;
		}
		sp->st.torn_tail_truncated++;
		sp->st.truncated_bytes += stb.st_size - off;
	}
	seg->size = off;
	res->end = seq;
	*fdp = fd;
	return 0;
}

/* Scan every segment; the last one stays open for appending. */
static int
rs_scan_all(struct rad_spool *sp, uint64_t head, struct rs_scan *hres)
{
	struct rs_scan res;
	unsigned int i;
	uint8_t *buf;
	int rc = 0, fd = -1;

	buf = malloc(RS_SCAN_BUF);
	if (buf == NULL)
		return -ENOMEM;
	hres->head_found = false;
	for (i = 0; i < sp->nsegs; i++) {
		bool last = i + 1 == sp->nsegs;

		rc = rs_scan_seg(sp, i, last ? UINT64_MAX : sp->segs[i + 1].first,
			head, buf, &res, &fd);
		if (rc < 0)
			break;
		if (res.head_found)
			*hres = res;
		sp->st.replayed_at_open += res.from_head;
		sp->bytes += sp->segs[i].size;
		if (last) {
			sp->wfd = fd;
			sp->next_seq = res.end;
		} else {
			close(fd);
		}
	}
	free(buf);
	return rc;
}

/* Delete the segments wholly below the head (start-up: blocking is fine). */
static void
rs_drop_acked(struct rad_spool *sp)
{
	char name[RS_SEG_NAME_LEN + 1];
	unsigned int n = 0;

	while (n < sp->nsegs) {
		bool last = n + 1 == sp->nsegs;

		if ((last ? sp->next_seq : sp->segs[n + 1].first) > sp->head)
			break;
		rs_seg_name(name, sizeof(name), sp->segs[n].first);
		if (unlinkat(sp->dirfd, name, 0) < 0 && errno != ENOENT)
			sp->st.io_errors++;
		sp->bytes -= sp->segs[n].size;
		n++;
	}
	if (n == 0)
		return;
	if (n == sp->nsegs && sp->wfd >= 0) {
		close(sp->wfd);
		sp->wfd = -1;
	}
	memmove(sp->segs, sp->segs + n, (sp->nsegs - n) * sizeof(sp->segs[0]));
	sp->nsegs -= n;
}

/* Head, reader and window from what the scan found. */
static void
rs_recover(struct rad_spool *sp, uint64_t fhead, const uint8_t *bits,
	const struct rs_scan *hres)
{
	uint64_t first, s, head;
	unsigned int i;

	if (sp->nsegs == 0)
		sp->next_seq = fhead ? fhead : 1;
	first = sp->nsegs ? sp->segs[0].first : sp->next_seq;
	head = fhead ? fhead : first;
	if (head < first) {
		/* Records the head file says are unacknowledged are gone. */
		sp->st.lost_records += first - head;
		head = first;
	}
	if (head > sp->next_seq) {
		/* Acknowledged beyond what reached the disk: start after. */
		sp->next_seq = head;
		sp->roll = true;
	}
	sp->head = sp->rd_seq = sp->req_lo = head;
	rs_drop_acked(sp);
	if (sp->nsegs == 0 || sp->roll) {
		sp->rd_idx = sp->nsegs ? sp->nsegs - 1 : 0;
		sp->rd_off = sp->nsegs ? sp->segs[sp->rd_idx].size : 0;
	} else {
		sp->rd_idx = rs_seg_find(sp, head);
		if (hres->head_found && head == fhead)
			sp->rd_off = hres->head_off;
		else if (sp->segs[sp->rd_idx].first == head)
			sp->rd_off = 0;
		else
			sp->rd_off = sp->segs[sp->rd_idx].size;	/* a gap */
	}
	for (i = 0; fhead != 0 && i < RAD_SPOOL_WINDOW; i++) {
		s = fhead + i;
		if (!(bits[i / 8] & (1u << (i % 8))) || s < head ||
		    s >= sp->next_seq || s >= head + RAD_SPOOL_WINDOW)
			continue;
		rs_slot(sp, s)->state = RS_ACKED;
		sp->nacked++;
	}
	/* The scan counted the good records from fhead on. */
	sp->st.replayed_at_open -= sp->nacked < sp->st.replayed_at_open ?
		sp->nacked : sp->st.replayed_at_open;
	sp->sh.tail = sp->next_seq;
	sp->sh.want_head = head;
	memcpy(sp->sh.want_bits, bits, RS_BITS_LEN);
	sp->head_dirty = head != fhead;
}

static int
rs_start_thread(struct rad_spool *sp)
{
	sigset_t all, old;
	int rc;

	/* Signals stay with lnsd's own threads. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&sp->thread, NULL, rs_thread, sp);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0)
		return -rc;
	pthread_setname_np(sp->thread, "rad-spool");
	sp->thread_started = true;
	return 0;
}

static int
rs_open_dir(struct rad_spool *sp, const char *dir)
{
	if (mkdir(dir, 0700) < 0 && errno != EEXIST)
		return -errno;
	sp->dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (sp->dirfd < 0)
		return -errno;
	/* A clear error now rather than a failed append later (root passes
	 * this on a read-only mode but not on a read-only mount). */
	if (faccessat(sp->dirfd, ".", W_OK | X_OK, AT_EACCESS) < 0)
		return -errno;
	sp->lockfd = openat(sp->dirfd, RS_LOCK_NAME,
		O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (sp->lockfd < 0)
		return -errno;
	if (flock(sp->lockfd, LOCK_EX | LOCK_NB) < 0)
		return errno == EWOULDBLOCK ? -EBUSY : -errno;
	if (unlinkat(sp->dirfd, RS_HEAD_TMP, 0) < 0 && errno != ENOENT)
		return -errno;
	return 0;
}

static int
rs_conf(struct rad_spool *sp, const struct rad_spool_conf *conf)
{
	if (conf == NULL || conf->dir == NULL || conf->dir[0] == '\0')
		return -EINVAL;
	sp->max_bytes = conf->max_bytes ? conf->max_bytes : RS_DEF_MAX_BYTES;
	sp->seg_bytes = conf->segment_bytes;
	if (sp->seg_bytes == 0) {
		sp->seg_bytes = sp->max_bytes / 4;
		if (sp->seg_bytes > RS_DEF_SEG_BYTES)
			sp->seg_bytes = RS_DEF_SEG_BYTES;
	}
	/* Two segments must fit, or the one written to (never deleted)
	 * could hold the whole bound, acknowledged, forever. */
	if (sp->seg_bytes > RS_SEG_BYTES_MAX || sp->seg_bytes > sp->max_bytes / 2 ||
	    sp->max_bytes < 2 * RS_FRAME_MAX)
		return -EINVAL;
	sp->sync_ms = conf->sync_ms;
	sp->sync_records = conf->sync_records;
	sp->sync_inline = conf->sync_inline;
	return 0;
}

struct rad_spool *
rad_spool_open(const struct rad_spool_conf *conf, int *err)
{
	uint8_t bits[RS_BITS_LEN];
	struct rs_scan hres = { 0 };
	struct rad_spool *sp;
	uint64_t fhead;
	int rc;

	sp = calloc(1, sizeof(*sp));
	if (sp == NULL) {
		*err = -ENOMEM;
		return NULL;
	}
	sp->dirfd = sp->lockfd = sp->wfd = sp->rfd = -1;
	pthread_mutex_init(&sp->sh.mu, NULL);
	pthread_cond_init(&sp->sh.cv, NULL);
	rc = rs_conf(sp, conf);
	if (rc == 0)
		rc = rs_open_dir(sp, conf->dir);
	if (rc == 0) {
		rs_load_head(sp, &fhead, bits);
		rc = rs_list_segs(sp);
	}
	if (rc == 0)
		rc = rs_scan_all(sp, fhead, &hres);
	if (rc == 0) {
		rs_recover(sp, fhead, bits, &hres);
		if (!sp->sync_inline)
			rc = rs_start_thread(sp);
	}
	if (rc < 0) {
		rs_free(sp);
		*err = rc;
		return NULL;
	}
	sp->unsynced = 1;	/* the first pass syncs what a dead owner left */
	rs_derive(sp);
	*err = 0;
	return sp;
}
