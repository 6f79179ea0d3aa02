/*
 * nfs-put URL FILE: copies FILE to a new file at URL (nfs://server/export/path?version=4&nfsport=N) with libnfs.
 *
 * Why not nfs-cp: libnfs 4.0 (Debian 12) cannot encode an NFSv4 WRITE carrying more than about 3.9 KB ("ZDR
 * error: Failed to encode COMPOUND4args"), so nfs-cp fails on any larger file. This client writes in 3.5 KiB
 * pieces instead, opened read-write (a write-only open gets NFS4ERR_OPENMODE from Ganesha), and syncs at the end.
 * Built against the library's ABI without its headers (libnfs-dev is not needed): the 4.0 signatures below.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

struct nfs_context;
struct nfsfh;
struct nfs_url { char *server; char *path; char *file; };

struct nfs_context *nfs_init_context(void);
void nfs_destroy_context(struct nfs_context *nfs);
struct nfs_url *nfs_parse_url_full(struct nfs_context *nfs, const char *url);
int nfs_mount(struct nfs_context *nfs, const char *server, const char *exportname);
int nfs_create(struct nfs_context *nfs, const char *path, int flags, int mode, struct nfsfh **nfsfh);
int nfs_pwrite(struct nfs_context *nfs, struct nfsfh *nfsfh, uint64_t offset, uint64_t count, const void *buf);
int nfs_fsync(struct nfs_context *nfs, struct nfsfh *nfsfh);
int nfs_close(struct nfs_context *nfs, struct nfsfh *nfsfh);
char *nfs_get_error(struct nfs_context *nfs);

#define PIECE 3584

int main(int argc, char *argv[])
{
    if (argc != 3) {
        fprintf(stderr, "usage: nfs-put URL FILE\n");
        return 2;
    }

    FILE *source = fopen(argv[2], "rb");
    if (!source) {
        perror(argv[2]);
        return 2;
    }

    struct nfs_context *nfs = nfs_init_context();
    struct nfs_url *url = nfs ? nfs_parse_url_full(nfs, argv[1]) : NULL;
    if (!url) {
        fprintf(stderr, "bad url %s: %s\n", argv[1], nfs ? nfs_get_error(nfs) : "no context");
        return 2;
    }

    if (nfs_mount(nfs, url->server, url->path) != 0) {
        fprintf(stderr, "Failed to mount nfs share : %s\n", nfs_get_error(nfs));
        return 10;
    }

    struct nfsfh *fh;
    if (nfs_create(nfs, url->file, O_RDWR | O_CREAT | O_EXCL, 0660, &fh) != 0) {
        fprintf(stderr, "Failed to create %s: %s\n", url->file, nfs_get_error(nfs));
        return 10;
    }

    static char buffer[PIECE];
    uint64_t offset = 0;
    size_t count;
    while ((count = fread(buffer, 1, sizeof buffer, source)) > 0) {
        int written = nfs_pwrite(nfs, fh, offset, count, buffer);
        if (written < 0) {
            fprintf(stderr, "Failed to write at %llu: %s\n", (unsigned long long)offset, nfs_get_error(nfs));
            return 10;
        }
        offset += (uint64_t)written;
        if ((size_t)written < count) {
            fseek(source, (long)offset, SEEK_SET);
        }
    }

    if (nfs_fsync(nfs, fh) != 0) {
        fprintf(stderr, "Failed to sync: %s\n", nfs_get_error(nfs));
        return 10;
    }

    nfs_close(nfs, fh);
    nfs_destroy_context(nfs);
    fclose(source);
    printf("copied %llu bytes\n", (unsigned long long)offset);
    return 0;
}
