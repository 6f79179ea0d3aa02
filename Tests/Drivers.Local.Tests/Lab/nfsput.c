/*
 * nfs-put URL FILE [DEPTH]: copies FILE to a new file at URL (nfs://server/export/path?version=4&nfsport=N) with
 * libnfs, DEPTH WRITEs in flight at once (default 16; 1 = one at a time), then a COMMIT.
 *
 * Why not nfs-cp: libnfs 4.0 (Debian 12) encodes every NFSv4 COMPOUND into a fixed buffer of about 4 KiB (it has
 * no rpc_nfs4_compound_async2 with a size hint, and no URL option or setter changes it), so a WRITE carrying more
 * than about 3.9 KB fails to encode ("ZDR error: Failed to encode COMPOUND4args") and nfs-cp fails on any larger
 * file. This client writes in 3.5 KiB pieces instead, opened read-write (a write-only open gets NFS4ERR_OPENMODE from
 * Ganesha). Small pieces one at a time would measure round trips, not the data path; several in flight, as a kernel
 * client keeps them, measure what the server and the loopback carry.
 * Built against the library's ABI without its headers (libnfs-dev is not needed): the 4.0 signatures below.
 */
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

struct nfs_context;
struct nfsfh;
struct nfs_url { char *server; char *path; char *file; };
typedef void (*nfs_cb)(int err, struct nfs_context *nfs, void *data, void *private_data);

struct nfs_context *nfs_init_context(void);
void nfs_destroy_context(struct nfs_context *nfs);
struct nfs_url *nfs_parse_url_full(struct nfs_context *nfs, const char *url);
int nfs_mount(struct nfs_context *nfs, const char *server, const char *exportname);
int nfs_create(struct nfs_context *nfs, const char *path, int flags, int mode, struct nfsfh **nfsfh);
int nfs_pwrite_async(struct nfs_context *nfs, struct nfsfh *nfsfh, uint64_t offset, uint64_t count, const void *buf, nfs_cb cb, void *private_data);
int nfs_fsync(struct nfs_context *nfs, struct nfsfh *nfsfh);
int nfs_close(struct nfs_context *nfs, struct nfsfh *nfsfh);
int nfs_get_fd(struct nfs_context *nfs);
int nfs_which_events(struct nfs_context *nfs);
int nfs_service(struct nfs_context *nfs, int revents);
char *nfs_get_error(struct nfs_context *nfs);

#define PIECE 3584
#define MAX_DEPTH 256

struct slot {
    char buffer[PIECE];
    uint64_t offset;
    size_t done;
    size_t count;
    int busy;
};

static struct nfs_context *nfs;
static struct nfsfh *fh;
static int inflight;
static int failed;
static uint64_t written;

static int send_slot(struct slot *slot);

static void on_written(int err, struct nfs_context *context, void *data, void *private_data)
{
    struct slot *slot = private_data;
    (void)context;
    inflight--;
    if (err <= 0) {
        fprintf(stderr, "Failed to write at %llu: %s\n", (unsigned long long)(slot->offset + slot->done),
                err < 0 ? (char *)data : "nothing written");
        failed = 1;
        return;
    }
    slot->done += (size_t)err;
    written += (uint64_t)err;
    if (slot->done < slot->count) {
        if (send_slot(slot) != 0) {
            failed = 1;
        }
        return;
    }
    slot->busy = 0;
}

static int send_slot(struct slot *slot)
{
    if (nfs_pwrite_async(nfs, fh, slot->offset + slot->done, slot->count - slot->done, slot->buffer + slot->done, on_written, slot) != 0) {
        fprintf(stderr, "Failed to queue a write at %llu: %s\n", (unsigned long long)slot->offset, nfs_get_error(nfs));
        return -1;
    }
    inflight++;
    return 0;
}

static int service(void)
{
    struct pollfd pfd = { .fd = nfs_get_fd(nfs), .events = (short)nfs_which_events(nfs) };
    if (poll(&pfd, 1, 10000) < 0) {
        perror("poll");
        return -1;
    }
    if (nfs_service(nfs, pfd.revents) < 0) {
        fprintf(stderr, "nfs_service failed: %s\n", nfs_get_error(nfs));
        return -1;
    }
    return 0;
}

int main(int argc, char *argv[])
{
    if (argc < 3 || argc > 4) {
        fprintf(stderr, "usage: nfs-put URL FILE [DEPTH]\n");
        return 2;
    }

    int depth = argc == 4 ? atoi(argv[3]) : 16;
    if (depth < 1 || depth > MAX_DEPTH) {
        fprintf(stderr, "DEPTH must be 1-%d\n", MAX_DEPTH);
        return 2;
    }

    FILE *source = fopen(argv[2], "rb");
    if (!source) {
        perror(argv[2]);
        return 2;
    }

    nfs = nfs_init_context();
    struct nfs_url *url = nfs ? nfs_parse_url_full(nfs, argv[1]) : NULL;
    if (!url) {
        fprintf(stderr, "bad url %s: %s\n", argv[1], nfs ? nfs_get_error(nfs) : "no context");
        return 2;
    }

    if (nfs_mount(nfs, url->server, url->path) != 0) {
        fprintf(stderr, "Failed to mount nfs share : %s\n", nfs_get_error(nfs));
        return 10;
    }

    if (nfs_create(nfs, url->file, O_RDWR | O_CREAT | O_EXCL, 0660, &fh) != 0) {
        fprintf(stderr, "Failed to create %s: %s\n", url->file, nfs_get_error(nfs));
        return 10;
    }

    static struct slot slots[MAX_DEPTH];
    uint64_t offset = 0;
    int eof = 0;
    while (!failed && (!eof || inflight > 0)) {
        for (int i = 0; i < depth && !eof && !failed; i++) {
            if (slots[i].busy) {
                continue;
            }
            size_t count = fread(slots[i].buffer, 1, PIECE, source);
            if (count == 0) {
                eof = 1;
                break;
            }
            slots[i].offset = offset;
            slots[i].done = 0;
            slots[i].count = count;
            slots[i].busy = 1;
            offset += count;
            if (send_slot(&slots[i]) != 0) {
                return 10;
            }
        }
        if (inflight > 0 && service() != 0) {
            return 10;
        }
    }

    if (failed) {
        return 10;
    }

    if (nfs_fsync(nfs, fh) != 0) {
        fprintf(stderr, "Failed to sync: %s\n", nfs_get_error(nfs));
        return 10;
    }

    nfs_close(nfs, fh);
    nfs_destroy_context(nfs);
    fclose(source);
    printf("copied %llu bytes\n", (unsigned long long)written);
    return 0;
}
