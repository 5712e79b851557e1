#include <gumbo.h>
#include <stdlib.h>

/*
 * A memory pool for one gumbo parse. gumbo allocates every token, string buffer and node
 * separately and frees its tree recursively (one C frame per nesting level); with this pool a
 * parse takes blocks from 64 KiB chunks, freed blocks are reused by size class (powers of two),
 * and the whole tree is released at once by mv_arena_release: faster, and no recursion.
 */
typedef struct mv_arena_chunk {
  struct mv_arena_chunk *next;
  size_t pad; /* keeps the blocks after the chunk header 16-byte aligned */
} mv_arena_chunk;

/* Each block starts with this 16-byte header; the caller's memory follows it. */
typedef struct {
  size_t size_class;
  void *next_free;
} mv_arena_block;

typedef struct {
  mv_arena_chunk *chunks;
  char *cursor;
  char *limit;
  void *free_lists[64];
} mv_arena;

static inline unsigned mv_arena_class(size_t size) {
  return size <= 16 ? 4 : (unsigned)(64 - __builtin_clzl(size - 1));
}

static inline void *mv_arena_alloc(void *userdata, size_t size) {
  mv_arena *arena = (mv_arena *)userdata;
  unsigned size_class = mv_arena_class(size);
  mv_arena_block *block = (mv_arena_block *)arena->free_lists[size_class];
  if (block) {
    arena->free_lists[size_class] = block->next_free;
    return block + 1;
  }
  size_t need = sizeof(mv_arena_block) + ((size_t)1 << size_class);
  if (arena->cursor == NULL || (size_t)(arena->limit - arena->cursor) < need) {
    size_t chunk_size = need > 65536 ? need : 65536;
    mv_arena_chunk *chunk = (mv_arena_chunk *)malloc(sizeof(mv_arena_chunk) + chunk_size);
    if (chunk == NULL) abort(); /* gumbo cannot handle a failed allocation either */
    chunk->next = arena->chunks;
    arena->chunks = chunk;
    arena->cursor = (char *)(chunk + 1);
    arena->limit = arena->cursor + chunk_size;
  }
  block = (mv_arena_block *)arena->cursor;
  arena->cursor += need;
  block->size_class = size_class;
  return block + 1;
}

static inline void mv_arena_free(void *userdata, void *pointer) {
  if (pointer == NULL) return;
  mv_arena *arena = (mv_arena *)userdata;
  mv_arena_block *block = (mv_arena_block *)pointer - 1;
  block->next_free = arena->free_lists[block->size_class];
  arena->free_lists[block->size_class] = block;
}

/* Frees every chunk of the pool (and with it the whole parse tree). */
static inline void mv_arena_release(mv_arena *arena) {
  mv_arena_chunk *chunk = arena->chunks;
  while (chunk) {
    mv_arena_chunk *next = chunk->next;
    free(chunk);
    chunk = next;
  }
  arena->chunks = NULL;
  arena->cursor = arena->limit = NULL;
}

/* The deepest an element may nest (see mv_gumbo_flatten). */
#define MV_GUMBO_MAX_DEPTH 128

static inline void mv_gumbo_flatten(GumboNode *root, unsigned max_depth, mv_arena *arena);

/* Parses `length` bytes of UTF-8 with every allocation in `arena`; parse errors are not
   recorded (nothing reads them, and recording costs time); the tree's depth is capped at
   MV_GUMBO_MAX_DEPTH. Never call gumbo_destroy_output on the result: release the arena instead. */
static inline GumboOutput *mv_gumbo_parse(const char *bytes, size_t length, mv_arena *arena) {
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;
  options.allocator = mv_arena_alloc;
  options.deallocator = mv_arena_free;
  options.userdata = arena;
  GumboOutput *output = gumbo_parse_with_options(&options, bytes, length);
  if (output != NULL && output->root != NULL) mv_gumbo_flatten(output->root, MV_GUMBO_MAX_DEPTH, arena);
  return output;
}

/*
 * Caps the tree's depth, as browsers' parsers do (Blink: 512): every node below an element at
 * depth `max_depth` becomes, in document order, a direct child of that element (elements keep
 * their attributes, lose their children). Only broken or hostile markup nests that deep (a post
 * of thousands of unclosed <div>s); without the cap every walk up from each image is as long as
 * the nesting, which made such a post quadratic. Iterative: no C frame per level.
 */
static inline int mv_gumbo_has_children(const GumboNode *node) {
  return node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE;
}

static inline void mv_gumbo_flatten(GumboNode *root, unsigned max_depth, mv_arena *arena) {
  size_t capacity = 256, count = 0;
  GumboNode **stack = (GumboNode **)malloc(capacity * sizeof *stack);
  unsigned *depths = (unsigned *)malloc(capacity * sizeof *depths);
  if (stack == NULL || depths == NULL) abort();
#define MV_PUSH(node, depth)                                                                  \
  do {                                                                                        \
    if (count == capacity) {                                                                  \
      capacity *= 2;                                                                          \
      stack = (GumboNode **)realloc(stack, capacity * sizeof *stack);                         \
      depths = (unsigned *)realloc(depths, capacity * sizeof *depths);                        \
      if (stack == NULL || depths == NULL) abort();                                           \
    }                                                                                         \
    stack[count] = (node);                                                                    \
    depths[count] = (depth);                                                                  \
    count++;                                                                                  \
  } while (0)
  MV_PUSH(root, 1);
  while (count > 0) {
    count--;
    GumboNode *node = stack[count];
    unsigned depth = depths[count];
    if (!mv_gumbo_has_children(node)) continue;
    GumboVector *children = &node->v.element.children;
    if (depth < max_depth) {
      for (unsigned i = 0; i < children->length; i++) MV_PUSH((GumboNode *)children->data[i], depth + 1);
      continue;
    }
    /* Collect the whole subtree below `node` in document order, then hang it under `node`. */
    size_t total = 0, list_capacity = 64;
    GumboNode **list = (GumboNode **)malloc(list_capacity * sizeof *list);
    size_t pending_capacity = 64, pending = 0;
    GumboNode **todo = (GumboNode **)malloc(pending_capacity * sizeof *todo);
    if (list == NULL || todo == NULL) abort();
    for (unsigned i = children->length; i > 0; i--) {
      if (pending == pending_capacity) { pending_capacity *= 2; todo = (GumboNode **)realloc(todo, pending_capacity * sizeof *todo); if (todo == NULL) abort(); }
      todo[pending++] = (GumboNode *)children->data[i - 1];
    }
    while (pending > 0) {
      GumboNode *current = todo[--pending];
      if (total == list_capacity) { list_capacity *= 2; list = (GumboNode **)realloc(list, list_capacity * sizeof *list); if (list == NULL) abort(); }
      list[total++] = current;
      if (!mv_gumbo_has_children(current)) continue;
      GumboVector *inner = &current->v.element.children;
      for (unsigned i = inner->length; i > 0; i--) {
        if (pending == pending_capacity) { pending_capacity *= 2; todo = (GumboNode **)realloc(todo, pending_capacity * sizeof *todo); if (todo == NULL) abort(); }
        todo[pending++] = (GumboNode *)inner->data[i - 1];
      }
      inner->length = 0;
    }
    if (total > children->length) {
      void **data = (void **)mv_arena_alloc(arena, total * sizeof(void *));
      children->data = data;
      children->capacity = (unsigned)total;
    }
    for (size_t i = 0; i < total; i++) {
      children->data[i] = list[i];
      list[i]->parent = node;
      list[i]->index_within_parent = i;
    }
    children->length = (unsigned)total;
    free(list);
    free(todo);
  }
#undef MV_PUSH
  free(stack);
  free(depths);
}