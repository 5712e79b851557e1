// The public operations: sniff the format, then hand the bytes to jpeg.c, png.c, gif.c, webp.c, heif.c or jxl.c with a
// sink that either downscales rows on the fly (thumbnails) or keeps them (full decode).

#include "codec_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void mv_set_message(char message[MV_MESSAGE_SIZE], const char *format, ...) {
    if (!message) return;
    va_list args;
    va_start(args, format);
    vsnprintf(message, MV_MESSAGE_SIZE, format, args);
    va_end(args);
}

mv_format mv_sniff(const uint8_t *data, size_t size) {
    static const uint8_t png_signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    if (size >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF) return MV_FORMAT_JPEG;
    if (size >= 8 && memcmp(data, png_signature, 8) == 0) return MV_FORMAT_PNG;
    // A PNG whose signature was mangled (text-mode transfer, bit errors) still has IHDR right
    // after it; libpng then says precisely what is wrong ("corrupted by ASCII conversion").
    if (size >= 16 && memcmp(data + 12, "IHDR", 4) == 0) return MV_FORMAT_PNG;
    if (size >= 6 && (memcmp(data, "GIF87a", 6) == 0 || memcmp(data, "GIF89a", 6) == 0)) return MV_FORMAT_GIF;
    if (size >= 12 && memcmp(data, "RIFF", 4) == 0 && memcmp(data + 8, "WEBP", 4) == 0) return MV_FORMAT_WEBP;
    if (mv_is_heif(data, size)) return MV_FORMAT_HEIF;
    if (mv_is_jxl(data, size)) return MV_FORMAT_JXL;
    return MV_FORMAT_UNKNOWN;
}

static mv_status unsupported(mv_format format, char *message) {
    (void)format;
    mv_set_message(message, "not a JPEG, PNG, GIF, WebP, HEIC, AVIF or JPEG XL image (unrecognised magic bytes)");
    return MV_UNSUPPORTED;
}

mv_status mv_probe(const uint8_t *data, size_t size, uint64_t max_pixels, mv_info *info, char message[MV_MESSAGE_SIZE]) {
    memset(info, 0, sizeof *info);
    mv_set_message(message, "%s", "");
    mv_format format = mv_sniff(data, size);
    switch (format) {
    case MV_FORMAT_JPEG: return mv_jpeg_probe(data, size, max_pixels, info, message);
    case MV_FORMAT_PNG: return mv_png_probe(data, size, max_pixels, info, message);
    case MV_FORMAT_GIF: return mv_gif_probe(data, size, max_pixels, info, message);
    case MV_FORMAT_WEBP: return mv_webp_probe(data, size, max_pixels, info, message);
    case MV_FORMAT_HEIF: return mv_heif_probe(data, size, max_pixels, info, message);
    case MV_FORMAT_JXL: return mv_jxl_probe(data, size, max_pixels, info, message);
    default: info->format = format; return unsupported(format, message);
    }
}

static mv_status decode(const uint8_t *data, size_t size, uint64_t max_pixels, int target_edge,
                        mv_sink *sink, mv_info *info, char *message) {
    memset(info, 0, sizeof *info);
    mv_set_message(message, "%s", "");
    mv_format format = mv_sniff(data, size);
    switch (format) {
    case MV_FORMAT_JPEG: return mv_jpeg_decode(data, size, max_pixels, target_edge, sink, info, message);
    case MV_FORMAT_PNG: return mv_png_decode(data, size, max_pixels, sink, info, message);
    case MV_FORMAT_GIF: return mv_gif_decode(data, size, max_pixels, sink, info, message);
    case MV_FORMAT_WEBP: return mv_webp_decode(data, size, max_pixels, sink, info, message);
    case MV_FORMAT_HEIF: return mv_heif_decode(data, size, max_pixels, sink, info, message);
    case MV_FORMAT_JXL: return mv_jxl_decode(data, size, max_pixels, sink, info, message);
    default: info->format = format; return unsupported(format, message);
    }
}

// MARK: thumbnails

typedef struct {
    int max_edge;
    int channels, source_width;
    int width, height;       // thumbnail size before orientation
    int any_transparent;     // judged on the source rows, where a single pixel still counts
    mv_resizer *resizer;
    mv_grey_sink *grey;      // also the perceptual hash's grid from the same rows, or NULL
} thumbnail_sink;

static mv_status thumbnail_begin(mv_sink *sink, int width, int height, int channels, const mv_info *info) {
    thumbnail_sink *t = sink->context;
    // Aspect ratio from the stored size, not the DCT-scaled one (which libjpeg rounds up).
    mv_fit(info->stored_width, info->stored_height, t->max_edge, &t->width, &t->height);
    if (t->width > width) t->width = width;
    if (t->height > height) t->height = height;
    t->channels = channels;
    t->source_width = width;
    t->resizer = mv_resizer_create(width, height, t->width, t->height, channels);
    if (!t->resizer) return MV_NO_MEMORY;
    return t->grey ? mv_grey_begin(t->grey, width, height, channels) : MV_OK;
}

static void thumbnail_row(mv_sink *sink, const uint8_t *row, int y) {
    thumbnail_sink *t = sink->context;
    if (t->channels == 4 && !t->any_transparent)
        for (int x = 0; x < t->source_width; x++)
            if (row[x * 4 + 3] != 255) { t->any_transparent = 1; break; }
    mv_resizer_push_row(t->resizer, row);
    if (t->grey) mv_grey_row(t->grey, row, y);
}

mv_status mv_make_thumbnail(const uint8_t *data, size_t size, int max_edge, int jpeg_quality,
                            uint64_t max_pixels, mv_thumbnail *thumbnail, mv_info *info,
                            char message[MV_MESSAGE_SIZE]) {
    return mv_make_thumbnail_and_grey32(data, size, max_edge, jpeg_quality, max_pixels, thumbnail, NULL, NULL,
                                        info, message);
}

mv_status mv_make_thumbnail_and_grey32(const uint8_t *data, size_t size, int max_edge, int jpeg_quality,
                                       uint64_t max_pixels, mv_thumbnail *thumbnail,
                                       uint8_t grey[MV_GREY_EDGE * MV_GREY_EDGE], int *has_grey,
                                       mv_info *info, char message[MV_MESSAGE_SIZE]) {
    memset(thumbnail, 0, sizeof *thumbnail);
    if (has_grey) *has_grey = 0;
    mv_format format = mv_sniff(data, size);
    mv_grey_sink g = {0};
    // Only the formats a perceptual hash is defined for (as mv_decode_grey32) get a grid.
    int wants_grey = grey && has_grey && (format == MV_FORMAT_JPEG || format == MV_FORMAT_PNG || format == MV_FORMAT_HEIF || format == MV_FORMAT_JXL);
    thumbnail_sink t = {.max_edge = max_edge, .grey = wants_grey ? &g : NULL};
    mv_sink sink = {thumbnail_begin, thumbnail_row, &t};
    mv_status status = decode(data, size, max_pixels, max_edge, &sink, info, message);
    uint8_t *small = NULL, *oriented = NULL;
    if (status == MV_OK) {
        small = malloc((size_t)t.width * t.height * t.channels);
        if (!small) status = MV_NO_MEMORY;
    }
    if (status == MV_OK) {
        mv_resizer_finish(t.resizer, small);
        // Orientation is applied after downscaling: rotating 320 px is cheaper than 4000 px.
        oriented = mv_orient(small, t.width, t.height, t.channels, info->orientation,
                             &thumbnail->width, &thumbnail->height);
        if (!oriented) status = MV_NO_MEMORY;
    }
    if (status == MV_OK) {
        thumbnail->format = t.any_transparent ? MV_FORMAT_PNG : MV_FORMAT_JPEG;
        status = t.any_transparent
            ? mv_png_encode(oriented, thumbnail->width, thumbnail->height, 4, &thumbnail->bytes, message)
            : mv_jpeg_encode(oriented, thumbnail->width, thumbnail->height, t.channels, jpeg_quality,
                             &thumbnail->bytes, message);
    }
    if (status == MV_OK && wants_grey) {
        mv_status grey_status;
        const unsigned longest = (unsigned)(info->stored_width > info->stored_height ? info->stored_width : info->stored_height);
        if (format == MV_FORMAT_JPEG
            && mv_jpeg_choose_scale(longest, max_edge) != mv_jpeg_choose_scale(longest, MV_GREY_DECODE_EDGE)) {
            // Another thumbnail size decoded at another DCT scale: the hash's own decode keeps
            // the hash the same whatever the thumbnails are.
            mv_info hash_info;
            char hash_message[MV_MESSAGE_SIZE];
            grey_status = mv_decode_grey32(data, size, max_pixels, grey, &hash_info, hash_message);
        } else {
            grey_status = mv_grey_finish(&g, info->orientation, grey);
        }
        // A grid that could not be made leaves the thumbnail as it is, without a hash.
        *has_grey = grey_status == MV_OK;
    }
    if (status == MV_NO_MEMORY && message[0] == 0) mv_set_message(message, "out of memory");
    if (status != MV_OK) memset(thumbnail, 0, sizeof *thumbnail);
    mv_grey_free(&g);
    mv_resizer_free(t.resizer);
    free(small);
    free(oriented);
    return status;
}

// MARK: full decode

typedef struct {
    int width, height, channels;
    uint8_t *pixels;  // RGBA8
} full_sink;

static mv_status full_begin(mv_sink *sink, int width, int height, int channels, const mv_info *info) {
    (void)info;
    full_sink *f = sink->context;
    f->width = width;
    f->height = height;
    f->channels = channels;
    f->pixels = malloc((size_t)width * height * 4);
    return f->pixels ? MV_OK : MV_NO_MEMORY;
}

static void full_row(mv_sink *sink, const uint8_t *row, int y) {
    full_sink *f = sink->context;
    uint8_t *out = f->pixels + (size_t)y * f->width * 4;
    if (f->channels == 4) {
        memcpy(out, row, (size_t)f->width * 4);
        return;
    }
    for (int x = 0; x < f->width; x++, out += 4, row += 3) {
        out[0] = row[0]; out[1] = row[1]; out[2] = row[2]; out[3] = 255;
    }
}

mv_status mv_decode_rgba(const uint8_t *data, size_t size, uint64_t max_pixels, int apply_orientation,
                         mv_buffer *pixels, int *width, int *height, mv_info *info,
                         char message[MV_MESSAGE_SIZE]) {
    memset(pixels, 0, sizeof *pixels);
    full_sink f = {0};
    mv_sink sink = {full_begin, full_row, &f};
    mv_status status = decode(data, size, max_pixels, 0, &sink, info, message);
    if (status != MV_OK) {
        if (status == MV_NO_MEMORY && message[0] == 0) mv_set_message(message, "out of memory");
        free(f.pixels);
        return status;
    }
    *width = f.width;
    *height = f.height;
    pixels->data = f.pixels;
    pixels->size = (size_t)f.width * f.height * 4;
    if (apply_orientation && info->orientation != 1) {
        uint8_t *oriented = mv_orient(f.pixels, f.width, f.height, 4, info->orientation, width, height);
        free(f.pixels);
        pixels->data = oriented;
        if (!oriented) {
            pixels->size = 0;
            mv_set_message(message, "out of memory");
            return MV_NO_MEMORY;
        }
    }
    return MV_OK;
}

mv_status mv_encode_rgba(const uint8_t *rgba, int width, int height, mv_format format, int jpeg_quality,
                         mv_buffer *encoded, char message[MV_MESSAGE_SIZE]) {
    memset(encoded, 0, sizeof *encoded);
    mv_set_message(message, "%s", "");
    if (width < 1 || height < 1) {
        mv_set_message(message, "cannot encode an empty %dx%d image", width, height);
        return MV_CORRUPT;
    }
    switch (format) {
    case MV_FORMAT_JPEG: return mv_jpeg_encode(rgba, width, height, 4, jpeg_quality, encoded, message);
    case MV_FORMAT_PNG: return mv_png_encode(rgba, width, height, 4, encoded, message);
    default: return unsupported(format, message);
    }
}

void mv_buffer_free(mv_buffer *buffer) {
    if (!buffer) return;
    free(buffer->data);
    buffer->data = NULL;
    buffer->size = 0;
}

int mv_exceeds_budget(const mv_info *info, uint64_t max_pixels, char message[MV_MESSAGE_SIZE]) {
    uint64_t pixels = (uint64_t)info->stored_width * (uint64_t)info->stored_height;
    if (pixels <= max_pixels) return 0;
    mv_set_message(message, "image declares %dx%d pixels, more than the limit of %llu",
                   info->stored_width, info->stored_height, (unsigned long long)max_pixels);
    return 1;
}
