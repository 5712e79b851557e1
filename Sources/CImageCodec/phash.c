// The pixels a perceptual hash is computed from: the image decoded (JPEG with DCT scaling, at
// the scale of a 320 px thumbnail: a 4000 px photo at 1/4 size), area-averaged to a 32x32 grid, EXIF orientation
// applied, converted to luma. The DCT and the bits are computed in Swift (PerceptualHash).
// The grey grid is also made beside a thumbnail from the same decoded rows (codec.c), so an
// archived photo is decoded once for both.

#include "codec_internal.h"

#include <stdlib.h>
#include <string.h>

mv_status mv_grey_begin(mv_grey_sink *g, int width, int height, int channels) {
    g->width = width;
    g->height = height;
    g->channels = channels;
    // The area-average resizer only shrinks; tiny images (icons) are sampled instead.
    if (width >= MV_GREY_EDGE && height >= MV_GREY_EDGE) {
        g->resizer = mv_resizer_create(width, height, MV_GREY_EDGE, MV_GREY_EDGE, channels);
        return g->resizer ? MV_OK : MV_NO_MEMORY;
    }
    g->full = malloc((size_t)width * height * channels);
    return g->full ? MV_OK : MV_NO_MEMORY;
}

void mv_grey_row(mv_grey_sink *g, const uint8_t *row, int y) {
    if (g->resizer) mv_resizer_push_row(g->resizer, row);
    else memcpy(g->full + (size_t)y * g->width * g->channels, row, (size_t)g->width * g->channels);
}

mv_status mv_grey_finish(mv_grey_sink *g, int orientation, uint8_t grey[MV_GREY_EDGE * MV_GREY_EDGE]) {
    const int edge = MV_GREY_EDGE, ch = g->channels;
    uint8_t *small = malloc((size_t)edge * edge * ch);
    if (!small) return MV_NO_MEMORY;
    if (g->resizer) {
        mv_resizer_finish(g->resizer, small);
    } else {
        for (int y = 0; y < edge; y++)
            for (int x = 0; x < edge; x++)
                memcpy(small + ((size_t)y * edge + x) * ch,
                       g->full + ((size_t)(y * g->height / edge) * g->width + x * g->width / edge) * ch, (size_t)ch);
    }
    // Orientation after downscaling: the hash describes the picture as a reader sees it.
    int ow, oh;
    uint8_t *oriented = mv_orient(small, edge, edge, ch, orientation, &ow, &oh);
    free(small);
    if (!oriented) return MV_NO_MEMORY;
    for (int i = 0; i < edge * edge; i++) {
        const uint8_t *p = oriented + (size_t)i * ch;
        // Rec. 601 luma; transparent pixels were premultiplied to black by the resizer.
        grey[i] = (uint8_t)((299 * p[0] + 587 * p[1] + 114 * p[2] + 500) / 1000);
    }
    free(oriented);
    return MV_OK;
}

void mv_grey_free(mv_grey_sink *g) {
    if (g->resizer) mv_resizer_free(g->resizer);
    free(g->full);
    memset(g, 0, sizeof *g);
}

static mv_status grey_begin(mv_sink *sink, int width, int height, int channels, const mv_info *info) {
    (void)info;
    return mv_grey_begin(sink->context, width, height, channels);
}

static void grey_row(mv_sink *sink, const uint8_t *row, int y) {
    mv_grey_row(sink->context, row, y);
}

mv_status mv_decode_grey32(const uint8_t *data, size_t size, uint64_t max_pixels,
                           uint8_t grey[MV_GREY_EDGE * MV_GREY_EDGE], mv_info *info,
                           char message[MV_MESSAGE_SIZE]) {
    memset(info, 0, sizeof *info);
    mv_set_message(message, "%s", "");
    mv_grey_sink g = {0};
    mv_sink sink = {grey_begin, grey_row, &g};
    mv_status status;
    mv_format format = mv_sniff(data, size);
    switch (format) {
    case MV_FORMAT_JPEG: status = mv_jpeg_decode(data, size, max_pixels, MV_GREY_DECODE_EDGE, &sink, info, message); break;
    case MV_FORMAT_PNG: status = mv_png_decode(data, size, max_pixels, &sink, info, message); break;
    case MV_FORMAT_HEIF: status = mv_heif_decode(data, size, max_pixels, &sink, info, message); break;
    case MV_FORMAT_JXL: status = mv_jxl_decode(data, size, max_pixels, &sink, info, message); break;
    default:
        info->format = format;
        mv_set_message(message, "only JPEG, PNG, HEIC, AVIF and JPEG XL images can be hashed");
        return MV_UNSUPPORTED;
    }
    if (status == MV_OK) status = mv_grey_finish(&g, info->orientation, grey);
    if (status == MV_NO_MEMORY && message[0] == 0) mv_set_message(message, "out of memory");
    mv_grey_free(&g);
    return status;
}
