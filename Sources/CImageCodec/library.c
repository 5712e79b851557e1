// Codec libraries loaded with dlopen on the first image that needs them (libheif, libjxl): most
// runs never meet such an image, and linking them would cost every start of the binary the time
// to map and relocate them. One place opens them, looks up their functions and keeps the
// loader's words for the message of every image a missing library leaves without a thumbnail.

#include "codec_internal.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

int mv_library_open(mv_library *library, const char *override, const char *const *names, size_t count) {
    // The variable names another build to load (tests name one that is not there).
    const char *forced = getenv(override);
    if (forced) library->handle = dlopen(forced, RTLD_NOW | RTLD_LOCAL);
    for (size_t i = 0; !forced && !library->handle && i < count; i++)
        library->handle = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    if (!library->handle) snprintf(library->error, sizeof library->error, "%s", dlerror());
    return library->handle != NULL;
}

void *mv_library_symbol(mv_library *library, const char *name) {
    void *symbol = dlsym(library->handle, name);
    if (!symbol) snprintf(library->error, sizeof library->error, "it has no %s", name);
    return symbol;
}
