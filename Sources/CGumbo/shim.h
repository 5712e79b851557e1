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

/* Parses `length` bytes of UTF-8 with every allocation in `arena`; parse errors are not
   recorded (nothing reads them, and recording costs time). Never call gumbo_destroy_output
   on the result: release the arena instead. */
static inline GumboOutput *mv_gumbo_parse(const char *bytes, size_t length, mv_arena *arena) {
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;
  options.allocator = mv_arena_alloc;
  options.deallocator = mv_arena_free;
  options.userdata = arena;
  return gumbo_parse_with_options(&options, bytes, length);
}
