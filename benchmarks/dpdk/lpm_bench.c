/*
 * Times DPDK's rte_lpm (bulk lookup) and rte_fib6 (TRIE, bulk lookup) on the same route and address
 * files as `wirespeed bench lpm`, so the two can be run alternately on one machine.
 *
 *   lpm_bench 4 ROUTES ADDRESSES [BATCH] [SECONDS]   routes file, little-endian uint32 addresses
 *   lpm_bench 6 ROUTES ADDRESSES [BATCH] [SECONDS]   routes file, 16-byte network-order addresses
 *   lpm_bench 4|6 ROUTES ADDRESSES BATCH SECONDS serve
 *
 * With "serve" the table is built once (rte_lpm_add of 1M routes takes minutes) and every line read
 * from stdin runs one measurement (a non-empty line names another addresses file to use from then on), so that a script can alternate it with `wirespeed bench lpm` runs
 * (see run-alternating.sh).
 *
 * Only the lines of the routes file of the asked family are loaded (PREFIX NEXTHOP PORT; a prefix
 * repeated for ECMP is added once per line, the last one wins: the lookup cost does not depend on
 * it). Prints, like `wirespeed bench lpm`:
 *
 *   dpdk-table family=4 routes=N buildMs=F
 *   dpdk-lpm batch=B addresses=N rounds=5 checksum=C mlps=F
 *
 * mlps is the median of 5 timed rounds after a warm-up round. EAL runs without huge pages or PCI;
 * LPM_BENCH_THP=1 runs the IPv4 lookups on a copy of the table in transparent huge pages, LPM_BENCH_CACHE=FILE
 * saves the built IPv4 table once and loads it on later runs, LPM_BENCH_X4=1 times rte_lpm_lookupx4 instead of
 * the bulk call (see below and README.md).
 */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_fib6.h>
#include <rte_lpm.h>

#define ROUNDS 5
#define MAX_BATCH 256

/* LPM_BENCH_THP=1 (IPv4): once the table is built, the lookups use a copy of it (struct rte_lpm holds tbl24 inline
 * and points at tbl8) in anonymous memory given transparent huge pages (madvise), as DPDK's tables live in huge
 * pages in production. EAL's --no-huge memory cannot get them: it is a memfd (shared memory), and shmem huge pages
 * are off on this machine. */
static struct rte_lpm *to_huge_pages(const struct rte_lpm *lpm)
{
    const size_t bytes = sizeof(struct rte_lpm), huge = 2u << 20;
    uint8_t *raw = mmap(NULL, bytes + huge, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED) {
        perror("mmap");
        exit(1);
    }
    void *aligned = (void *)(((uintptr_t)raw + huge - 1) & ~(uintptr_t)(huge - 1));
    if (madvise(aligned, bytes, MADV_HUGEPAGE) != 0) {
        perror("madvise");
    }
    memcpy(aligned, lpm, bytes);
    return aligned;
}

/* LPM_BENCH_CACHE=FILE (IPv4): rte_lpm_add of 1M routes takes 7-17 minutes here (its rule table is searched
 * linearly), so the built tables (tbl24 and the tbl8 groups, all that a lookup reads) are written to FILE once and
 * copied back into a new, empty rte_lpm by the next runs on the same routes file (same size and modification time,
 * checked). Such a table answers lookups exactly as the built one (same checksum); it must not be changed with
 * rte_lpm_add/delete, which this harness never does. */
struct cache_header {
    char magic[8];
    int64_t routes_size, routes_mtime, count, tbl8s;
};

static int cache_load(const char *cache, const char *routes, struct rte_lpm *lpm, uint32_t tbl8s, long *count)
{
    struct stat st;
    FILE *f = fopen(cache, "rb");
    struct cache_header h;
    if (f == NULL || stat(routes, &st) != 0 || fread(&h, sizeof h, 1, f) != 1 || memcmp(h.magic, "LPMCACH1", 8) != 0
        || h.routes_size != (int64_t)st.st_size || h.routes_mtime != (int64_t)st.st_mtime || h.tbl8s != tbl8s) {
        if (f != NULL)
            fclose(f);
        return 0;
    }
    int ok = fread(lpm->tbl24, sizeof lpm->tbl24, 1, f) == 1
             && fread(lpm->tbl8, sizeof lpm->tbl8[0] * RTE_LPM_TBL8_GROUP_NUM_ENTRIES, tbl8s, f) == tbl8s;
    fclose(f);
    if (!ok) {
        fprintf(stderr, "%s: short read\n", cache);
        exit(1);
    }
    *count = (long)h.count;
    return 1;
}

static void cache_store(const char *cache, const char *routes, const struct rte_lpm *lpm, uint32_t tbl8s, long count)
{
    struct stat st;
    struct cache_header h = {.magic = "LPMCACH1", .count = count, .tbl8s = tbl8s};
    FILE *f = fopen(cache, "wb");
    if (f == NULL || stat(routes, &st) != 0) {
        fprintf(stderr, "%s: cannot write\n", cache);
        exit(1);
    }
    h.routes_size = st.st_size;
    h.routes_mtime = st.st_mtime;
    if (fwrite(&h, sizeof h, 1, f) != 1 || fwrite(lpm->tbl24, sizeof lpm->tbl24, 1, f) != 1
        || fwrite(lpm->tbl8, sizeof lpm->tbl8[0] * RTE_LPM_TBL8_GROUP_NUM_ENTRIES, tbl8s, f) != tbl8s
        || fclose(f) != 0) {
        fprintf(stderr, "%s: cannot write\n", cache);
        exit(1);
    }
}

/* One burst of IPv4 lookups: rte_lpm_lookup_bulk, or with LPM_BENCH_X4=1 rte_lpm_lookupx4 (SSE, four addresses a
 * call, as DPDK's l3fwd example looks up a burst). */
static int use_x4;

static inline void lookup4_bulk(const struct rte_lpm *lpm, const uint32_t *ips, uint32_t *hops, int batch)
{
    if (use_x4) {
        for (int k = 0; k + 4 <= batch; k += 4)
            rte_lpm_lookupx4(lpm, _mm_loadu_si128((const __m128i *)(ips + k)), hops + k, 0);
    } else {
        rte_lpm_lookup_bulk(lpm, ips, hops, batch);
    }
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void *read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "%s: cannot open\n", path);
        exit(1);
    }
    fseek(f, 0, SEEK_END);
    *size = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    void *buf = malloc(*size + 1);
    if (fread(buf, 1, *size, f) != *size) {
        fprintf(stderr, "%s: short read\n", path);
        exit(1);
    }
    fclose(f);
    return buf;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Loads the routes of one family; calls add() per route. Returns the count. */
static long load_routes(const char *path, int family, void *table,
                        int (*add)(void *, const uint8_t *, int, uint32_t))
{
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        fprintf(stderr, "%s: cannot open\n", path);
        exit(1);
    }
    char line[512], prefix[128], nh[128];
    int port;
    long n = 0, lineno = 0;
    while (fgets(line, sizeof line, f) != NULL) {
        lineno++;
        if (line[0] == '#' || line[0] == '\n' || sscanf(line, "%127s %127s %d", prefix, nh, &port) != 3)
            continue;
        char *slash = strchr(prefix, '/');
        if (slash == NULL)
            continue;
        *slash = 0;
        int depth = atoi(slash + 1);
        uint8_t addr[16];
        int is6 = strchr(prefix, ':') != NULL;
        if (is6 != (family == 6))
            continue;
        if (inet_pton(is6 ? AF_INET6 : AF_INET, prefix, addr) != 1) {
            fprintf(stderr, "%s:%ld: bad prefix %s\n", path, lineno, prefix);
            exit(1);
        }
        uint32_t next_hop = (uint32_t)(port & 0xffff) | ((uint32_t)(n & 0xff) << 16);
        if (add(table, addr, depth, next_hop) != 0) {
            fprintf(stderr, "%s:%ld: add failed (%s)\n", path, lineno, rte_strerror(rte_errno));
            exit(1);
        }
        n++;
    }
    fclose(f);
    return n;
}

static int add4(void *t, const uint8_t *a, int depth, uint32_t nh)
{
    uint32_t ip = ((uint32_t)a[0] << 24) | ((uint32_t)a[1] << 16) | ((uint32_t)a[2] << 8) | a[3];
    return rte_lpm_add((struct rte_lpm *)t, ip, (uint8_t)depth, nh);
}

static int add6(void *t, const uint8_t *a, int depth, uint32_t nh)
{
    return rte_fib6_add((struct rte_fib6 *)t, a, (uint8_t)depth, nh);
}

int main(int argc, char **argv)
{
    char prefix[64];
    snprintf(prefix, sizeof prefix, "--file-prefix=lpmbench%d", (int)getpid());
    char *memory = getenv("LPM_BENCH_MB") != NULL ? getenv("LPM_BENCH_MB") : "3072";
    char *eal[] = {argv[0], "--no-huge", "--no-pci", "-m", memory, "-l", "0", "--no-telemetry",
                   "--log-level", "lib.*:error", prefix};
    if (argc < 4) {
        fprintf(stderr, "usage: %s 4|6 ROUTES ADDRESSES [BATCH] [SECONDS]\n", argv[0]);
        return 2;
    }
    int family = atoi(argv[1]);
    const char *routes = argv[2], *addresses = argv[3];
    int batch = argc > 4 ? atoi(argv[4]) : 32;
    double seconds = argc > 5 ? atof(argv[5]) : 5;
    use_x4 = getenv("LPM_BENCH_X4") != NULL && strcmp(getenv("LPM_BENCH_X4"), "1") == 0;
    if (batch < 1 || batch > MAX_BATCH || (use_x4 && batch % 4 != 0)) {
        fprintf(stderr, "batch must be 1..%d (a multiple of 4 with LPM_BENCH_X4=1)\n", MAX_BATCH);
        return 2;
    }
    if (rte_eal_init((int)(sizeof eal / sizeof eal[0]), eal) < 0) {
        fprintf(stderr, "EAL init failed: %s\n", rte_strerror(rte_errno));
        return 1;
    }
    size_t size;
    uint8_t *bytes = read_file(addresses, &size);
    size_t n = family == 4 ? size / 4 : size / 16;
    double t0 = now();
    struct rte_lpm *lpm = NULL;
    struct rte_fib6 *fib6 = NULL;
    long count;
    if (family == 4) {
        struct rte_lpm_config config = {.max_rules = 1 << 21, .number_tbl8s = 1 << 16, .flags = 0};
        lpm = rte_lpm_create("bench", 0, &config);
        if (lpm == NULL) {
            fprintf(stderr, "rte_lpm_create: %s\n", rte_strerror(rte_errno));
            return 1;
        }
        const char *cache = getenv("LPM_BENCH_CACHE");
        if (cache == NULL || !cache_load(cache, routes, lpm, config.number_tbl8s, &count)) {
            count = load_routes(routes, 4, lpm, add4);
            if (cache != NULL)
                cache_store(cache, routes, lpm, config.number_tbl8s, count);
        }
        if (getenv("LPM_BENCH_THP") != NULL && strcmp(getenv("LPM_BENCH_THP"), "1") == 0) {
            lpm = to_huge_pages(lpm);
        }
    } else {
        struct rte_fib6_conf config = {.type = RTE_FIB6_TRIE, .default_nh = 0, .max_routes = 1 << 21};
        /* 1M BGP-like /48s need more than 2^21 tbl8 groups (each route opens up to three below /24);
         * LPM_BENCH_TBL8_LOG2 raises the count (2^22 groups of 4-byte next hops take 4 GiB: raise
         * LPM_BENCH_MB too). 2-byte next hops cannot: the trie stores a tbl8 index in a next hop. */
        const char *log2 = getenv("LPM_BENCH_TBL8_LOG2");
        config.trie.nh_sz = RTE_FIB6_TRIE_4B;
        config.trie.num_tbl8 = 1u << (log2 != NULL ? atoi(log2) : 21);
        fib6 = rte_fib6_create("bench6", 0, &config);
        if (fib6 == NULL) {
            fprintf(stderr, "rte_fib6_create: %s\n", rte_strerror(rte_errno));
            return 1;
        }
        count = load_routes(routes, 6, fib6, add6);
    }
    printf("dpdk-table family=%d routes=%ld buildMs=%.0f\n", family, count, (now() - t0) * 1e3);
    fflush(stdout);

    int serve = argc > 6 && strcmp(argv[6], "serve") == 0;
    char command[512];
    if (serve) {
        printf("ready\n");
        fflush(stdout);
    }
    while (!serve || fgets(command, sizeof command, stdin) != NULL) {
    if (serve && command[0] != '\n') {
        command[strcspn(command, "\n")] = 0;
        free(bytes);
        bytes = read_file(command, &size);
        n = family == 4 ? size / 4 : size / 16;
    }
    uint32_t hops[MAX_BATCH];
    uint64_t hops64[MAX_BATCH];
    double rates[ROUNDS];
    uint64_t checksum = 0;
    for (int r = -1; r < ROUNDS; r++) {
        double budget = r < 0 ? (seconds / ROUNDS > 0.2 ? seconds / ROUNDS : 0.2) : seconds / ROUNDS;
        uint64_t lookups = 0, sum = 0;
        double start = now(), elapsed;
        do {
            sum = 0;
            size_t i = 0;
            for (; i + batch <= n; i += batch) {
                if (family == 4) {
                    lookup4_bulk(lpm, (const uint32_t *)bytes + i, hops, batch);
                    for (int k = 0; k < batch; k++)
                        sum += hops[k];
                } else {
                    rte_fib6_lookup_bulk(fib6, (uint8_t(*)[16])(bytes + i * 16), hops64, batch);
                    for (int k = 0; k < batch; k++)
                        sum += hops64[k];
                }
            }
            lookups += i;
            elapsed = now() - start;
        } while (elapsed < budget);
        checksum = sum;
        if (r >= 0)
            rates[r] = lookups / elapsed / 1e6;
    }
    qsort(rates, ROUNDS, sizeof rates[0], cmp_double);
    printf("dpdk-%s%s batch=%d addresses=%zu rounds=%d checksum=%llu mlps=%.2f\n", family == 4 ? "lpm" : "fib6-trie",
           family == 4 && use_x4 ? " x4" : "", batch, n, ROUNDS, (unsigned long long)checksum, rates[ROUNDS / 2]);
    fflush(stdout);
    if (!serve)
        break;
    }
    return 0;
}
