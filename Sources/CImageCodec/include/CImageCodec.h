// Placeholder; the codec helper replaces this file.
#ifndef MEDIAVAULT_CIMAGECODEC_H
#define MEDIAVAULT_CIMAGECODEC_H
int mv_codec_version(void);
#endif
