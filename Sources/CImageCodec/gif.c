// GIF through giflib (5.x): only the first frame, composed on the logical screen the way a
// browser shows it before animating. giflib reports errors by return codes (no setjmp), so
// every call's status is checked right here.

#include "codec_internal.h"

#include <stdlib.h>
#include <string.h>

#include <gif_lib.h>

/// Memory source for giflib's read callback.
typedef struct {
    const uint8_t *data;
    size_t size, position;
} gif_source;

static int read_memory(GifFileType *gif, GifByteType *out, int length) {
    gif_source *source = gif->UserData;
    size_t available = source->size - source->position;
    size_t n = length < 0 ? 0 : (size_t)length;
    if (n > available) n = available;  // giflib treats a short read as a read error
    memcpy(out, source->data + source->position, n);
    source->position += n;
    return (int)n;
}

/// The first frame's descriptor and what the extensions before it said.
typedef struct {
    int transparent_index;  // -1 when none
    int left, top, width, height, interlaced;
    int canvas_width, canvas_height;
} gif_frame;

static mv_status gif_error(int code, const char *doing, char *message) {
    const char *text = GifErrorString(code);
    mv_set_message(message, "GIF: %s (%s)", doing, text ? text : "unknown giflib error");
    return code == D_GIF_ERR_NOT_ENOUGH_MEM ? MV_NO_MEMORY : MV_CORRUPT;
}

/// Opens the GIF and reads records up to (and including) the first image descriptor.
static mv_status open_first_frame(gif_source *source, GifFileType **out, gif_frame *frame, char *message) {
    int error = 0;
    GifFileType *gif = DGifOpen(source, read_memory, &error);
    if (!gif) return gif_error(error, "cannot read the header", message);
    *out = gif;
    frame->transparent_index = -1;
    for (;;) {
        GifRecordType type;
        if (DGifGetRecordType(gif, &type) == GIF_ERROR) return gif_error(gif->Error, "cannot read a record", message);
        if (type == TERMINATE_RECORD_TYPE) {
            mv_set_message(message, "GIF: the file has no image frame");
            return MV_CORRUPT;
        }
        if (type == EXTENSION_RECORD_TYPE) {
            int code = 0;
            GifByteType *block = NULL;
            if (DGifGetExtension(gif, &code, &block) == GIF_ERROR)
                return gif_error(gif->Error, "cannot read an extension", message);
            if (code == GRAPHICS_EXT_FUNC_CODE && block && block[0] >= 4) {
                GraphicsControlBlock control;
                if (DGifExtensionToGCB(block[0], block + 1, &control) == GIF_OK)
                    frame->transparent_index = control.TransparentColor;
            }
            while (block) {
                if (DGifGetExtensionNext(gif, &block) == GIF_ERROR)
                    return gif_error(gif->Error, "cannot read an extension", message);
            }
            continue;
        }
        if (type != IMAGE_DESC_RECORD_TYPE) continue;
        if (DGifGetImageDesc(gif) == GIF_ERROR) return gif_error(gif->Error, "cannot read the frame descriptor", message);
        GifImageDesc *d = &gif->Image;
        frame->left = d->Left;
        frame->top = d->Top;
        frame->width = d->Width;
        frame->height = d->Height;
        frame->interlaced = d->Interlace;
        // A frame may stick out of a (broken) logical screen; browsers grow the canvas.
        frame->canvas_width = gif->SWidth > d->Left + d->Width ? gif->SWidth : d->Left + d->Width;
        frame->canvas_height = gif->SHeight > d->Top + d->Height ? gif->SHeight : d->Top + d->Height;
        if (frame->width < 1 || frame->height < 1) {
            mv_set_message(message, "GIF: the first frame is empty (%dx%d)", frame->width, frame->height);
            return MV_CORRUPT;
        }
        return MV_OK;
    }
}

static void fill_info(const gif_frame *frame, mv_info *info) {
    info->format = MV_FORMAT_GIF;
    info->stored_width = info->width = frame->canvas_width;
    info->stored_height = info->height = frame->canvas_height;
    info->orientation = 1;
    int covers = frame->left == 0 && frame->top == 0 && frame->width == frame->canvas_width &&
                 frame->height == frame->canvas_height;
    info->has_alpha = frame->transparent_index >= 0 || !covers;
}

static void close_gif(GifFileType *gif) {
    int ignored = 0;
    if (gif) DGifCloseFile(gif, &ignored);  // nothing was written, so a close error changes nothing
}

mv_status mv_gif_probe(const uint8_t *data, size_t size, uint64_t max_pixels, mv_info *info, char *message) {
    gif_source source = {data, size, 0};
    GifFileType *gif = NULL;
    gif_frame frame = {0};
    mv_status status = open_first_frame(&source, &gif, &frame, message);
    info->format = MV_FORMAT_GIF;
    if (status == MV_OK) {
        fill_info(&frame, info);
        if (mv_exceeds_budget(info, max_pixels, message)) status = MV_TOO_LARGE;
    }
    close_gif(gif);
    return status;
}

/// Reads the frame's colour indices (de-interlacing); marks decoded rows. A read error after
/// the first row keeps what arrived (as browsers do) and flags the image truncated.
static mv_status read_indices(GifFileType *gif, const gif_frame *frame, uint8_t *indices, uint8_t *decoded,
                              mv_info *info, char *message) {
    static const int start[4] = {0, 4, 2, 1}, step[4] = {8, 8, 4, 2};
    int passes = frame->interlaced ? 4 : 1, rows_read = 0;
    for (int pass = 0; pass < passes; pass++) {
        for (int y = frame->interlaced ? start[pass] : 0; y < frame->height; y += frame->interlaced ? step[pass] : 1) {
            if (DGifGetLine(gif, indices + (size_t)y * frame->width, frame->width) == GIF_ERROR) {
                if (rows_read == 0) return gif_error(gif->Error, "cannot decode the first frame", message);
                info->truncated = 1;
                info->warnings++;
                return MV_OK;
            }
            decoded[y] = 1;
            rows_read++;
        }
    }
    return MV_OK;
}

mv_status mv_gif_decode(const uint8_t *data, size_t size, uint64_t max_pixels, mv_sink *sink, mv_info *info,
                        char *message) {
    gif_source source = {data, size, 0};
    GifFileType *gif = NULL;
    gif_frame frame = {0};
    uint8_t *indices = NULL, *decoded = NULL, *row = NULL;
    mv_status status = open_first_frame(&source, &gif, &frame, message);
    info->format = MV_FORMAT_GIF;
    if (status == MV_OK) {
        fill_info(&frame, info);
        if (mv_exceeds_budget(info, max_pixels, message)) status = MV_TOO_LARGE;
    }
    const ColorMapObject *map = NULL;
    if (status == MV_OK) {
        map = gif->Image.ColorMap ? gif->Image.ColorMap : gif->SColorMap;
        if (!map || !map->Colors) {
            mv_set_message(message, "GIF: the first frame has no colour table");
            status = MV_CORRUPT;
        }
    }
    if (status == MV_OK) {
        indices = malloc((size_t)frame.width * frame.height);
        decoded = calloc((size_t)frame.height, 1);
        row = malloc((size_t)frame.canvas_width * 4);
        if (!indices || !decoded || !row) status = MV_NO_MEMORY;
    }
    if (status == MV_OK) status = read_indices(gif, &frame, indices, decoded, info, message);
    if (status == MV_OK) status = sink->begin(sink, frame.canvas_width, frame.canvas_height, 4, info);
    for (int y = 0; status == MV_OK && y < frame.canvas_height; y++) {
        // Outside the frame, and rows lost to truncation, stay transparent.
        memset(row, 0, (size_t)frame.canvas_width * 4);
        int fy = y - frame.top;
        if (fy >= 0 && fy < frame.height && decoded[fy]) {
            const uint8_t *in = indices + (size_t)fy * frame.width;
            for (int x = 0; x < frame.width; x++) {
                int index = in[x];
                if (index == frame.transparent_index) continue;
                uint8_t *out = row + (size_t)(frame.left + x) * 4;
                if (index < map->ColorCount) {
                    out[0] = map->Colors[index].Red;
                    out[1] = map->Colors[index].Green;
                    out[2] = map->Colors[index].Blue;
                }  // an index past the table is black, as browsers show it
                out[3] = 255;
            }
        }
        sink->row(sink, row, y);
    }
    if (status == MV_NO_MEMORY && message[0] == 0) mv_set_message(message, "out of memory");
    free(indices);
    free(decoded);
    free(row);
    close_gif(gif);
    return status;
}
