/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Durable accounting spool: every Accounting Start/Stop (and On/Off)
 * record is written here when it is created, before anything is sent; the
 * sender takes records out in order (rad_spool_next), sends them, and
 * acknowledges each one the server answered (rad_spool_ack). Acknowledged
 * records are discarded; nothing is ever dropped for having been retried
 * too often.
 *
 * Pure C and POSIX (no DPDK). Not thread-safe: one owner (the control
 * lcore) calls every function; the spool's own background thread only
 * syncs, persists the head and deletes files.
 *
 * On disk, in conf.dir (0700):
 *   seg-%016llx.spool  segments, named by the seq of their first record,
 *                      a new one every conf.segment_bytes. A segment is a
 *                      run of records with consecutive seqs:
 *     | magic "RSP1" (4) | len (4, LE) | seq (8, LE) | crc32 (4, LE) | payload (len) |
 *     crc32 is zlib's (IEEE 802.3) over len, seq and the payload.
 *   head               the first unacknowledged seq, and a bitmap of the
 *                      RAD_SPOOL_WINDOW seqs after it that are acknowledged
 *                      already (out-of-order acks), with a crc32; replaced
 *                      atomically (head.tmp, fdatasync, rename, fsync of the
 *                      directory).
 *   lock               flock()ed while the spool is open (-EBUSY for a
 *                      second opener).
 *
 * Durability: appends are buffered writes (page cache). The background
 * thread fdatasyncs the segments written to every sync_ms (at
 * rad_spool_tick) or sync_records appends, whichever comes first, and
 * persists the head and deletes acknowledged segments at the same
 * moments. A crash of the machine loses at most the records appended
 * since the last sync (one batch window); a crash of lnsd alone loses
 * nothing (the page cache survives it). The owner's only metadata
 * operation is creating a segment file, once per segment_bytes.
 * Delivery is at least once: records acknowledged since the last
 * persisted head are handed out again after a crash. After a clean
 * rad_spool_close() nothing is handed out twice: the head and the
 * out-of-order acks are persisted at close.
 *
 * Memory does not grow with the spool: records are read back with pread()
 * as they are handed out; only the records handed out and not yet
 * acknowledged are tracked, in a ring of RAD_SPOOL_WINDOW slots (8 octets
 * each) above the head, plus one entry (24 octets) per segment file.
 */
#ifndef LNS_RAD_SPOOL_H
#define LNS_RAD_SPOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RAD_SPOOL_REC_MAX	4096	/* payload octets of one record */
#define RAD_SPOOL_REC_HDR	20	/* framing octets before the payload */
/*
 * Records handed out and not yet acknowledged may span at most this many
 * seqs from the oldest unacknowledged one; rad_spool_next() returns
 * -EAGAIN beyond it until the oldest is acknowledged.
 */
#define RAD_SPOOL_WINDOW	4096

struct rad_spool_conf {
	const char *dir;	/* created (0700) if missing; its parent must exist */
	uint64_t max_bytes;	/* bound on segment file octets; 0 = 64 MiB */
	uint64_t segment_bytes;	/* new segment past this; 0 = 4 MiB, max 1 GiB */
	uint32_t sync_ms;	/* sync at the first tick this long after the last; 0 = every tick */
	uint32_t sync_records;	/* also sync after this many appends; 0 = time only */
	bool sync_inline;	/* tests: sync in the caller, no thread */
};

struct rad_spool_stats {
	uint64_t appended;		/* records accepted since open */
	uint64_t acked;			/* acknowledgements since open */
	uint64_t pending_records;	/* in the spool, not acknowledged */
	uint64_t pending_bytes;		/* segment file octets not deleted yet (the bound) */
	uint64_t inflight;		/* handed out, not acknowledged */
	uint64_t requeued;		/* rad_spool_requeue() calls honoured */
	uint64_t full;			/* appends refused: max_bytes reached */
	uint64_t io_errors;		/* failed write, read, sync, head write, unlink */
	uint64_t syncs;			/* completed sync passes */
	uint64_t torn_tail_truncated;	/* open: torn/corrupt tail cut off a segment */
	uint64_t truncated_bytes;	/* octets cut off by those truncations */
	uint64_t lost_records;		/* seqs that could not be read back (corrupt) */
	uint64_t replayed_at_open;	/* unacknowledged records found at open */
	uint64_t head_invalid;		/* open: head file unreadable, all records replayed */
	uint64_t bad_seq;		/* ack/requeue of a seq not handed out (ignored) */
	uint64_t synced_seq;		/* every record below this seq is on disk */
	uint64_t persisted_head;	/* head as last written to the head file */
};

struct rad_spool;

/*
 * Open (or create) the spool in conf->dir and recover it: scan every
 * segment, verify every record, truncate a torn or corrupt tail (counted),
 * delete segments below the head. Records from the head on are handed out
 * again by rad_spool_next(), in order. Blocks on disk (start-up only).
 * Returns NULL with *err: -EINVAL (conf), -EBUSY (open elsewhere),
 * -ENOMEM, or the errno of the failed system call (-EACCES, -EROFS,
 * -ENOTDIR, -EIO...).
 */
struct rad_spool *rad_spool_open(const struct rad_spool_conf *conf, int *err);

/*
 * Append one record (1..RAD_SPOOL_REC_MAX octets), its seq in *seq.
 * A buffered write: no fsync here (unless sync_inline). Returns 0,
 * -EMSGSIZE (len 0 or too long), -ENOSPC (max_bytes reached: counted in
 * `full`), -EIO (write failed, counted; the segment is cut back so the
 * spool stays consistent), -ENOMEM.
 */
int rad_spool_append(struct rad_spool *sp, const void *rec, size_t len,
	uint64_t *seq);

/*
 * The next record to send, into buf (cap octets, RAD_SPOOL_REC_MAX is
 * always enough): requeued records first, lowest seq first, then records
 * never handed out, in seq order. Returns 0, -ENOENT (none), -EAGAIN
 * (RAD_SPOOL_WINDOW reached), -ENOBUFS (cap too small, *len set, nothing
 * handed out), -EIO (read failed, counted; try again later).
 */
int rad_spool_next(struct rad_spool *sp, uint64_t *seq, void *buf,
	size_t cap, size_t *len);

/* The server answered: discard seq. Any order; unknown seqs are counted. */
void rad_spool_ack(struct rad_spool *sp, uint64_t seq);

/* Sending seq failed: hand it out again (before any higher seq). */
void rad_spool_requeue(struct rad_spool *sp, uint64_t seq);

/*
 * Call often (every loop pass or timer): starts a sync pass when one is
 * due (sync_ms), collects the background thread's results (syncs,
 * persisted head, errors, freed space) into the stats, and deletes the
 * segments wholly below the persisted head. now_ms: any monotonic clock.
 */
void rad_spool_tick(struct rad_spool *sp, uint64_t now_ms);

/* Sync, persist the head and the acks, delete what is acknowledged, join. */
void rad_spool_close(struct rad_spool *sp);

const struct rad_spool_stats *rad_spool_stats(const struct rad_spool *sp);

#endif /* LNS_RAD_SPOOL_H */
