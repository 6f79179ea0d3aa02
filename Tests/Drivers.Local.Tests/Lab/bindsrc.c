/* LD_PRELOAD shim for the Local driver tests: an NFS client that appears from another 127.0.0.x address. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dlfcn.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

/* Makes an IPv4 client appear from $BIND_SOURCE_ADDRESS: a bind to the wildcard address (libnfs binds a reserved
   port when run as root) is redirected to that address, and a socket connected without a bind is bound to it first. */
static int source_address(struct in_addr *out)
{
    const char *source = getenv("BIND_SOURCE_ADDRESS");
    return source && inet_pton(AF_INET, source, out) == 1;
}

int bind(int fd, const struct sockaddr *addr, socklen_t len)
{
    static int (*real_bind)(int, const struct sockaddr *, socklen_t);
    if (!real_bind)
        real_bind = (int (*)(int, const struct sockaddr *, socklen_t))dlsym(RTLD_NEXT, "bind");
    struct in_addr source;
    if (addr && addr->sa_family == AF_INET && len >= (socklen_t)sizeof(struct sockaddr_in)
        && ((const struct sockaddr_in *)addr)->sin_addr.s_addr == htonl(INADDR_ANY) && source_address(&source)) {
        struct sockaddr_in local;
        memcpy(&local, addr, sizeof local);
        local.sin_addr = source;
        return real_bind(fd, (const struct sockaddr *)&local, sizeof local);
    }
    return real_bind(fd, addr, len);
}

int connect(int fd, const struct sockaddr *addr, socklen_t len)
{
    static int (*real_connect)(int, const struct sockaddr *, socklen_t);
    if (!real_connect)
        real_connect = (int (*)(int, const struct sockaddr *, socklen_t))dlsym(RTLD_NEXT, "connect");
    struct in_addr source;
    if (addr && addr->sa_family == AF_INET && source_address(&source)) {
        struct sockaddr_in bound;
        socklen_t bound_len = sizeof bound;
        if (getsockname(fd, (struct sockaddr *)&bound, &bound_len) == 0 && bound.sin_family == AF_INET
            && bound.sin_port == 0) {
            struct sockaddr_in local;
            memset(&local, 0, sizeof local);
            local.sin_family = AF_INET;
            local.sin_addr = source;
            int saved = errno;
            bind(fd, (struct sockaddr *)&local, sizeof local);
            errno = saved;
        }
    }
    return real_connect(fd, addr, len);
}
