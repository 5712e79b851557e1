#include "CImageCodec.h"
int mv_codec_version(void) { return 1; }
