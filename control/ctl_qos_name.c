/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Interned QoS profile names (ctl_qos.h): one counted copy of each name
 * sessions keep, instead of a CFG_NAME_LEN array in every session. The
 * names are those of profiles (lnsctl and the users file are checked
 * against qos.profiles), so few: a list searched linearly does. Control
 * lcore only.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "ctl_qos.h"

struct ctl_qos_name {
	struct ctl_qos_name *next;
	uint32_t refs;
	char name[];
};

static struct ctl_qos_name *ctl_qos_names;
static unsigned int ctl_qos_nb_names;

static struct ctl_qos_name *
ctl_qos_name_of(const char *name)
{
	return (struct ctl_qos_name *)(uintptr_t)
		(name - offsetof(struct ctl_qos_name, name));
}

static const char *
ctl_qos_name_get(const char *name)
{
	struct ctl_qos_name *n;
	size_t len;

	for (n = ctl_qos_names; n != NULL; n = n->next)
		if (strncmp(n->name, name, CFG_NAME_LEN - 1) == 0) {
			n->refs++;
			return n->name;
		}
	len = strnlen(name, CFG_NAME_LEN - 1);
	n = malloc(sizeof(*n) + len + 1);
	if (n == NULL)
		return NULL;
	memcpy(n->name, name, len);
	n->name[len] = '\0';
	n->refs = 1;
	n->next = ctl_qos_names;
	ctl_qos_names = n;
	ctl_qos_nb_names++;
	return n->name;
}

static void
ctl_qos_name_put(const char *name)
{
	struct ctl_qos_name *n = ctl_qos_name_of(name), **p;

	if (--n->refs > 0)
		return;
	for (p = &ctl_qos_names; *p != n; p = &(*p)->next)
		;
	*p = n->next;
	ctl_qos_nb_names--;
	free(n);
}

int
ctl_qos_name_set(const char **slot, const char *name)
{
	const char *nw = NULL;

	if (name == NULL)
		name = "";
	if (strncmp(ctl_qos_name_str(*slot), name, CFG_NAME_LEN - 1) == 0)
		return 0;
	if (name[0] != '\0' && (nw = ctl_qos_name_get(name)) == NULL)
		return -ENOMEM;
	if (*slot != NULL)
		ctl_qos_name_put(*slot);
	*slot = nw;
	return 0;
}

unsigned int
ctl_qos_name_count(void)
{
	return ctl_qos_nb_names;
}
