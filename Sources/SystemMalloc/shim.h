// glibc's malloc settings (mallopt), which its Swift module leaves out.
#if defined(__linux__)
#include <malloc.h>
#endif
