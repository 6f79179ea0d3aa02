/*
 * nfs-mounts URL SECONDS: mounts the NFSv4 export at URL (nfs://server/path?version=4&nfsport=N) over and over
 * for SECONDS, each time with a new client (TCP connection, client id, lookup of the export), and prints how many
 * mounts succeeded and failed. For the Local driver benchmark's mounts-per-second figure; libnfs 4.0 ABI.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

struct nfs_context;
struct nfs_url { char *server; char *path; char *file; };

struct nfs_context *nfs_init_context(void);
void nfs_destroy_context(struct nfs_context *nfs);
struct nfs_url *nfs_parse_url_dir(struct nfs_context *nfs, const char *url);
void nfs_destroy_url(struct nfs_url *url);
int nfs_mount(struct nfs_context *nfs, const char *server, const char *exportname);
char *nfs_get_error(struct nfs_context *nfs);

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char *argv[])
{
    if (argc != 3) {
        fprintf(stderr, "usage: nfs-mounts URL SECONDS\n");
        return 2;
    }

    double end = now() + atof(argv[2]);
    long ok = 0, failed = 0;
    while (now() < end) {
        struct nfs_context *nfs = nfs_init_context();
        struct nfs_url *url = nfs ? nfs_parse_url_dir(nfs, argv[1]) : NULL;
        if (url && nfs_mount(nfs, url->server, url->path) == 0) {
            ok++;
        } else {
            if (failed == 0) {
                fprintf(stderr, "mount failed: %s\n", nfs ? nfs_get_error(nfs) : "no context");
            }
            failed++;
        }
        if (url) {
            nfs_destroy_url(url);
        }
        if (nfs) {
            nfs_destroy_context(nfs);
        }
    }

    printf("%ld %ld\n", ok, failed);
    return 0;
}
