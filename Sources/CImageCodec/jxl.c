// JPEG XL through libjxl: the first frame (an animation's, composited), with the image's
// orientation applied by libjxl (so the orientation left is 1). libjxl reports errors by status
// codes, never by longjmp.
//
// libjxl is loaded on the first JPEG XL image, not linked, as libheif is (library.c):
// most runs never meet one, and every start would pay for mapping it. Without libjxl installed,
// JPEG XL images are kept without a thumbnail, with a message saying so.

#include "codec_internal.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <jxl/decode.h>

/// The libjxl functions used here, looked up once; `loaded` is 0 when libjxl is missing.
static struct {
    int loaded;
    __typeof__(JxlDecoderCreate) *create;
    __typeof__(JxlDecoderDestroy) *destroy;
    __typeof__(JxlDecoderSubscribeEvents) *subscribe;
    __typeof__(JxlDecoderSetInput) *set_input;
    __typeof__(JxlDecoderProcessInput) *process;
    __typeof__(JxlDecoderGetBasicInfo) *basic_info;
    __typeof__(JxlDecoderImageOutBufferSize) *out_buffer_size;
    __typeof__(JxlDecoderSetImageOutBuffer) *set_out_buffer;
} jxl;

/// libjxl once loaded, or why it could not be.
static mv_library jxl_library;

/// Loads libjxl, once per process: the newest of the sonames distributions ship (the decoder
/// API used here is the same in all of them).
static pthread_once_t jxl_once = PTHREAD_ONCE_INIT;
static void jxl_start(void) {
    static const char *const names[] = {"libjxl.so.0.11", "libjxl.so.0.10", "libjxl.so.0.9", "libjxl.so.0.8", "libjxl.so.0.7"};
    if (!mv_library_open(&jxl_library, "MEDIAVAULT_LIBJXL", names, sizeof names / sizeof *names)) return;
#define LOOK_UP(field, name) if (!(jxl.field = (__typeof__(jxl.field))mv_library_symbol(&jxl_library, #name))) return;
    LOOK_UP(create, JxlDecoderCreate)
    LOOK_UP(destroy, JxlDecoderDestroy)
    LOOK_UP(subscribe, JxlDecoderSubscribeEvents)
    LOOK_UP(set_input, JxlDecoderSetInput)
    LOOK_UP(process, JxlDecoderProcessInput)
    LOOK_UP(basic_info, JxlDecoderGetBasicInfo)
    LOOK_UP(out_buffer_size, JxlDecoderImageOutBufferSize)
    LOOK_UP(set_out_buffer, JxlDecoderSetImageOutBuffer)
#undef LOOK_UP
    jxl.loaded = 1;
}

/// True for a bare JPEG XL codestream (`FF 0A`) or its ISO-BMFF container's signature box.
int mv_is_jxl(const uint8_t *data, size_t size) {
    static const uint8_t container[12] = {0, 0, 0, 0x0C, 'J', 'X', 'L', ' ', 0x0D, 0x0A, 0x87, 0x0A};
    if (size >= 2 && data[0] == 0xFF && data[1] == 0x0A) return 1;
    return size >= 12 && memcmp(data, container, 12) == 0;
}

/// Decodes the header (and with `sink`, the first frame's pixels into it); on failure says why in `message`.
static mv_status run(const uint8_t *data, size_t size, uint64_t max_pixels, mv_sink *sink, mv_info *info, char *message) {
    pthread_once(&jxl_once, jxl_start);
    info->format = MV_FORMAT_JXL;
    if (!jxl.loaded) {
        mv_set_message(message, "JPEG XL: libjxl cannot be loaded (%s); install Debian libjxl0.7 for JPEG XL thumbnails", jxl_library.error);
        return MV_UNSUPPORTED;
    }
    JxlDecoder *decoder = jxl.create(NULL);
    if (!decoder) {
        mv_set_message(message, "JPEG XL: out of memory");
        return MV_NO_MEMORY;
    }
    mv_status status = MV_OK;
    uint8_t *pixels = NULL;
    size_t pixels_size = 0;
    int channels = 3;
    JxlPixelFormat format = {3, JXL_TYPE_UINT8, JXL_NATIVE_ENDIAN, 0};
    int events = JXL_DEC_BASIC_INFO | (sink ? JXL_DEC_FULL_IMAGE : 0);
    if (jxl.subscribe(decoder, events) != JXL_DEC_SUCCESS || jxl.set_input(decoder, data, size) != JXL_DEC_SUCCESS) {
        mv_set_message(message, "JPEG XL: the decoder refused its settings");
        status = MV_CORRUPT;
    }
    // The input is left open: libjxl then asks for more instead of failing, and as the whole
    // file was given, that says the file was cut.
    int done = 0;
    while (status == MV_OK && !done) {
        JxlDecoderStatus event = jxl.process(decoder);
        if (event == JXL_DEC_BASIC_INFO) {
            JxlBasicInfo basic;
            if (jxl.basic_info(decoder, &basic) != JXL_DEC_SUCCESS) {
                mv_set_message(message, "JPEG XL: cannot read the image header");
                status = MV_CORRUPT;
                break;
            }
            // libjxl turns the pixels it gives back by the image's orientation, and reports the
            // size after the turn (orientation 1) unless asked to keep the orientation.
            info->stored_width = info->width = (int)basic.xsize;
            info->stored_height = info->height = (int)basic.ysize;
            info->orientation = 1;
            info->has_alpha = basic.alpha_bits != 0;
            channels = info->has_alpha ? 4 : 3;
            format.num_channels = (uint32_t)channels;
            if (info->width <= 0 || info->height <= 0) {
                mv_set_message(message, "JPEG XL: the image has no size");
                status = MV_CORRUPT;
            } else if (mv_exceeds_budget(info, max_pixels, message)) {
                status = MV_TOO_LARGE;
            } else if (!sink) {
                done = 1;
            }
        } else if (event == JXL_DEC_NEED_IMAGE_OUT_BUFFER) {
            if (jxl.out_buffer_size(decoder, &format, &pixels_size) != JXL_DEC_SUCCESS
                || pixels_size != (size_t)info->width * info->height * channels) {
                mv_set_message(message, "JPEG XL: the decoded image does not match its header");
                status = MV_CORRUPT;
                break;
            }
            pixels = malloc(pixels_size);
            if (!pixels) {
                mv_set_message(message, "JPEG XL: out of memory");
                status = MV_NO_MEMORY;
            } else if (jxl.set_out_buffer(decoder, &format, pixels, pixels_size) != JXL_DEC_SUCCESS) {
                mv_set_message(message, "JPEG XL: the decoder refused its output buffer");
                status = MV_CORRUPT;
            }
        } else if (event == JXL_DEC_FULL_IMAGE) {
            done = 1;  // the first frame: an animation's later frames are not needed
        } else if (event == JXL_DEC_NEED_MORE_INPUT) {
            mv_set_message(message, "JPEG XL: the file ends early (after %zu bytes)", size);
            status = MV_CORRUPT;
        } else if (event == JXL_DEC_SUCCESS) {
            mv_set_message(message, "JPEG XL: the file holds no image");
            status = MV_CORRUPT;
        } else {
            mv_set_message(message, "JPEG XL: libjxl cannot decode the image (JxlDecoderStatus %d)", (int)event);
            status = MV_CORRUPT;
        }
    }
    if (status == MV_OK && sink) status = sink->begin(sink, info->width, info->height, channels, info);
    for (int y = 0; status == MV_OK && sink && y < info->height; y++)
        sink->row(sink, pixels + (size_t)y * info->width * channels, y);
    free(pixels);
    jxl.destroy(decoder);
    return status;
}

mv_status mv_jxl_probe(const uint8_t *data, size_t size, uint64_t max_pixels, mv_info *info, char *message) {
    return run(data, size, max_pixels, NULL, info, message);
}

mv_status mv_jxl_decode(const uint8_t *data, size_t size, uint64_t max_pixels, mv_sink *sink, mv_info *info,
                        char *message) {
    return run(data, size, max_pixels, sink, info, message);
}
