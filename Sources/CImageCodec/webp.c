// WebP through libwebp: still images with WebPDecode, animations (first frame, composed on
// the canvas) with libwebpdemux's WebPAnimDecoder. libwebp reports errors by return codes.

#include "codec_internal.h"

#include <stdlib.h>
#include <string.h>

#include <webp/decode.h>
#include <webp/demux.h>

static const char *vp8_status_text(VP8StatusCode code) {
    switch (code) {
    case VP8_STATUS_OUT_OF_MEMORY: return "out of memory";
    case VP8_STATUS_INVALID_PARAM: return "invalid parameter";
    case VP8_STATUS_BITSTREAM_ERROR: return "bitstream error";
    case VP8_STATUS_UNSUPPORTED_FEATURE: return "unsupported feature";
    case VP8_STATUS_SUSPENDED: return "suspended";
    case VP8_STATUS_USER_ABORT: return "aborted";
    case VP8_STATUS_NOT_ENOUGH_DATA: return "not enough data (truncated file)";
    default: return "unknown error";
    }
}

static mv_status read_features(const uint8_t *data, size_t size, uint64_t max_pixels, WebPBitstreamFeatures *features,
                               mv_info *info, char *message) {
    VP8StatusCode code = WebPGetFeatures(data, size, features);
    info->format = MV_FORMAT_WEBP;
    if (code != VP8_STATUS_OK) {
        mv_set_message(message, "WebP: cannot read the header (%s)", vp8_status_text(code));
        return code == VP8_STATUS_OUT_OF_MEMORY ? MV_NO_MEMORY : MV_CORRUPT;
    }
    // For an animation WebPGetFeatures gives the canvas size, which is what we compose on.
    info->stored_width = info->width = features->width;
    info->stored_height = info->height = features->height;
    info->orientation = 1;
    info->has_alpha = features->has_alpha || features->has_animation;
    return mv_exceeds_budget(info, max_pixels, message) ? MV_TOO_LARGE : MV_OK;
}

mv_status mv_webp_probe(const uint8_t *data, size_t size, uint64_t max_pixels, mv_info *info, char *message) {
    WebPBitstreamFeatures features;
    return read_features(data, size, max_pixels, &features, info, message);
}

/// First frame of an animation as RGBA on the full canvas; the decoder owns the pixels.
static mv_status decode_animation(const uint8_t *data, size_t size, mv_sink *sink, const mv_info *info, char *message) {
    WebPAnimDecoderOptions options;
    if (!WebPAnimDecoderOptionsInit(&options)) {
        mv_set_message(message, "WebP: libwebpdemux version mismatch");
        return MV_UNSUPPORTED;
    }
    options.color_mode = MODE_RGBA;  // not premultiplied: the resizer premultiplies itself
    options.use_threads = 0;
    WebPData webp = {data, size};
    WebPAnimDecoder *decoder = WebPAnimDecoderNew(&webp, &options);
    if (!decoder) {
        mv_set_message(message, "WebP: cannot open the animation (corrupt or truncated)");
        return MV_CORRUPT;
    }
    WebPAnimInfo anim;
    uint8_t *canvas = NULL;
    int timestamp = 0;
    mv_status status = MV_OK;
    if (!WebPAnimDecoderGetInfo(decoder, &anim) || anim.frame_count < 1 ||
        (int)anim.canvas_width != info->width || (int)anim.canvas_height != info->height) {
        mv_set_message(message, "WebP: the animation's canvas does not match its header");
        status = MV_CORRUPT;
    } else if (!WebPAnimDecoderGetNext(decoder, &canvas, &timestamp) || !canvas) {
        mv_set_message(message, "WebP: cannot decode the first frame (corrupt or truncated)");
        status = MV_CORRUPT;
    }
    if (status == MV_OK) status = sink->begin(sink, info->width, info->height, 4, info);
    for (int y = 0; status == MV_OK && y < info->height; y++)
        sink->row(sink, canvas + (size_t)y * info->width * 4, y);
    WebPAnimDecoderDelete(decoder);
    return status;
}

mv_status mv_webp_decode(const uint8_t *data, size_t size, uint64_t max_pixels, mv_sink *sink, mv_info *info,
                         char *message) {
    WebPBitstreamFeatures features;
    mv_status status = read_features(data, size, max_pixels, &features, info, message);
    if (status != MV_OK) return status;
    if (features.has_animation) return decode_animation(data, size, sink, info, message);
    // Opaque images decode to RGB so that their thumbnail is a JPEG without an alpha pass.
    int channels = features.has_alpha ? 4 : 3;
    int width = 0, height = 0;
    uint8_t *pixels = channels == 4 ? WebPDecodeRGBA(data, size, &width, &height)
                                    : WebPDecodeRGB(data, size, &width, &height);
    if (!pixels) {
        mv_set_message(message, "WebP: cannot decode the image (corrupt or truncated)");
        return MV_CORRUPT;
    }
    if (width != info->width || height != info->height) {
        mv_set_message(message, "WebP: decoded %dx%d, header said %dx%d", width, height, info->width, info->height);
        status = MV_CORRUPT;
    }
    if (status == MV_OK) status = sink->begin(sink, width, height, channels, info);
    for (int y = 0; status == MV_OK && y < height; y++) sink->row(sink, pixels + (size_t)y * width * channels, y);
    WebPFree(pixels);
    return status;
}
