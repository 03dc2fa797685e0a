// The system's zlib, for deflating Office packages at a chosen level (ZIPFoundation always uses the default, level 6).
#include <zlib.h>
