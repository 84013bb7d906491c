/*
 * list.h: the kernel's one list type, an intrusive circular doubly-linked list (as in
 * Linux's list.h): a struct embeds a `struct list_node`, a list head is a node of its
 * own, and list_entry() gets back from a node to its struct. Every operation is O(1)
 * except the searches the callers write themselves. None of them takes a lock: callers
 * run with IRQs masked (kernel/sched.h).
 */
#ifndef KERNEL_LIST_H
#define KERNEL_LIST_H

#include <stddef.h>

struct list_node {
    struct list_node *next, *prev;
};

#define LIST_INIT(name)                                                                            \
    {                                                                                              \
        &(name), &(name)                                                                           \
    }
#define list_entry(node, type, member) ((type *)((char *)(node)-offsetof(type, member)))
#define list_for_each(pos, head) for ((pos) = (head)->next; (pos) != (head); (pos) = (pos)->next)
/* Safe against removal of `pos` inside the loop. */
#define list_for_each_safe(pos, n, head)                                                           \
    for ((pos) = (head)->next, (n) = (pos)->next; (pos) != (head); (pos) = (n), (n) = (pos)->next)

static inline void list_init(struct list_node *head)
{
    head->next = head->prev = head;
}

static inline int list_empty(const struct list_node *head)
{
    return head->next == head;
}

/* Insert `node` right before `at` (at the tail when `at` is the head). */
static inline void list_insert_before(struct list_node *at, struct list_node *node)
{
    node->prev = at->prev;
    node->next = at;
    at->prev->next = node;
    at->prev = node;
}

static inline void list_add_tail(struct list_node *head, struct list_node *node)
{
    list_insert_before(head, node);
}

/* Unlink and leave the node pointing at itself, so a second removal is harmless and
 * list_linked() tells whether it is on a list. */
static inline void list_remove(struct list_node *node)
{
    node->prev->next = node->next;
    node->next->prev = node->prev;
    node->next = node->prev = node;
}

static inline int list_linked(const struct list_node *node)
{
    return node->next != node;
}

#endif
