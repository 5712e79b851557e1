// HEIF through libheif: HEIC (iPhones' photos) and AVIF stills, the primary image with the
// container's rotation and mirroring applied by libheif (so the orientation left is 1).
// libheif reports errors by returned structs, never by longjmp.
//
// libheif is loaded on the first HEIF image, not linked (library.c): it brings the HEVC and AV1
// codecs (six shared libraries), which cost every start of the binary ~5 ms to map and
// relocate, though most runs never meet a HEIF image. Without libheif1 installed, HEIF images
// are kept without a thumbnail, with a message saying so.

#include "codec_internal.h"

#include <pthread.h>
#include <string.h>

#include <libheif/heif.h>

/// The libheif functions used here, looked up once; `loaded` is 0 when libheif is missing.
static struct {
    int loaded;
    __typeof__(heif_init) *init;
    __typeof__(heif_context_alloc) *context_alloc;
    __typeof__(heif_context_free) *context_free;
    __typeof__(heif_context_read_from_memory_without_copy) *read_from_memory;
    __typeof__(heif_context_get_primary_image_handle) *primary_image_handle;
    __typeof__(heif_image_handle_get_width) *handle_width;
    __typeof__(heif_image_handle_get_height) *handle_height;
    __typeof__(heif_image_handle_has_alpha_channel) *handle_has_alpha;
    __typeof__(heif_image_handle_release) *handle_release;
    __typeof__(heif_decode_image) *decode_image;
    __typeof__(heif_image_get_plane_readonly) *plane;
    __typeof__(heif_image_get_width) *image_width;
    __typeof__(heif_image_get_height) *image_height;
    __typeof__(heif_image_release) *image_release;
} heif;

/// libheif once loaded, or why it could not be.
static mv_library heif_library;

/// Loads libheif and registers its codecs (heif_init), once per process.
static pthread_once_t heif_once = PTHREAD_ONCE_INIT;
static void heif_start(void) {
    static const char *const names[] = {"libheif.so.1"};
    if (!mv_library_open(&heif_library, "MEDIAVAULT_LIBHEIF", names, 1)) return;
#define LOOK_UP(field, name) if (!(heif.field = (__typeof__(heif.field))mv_library_symbol(&heif_library, #name))) return;
    LOOK_UP(init, heif_init)
    LOOK_UP(context_alloc, heif_context_alloc)
    LOOK_UP(context_free, heif_context_free)
    LOOK_UP(read_from_memory, heif_context_read_from_memory_without_copy)
    LOOK_UP(primary_image_handle, heif_context_get_primary_image_handle)
    LOOK_UP(handle_width, heif_image_handle_get_width)
    LOOK_UP(handle_height, heif_image_handle_get_height)
    LOOK_UP(handle_has_alpha, heif_image_handle_has_alpha_channel)
    LOOK_UP(handle_release, heif_image_handle_release)
    LOOK_UP(decode_image, heif_decode_image)
    LOOK_UP(plane, heif_image_get_plane_readonly)
    LOOK_UP(image_width, heif_image_get_width)
    LOOK_UP(image_height, heif_image_get_height)
    LOOK_UP(image_release, heif_image_release)
#undef LOOK_UP
    heif.init(NULL);
    heif.loaded = 1;
}

/// True for an ISO-BMFF `ftyp` box whose major or compatible brands name a HEIF or AVIF image.
int mv_is_heif(const uint8_t *data, size_t size) {
    if (size < 12 || memcmp(data + 4, "ftyp", 4) != 0) return 0;
    static const char *brands[] = {"heic", "heix", "heim", "heis", "hevc", "hevx", "hevm", "hevs",
                                   "mif1", "msf1", "avif", "avis"};
    size_t box = ((size_t)data[0] << 24) | ((size_t)data[1] << 16) | ((size_t)data[2] << 8) | data[3];
    size_t end = box < 12 ? 12 : box;
    if (end > size) end = size;
    for (size_t offset = 8; offset + 4 <= end; offset += (offset == 8 ? 8 : 4)) {
        for (size_t i = 0; i < sizeof brands / sizeof *brands; i++)
            if (memcmp(data + offset, brands[i], 4) == 0) return 1;
    }
    return 0;
}

/// Opens the primary image of a HEIF file held in memory; on failure says why in `message`.
static mv_status open_primary(const uint8_t *data, size_t size, uint64_t max_pixels, struct heif_context **context,
                              struct heif_image_handle **handle, mv_info *info, char *message) {
    pthread_once(&heif_once, heif_start);
    info->format = MV_FORMAT_HEIF;
    if (!heif.loaded) {
        mv_set_message(message, "HEIF: libheif cannot be loaded (%s); install Debian libheif1 for HEIC and AVIF thumbnails", heif_library.error);
        return MV_UNSUPPORTED;
    }
    *context = heif.context_alloc();
    if (!*context) {
        mv_set_message(message, "HEIF: out of memory");
        return MV_NO_MEMORY;
    }
    struct heif_error error = heif.read_from_memory(*context, data, size, NULL);
    if (error.code == heif_error_Ok) error = heif.primary_image_handle(*context, handle);
    if (error.code != heif_error_Ok) {
        mv_set_message(message, "HEIF: cannot read the file (%s)", error.message);
        return error.code == heif_error_Memory_allocation_error ? MV_NO_MEMORY
             : error.code == heif_error_Unsupported_feature || error.code == heif_error_Unsupported_filetype ? MV_UNSUPPORTED
             : MV_CORRUPT;
    }
    // The handle's size is after the container's rotation, which libheif applies when decoding.
    info->stored_width = info->width = heif.handle_width(*handle);
    info->stored_height = info->height = heif.handle_height(*handle);
    info->orientation = 1;
    info->has_alpha = heif.handle_has_alpha(*handle);
    if (info->width <= 0 || info->height <= 0) {
        mv_set_message(message, "HEIF: the primary image has no size");
        return MV_CORRUPT;
    }
    return mv_exceeds_budget(info, max_pixels, message) ? MV_TOO_LARGE : MV_OK;
}

mv_status mv_heif_probe(const uint8_t *data, size_t size, uint64_t max_pixels, mv_info *info, char *message) {
    struct heif_context *context = NULL;
    struct heif_image_handle *handle = NULL;
    mv_status status = open_primary(data, size, max_pixels, &context, &handle, info, message);
    if (handle) heif.handle_release(handle);
    if (context) heif.context_free(context);
    return status;
}

mv_status mv_heif_decode(const uint8_t *data, size_t size, uint64_t max_pixels, mv_sink *sink, mv_info *info,
                         char *message) {
    struct heif_context *context = NULL;
    struct heif_image_handle *handle = NULL;
    struct heif_image *image = NULL;
    mv_status status = open_primary(data, size, max_pixels, &context, &handle, info, message);
    // Opaque images decode to RGB so that their thumbnail is a JPEG without an alpha pass.
    int channels = info->has_alpha ? 4 : 3;
    if (status == MV_OK) {
        struct heif_error error = heif.decode_image(handle, &image, heif_colorspace_RGB,
                                                    channels == 4 ? heif_chroma_interleaved_RGBA : heif_chroma_interleaved_RGB, NULL);
        if (error.code != heif_error_Ok) {
            mv_set_message(message, "HEIF: cannot decode the image (%s)", error.message);
            status = error.code == heif_error_Memory_allocation_error ? MV_NO_MEMORY
                   : error.code == heif_error_Unsupported_feature ? MV_UNSUPPORTED : MV_CORRUPT;
        }
    }
    int stride = 0;
    const uint8_t *pixels = status == MV_OK ? heif.plane(image, heif_channel_interleaved, &stride) : NULL;
    if (status == MV_OK && (!pixels || heif.image_width(image, heif_channel_interleaved) != info->width ||
                            heif.image_height(image, heif_channel_interleaved) != info->height)) {
        mv_set_message(message, "HEIF: the decoded image does not match its header");
        status = MV_CORRUPT;
    }
    if (status == MV_OK) status = sink->begin(sink, info->width, info->height, channels, info);
    for (int y = 0; status == MV_OK && y < info->height; y++) sink->row(sink, pixels + (size_t)y * stride, y);
    if (image) heif.image_release(image);
    if (handle) heif.handle_release(handle);
    if (context) heif.context_free(context);
    return status;
}
