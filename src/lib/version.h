/* lib/version.h -- our version, and the Redis version whose behaviour we follow
 * (reported as redis_version so clients pick the right features). */
#ifndef VERSION_H
#define VERSION_H

#define REDIS_MINI_VERSION "0.1.0"
#define REDIS_COMPAT_VERSION "7.0.15"

#endif
