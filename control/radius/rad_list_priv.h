/* SPDX-License-Identifier: BSD-3-Clause
 *
 * A circular doubly linked list with an embedded link, private to the
 * RADIUS client. <sys/queue.h>'s TAILQ needs the list head to remove an
 * element; here an element unlinks itself from whichever list holds it
 * (the timer wheel's slot, the list of timers due, the wait queue), which
 * is what lets a done callback cancel another request at any moment.
 */
#ifndef LNS_RAD_LIST_PRIV_H
#define LNS_RAD_LIST_PRIV_H

#include <stdbool.h>
#include <stddef.h>

struct rad_link {
	struct rad_link *next;
	struct rad_link *prev;
};

/* A list head, or an element on no list: linked to itself. */
static inline void
rad_list_init(struct rad_link *l)
{
	l->next = l;
	l->prev = l;
}

static inline bool
rad_list_empty(const struct rad_link *head)
{
	return head->next == head;
}

/* True when the element is on a list (initialised elements only). */
static inline bool
rad_list_linked(const struct rad_link *e)
{
	return e->next != e;
}

static inline void
rad_list_insert_between(struct rad_link *e, struct rad_link *prev,
	struct rad_link *next)
{
	e->prev = prev;
	e->next = next;
	prev->next = e;
	next->prev = e;
}

static inline void
rad_list_push_tail(struct rad_link *head, struct rad_link *e)
{
	rad_list_insert_between(e, head->prev, head);
}

static inline void
rad_list_push_head(struct rad_link *head, struct rad_link *e)
{
	rad_list_insert_between(e, head, head->next);
}

/* Unlink from whatever list holds it; harmless on an unlinked element. */
static inline void
rad_list_del(struct rad_link *e)
{
	e->prev->next = e->next;
	e->next->prev = e->prev;
	rad_list_init(e);
}

/* The first element, or NULL. */
static inline struct rad_link *
rad_list_first(const struct rad_link *head)
{
	return rad_list_empty(head) ? NULL : head->next;
}

#define rad_container_of(p, type, member) \
	((type *)(void *)((char *)(p) - offsetof(type, member)))

#endif /* LNS_RAD_LIST_PRIV_H */
