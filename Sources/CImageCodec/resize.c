// Area-average downscaling and EXIF orientation. Pure C, no library calls that can longjmp.
//
// Why area averaging: after libjpeg's DCT scaling the remaining reduction is at most ~4x, where
// an exact box (area) filter is alias-free enough, cheap, and can be fed one row at a time.
// Each source pixel covers a 1x1 square; mapped into destination coordinates it covers
// (dst/src) x (dst/src) <= 1x1, so it overlaps at most 2x2 destination pixels and its
// overlaps sum to exactly its area. Every destination pixel is covered by source area 1 in
// total, so the accumulated sums need no normalisation.

#include "codec_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct mv_resizer {
    int src_width, src_height, dst_width, dst_height, channels;
    int next_row;
    float *accumulator;    // dst_width * dst_height * channels
    float *row_sums;       // dst_width * channels: the current source row, resampled horizontally
    int *column_first;     // per source column: first destination column it touches
    float *column_weight;  // per source column: its weight in that column (rest goes to the next)
};

/// Splits the source interval [i, i+1) over destination cells; returns the first cell and
/// the share inside it (the remainder belongs to the following cell).
static void split_cell(int i, double scale, int dst_count, int *first, float *weight) {
    double start = i * scale, end = (i + 1) * scale;
    int cell = (int)floor(start);
    if (cell >= dst_count) cell = dst_count - 1;
    double inside = fmin(end, cell + 1.0) - start;
    *first = cell;
    *weight = (float)inside;
}

mv_resizer *mv_resizer_create(int src_width, int src_height, int dst_width, int dst_height, int channels) {
    if (src_width < 1 || src_height < 1 || dst_width < 1 || dst_height < 1) return NULL;
    if (dst_width > src_width || dst_height > src_height) return NULL;  // never enlarges
    mv_resizer *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    r->src_width = src_width;
    r->src_height = src_height;
    r->dst_width = dst_width;
    r->dst_height = dst_height;
    r->channels = channels;
    r->accumulator = calloc((size_t)dst_width * dst_height * channels, sizeof(float));
    r->row_sums = calloc((size_t)dst_width * channels, sizeof(float));
    r->column_first = calloc((size_t)src_width, sizeof(int));
    r->column_weight = calloc((size_t)src_width, sizeof(float));
    if (!r->accumulator || !r->row_sums || !r->column_first || !r->column_weight) {
        mv_resizer_free(r);
        return NULL;
    }
    double scale = (double)dst_width / src_width;
    for (int x = 0; x < src_width; x++)
        split_cell(x, scale, dst_width, &r->column_first[x], &r->column_weight[x]);
    return r;
}

/// The horizontal pass for 3-channel rows (every JPEG): the same arithmetic as the general loop
/// below, written out so the compiler keeps the three sums in registers (the general loop's
/// channel count is only known at run time, and this pass was a fifth of a mirror's CPU).
static void push_row_rgb(mv_resizer *r, const uint8_t *row, float scale_x) {
    float *sums = r->row_sums;
    const int last = r->dst_width - 1;
    for (int x = 0; x < r->src_width; x++) {
        const uint8_t *p = row + (size_t)x * 3;
        const float v0 = p[0], v1 = p[1], v2 = p[2];
        const int first = r->column_first[x];
        const float w0 = r->column_weight[x], w1 = scale_x - w0;
        float *out = sums + (size_t)first * 3;
        out[0] += v0 * w0; out[1] += v1 * w0; out[2] += v2 * w0;
        if (w1 > 1e-7f && first < last) { out[3] += v0 * w1; out[4] += v1 * w1; out[5] += v2 * w1; }
    }
}

void mv_resizer_push_row(mv_resizer *r, const uint8_t *row) {
    if (r->next_row >= r->src_height) return;
    const int ch = r->channels;
    const float scale_x = (float)r->dst_width / r->src_width;
    memset(r->row_sums, 0, (size_t)r->dst_width * ch * sizeof(float));
    if (ch == 3) push_row_rgb(r, row, scale_x);
    else for (int x = 0; x < r->src_width; x++) {
        const uint8_t *p = row + (size_t)x * ch;
        float v[4];
        if (ch == 4) {
            float a = p[3] / 255.0f;
            v[0] = p[0] * a; v[1] = p[1] * a; v[2] = p[2] * a; v[3] = p[3];
        } else {
            for (int c = 0; c < ch; c++) v[c] = p[c];
        }
        int first = r->column_first[x];
        float w0 = r->column_weight[x], w1 = scale_x - w0;
        float *out = r->row_sums + (size_t)first * ch;
        for (int c = 0; c < ch; c++) out[c] += v[c] * w0;
        if (w1 > 1e-7f && first + 1 < r->dst_width)
            for (int c = 0; c < ch; c++) out[ch + c] += v[c] * w1;
    }
    int first;
    float w0;
    double scale_y = (double)r->dst_height / r->src_height;
    split_cell(r->next_row, scale_y, r->dst_height, &first, &w0);
    float w1 = (float)scale_y - w0;
    const size_t stride = (size_t)r->dst_width * ch;
    float *acc = r->accumulator + (size_t)first * stride;
    for (size_t i = 0; i < stride; i++) acc[i] += r->row_sums[i] * w0;
    if (w1 > 1e-7f && first + 1 < r->dst_height) {
        acc += stride;
        for (size_t i = 0; i < stride; i++) acc[i] += r->row_sums[i] * w1;
    }
    r->next_row++;
}

static uint8_t clamp_byte(float v) {
    if (v <= 0.0f) return 0;
    if (v >= 255.0f) return 255;
    return (uint8_t)(v + 0.5f);
}

void mv_resizer_finish(mv_resizer *r, uint8_t *dst) {
    const int ch = r->channels;
    const size_t count = (size_t)r->dst_width * r->dst_height;
    for (size_t i = 0; i < count; i++) {
        const float *a = r->accumulator + i * ch;
        uint8_t *d = dst + i * ch;
        if (ch == 4) {
            // Undo the premultiplication: colour = sum(c * alpha) / sum(alpha).
            float alpha = a[3];
            if (alpha < 1e-3f) {
                d[0] = d[1] = d[2] = d[3] = 0;
            } else {
                float k = 255.0f / alpha;
                d[0] = clamp_byte(a[0] * k);
                d[1] = clamp_byte(a[1] * k);
                d[2] = clamp_byte(a[2] * k);
                d[3] = clamp_byte(alpha);
            }
        } else if (ch == 3) {
            d[0] = clamp_byte(a[0]); d[1] = clamp_byte(a[1]); d[2] = clamp_byte(a[2]);
        } else {
            for (int c = 0; c < ch; c++) d[c] = clamp_byte(a[c]);
        }
    }
}

void mv_resizer_free(mv_resizer *r) {
    if (!r) return;
    free(r->accumulator);
    free(r->row_sums);
    free(r->column_first);
    free(r->column_weight);
    free(r);
}

uint8_t *mv_orient(const uint8_t *src, int w, int h, int ch, int orientation, int *out_w, int *out_h) {
    if (orientation < 1 || orientation > 8) orientation = 1;
    const int swap = orientation >= 5;
    const int ow = swap ? h : w, oh = swap ? w : h;
    uint8_t *dst = malloc((size_t)w * h * ch);
    if (!dst) return NULL;
    if (orientation == 1) {  // most images: one copy instead of one per pixel
        memcpy(dst, src, (size_t)w * h * ch);
        *out_w = w;
        *out_h = h;
        return dst;
    }
    for (int y = 0; y < oh; y++) {
        for (int x = 0; x < ow; x++) {
            int sx, sy;  // the stored pixel shown at (x, y)
            switch (orientation) {
            case 2: sx = w - 1 - x; sy = y; break;              // mirrored
            case 3: sx = w - 1 - x; sy = h - 1 - y; break;      // rotated 180
            case 4: sx = x; sy = h - 1 - y; break;              // flipped
            case 5: sx = y; sy = x; break;                      // transposed
            case 6: sx = y; sy = h - 1 - x; break;              // needs 90 clockwise
            case 7: sx = w - 1 - y; sy = h - 1 - x; break;      // transversed
            case 8: sx = w - 1 - y; sy = x; break;              // needs 90 counter-clockwise
            default: sx = x; sy = y; break;
            }
            memcpy(dst + ((size_t)y * ow + x) * ch, src + ((size_t)sy * w + sx) * ch, (size_t)ch);
        }
    }
    *out_w = ow;
    *out_h = oh;
    return dst;
}

void mv_fit(int width, int height, int max_edge, int *out_width, int *out_height) {
    int longest = width > height ? width : height;
    if (max_edge < 1 || longest <= max_edge) {
        *out_width = width;
        *out_height = height;
        return;
    }
    long long w = ((long long)width * max_edge + longest / 2) / longest;
    long long h = ((long long)height * max_edge + longest / 2) / longest;
    *out_width = w < 1 ? 1 : (int)w;
    *out_height = h < 1 ? 1 : (int)h;
}
