#ifndef MEDIAVAULT_CIMAGECODEC_H
#define MEDIAVAULT_CIMAGECODEC_H

// The C side of mediavault's thumbnailer: libjpeg(-turbo), libpng, giflib, libwebp, libheif and libjxl behind a small API.
//
// Rules every function follows (so Swift can call them from any thread):
// - All setjmp/longjmp error handling happens inside the called function; a longjmp never
//   leaves it, so it never crosses a Swift frame.
// - No global mutable state: every call owns its decoder/encoder structs.
// - A failing call returns a status other than MV_OK, copies a readable message into the
//   caller's `message` buffer (MV_MESSAGE_SIZE bytes, always NUL-terminated) and leaves no
//   memory allocated for the caller.
// - Input is always a complete file in memory (the caller maps or reads it once).

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Size of the message buffer every call expects.
#define MV_MESSAGE_SIZE 256

/// Outcome of a call.
typedef enum {
    MV_OK = 0,
    MV_UNSUPPORTED = 1,  ///< not JPEG/PNG/GIF/WebP/HEIF/JPEG XL, or a variant its library cannot decode
    MV_CORRUPT = 2,      ///< the codec library rejected the data
    MV_TOO_LARGE = 3,    ///< declared dimensions exceed the caller's pixel budget
    MV_NO_MEMORY = 4,    ///< malloc failed
} mv_status;

/// Container format found by sniffing magic bytes.
typedef enum {
    MV_FORMAT_UNKNOWN = 0,
    MV_FORMAT_JPEG = 1,
    MV_FORMAT_PNG = 2,
    MV_FORMAT_GIF = 3,
    MV_FORMAT_WEBP = 4,
    MV_FORMAT_HEIF = 5,  ///< HEIC or AVIF (ISO-BMFF with a HEIF or AVIF brand), through libheif
    MV_FORMAT_JXL = 6,   ///< JPEG XL (a bare codestream or its container), through libjxl
} mv_format;

/// What a header (and, after decoding, the decoder's warnings) says about an image.
typedef struct {
    mv_format format;
    int stored_width;    ///< as stored in the file
    int stored_height;
    int width;           ///< after EXIF orientation (swapped for orientations 5-8)
    int height;
    int orientation;     ///< EXIF orientation 1-8 (1 when absent or invalid)
    int has_alpha;       ///< PNG alpha or tRNS; GIF transparent index or a frame smaller than the screen; WebP alpha or animation
    int warnings;        ///< libjpeg/libpng warnings seen while decoding
    int truncated;       ///< JPEG: libjpeg warned about missing or damaged data (rows may be grey); GIF: frame data ended early
} mv_info;

/// A malloc'd byte buffer handed to the caller; free it with mv_buffer_free.
typedef struct {
    uint8_t *data;
    size_t size;
} mv_buffer;

/// An encoded thumbnail.
typedef struct {
    mv_buffer bytes;     ///< the encoded file
    mv_format format;    ///< MV_FORMAT_JPEG (opaque) or MV_FORMAT_PNG (has transparency)
    int width;
    int height;
} mv_thumbnail;

/// Sniffs the container format from the first bytes.
mv_format mv_sniff(const uint8_t *data, size_t size);

/// Reads only the header: dimensions (after EXIF orientation), alpha, format.
/// Returns MV_TOO_LARGE when width*height > max_pixels.
mv_status mv_probe(const uint8_t *data, size_t size, uint64_t max_pixels,
                   mv_info *info, char message[MV_MESSAGE_SIZE]);

/// Decodes, downscales (longest edge max_edge, never enlarging), applies EXIF orientation and
/// encodes a thumbnail: JPEG at jpeg_quality for opaque pixels, PNG when any pixel is not opaque.
mv_status mv_make_thumbnail(const uint8_t *data, size_t size, int max_edge, int jpeg_quality,
                            uint64_t max_pixels, mv_thumbnail *thumbnail, mv_info *info,
                            char message[MV_MESSAGE_SIZE]);

/// Decodes the whole image at full size to RGBA8 (row-major, width*4 bytes per row).
/// PNG: expand, strip 16-bit to the high byte, grey to RGB, no gamma. JPEG: RGB with alpha 255.
/// GIF and animated WebP: the first frame on the full canvas.
/// With apply_orientation the EXIF orientation is applied (width/height are then the oriented ones).
mv_status mv_decode_rgba(const uint8_t *data, size_t size, uint64_t max_pixels, int apply_orientation,
                         mv_buffer *pixels, int *width, int *height, mv_info *info,
                         char message[MV_MESSAGE_SIZE]);

/// Encodes RGBA8 pixels as a JPEG (alpha ignored) or PNG (with alpha) file in memory.
mv_status mv_encode_rgba(const uint8_t *rgba, int width, int height, mv_format format, int jpeg_quality,
                         mv_buffer *encoded, char message[MV_MESSAGE_SIZE]);

/// Side of the grey grid a perceptual hash is computed from.
#define MV_GREY_EDGE 32

/// The JPEG decode of a perceptual hash uses the DCT scale of a default (320 px) thumbnail, so
/// an archived photo's hash comes from its thumbnail's decode and equals the hash of the same
/// file computed alone (a query, a repair).
#define MV_GREY_DECODE_EDGE 320

/// Decodes an image (JPEG with DCT scaling) and area-averages it to MV_GREY_EDGE x MV_GREY_EDGE
/// luma values (row-major, EXIF orientation applied), the input of a perceptual hash.
mv_status mv_decode_grey32(const uint8_t *data, size_t size, uint64_t max_pixels,
                           uint8_t grey[MV_GREY_EDGE * MV_GREY_EDGE], mv_info *info,
                           char message[MV_MESSAGE_SIZE]);

/// mv_make_thumbnail and, from the same decoded rows, the grid of mv_decode_grey32: one decode
/// for both. `has_grey` is set to 1 when `grey` was filled (JPEG, PNG, HEIF and JPEG XL, the formats that are
/// hashed and the grid was made), else 0. The grid is always the one mv_decode_grey32 gives: from the same decode
/// when the thumbnail's DCT scale is the hash's (any max_edge whose scale matches
/// MV_GREY_DECODE_EDGE's), else from a second decode.
mv_status mv_make_thumbnail_and_grey32(const uint8_t *data, size_t size, int max_edge, int jpeg_quality,
                                       uint64_t max_pixels, mv_thumbnail *thumbnail,
                                       uint8_t grey[MV_GREY_EDGE * MV_GREY_EDGE], int *has_grey,
                                       mv_info *info, char message[MV_MESSAGE_SIZE]);

/// Frees a buffer returned by this library (safe on an empty buffer).
void mv_buffer_free(mv_buffer *buffer);

#ifdef __cplusplus
}
#endif

#endif
