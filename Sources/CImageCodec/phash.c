// The pixels a perceptual hash is computed from: the image decoded (JPEG with DCT scaling, so
// a 4000 px photo is decoded at 1/8 size), area-averaged to a 32x32 grid, EXIF orientation
// applied, converted to luma. The DCT and the bits are computed in Swift (PerceptualHash).

#include "codec_internal.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    int width, height, channels;
    mv_resizer *resizer;  // when the image is at least MV_GREY_EDGE in both directions
    uint8_t *full;        // otherwise: the whole (small) image, sampled nearest-neighbour
} grey_sink;

static mv_status grey_begin(mv_sink *sink, int width, int height, int channels, const mv_info *info) {
    (void)info;
    grey_sink *g = sink->context;
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

static void grey_row(mv_sink *sink, const uint8_t *row, int y) {
    grey_sink *g = sink->context;
    if (g->resizer) mv_resizer_push_row(g->resizer, row);
    else memcpy(g->full + (size_t)y * g->width * g->channels, row, (size_t)g->width * g->channels);
}

mv_status mv_decode_grey32(const uint8_t *data, size_t size, uint64_t max_pixels,
                           uint8_t grey[MV_GREY_EDGE * MV_GREY_EDGE], mv_info *info,
                           char message[MV_MESSAGE_SIZE]) {
    memset(info, 0, sizeof *info);
    mv_set_message(message, "%s", "");
    grey_sink g = {0};
    mv_sink sink = {grey_begin, grey_row, &g};
    mv_status status;
    mv_format format = mv_sniff(data, size);
    switch (format) {
    case MV_FORMAT_JPEG: status = mv_jpeg_decode(data, size, max_pixels, MV_GREY_EDGE, &sink, info, message); break;
    case MV_FORMAT_PNG: status = mv_png_decode(data, size, max_pixels, &sink, info, message); break;
    default:
        info->format = format;
        mv_set_message(message, "only JPEG and PNG images can be hashed");
        return MV_UNSUPPORTED;
    }
    const int edge = MV_GREY_EDGE, ch = g.channels;
    uint8_t *small = NULL, *oriented = NULL;
    if (status == MV_OK) {
        small = malloc((size_t)edge * edge * ch);
        if (!small) status = MV_NO_MEMORY;
    }
    if (status == MV_OK) {
        if (g.resizer) {
            mv_resizer_finish(g.resizer, small);
        } else {
            for (int y = 0; y < edge; y++)
                for (int x = 0; x < edge; x++)
                    memcpy(small + ((size_t)y * edge + x) * ch,
                           g.full + ((size_t)(y * g.height / edge) * g.width + x * g.width / edge) * ch, (size_t)ch);
        }
        // Orientation after downscaling: the hash describes the picture as a reader sees it.
        int ow, oh;
        oriented = mv_orient(small, edge, edge, ch, info->orientation, &ow, &oh);
        if (!oriented) status = MV_NO_MEMORY;
    }
    if (status == MV_OK) {
        for (int i = 0; i < edge * edge; i++) {
            const uint8_t *p = oriented + (size_t)i * ch;
            // Rec. 601 luma; transparent pixels were premultiplied to black by the resizer.
            grey[i] = (uint8_t)((299 * p[0] + 587 * p[1] + 114 * p[2] + 500) / 1000);
        }
    }
    if (status == MV_NO_MEMORY && message[0] == 0) mv_set_message(message, "out of memory");
    if (g.resizer) mv_resizer_free(g.resizer);
    free(g.full);
    free(small);
    free(oriented);
    return status;
}
