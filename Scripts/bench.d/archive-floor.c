/* archive-floor: the least work an archive of the fetch benchmark's kind can do, in C, as a
 * yardstick for `mediavault mirror --no-thumbnails` (Scripts/bench.d/fetch, TOOLS="... floor").
 *
 *   archive-floor URLS-FILE ARCHIVE-DIR [PARALLEL] [--unnamed]
 *
 * curl's own loop (libcurl multi, PARALLEL transfers, 100 KiB buffers) plus what the archive
 * must do and curl does not: each body goes into a new read-only temp file while SHA-256 (OpenSSL
 * EVP, the CPU's SHA extensions) hashes it, and its write-back starts when it ends (sync_file_range,
 * no waiting: mediavault's store does the same); every 64 finished bodies (and at the end) a second
 * thread makes the batch durable while transfers go on: one syncfs (the bytes), the renames to
 * objects/XX/SHA.jpg without replacing, one syncfs (the names), and one SQLite transaction (WAL)
 * with an object row and a URL row per body: the durability of mediavault's batch commit.
 * Nothing else: no posts, no fetch history, no header probe, no output. Not part of mediavault;
 * built by the benchmark. (Tried: hashing on a third thread that reads each body back, and one
 * commit for everything queued meanwhile: no faster on two cores.)
 *
 * --unnamed: each body is an unnamed file (O_TMPFILE in tmp/) linked to its object name in the
 * batch (linkat through /proc/self/fd, EEXIST for a body stored before) instead of a named temp
 * file renamed there: one directory entry per object instead of three operations, and a crash
 * leaves no temp file at all. Safe with syncfs only: on ext4 without a journal an fsync of the
 * folder would not write the linked inode's new link count. (mediavault's store does the same where
 * it flushes its batches with syncfs.) */
#define _GNU_SOURCE
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define BATCH 64

struct body {
    char *url;
    char temp[512];
    int fd;
    EVP_MD_CTX *sha;
    long long size;
    char hex[65];
};

static const char *archive;
static sqlite3 *db;
static sqlite3_stmt *insert_object, *insert_url;
static struct body *batch[BATCH];
static int batched;
static long temp_counter;
static int unnamed;

/* Batches handed to the committing thread, oldest first: transfers never wait for a commit. */
struct handed { struct body *bodies[BATCH]; int count; struct handed *next; };
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
static struct handed *first, *last;
static int done;

static void die(const char *what, const char *detail) {
    fprintf(stderr, "archive-floor: %s %s: %s\n", what, detail ? detail : "", strerror(errno));
    exit(2);
}

/* Ends the body's digest into its hex name. */
static void digest_hex(struct body *b) {
    unsigned char digest[32];
    unsigned int length = 0;
    EVP_DigestFinal_ex(b->sha, digest, &length);
    EVP_MD_CTX_free(b->sha);
    for (int i = 0; i < 32; i++) sprintf(b->hex + 2 * i, "%02x", digest[i]);
}

static size_t on_data(char *data, size_t size, size_t count, void *user) {
    struct body *b = user;
    size_t n = size * count;
    EVP_DigestUpdate(b->sha, data, n);
    for (size_t done = 0; done < n;) {
        ssize_t w = write(b->fd, data + done, n - done);
        if (w < 0) { if (errno == EINTR) continue; die("cannot write", b->temp); }
        done += (size_t)w;
    }
    b->size += (long long)n;
    return n;
}

static void sql(const char *statement) {
    char *error = NULL;
    if (sqlite3_exec(db, statement, NULL, NULL, &error) != SQLITE_OK) { fprintf(stderr, "archive-floor: %s: %s\n", statement, error); exit(2); }
}

/* Makes a batch durable and catalogued: syncfs (the bytes), renames, syncfs (the names), one transaction. */
static void commit(struct body **batch, int batched) {
    char path[1024];
    snprintf(path, sizeof path, "%s/tmp", archive);
    int tmp = open(path, O_RDONLY | O_DIRECTORY);
    if (tmp < 0 || syncfs(tmp) != 0) die("cannot syncfs", path);
    close(tmp);
    for (int i = 0; i < batched; i++) {
        struct body *b = batch[i];
        snprintf(path, sizeof path, "%s/objects/%.2s/%s.jpg", archive, b->hex, b->hex);
        if (unnamed) {
            char proc[64];
            snprintf(proc, sizeof proc, "/proc/self/fd/%d", b->fd);
            if (linkat(AT_FDCWD, proc, AT_FDCWD, path, AT_SYMLINK_FOLLOW) != 0 && errno != EEXIST) die("cannot link to", path);
            if (close(b->fd) != 0) die("cannot close", path);
        } else if (renameat2(AT_FDCWD, b->temp, AT_FDCWD, path, RENAME_NOREPLACE) != 0) {
            if (errno != EEXIST) die("cannot rename to", path);
            unlink(b->temp);
        }
    }
    /* The new names: one syncfs, not an fsync per folder (a batch of 64 touches ~57 of the 256
     * folders, and each fsync waits for the disk on its own: 3x slower here). */
    snprintf(path, sizeof path, "%s/tmp", archive);
    tmp = open(path, O_RDONLY | O_DIRECTORY);
    if (tmp < 0 || syncfs(tmp) != 0) die("cannot syncfs", path);
    close(tmp);
    sql("BEGIN");
    for (int i = 0; i < batched; i++) {
        struct body *b = batch[i];
        sqlite3_bind_text(insert_object, 1, b->hex, 64, SQLITE_STATIC);
        sqlite3_bind_int64(insert_object, 2, b->size);
        if (sqlite3_step(insert_object) != SQLITE_DONE) { fprintf(stderr, "archive-floor: insert: %s\n", sqlite3_errmsg(db)); exit(2); }
        sqlite3_reset(insert_object);
        sqlite3_bind_text(insert_url, 1, b->url, -1, SQLITE_STATIC);
        sqlite3_bind_text(insert_url, 2, b->hex, 64, SQLITE_STATIC);
        if (sqlite3_step(insert_url) != SQLITE_DONE) { fprintf(stderr, "archive-floor: insert: %s\n", sqlite3_errmsg(db)); exit(2); }
        sqlite3_reset(insert_url);
    }
    sql("COMMIT");
    for (int i = 0; i < batched; i++) { free(batch[i]->url); free(batch[i]); }
}

/* The committing thread: commits each batch handed over until told it is done. */
static void *committer(void *unused) {
    (void)unused;
    pthread_mutex_lock(&lock);
    for (;;) {
        while (!first && !done) pthread_cond_wait(&changed, &lock);
        struct handed *next = first;
        if (!next) break;
        first = next->next;
        if (!first) last = NULL;
        pthread_mutex_unlock(&lock);
        commit(next->bodies, next->count);
        free(next);
        pthread_mutex_lock(&lock);
    }
    pthread_mutex_unlock(&lock);
    return NULL;
}

/* Hands the finished bodies to the committing thread. */
static void commit_batch(void) {
    if (batched == 0) return;
    struct handed *handed = calloc(1, sizeof *handed);
    memcpy(handed->bodies, batch, sizeof batch);
    handed->count = batched;
    pthread_mutex_lock(&lock);
    if (last) last->next = handed; else first = handed;
    last = handed;
    pthread_cond_broadcast(&changed);
    pthread_mutex_unlock(&lock);
    batched = 0;
}

static void start(CURLM *multi, const char *url) {
    struct body *b = calloc(1, sizeof *b);
    b->url = strdup(url);
    if (unnamed) {  /* no name until the batch links it */
        snprintf(b->temp, sizeof b->temp, "%s/tmp", archive);
        b->fd = open(b->temp, O_WRONLY | O_TMPFILE | O_CLOEXEC, 0444);
    } else {
        snprintf(b->temp, sizeof b->temp, "%s/tmp/%ld.part", archive, temp_counter++);
        b->fd = open(b->temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0444);
    }
    if (b->fd < 0) die("cannot create", b->temp);
    b->sha = EVP_MD_CTX_new();
    EVP_DigestInit_ex(b->sha, EVP_sha256(), NULL);
    CURL *easy = curl_easy_init();
    curl_easy_setopt(easy, CURLOPT_URL, b->url);
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, b);
    curl_easy_setopt(easy, CURLOPT_PRIVATE, b);
    curl_easy_setopt(easy, CURLOPT_BUFFERSIZE, 100L << 10);
    curl_multi_add_handle(multi, easy);
}

static void finish(CURLM *multi, CURL *easy) {
    struct body *b;
    curl_easy_getinfo(easy, CURLINFO_PRIVATE, (char **)&b);
    curl_multi_remove_handle(multi, easy);
    curl_easy_cleanup(easy);
    /* Start the disk on it now, without waiting, so the batch's syncfs finds most bytes written:
     * 0.27 → 0.22 s per 1,000 bodies here (the first version of the floor lacked it). */
    sync_file_range(b->fd, 0, 0, SYNC_FILE_RANGE_WRITE);
    if (!unnamed && close(b->fd) != 0) die("cannot close", b->temp);  /* an unnamed body's descriptor is its only handle */
    digest_hex(b);
    batch[batched++] = b;
    if (batched == BATCH) commit_batch();
}

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: archive-floor URLS-FILE ARCHIVE-DIR [PARALLEL] [--unnamed]\n"); return 64; }
    archive = argv[2];
    int parallel = argc > 3 ? atoi(argv[3]) : 8;
    unnamed = argc > 4 && strcmp(argv[4], "--unnamed") == 0;
    char path[1024];
    mkdir(archive, 0755);
    snprintf(path, sizeof path, "%s/tmp", archive); mkdir(path, 0755);
    snprintf(path, sizeof path, "%s/objects", archive); mkdir(path, 0755);
    for (int i = 0; i < 256; i++) { snprintf(path, sizeof path, "%s/objects/%02x", archive, i); mkdir(path, 0755); }
    snprintf(path, sizeof path, "%s/catalog.sqlite", archive);
    if (sqlite3_open(path, &db) != SQLITE_OK) die("cannot open", path);
    sql("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
        "CREATE TABLE IF NOT EXISTS object (sha256 TEXT PRIMARY KEY, size INTEGER NOT NULL);"
        "CREATE TABLE IF NOT EXISTS url_object (url TEXT PRIMARY KEY, sha256 TEXT NOT NULL REFERENCES object(sha256));");
    sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO object (sha256, size) VALUES (?, ?)", -1, &insert_object, NULL);
    sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO url_object (url, sha256) VALUES (?, ?)", -1, &insert_url, NULL);

    pthread_t thread;
    pthread_create(&thread, NULL, committer, NULL);
    FILE *urls = fopen(argv[1], "r");
    if (!urls) die("cannot open", argv[1]);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    CURLM *multi = curl_multi_init();
    curl_multi_setopt(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)parallel);
    char line[4096];
    int running = 0, queued = 0;
    int more = 1;
    while (more || running || queued) {
        while (more && queued < parallel) {
            if (!fgets(line, sizeof line, urls)) { more = 0; break; }
            line[strcspn(line, "\r\n")] = 0;
            if (*line) { start(multi, line); queued++; }
        }
        curl_multi_perform(multi, &running);
        CURLMsg *message;
        int left;
        while ((message = curl_multi_info_read(multi, &left))) {
            if (message->msg != CURLMSG_DONE) continue;
            if (message->data.result != CURLE_OK) fprintf(stderr, "archive-floor: %s\n", curl_easy_strerror(message->data.result));
            finish(multi, message->easy_handle);
            queued--;
        }
        if (running) curl_multi_poll(multi, NULL, 0, 100, NULL);
    }
    commit_batch();
    pthread_mutex_lock(&lock);
    done = 1;
    pthread_cond_broadcast(&changed);
    pthread_mutex_unlock(&lock);
    pthread_join(thread, NULL);
    sqlite3_finalize(insert_object);
    sqlite3_finalize(insert_url);
    sqlite3_close(db);
    curl_multi_cleanup(multi);
    curl_global_cleanup();
    return 0;
}
