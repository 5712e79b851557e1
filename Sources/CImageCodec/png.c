// PNG through libpng. Each public function owns its setjmp: libpng's error callback longjmps
// back into the same function, never further.

#include "codec_internal.h"

#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include <png.h>

/// Error state shared with libpng's callbacks; pointers are volatile because they change
/// between setjmp and a possible longjmp.
typedef struct {
    jmp_buf jump;
    char *message;
    int warnings;
    volatile mv_status status;  // what a longjmp means (MV_CORRUPT unless a callback says otherwise)
    const uint8_t *data;        // memory source
    size_t size, position;
    uint8_t *volatile image;    // whole image, only for interlaced files
    png_bytep *volatile rows;
    uint8_t *volatile output;   // encoder: growing output buffer
    size_t output_size, output_capacity;
} png_job;

static void on_error(png_structp png, png_const_charp text) {
    png_job *job = png_get_error_ptr(png);
    mv_set_message(job->message, "%s", text);
    longjmp(job->jump, 1);
}

static void on_warning(png_structp png, png_const_charp text) {
    (void)text;  // libpng would print to stderr; a warning never changes our verdict
    png_job *job = png_get_error_ptr(png);
    job->warnings++;
}

static void read_memory(png_structp png, png_bytep out, png_size_t length) {
    png_job *job = png_get_io_ptr(png);
    if (length > job->size - job->position) {
        // libpng's own wording for EOF, with where the data ended: png_error copies it into
        // the message before it jumps, while this frame is still alive.
        char text[160];
        snprintf(text, sizeof text, "Read Error: the PNG data ends after %zu bytes, %zu more were needed (the file is truncated)",
                 job->size, (size_t)length - (job->size - job->position));
        png_error(png, text);
    }
    memcpy(out, job->data + job->position, length);
    job->position += length;
}

static void write_memory(png_structp png, png_bytep bytes, png_size_t length) {
    png_job *job = png_get_io_ptr(png);
    if (length > job->output_capacity - job->output_size) {
        size_t capacity = job->output_capacity ? job->output_capacity : 16384;
        while (capacity - job->output_size < length) capacity *= 2;
        uint8_t *bigger = realloc(job->output, capacity);
        if (!bigger) { job->status = MV_NO_MEMORY; png_error(png, "out of memory"); }
        job->output = bigger;
        job->output_capacity = capacity;
    }
    memcpy(job->output + job->output_size, bytes, length);
    job->output_size += length;
}

static void flush_memory(png_structp png) { (void)png; }

/// Sets up reading from memory and skips chunks we never use: text chunks can be zlib bombs
/// (zTXt/iTXt inflate to megabytes), colour profiles are ignored by the thumbnailer.
static void configure_reader(png_structp png, png_job *job) {
    static const png_byte ignored[] = "tEXt\0zTXt\0iTXt\0iCCP\0sPLT\0eXIf";
    png_set_read_fn(png, job, read_memory);
    png_set_keep_unknown_chunks(png, PNG_HANDLE_CHUNK_NEVER, ignored, 6);
    png_set_chunk_malloc_max(png, 8u << 20);  // belt and braces for any other chunk
}

static void fill_header_info(png_structp png, png_infop info_ptr, mv_info *info) {
    info->format = MV_FORMAT_PNG;
    info->stored_width = info->width = (int)png_get_image_width(png, info_ptr);
    info->stored_height = info->height = (int)png_get_image_height(png, info_ptr);
    info->orientation = 1;
    int color = png_get_color_type(png, info_ptr);
    info->has_alpha = (color & PNG_COLOR_MASK_ALPHA) || png_get_valid(png, info_ptr, PNG_INFO_tRNS);
}

/// Sets up `job` and libpng's read structures over the bytes. No setjmp here: the caller sets
/// its own right after, in the frame that then calls libpng. False (with a message) when out of memory.
static int open_reader(png_job *job, const uint8_t *data, size_t size, char *message,
                       png_structp *png, png_infop *info_ptr) {
    memset(job, 0, sizeof *job);
    job->message = message;
    job->data = data;
    job->size = size;
    job->status = MV_CORRUPT;
    *png = png_create_read_struct(PNG_LIBPNG_VER_STRING, job, on_error, on_warning);
    *info_ptr = *png ? png_create_info_struct(*png) : NULL;
    if (*info_ptr) return 1;
    png_destroy_read_struct(*png ? png : NULL, NULL, NULL);
    mv_set_message(message, "libpng could not allocate its structures");
    return 0;
}

mv_status mv_png_probe(const uint8_t *data, size_t size, uint64_t max_pixels, mv_info *info, char *message) {
    png_job job;
    png_structp png = NULL;
    png_infop info_ptr = NULL;
    if (!open_reader(&job, data, size, message, &png, &info_ptr)) return MV_NO_MEMORY;
    if (setjmp(job.jump)) {
        png_destroy_read_struct(&png, &info_ptr, NULL);
        return job.status;
    }
    configure_reader(png, &job);
    png_read_info(png, info_ptr);
    fill_header_info(png, info_ptr, info);
    png_destroy_read_struct(&png, &info_ptr, NULL);
    return mv_exceeds_budget(info, max_pixels, message) ? MV_TOO_LARGE : MV_OK;
}

mv_status mv_png_decode(const uint8_t *data, size_t size, uint64_t max_pixels,
                        mv_sink *sink, mv_info *info, char *message) {
    png_job job;
    png_structp png = NULL;
    png_infop info_ptr = NULL;
    if (!open_reader(&job, data, size, message, &png, &info_ptr)) return MV_NO_MEMORY;
    if (setjmp(job.jump)) {
        png_destroy_read_struct(&png, &info_ptr, NULL);
        free(job.image);
        free(job.rows);
        return job.status;
    }
    configure_reader(png, &job);
    png_read_info(png, info_ptr);
    fill_header_info(png, info_ptr, info);
    // The budget is checked on the declared size, before any row buffer exists.
    if (mv_exceeds_budget(info, max_pixels, message)) {
        job.status = MV_TOO_LARGE;
        longjmp(job.jump, 1);
    }
    // Normalise every colour type and depth to RGBA8, without gamma or background handling.
    png_set_expand(png);
    png_set_strip_16(png);
    png_set_gray_to_rgb(png);
    png_set_add_alpha(png, 0xff, PNG_FILLER_AFTER);
    int passes = png_set_interlace_handling(png);
    png_read_update_info(png, info_ptr);
    const int width = info->stored_width, height = info->stored_height;
    const size_t stride = (size_t)width * 4;
    if (png_get_rowbytes(png, info_ptr) != stride) png_error(png, "unexpected row size after RGBA8 transforms");

    mv_status begun = sink->begin(sink, width, height, 4, info);
    if (begun != MV_OK) {
        job.status = begun;
        longjmp(job.jump, 1);
    }
    if (passes > 1) {
        // Adam7 rows are only complete after the last pass, so interlaced images are buffered.
        job.image = malloc(stride * height);
        job.rows = malloc(sizeof(png_bytep) * height);
        if (!job.image || !job.rows) {
            job.status = MV_NO_MEMORY;
            png_error(png, "out of memory for an interlaced image");
        }
        for (int y = 0; y < height; y++) job.rows[y] = job.image + stride * y;
        png_read_image(png, job.rows);
        for (int y = 0; y < height; y++) sink->row(sink, job.rows[y], y);
    } else {
        // Non-interlaced rows stream straight into the sink through one row buffer.
        job.image = malloc(stride);
        if (!job.image) {
            job.status = MV_NO_MEMORY;
            png_error(png, "out of memory for a row");
        }
        for (int y = 0; y < height; y++) {
            png_read_row(png, job.image, NULL);
            sink->row(sink, job.image, y);
        }
    }
    // Reading the trailing chunks catches files cut after the pixel data (libpng's verdict).
    png_read_end(png, info_ptr);
    info->warnings = job.warnings;
    png_destroy_read_struct(&png, &info_ptr, NULL);
    free(job.image);
    free(job.rows);
    return MV_OK;
}

mv_status mv_png_encode(const uint8_t *pixels, int width, int height, int channels,
                        mv_buffer *out, char *message) {
    png_job job;
    memset(&job, 0, sizeof job);
    job.message = message;
    job.status = MV_CORRUPT;
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &job, on_error, on_warning);
    png_infop info_ptr = png ? png_create_info_struct(png) : NULL;
    if (!info_ptr) {
        png_destroy_write_struct(png ? &png : NULL, NULL);
        mv_set_message(message, "libpng could not allocate its structures");
        return MV_NO_MEMORY;
    }
    if (setjmp(job.jump)) {
        png_destroy_write_struct(&png, &info_ptr);
        free(job.output);
        return job.status;
    }
    png_set_write_fn(png, &job, write_memory, flush_memory);
    png_set_IHDR(png, info_ptr, (png_uint_32)width, (png_uint_32)height, 8,
                 channels == 4 ? PNG_COLOR_TYPE_RGB_ALPHA : PNG_COLOR_TYPE_RGB,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info_ptr);
    for (int y = 0; y < height; y++)
        png_write_row(png, (png_const_bytep)(pixels + (size_t)y * width * channels));
    png_write_end(png, info_ptr);
    png_destroy_write_struct(&png, &info_ptr);
    out->data = job.output;
    out->size = job.output_size;
    return MV_OK;
}
