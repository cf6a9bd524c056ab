/* deadlines.c: connections in deadline order, a list per timeout value (see deadlines.h). */
#include "deadlines.h"

static struct deadline_list *list_of(struct deadlines *d, const struct conn *c)
{
    return &d->lists[c->state == CONN_LINGERING ? DEADLINE_LINGER : DEADLINE_TIMEOUT];
}

static void append(struct deadline_list *list, struct deadline_link *link)
{
    link->list = list;
    link->prev = list->last;
    link->next = NULL;
    *(list->last ? &list->last->next : &list->first) = link;
    list->last = link;
}

void deadlines_add(struct deadlines *d, struct deadline_link *link, struct conn *c)
{
    link->conn = c;
    append(list_of(d, c), link);
}

void deadlines_remove(struct deadline_link *link)
{
    struct deadline_list *list = link->list;
    *(link->prev ? &link->prev->next : &list->first) = link->next;
    *(link->next ? &link->next->prev : &list->last) = link->prev;
}

void deadlines_update(struct deadlines *d, struct deadline_link *link, int64_t old_deadline_ms)
{
    if (link->conn->deadline_ms == old_deadline_ms)
        return;
    deadlines_remove(link);
    append(list_of(d, link->conn), link);
}

struct deadline_link *deadlines_expired(const struct deadlines *d, int64_t now)
{
    for (int i = 0; i < DEADLINE_LISTS; i++)
        if (d->lists[i].first && now >= conn_deadline(d->lists[i].first->conn))
            return d->lists[i].first;
    return NULL;
}

int64_t deadlines_earliest(const struct deadlines *d)
{
    int64_t first = INT64_MAX;
    for (int i = 0; i < DEADLINE_LISTS; i++)
        if (d->lists[i].first && conn_deadline(d->lists[i].first->conn) < first)
            first = conn_deadline(d->lists[i].first->conn);
    return first;
}

void deadlines_each(struct deadlines *d, void (*fn)(struct deadline_link *, void *), void *arg)
{
    for (int i = 0; i < DEADLINE_LISTS; i++)
        for (struct deadline_link *link = d->lists[i].first, *next; link != NULL; link = next) {
            next = link->next;
            fn(link, arg);
        }
}
