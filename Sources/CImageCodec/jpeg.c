// JPEG through libjpeg(-turbo). Each public function owns its setjmp: libjpeg's error_exit
// longjmps back into the same function, never further.

#include "codec_internal.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <jerror.h>

/// libjpeg error manager that returns control instead of calling exit(), and counts
/// warnings instead of printing them.
typedef struct {
    struct jpeg_error_mgr pub;
    jmp_buf jump;
    char *message;
    int data_warnings;  // warnings about missing or damaged compressed data
} mv_jpeg_error;

static void on_error_exit(j_common_ptr cinfo) {
    mv_jpeg_error *err = (mv_jpeg_error *)cinfo->err;
    char text[JMSG_LENGTH_MAX];
    (*cinfo->err->format_message)(cinfo, text);
    mv_set_message(err->message, "%s", text);
    longjmp(err->jump, 1);
}

static void on_emit_message(j_common_ptr cinfo, int level) {
    if (level >= 0) return;  // trace messages
    mv_jpeg_error *err = (mv_jpeg_error *)cinfo->err;
    int code = err->pub.msg_code;
    // Metadata oddities leave the pixels intact; everything else means rows may be grey.
    if (code != JWRN_JFIF_MAJOR && code != JWRN_ADOBE_XFORM && code != JWRN_BOGUS_ICC)
        err->data_warnings++;
    if (err->pub.num_warnings == 0) {
        char text[JMSG_LENGTH_MAX];
        (*cinfo->err->format_message)(cinfo, text);
        mv_set_message(err->message, "warning: %s", text);  // kept for callers that want it
    }
    err->pub.num_warnings++;
}

static void on_output_message(j_common_ptr cinfo) { (void)cinfo; }

static void install_error_manager(mv_jpeg_error *err, char *message) {
    memset(err, 0, sizeof *err);
    jpeg_std_error(&err->pub);
    err->pub.error_exit = on_error_exit;
    err->pub.emit_message = on_emit_message;
    err->pub.output_message = on_output_message;
    err->message = message;
}

/// Classifies a libjpeg error: legitimate JPEG variants this 8-bit build cannot decode are
/// "unsupported", everything else is damaged data.
static mv_status status_for_error(const mv_jpeg_error *err) {
    switch (err->pub.msg_code) {
    case JERR_BAD_PRECISION:
    case JERR_SOF_UNSUPPORTED:
    case JERR_ARITH_NOTIMPL:
        return MV_UNSUPPORTED;
    case JERR_OUT_OF_MEMORY:
        return MV_NO_MEMORY;
    default:
        return MV_CORRUPT;
    }
}

static unsigned read16(const uint8_t *p, int little) { return little ? p[0] | p[1] << 8 : p[0] << 8 | p[1]; }
static uint32_t read32(const uint8_t *p, int little) {
    return little ? (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24
                  : (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/// EXIF orientation (tag 0x0112 in IFD0 of the APP1 "Exif" TIFF block), 1 when absent or
/// malformed. Every offset is bounds-checked: broken EXIF must never stop decoding.
static int exif_orientation(j_decompress_ptr cinfo) {
    for (jpeg_saved_marker_ptr m = cinfo->marker_list; m; m = m->next) {
        if (m->marker != JPEG_APP0 + 1 || m->data_length < 6 + 8 || memcmp(m->data, "Exif\0\0", 6) != 0) continue;
        const uint8_t *tiff = m->data + 6;
        const uint64_t size = m->data_length - 6;
        int little;
        if (tiff[0] == 'I' && tiff[1] == 'I') little = 1;
        else if (tiff[0] == 'M' && tiff[1] == 'M') little = 0;
        else continue;
        if (read16(tiff + 2, little) != 42) continue;
        uint64_t ifd = read32(tiff + 4, little);
        if (ifd + 2 > size) continue;
        unsigned count = read16(tiff + ifd, little);
        for (unsigned i = 0; i < count; i++) {
            uint64_t entry = ifd + 2 + 12ull * i;
            if (entry + 12 > size) break;
            if (read16(tiff + entry, little) != 0x0112) continue;
            unsigned type = read16(tiff + entry + 2, little);
            unsigned value = type == 3 ? read16(tiff + entry + 8, little)                 // SHORT
                           : type == 4 ? (unsigned)read32(tiff + entry + 8, little) : 0;  // LONG
            return value >= 1 && value <= 8 ? (int)value : 1;
        }
    }
    return 1;
}

static void fill_header_info(j_decompress_ptr cinfo, mv_info *info) {
    info->format = MV_FORMAT_JPEG;
    info->stored_width = (int)cinfo->image_width;
    info->stored_height = (int)cinfo->image_height;
    info->orientation = exif_orientation(cinfo);
    int swap = info->orientation >= 5;
    info->width = swap ? info->stored_height : info->stored_width;
    info->height = swap ? info->stored_width : info->stored_height;
    info->has_alpha = 0;
}

mv_status mv_jpeg_probe(const uint8_t *data, size_t size, uint64_t max_pixels, mv_info *info, char *message) {
    struct jpeg_decompress_struct cinfo;
    mv_jpeg_error err;
    install_error_manager(&err, message);
    cinfo.err = &err.pub;
    if (setjmp(err.jump)) {
        jpeg_destroy_decompress(&cinfo);
        return status_for_error(&err);
    }
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, (unsigned char *)data, (unsigned long)size);
    jpeg_save_markers(&cinfo, JPEG_APP0 + 1, 0xFFFF);
    jpeg_read_header(&cinfo, TRUE);
    fill_header_info(&cinfo, info);
    jpeg_destroy_decompress(&cinfo);
    return mv_exceeds_budget(info, max_pixels, message) ? MV_TOO_LARGE : MV_OK;
}

/// Smallest libjpeg scale M/8 whose longest output edge is still >= 2x the target, so the
/// area filter that follows has enough samples to average; full size for small images.
unsigned mv_jpeg_choose_scale(unsigned longest, int target_edge) {
    if (target_edge <= 0) return 8;
    for (unsigned m = 1; m < 8; m++)
        if ((longest * m + 7) / 8 >= 2u * (unsigned)target_edge) return m;
    return 8;
}

/// Converts one CMYK row to RGB. Adobe (Photoshop) files store inverted CMYK, so a raw sample
/// of 255 means "no ink"; plain CMYK is inverted first to reach the same form.
static void cmyk_to_rgb(const uint8_t *src, uint8_t *dst, int width, int adobe_inverted) {
    for (int x = 0; x < width; x++, src += 4, dst += 3) {
        unsigned c = src[0], m = src[1], y = src[2], k = src[3];
        if (!adobe_inverted) { c = 255 - c; m = 255 - m; y = 255 - y; k = 255 - k; }
        dst[0] = (uint8_t)((c * k + 127) / 255);
        dst[1] = (uint8_t)((m * k + 127) / 255);
        dst[2] = (uint8_t)((y * k + 127) / 255);
    }
}

/// Resources of one decode, volatile because they change between setjmp and a longjmp.
typedef struct {
    uint8_t *volatile scanline;
} jpeg_decode_job;

mv_status mv_jpeg_decode(const uint8_t *data, size_t size, uint64_t max_pixels, int target_edge,
                         mv_sink *sink, mv_info *info, char *message) {
    struct jpeg_decompress_struct cinfo;
    mv_jpeg_error err;
    jpeg_decode_job job = {NULL};
    install_error_manager(&err, message);
    cinfo.err = &err.pub;
    if (setjmp(err.jump)) {
        jpeg_destroy_decompress(&cinfo);
        free(job.scanline);
        return status_for_error(&err);
    }
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, (unsigned char *)data, (unsigned long)size);
    jpeg_save_markers(&cinfo, JPEG_APP0 + 1, 0xFFFF);
    jpeg_read_header(&cinfo, TRUE);
    fill_header_info(&cinfo, info);
    // The budget is checked on the declared size, before libjpeg allocates any pixel memory.
    if (mv_exceeds_budget(info, max_pixels, message)) {
        jpeg_destroy_decompress(&cinfo);
        return MV_TOO_LARGE;
    }
    int cmyk = cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK;
    cinfo.out_color_space = cmyk ? JCS_CMYK : JCS_RGB;  // libjpeg-turbo expands grey to RGB itself
    cinfo.scale_num = mv_jpeg_choose_scale(cinfo.image_width > cinfo.image_height ? cinfo.image_width
                                                                                   : cinfo.image_height,
                                           target_edge);
    cinfo.scale_denom = 8;
    if (cinfo.scale_num < 8) {
        // Thumbnails only: the area filter that follows averages 2-4 decoded pixels per output
        // pixel, which hides the difference of triangle-filtered chroma and the fast IDCT (PSNR
        // vs Lanczos unchanged: 33.96 and 32.10 dB in ThumbnailQualityTests) and saves ~8% of
        // the decode time (djpeg -scale 1/4 -nosmooth -dct fast on 4000x3000 photos).
        cinfo.do_fancy_upsampling = FALSE;
        cinfo.dct_method = JDCT_IFAST;
    }
    jpeg_start_decompress(&cinfo);

    const int width = (int)cinfo.output_width, height = (int)cinfo.output_height;
    const int components = cinfo.output_components;
    // One buffer: the decoded scanline, then (for CMYK) its RGB conversion.
    job.scanline = malloc((size_t)width * (components + 3));
    if (!job.scanline) {
        jpeg_destroy_decompress(&cinfo);
        mv_set_message(message, "out of memory for a %d-pixel scanline", width);
        return MV_NO_MEMORY;
    }
    mv_status begun = sink->begin(sink, width, height, 3, info);
    if (begun != MV_OK) {
        jpeg_destroy_decompress(&cinfo);
        free(job.scanline);
        return begun;
    }
    uint8_t *rgb = job.scanline + (size_t)width * components;
    while (cinfo.output_scanline < cinfo.output_height) {
        JSAMPROW row = job.scanline;
        int y = (int)cinfo.output_scanline;
        if (jpeg_read_scanlines(&cinfo, &row, 1) != 1) ERREXIT(&cinfo, JERR_BAD_STATE);  // cannot happen with a memory source
        if (cmyk) {
            cmyk_to_rgb(job.scanline, rgb, width, cinfo.saw_Adobe_marker);
            sink->row(sink, rgb, y);
        } else {
            sink->row(sink, job.scanline, y);
        }
    }
    // Some damaged files only fail here, after every row was handed out.
    jpeg_finish_decompress(&cinfo);
    info->warnings = (int)err.pub.num_warnings;
    info->truncated = err.data_warnings > 0;
    jpeg_destroy_decompress(&cinfo);
    free(job.scanline);
    return MV_OK;
}

/// A growing in-memory destination we own, so nothing libjpeg allocated can leak on error.
typedef struct {
    struct jpeg_destination_mgr pub;
    uint8_t *volatile data;
    size_t capacity;
} memory_destination;

static void destination_init(j_compress_ptr cinfo) {
    memory_destination *d = (memory_destination *)cinfo->dest;
    d->capacity = 16384;
    d->data = malloc(d->capacity);
    if (!d->data) ERREXIT1(cinfo, JERR_OUT_OF_MEMORY, 0);
    d->pub.next_output_byte = d->data;
    d->pub.free_in_buffer = d->capacity;
}

static boolean destination_grow(j_compress_ptr cinfo) {
    memory_destination *d = (memory_destination *)cinfo->dest;
    uint8_t *bigger = realloc(d->data, d->capacity * 2);
    if (!bigger) ERREXIT1(cinfo, JERR_OUT_OF_MEMORY, 1);
    d->data = bigger;
    d->pub.next_output_byte = bigger + d->capacity;
    d->pub.free_in_buffer = d->capacity;
    d->capacity *= 2;
    return TRUE;
}

static void destination_term(j_compress_ptr cinfo) { (void)cinfo; }

mv_status mv_jpeg_encode(const uint8_t *pixels, int width, int height, int channels, int quality,
                         mv_buffer *out, char *message) {
    struct jpeg_compress_struct cinfo;
    mv_jpeg_error err;
    memory_destination dest;
    uint8_t *volatile scanline = NULL;
    memset(&dest, 0, sizeof dest);
    install_error_manager(&err, message);
    cinfo.err = &err.pub;
    if (setjmp(err.jump)) {
        jpeg_destroy_compress(&cinfo);
        free(dest.data);
        free(scanline);
        return status_for_error(&err);
    }
    jpeg_create_compress(&cinfo);
    dest.pub.init_destination = destination_init;
    dest.pub.empty_output_buffer = destination_grow;
    dest.pub.term_destination = destination_term;
    cinfo.dest = &dest.pub;
    cinfo.image_width = (JDIMENSION)width;
    cinfo.image_height = (JDIMENSION)height;
    cinfo.input_components = 3;
    cinfo.in_color_space = JCS_RGB;
    jpeg_set_defaults(&cinfo);
    jpeg_set_quality(&cinfo, quality < 1 ? 1 : quality > 100 ? 100 : quality, TRUE);
    // Full-resolution chroma (4:4:4): at 320 px a 2x2 chroma block is a visible share of the
    // picture (coloured edges, text); it costs 12-19% more bytes at q85 (two photos) and gave +2.6 dB
    // PSNR on the chroma-textured quality test image.
    cinfo.comp_info[0].h_samp_factor = cinfo.comp_info[0].v_samp_factor = 1;
    cinfo.optimize_coding = TRUE;  // smaller files for a few microseconds on thumbnail-sized images
    scanline = malloc((size_t)width * 3);
    if (!scanline) ERREXIT1(&cinfo, JERR_OUT_OF_MEMORY, 2);
    jpeg_start_compress(&cinfo, TRUE);
    while (cinfo.next_scanline < cinfo.image_height) {
        const uint8_t *src = pixels + (size_t)cinfo.next_scanline * width * channels;
        for (int x = 0; x < width; x++) memcpy(scanline + x * 3, src + (size_t)x * channels, 3);
        JSAMPROW row = scanline;
        jpeg_write_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_compress(&cinfo);
    out->data = dest.data;
    out->size = dest.capacity - dest.pub.free_in_buffer;
    jpeg_destroy_compress(&cinfo);
    free(scanline);
    return MV_OK;
}
