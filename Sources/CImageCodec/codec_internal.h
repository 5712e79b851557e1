#ifndef MEDIAVAULT_CODEC_INTERNAL_H
#define MEDIAVAULT_CODEC_INTERNAL_H

// Shared between the C files of CImageCodec; not part of the module's public header.

#include "CImageCodec.h"

/// Where a decoder delivers its rows. Decoders call `begin` once (after the header, before any
/// row) and then `row` for every output row in order. Whatever `begin` allocates belongs to the
/// sink's owner, who frees it after the decoder returns, so a longjmp inside the decoder
/// cannot leak it.
typedef struct mv_sink {
    /// Decoded size and channel count (3 = RGB from JPEG, 4 = RGBA from PNG); `info` holds
    /// the stored size and orientation. Returns MV_OK or a status that aborts decoding.
    mv_status (*begin)(struct mv_sink *sink, int width, int height, int channels, const mv_info *info);
    void (*row)(struct mv_sink *sink, const uint8_t *row, int y);
    void *context;
} mv_sink;

/// Copies `text` into the caller's message buffer (truncating, always NUL-terminated).
void mv_set_message(char message[MV_MESSAGE_SIZE], const char *format, ...)
    __attribute__((format(printf, 2, 3)));

/// True, with a message, when the header declares more pixels than `max_pixels`: every decoder
/// checks this before it allocates any pixel memory.
int mv_exceeds_budget(const mv_info *info, uint64_t max_pixels, char message[MV_MESSAGE_SIZE]);

// Codec libraries loaded on first use (library.c).
typedef struct {
    void *handle;    ///< dlopen's handle, NULL until loaded
    char error[256]; ///< why it could not be loaded or lacks a function (the loader's words)
} mv_library;
/// Loads the file `$override` names, else the first of `names` that loads; 0 with `error` set when none does.
int mv_library_open(mv_library *library, const char *override, const char *const *names, size_t count);
/// The function `name` of a loaded library; NULL with `error` set when it has none.
void *mv_library_symbol(mv_library *library, const char *name);

// JPEG (jpeg.c). target_edge 0 = decode at full size; otherwise DCT scaling is chosen so the
// decoded longest edge stays at least 2x target_edge.
mv_status mv_jpeg_probe(const uint8_t *data, size_t size, uint64_t max_pixels, mv_info *info, char *message);
mv_status mv_jpeg_decode(const uint8_t *data, size_t size, uint64_t max_pixels, int target_edge,
                         mv_sink *sink, mv_info *info, char *message);
/// The DCT scale (M of M/8) a decode for target_edge uses on an image whose longest stored edge is `longest`.
unsigned mv_jpeg_choose_scale(unsigned longest, int target_edge);
mv_status mv_jpeg_encode(const uint8_t *pixels, int width, int height, int channels, int quality,
                         mv_buffer *out, char *message);

// PNG (png.c). Rows are always RGBA8.
mv_status mv_png_probe(const uint8_t *data, size_t size, uint64_t max_pixels, mv_info *info, char *message);
mv_status mv_png_decode(const uint8_t *data, size_t size, uint64_t max_pixels,
                        mv_sink *sink, mv_info *info, char *message);
mv_status mv_png_encode(const uint8_t *pixels, int width, int height, int channels,
                        mv_buffer *out, char *message);

// GIF (gif.c): the first frame on its logical screen, rows RGBA8 (transparent outside the frame).
mv_status mv_gif_probe(const uint8_t *data, size_t size, uint64_t max_pixels, mv_info *info, char *message);
mv_status mv_gif_decode(const uint8_t *data, size_t size, uint64_t max_pixels,
                        mv_sink *sink, mv_info *info, char *message);

// WebP (webp.c): rows RGB8 for opaque stills, RGBA8 with alpha and for animations (first frame).
mv_status mv_webp_probe(const uint8_t *data, size_t size, uint64_t max_pixels, mv_info *info, char *message);
mv_status mv_webp_decode(const uint8_t *data, size_t size, uint64_t max_pixels,
                         mv_sink *sink, mv_info *info, char *message);

// HEIF (heif.c): HEIC and AVIF stills, the primary image with the container's rotation applied;
// rows RGB8 when opaque, RGBA8 with alpha.
int mv_is_heif(const uint8_t *data, size_t size);
mv_status mv_heif_probe(const uint8_t *data, size_t size, uint64_t max_pixels, mv_info *info, char *message);
mv_status mv_heif_decode(const uint8_t *data, size_t size, uint64_t max_pixels,
                         mv_sink *sink, mv_info *info, char *message);

// JPEG XL (jxl.c): the first frame with its orientation applied; rows RGB8 when opaque, RGBA8 with alpha.
int mv_is_jxl(const uint8_t *data, size_t size);
mv_status mv_jxl_probe(const uint8_t *data, size_t size, uint64_t max_pixels, mv_info *info, char *message);
mv_status mv_jxl_decode(const uint8_t *data, size_t size, uint64_t max_pixels,
                        mv_sink *sink, mv_info *info, char *message);

// Area-average downscaler (resize.c): rows are pushed in order, so a decoder can stream
// scanlines into it without keeping the whole decoded image. With 4 channels the average is
// taken over premultiplied alpha, so transparent pixels do not bleed their colour.
typedef struct mv_resizer mv_resizer;
mv_resizer *mv_resizer_create(int src_width, int src_height, int dst_width, int dst_height, int channels);
void mv_resizer_push_row(mv_resizer *resizer, const uint8_t *row);
/// Writes dst_width*dst_height*channels bytes.
void mv_resizer_finish(mv_resizer *resizer, uint8_t *dst);
void mv_resizer_free(mv_resizer *resizer);

/// Applies EXIF orientation 1-8; returns a new malloc'd image (NULL when out of memory) and
/// its size. Orientation 1 still copies, so the caller always owns exactly one result.
uint8_t *mv_orient(const uint8_t *src, int width, int height, int channels, int orientation,
                   int *out_width, int *out_height);

/// Size of a thumbnail of a width x height image: longest edge max_edge, never enlarged.
void mv_fit(int width, int height, int max_edge, int *out_width, int *out_height);

// The grey grid of a perceptual hash (phash.c), fed row by row by any decoder's sink.
typedef struct {
    int width, height, channels;
    mv_resizer *resizer;  // when the image is at least MV_GREY_EDGE in both directions
    uint8_t *full;        // otherwise: the whole (small) image, sampled nearest-neighbour
} mv_grey_sink;
mv_status mv_grey_begin(mv_grey_sink *g, int width, int height, int channels);
void mv_grey_row(mv_grey_sink *g, const uint8_t *row, int y);
/// Area-averaged (or sampled) grid, oriented, as luma.
mv_status mv_grey_finish(mv_grey_sink *g, int orientation, uint8_t grey[MV_GREY_EDGE * MV_GREY_EDGE]);
void mv_grey_free(mv_grey_sink *g);

#endif
