/*
 * alloc.c — allocator churn with pointer chasing: a binary search tree of heap nodes with random
 * inserts, lookups and deletions, plus a singly linked list that is built from variable-sized
 * blocks, walked and freed each unit. malloc/free, dependent loads and branches dominate.
 * Nothing printed depends on addresses. Usage: alloc [scale]. Single-threaded.
 */
#include <string.h>

#include "bench.h"

struct tree_node {
    uint64_t key;
    struct tree_node *left, *right;
    uint32_t payload_len;
    unsigned char payload[];
};

struct list_node {
    struct list_node *next;
    uint64_t value;
    unsigned char pad[];
};

struct tree {
    struct tree_node *root;
    long size;
};

static struct tree_node **tree_find_slot(struct tree *t, uint64_t key)
{
    struct tree_node **slot = &t->root;
    while (*slot && (*slot)->key != key)
        slot = key < (*slot)->key ? &(*slot)->left : &(*slot)->right;
    return slot;
}

static void tree_insert(struct tree *t, uint64_t key, uint32_t len)
{
    struct tree_node **slot = tree_find_slot(t, key);
    if (*slot)
        return;
    struct tree_node *n = malloc(sizeof *n + len);
    n->key = key;
    n->left = n->right = NULL;
    n->payload_len = len;
    memset(n->payload, (int)(key & 0xff), len);
    *slot = n;
    t->size++;
}

static void tree_delete(struct tree *t, uint64_t key)
{
    struct tree_node **slot = tree_find_slot(t, key), *n = *slot;
    if (!n)
        return;
    if (n->left && n->right) {
        struct tree_node **succ = &n->right;
        while ((*succ)->left)
            succ = &(*succ)->left;
        struct tree_node *s = *succ;
        *succ = s->right;
        s->left = n->left;
        s->right = n->right;
        *slot = s;
    } else {
        *slot = n->left ? n->left : n->right;
    }
    free(n);
    t->size--;
}

static uint64_t tree_sum(const struct tree_node *n, int depth)
{
    uint64_t s = 0;
    while (n) {
        s += n->key * (uint64_t)(depth + 1) + n->payload[n->payload_len - 1];
        s += tree_sum(n->left, depth + 1);
        n = n->right;
        depth++;
    }
    return s;
}

static void tree_free(struct tree_node *n)
{
    while (n) {
        tree_free(n->left);
        struct tree_node *r = n->right;
        free(n);
        n = r;
    }
}

static uint64_t list_churn(uint64_t *state, int count)
{
    struct list_node *head = NULL;
    for (int i = 0; i < count; i++) {
        uint32_t pad = (uint32_t)(bench_rand(state) % 200);
        struct list_node *n = malloc(sizeof *n + pad);
        n->value = (uint64_t)i * 7 + pad;
        n->next = head;
        head = n;
    }
    uint64_t s = 0;
    for (int pass = 0; pass < 4; pass++)
        for (struct list_node *n = head; n; n = n->next)
            s = s * 3 + n->value;
    while (head) {
        struct list_node *n = head->next;
        free(head);
        head = n;
    }
    return s;
}

int main(int argc, char **argv)
{
    long units = bench_units(argc > 1 ? argv[1] : NULL, 550);
    struct tree t = {NULL, 0};
    uint64_t state = 0xa110cULL, sum = 0;
    for (long u = 0; u < units; u++) {
        for (int i = 0; i < 4000; i++) {
            uint64_t r = bench_rand(&state);
            uint64_t key = r % 50000;
            if (r >> 62)
                tree_insert(&t, key, 8 + (uint32_t)((r >> 20) % 120));
            else
                tree_delete(&t, key);
        }
        sum = bench_mix(sum, tree_sum(t.root, 0) + (uint64_t)t.size);
        sum = bench_mix(sum, list_churn(&state, 3000));
    }
    tree_free(t.root);
    bench_report("alloc", units, sum);
    return 0;
}
