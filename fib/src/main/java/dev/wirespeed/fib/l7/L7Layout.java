package dev.wirespeed.fib.l7;

/**
 * Layout constants of the L7 sections. Every section but {@link StringPool} is an {@link IndexedTable}
 * (hash index + int area + long area); records below are runs of ints in the int area, addressed by the
 * index of their first int. "id" fields are {@link StringPool} ids (-1 = none). {@code docs/fib.md}
 * draws the same with the walk of a lookup.
 *
 * <pre>
 * HOST_STAGE  ints: [vsCount, vsStart, svcCount, svcStart, meshId, outbound, egressDest]
 *   VS record      { nameId, exportAll, exportCount, exportStart -> nsId[], hasHttp, httpProxyRef, nsId }
 *     hasHttp: VS_HTTP_NONE, VS_HTTP_ALWAYS (a block without port/source/gateway condition), or
 *     VS_HTTP_PROXY (only blocks with such conditions: httpProxyRef -> { count, proxy record[] }, one of
 *     which must hold for Istio to build the VirtualService's routes on the request's proxy)
 *   proxy record   { port (0 = any), nsId (-1 = any), labelCount, labelStart -> {nameId, valueId}[],
 *                    gwCount, gwStart -> gatewayId[] }
 *   sidecar record { nsId, selectorCount, selectorStart, listenerCount, listenerStart, outbound, egressDest }
 *   listener       { port, svcVisibleRef, vsVisibleRef } (bit vectors over services and VirtualServices)
 *   longs: catch-all bit per global match block (Istio's IsCatchAllRoute, for merged gateway hosts)
 *   service record { hostId, namespaceId, portCount, portStart -> {number, isHttp}[],
 *                    family(0|4|6), a0, a1, a2, a3 (first address, big-endian words), defaultDest,
 *                    exportAll, exportCount, exportStart -> nsId[] }
 *   keys: HOST_EXACT(gatewayId, hostId), HOST_WILDCARD(gatewayId, suffixId ".example.com"),
 *         HOST_ANY(gatewayId, 0)            -> candidate list { count, {vs, flags (HC_*)}[] } (load order)
 *         SVC_BY_HOST(hostId), SVC_BY_ADDRESS(view, addressId) -> service (view: H_CLUSTER_VIEWS, 0 for most)
 *         SVC_CONNECTION(gatewayId, service index) -> { count, {vs, flags}[] }: the VirtualServices with tcp
 *         or tls routes bound to the gateway with a host covering the service's (load order; a connection's
 *         filter chains come from all of them, docs/routing.md §5)
 *         GW_PASSTHROUGH(gatewayId, port) -> { count, {vs, flags}[] }: a TLS passthrough server of the gateway
 *         on the port, with the VirtualServices whose tls routes it builds chains from (load order; §5.1)
 *   exact host buckets (H_HOST_BUCKETS, H_HOST_BUCKET_MASK + 1 of HB_SIZE ints, open addressing by
 *         hostHashKey(gatewayId, 64-bit hash of an exact host), linear probing; no index slot) { length + 1, tag,
 *         hostId, service, bytesRef, listRef, {1, vs, flags} (the candidate list when it has one candidate),
 *         a copy of vs's CLASSIFIER record whose index-field and prefix-length lists are HOST_STAGE ints, those
 *         lists and the host bytes when they fit, then vs's uri and FIELD keys {tag, first list} when all fit }:
 *         for hosts no alias rule rewrites (more than two dots, or two and no {@code .svc} ending) and that are no
 *         service address, so a request to one finds its service, candidates and classifier record in one bucket,
 *         neither the string pool nor an index slot
 *         GW_TCP(gatewayId, port) -> { flags, passthroughList, count, {nameCount, nameStart -> serverNameId[],
 *         list}[] }: the listener of a gateway port with servers that proxy connections (§5.1-§5.3): flags
 *         GP_AUTO (an AUTO_PASSTHROUGH server: only then is GW_AUTO probed) and GP_PASSTHROUGH (a TLS passthrough
 *         server, whose VirtualServices are the GW_PASSTHROUGH list at passthroughList, else -1), then the TCP
 *         servers of the port, each with its server names (none: any) and the list { count, {vs, flags}[] } of
 *         VirtualServices with tcp routes bound to the gateway whose hosts it serves; with flag GP_HTTP then
 *         { count, {nameCount, nameStart, plain}[] }: the port's HTTP connection managers' chains (a record
 *         without sni on such a port is the HTTP routing's). GW_TCP(0, 0): some port of some gateway has TCP
 *         servers (an HTTP request on a gateway probes GW_TCP only then)
 *         GW_AUTO(gatewayId, serverNameId) -> { count, {port, service, destination}[] }: the clusters an
 *         AUTO_PASSTHROUGH server on that port reaches by the server name outbound_.PORT_.SUBSET_.HOST (§5.2)
 *         OUTSIDE(OUT_*, ...): what a sidecar request for a host outside the registry reads of a candidate flagged
 *         HC_OUTSIDE (docs/routing.md §1 item 5): OUT_CLAIMS(vs) the services with an HTTP port its hosts name
 *         (exact 1) or cover (exact 0); OUT_WILDCARD(suffixId) / OUT_ANY the services a wildcard host covers;
 *         OUT_INDEX(service) the mesh candidate lists covering the service's host, most specific first (the
 *         first visible VirtualService of the first list with one is the one Istio gives the service)
 *
 * URI_STAGE   ints: uri lists { next, length, count, literal bytes (padded to ints), {block, testsRecord}[count] }
 *   keys URI(vs, kind, 64-bit hash of the literal) -> uri list, more lists with the same key chained by next
 *   (-1 ends); a probe compares the literal inline, the string pool is not read
 *   (kind: exact, exact lower-cased, prefix, prefix lower-cased; a prefix's list holds the blocks of every
 *   shorter indexed prefix of the same kind that is a prefix of it: the longest hit is the whole answer)
 *   longs: [filterMask, filter words...]: a one-hash Bloom filter of uriFilterKey(vs, kind, low half of the
 *   literal's hash) over every key, read before a probe so that lengths with no literal cost no cache miss
 *
 * CLASSIFIER  ints: [vsCount, vsStart, fieldCount, fieldStart, blockStart]
 *   VS record    { blockCount, blockBase, baseList, indexFieldCount, indexFieldStart -> fieldId[],
 *                  exactKinds, csLenCount, csLenStart, ciLenCount, ciLenStart -> {length, lastBytes (2 ints)}[],
 *                  uriFilter (2 ints) }
 *                (lastBytes: a 64-bit set, bit (b &amp; 63), of the last bytes of the length's literals; a path whose
 *                byte at length - 1 is not in it skips the length's hash and probe)
 *                (uriFilter: one bit (uriVsFilterBit) per uri literal of the virtual host, tested before the
 *                shared Bloom filter and the index: a virtual host with few literals rules most probes out
 *                from the record it has already read)
 *   field record { kind, nameId }
 *   block record { routeId, prefixLength, testCount, testStart -> test[], keyed }
 *                (keyed: the first test is the one the block's index key proves; its lists skip it)
 *   tests record { routeId, prefixLength, testCount, keyed, simpleDest, test[testCount] } (testStart = record + 5;
 *                simpleDest: the destination of a route with one destination and no fault, CORS policy, mirror or
 *                per-destination header operation, which then skips the route record; else -1)
 *   test record  { fieldId, matchKind, arg (stringId | port | regex index | one-of list), negate }
 *   candidate list { count, {block, testsRecord}[] }: blocks of the VS (0-based, ascending = route order),
 *                each with its tests record, so a candidate costs the list and one record
 *   keys: CLASSIFIER(vs, fieldId, valueKey) -> candidate list (valueKey: stringId, or the port)
 *   one-of list { count, valueKey[] }
 *
 * ACTIONS     ints: [routeCount, routeStart]; route record ROUTE_SIZE ints (R_* offsets)
 *   destinations {destId, weight}[], mirrors {destId, pctRef}[], header ops {op, nameId, valueId}[],
 *   per-destination header ops {opCount, opStart, authorityId}[] (route[].headers),
 *   CORS records {originName, requestMethodName, options, answerAny, count, {matchKind, arg}[count]}
 *   longs: percentages (double bits), delays
 *
 * CLUSTERS    ints: [nsCount, nsStart, destCount, destStart, clusterCount, clusterStart, cookieHeaderId,
 *              regionLabelId, zoneLabelId, subzoneLabelId, emptyStringId]
 *   destination { hostId, subsetId, port, service, tableStart -> cluster[nsClass * portCount + portIndex],
 *                 notFoundStatus (the status of NC), hashTable -> routeHash[nsClass], fixedPort, fixedCluster }
 *                 (fixedCluster, else -1: the table's one cluster when the port is fixed (the destination's, or a
 *                 service's only port, then fixedPort) and every namespace class has that cluster, no workload
 *                 list: the lookup then reads neither the service's ports nor the table)
 *     routeHash: the {kind, nameId} record of the consistent hash this destination adds to a VirtualService
 *     route's hash policy (Istio's HashForHTTPDestination, with the client's DestinationRule), -1 for none,
 *     or -(workload list + 2) whose entries are such records
 *     a table entry &le; -2 is -(workload list + 2): the client's labels choose the DestinationRule
 *   workload list { count, {selectorRef -> {labelCount, {nameId, valueId}[]}, cluster}[count], fallback }
 *   cluster     { nameId, hostId, subsetId, port, lbKind, hashKind, hashNameId, epStart, epCount,
 *                 sidecarOriginalDst (1: the service's resolution is Passthrough, so a sidecar's cluster is
 *                 ORIGINAL_DST and a gateway's uses the endpoints), originalDstPort (the upstream port override
 *                 of the port when Istio builds the cluster as ORIGINAL_DST, 0 for none), epWeights (long
 *                 index of epCount cumulative weights, -1: all equal), epRuns (int index of, per endpoint, the end
 *                 of its run of equal weights), locality (-1, or a record: the client's locality chooses a
 *                 contiguous range of the endpoints, docs/routing.md §4), choice (-1, or a record: the client's
 *                 labels or locality choose first, below), randomLocalities (-1, or a RANDOM cluster's
 *                 locality-weighted ranges: {count, {first, count, groupCount, cumulative weights (long index),
 *                 locality starts (int index)}[count]}) }
 *   locality    { groupCount, failoverCount, {regionId, zoneId, subzoneId, start, count}[], {fromId, toId}[] }
 *   choice      { CHOICE_PRIORITY, labelCount, networkFirst, root, altRoot, {labelId, overrideId (-1)}[] }: a
 *                 failoverPriority trie; node { cluster (a record past clusterCount holding the node's endpoints),
 *                 childCount, {valueId, node}[] }
 *             | { CHOICE_DISTRIBUTE, groupCount, entryCount, fallback (long index), {start, count}[groups],
 *                 {regionId, zoneId, subzoneId (LOC_ANY: any), cumulative (long index)}[entries],
 *                 for a consistent-hash cluster: table record[entries + 1] }: distribute, each entry's (and the
 *                 fallback's) cumulative locality weights per group, and its one table over the endpoints of the
 *                 localities it weighs (a table record as in a directory, HT_*, the candidates relative to the
 *                 cluster's first endpoint; -1 when no locality keeps a weight)
 *
 * ENDPOINTS   ints: [count, start]; endpoint { addressId, port, textId ("address:port"), family, a0..a3 }
 *
 * L4_ROUTES   ints: [vsCount, vsStart]; per VS { blockCount, blockStart, tlsBlockCount, tlsBlockStart, tlsFallback }
 *   block { routeStart, port, namespaceId, labelCount, labelStart, gwCount, gwStart, subnetCount, subnetStart }
 *   TLS block { the block's fields, sniCount, sniStart -> sniHostId[], keyId } (one per tls[].match[]; keyId:
 *   the pool id of "sniHosts|destinationSubnets" as written, Istio's key of a match's runtime predicates)
 *   route at routeStart { destCount, destStart, weightSum }; label {nameId, valueId}; subnet
 *   {family, prefixLength, a0..a3}
 * </pre>
 */
public final class L7Layout
{
    // key kinds (top 4 bits of a key)
    public static final int KEY_HOST_EXACT = 1;
    public static final int KEY_HOST_WILDCARD = 2;
    public static final int KEY_HOST_ANY = 3;
    public static final int KEY_SVC_BY_HOST = 4;
    public static final int KEY_SVC_BY_ADDRESS = 5;
    public static final int SVC_ADDRESS_NOT_DOMAIN = 1 << 29; // in its view ordinal: a listener address, no domain
    public static final int KEY_SVC_CONNECTION = 6;
    public static final int KEY_GW_PASSTHROUGH = 7;
    public static final int KEY_GW_TCP = 8;
    public static final int KEY_GW_AUTO = 9;
    public static final int KEY_HOST_HASH = 10;    // exact host buckets' keys (gateway, 64-bit hash of the host)
    public static final int KEY_OUTSIDE = 11;      // a sidecar's virtual hosts for hosts outside the registry (OUT_*)
    public static final int OUT_CLAIMS = 0;        // OUTSIDE(OUT_CLAIMS, vs) -> { count, {service, exact}[] }
    public static final int OUT_WILDCARD = 1;      // OUTSIDE(OUT_WILDCARD, suffixId) -> { count, service[] }
    public static final int OUT_ANY = 2;           // OUTSIDE(OUT_ANY, 0) -> { count, service[] } (host "*")
    public static final int OUT_INDEX = 3;         // OUTSIDE(OUT_INDEX, service) -> { count, candidateList[] }
    /**
     * PORT_SERVICES(view, port) -> { count, {service, portKind, bind}[] }: the services that declare the port, for a
     * sidecar's listeners on it (docs/routing.md §1 item 8); bind (BIND_*) is where Istio binds the service's TCP and
     * sniffed listeners on the client's catch-all egress listener.
     */
    public static final int KEY_PORT_SERVICES = 12;
    /**
     * ADDRESS_LISTENERS(0, 0) present when some listener may be picked by a request's original destination: a
     * service with an address literal declares a port that is not HTTP, or a Sidecar egress listener names a port
     * with a protocol that is not HTTP (docs/routing.md §1 item 8). Absent, a request's {@code dst} is not read.
     */
    public static final int KEY_ADDRESS_LISTENERS = 13;
    /**
     * ENDPOINT_LISTENERS(view &lt;&lt; 16 | port, addressId) -> { count, service[] }: the passthrough services (load
     * order) with a per-endpoint listener on that endpoint address and port (BIND_ENDPOINTS, a port that is not HTTP;
     * docs/routing.md §1 item 8). Read only when ADDRESS_LISTENERS is present.
     */
    public static final int KEY_ENDPOINT_LISTENERS = 14;
    /**
     * CIDR_LISTENERS(port, view) -> { count, {service, bind, family, word[4], prefixLength}[] }: the address prefixes
     * of the services whose first address is a CIDR and that declare the port (load order; one entry per address, an
     * address alone a full-length prefix): Istio binds their TCP and sniffed listeners to the wildcard address with
     * filter chains matching those prefixes (docs/routing.md §1 item 8). Read only when ADDRESS_LISTENERS is present.
     */
    public static final int KEY_CIDR_LISTENERS = 15;
    public static final int CIDR_ENTRY_SIZE = 8;
    public static final int PS_SIZE = 3;
    /** Bound to the service's address (a literal): Envoy picks it by the original destination. */
    public static final int BIND_ADDRESS = 0;
    /** Bound to the wildcard address (no address literal; any service on a port a Sidecar egress listener names). */
    public static final int BIND_WILDCARD = 1;
    /** One listener per endpoint address (a passthrough service with endpoints). */
    public static final int BIND_ENDPOINTS = 2;
    /** No listener (a headless Kubernetes Service, or a ServiceEntry with a selector, without endpoints). */
    public static final int BIND_NONE = 3;

    // HOST_STAGE header
    public static final int H_VS_COUNT = 0;
    public static final int H_VS_START = 1;
    public static final int H_SVC_COUNT = 2;
    public static final int H_SVC_START = 3;
    public static final int H_MESH_ID = 4;
    public static final int H_OUTBOUND = 5;        // the mesh's OUTBOUND_ALLOW_ANY or OUTBOUND_REGISTRY_ONLY
    public static final int H_EGRESS_DEST = 6;     // the mesh's egress proxy destination, -1 none
    public static final int H_CATCH_ALL = 7;       // long ref: one bit per global match block, set = catch-all
    public static final int H_SIDECAR_COUNT = 8;
    public static final int H_SIDECAR_START = 9;
    public static final int H_ROOT_NAMESPACE = 10;  // string id of the mesh's root namespace, -1 if no string
    public static final int H_SERVICE_NAMES = 11;  // long ref: a bit per string id that is a service host or address
    public static final int H_HOST_BUCKETS = 12;   // the exact host buckets (HB_*): int index of the first
    public static final int H_HOST_BUCKET_MASK = 13; // bucket count - 1 (a power of two), -1 when there is none
    // Int index of the client views (docs/routing.md §4 "Clusters"), -1 when every client reaches every host by its
    // first cluster's addresses: { count, classes, variant[classes] (of a K_CLIENTS class: family 0 unknown, 1 IPv4,
    // 2 IPv6, 3 dual, plus 4 with DNS capture), notDomains (1: some SVC_BY_ADDRESS key has SVC_ADDRESS_NOT_DOMAIN),
    // {view, svcStart}[8 * (count + 1)] }, row 8 * RC_CLUSTER_ORDINAL + variant: view is the key ordinal of its
    // SVC_BY_ADDRESS, PORT_SERVICES, ENDPOINT_LISTENERS and CIDR_LISTENERS keys (0: the config cluster's), svcStart
    // its service records (the config cluster's, or a copy with family and address of its listener addresses).
    public static final int H_CLUSTER_VIEWS = 14;
    public static final int H_HEADER_SIZE = 15;
    public static final int SC_NAMESPACE = 0;
    public static final int SC_SELECTOR_COUNT = 1;
    public static final int SC_SELECTOR_START = 2;   // {labelNameId, valueId}[]
    public static final int SC_LISTENER_COUNT = 3;   // 0: no egress listener, everything visible
    public static final int SC_LISTENER_START = 4;   // {port (0 = any), svcVisibleRef, vsVisibleRef, portKind}[]
    public static final int SC_OUTBOUND = 5;         // -1: the mesh's; else OUTBOUND_*
    public static final int SC_EGRESS_DEST = 6;
    public static final int SIDECAR_SIZE = 7;
    public static final int LISTENER_SIZE = 4;
    public static final int LISTENER_KIND = 3;       // PORT_* of the listener's own port.protocol, -1: the services'

    public static final int OUTBOUND_ALLOW_ANY = 0;
    public static final int OUTBOUND_REGISTRY_ONLY = 1;
    /** The mesh's ALLOW_ANY_DYNAMIC_DNS: plain-text HTTP to unknown hosts goes to the dynamic forward proxy. */
    public static final int OUTBOUND_ALLOW_ANY_DYNAMIC_DNS = 2;
    public static final int VS_NAME = 0;
    public static final int VS_EXPORT_ALL = 1;
    public static final int VS_EXPORT_COUNT = 2;
    public static final int VS_EXPORT_START = 3;
    public static final int VS_HTTP = 4;           // VS_HTTP_NONE / VS_HTTP_ALWAYS / VS_HTTP_PROXY
    public static final int VS_HTTP_PROXY_REF = 5;
    public static final int VS_NAMESPACE = 6;
    public static final int VS_SIZE = 7;
    public static final int VS_HTTP_NONE = 0;
    public static final int VS_HTTP_ALWAYS = 1;
    public static final int VS_HTTP_PROXY = 2;
    public static final int HP_PORT = 0;
    public static final int HP_NAMESPACE = 1;
    public static final int HP_LABEL_COUNT = 2;
    public static final int HP_LABEL_START = 3;
    public static final int HP_GW_COUNT = 4;
    public static final int HP_GW_START = 5;
    public static final int HP_SIZE = 6;
    // host candidate list { count, {vs, flags}[] }: the flags repeat the VS record's, so a lookup reads the list only
    public static final int HC_SIZE = 2;
    public static final int HC_HTTP = 1;           // the VS has HTTP routes (VS_HTTP is not VS_HTTP_NONE)
    public static final int HC_EXPORT_ALL = 2;     // the VS is exported to every namespace (VS_EXPORT_ALL)
    public static final int HC_HTTP_PROXY = 4;     // whether its HTTP routes are built depends on the proxy
    public static final int HC_OUTSIDE = 8;        // bound to mesh with HTTP routes: a sidecar's outside hosts (OUT_*)
    // exact host bucket (HB_SIZE ints, open addressing by hostHashKey, linear probing): everything a request to an
    // exact host needs before its uri probes, in one record the hash leads to without an index slot
    public static final int HB_LENGTH = 0;         // the host's byte length + 1; 0: an empty bucket (ends a probe)
    public static final int HB_TAG = 1;            // hostBucketTag of the key: most other hosts fail here
    public static final int HB_HOST = 2;           // the host's string id
    public static final int HB_SERVICE = 3;        // the registry service of that host, -1 none
    public static final int HB_BYTES = 4;          // int index of the host's bytes (in the bucket when they fit)
    public static final int HB_LIST = 5;           // HOST_EXACT's candidate list (at HB_COUNT when one candidate)
    public static final int HB_COUNT = 6;          // a one-candidate list { 1, vs, flags } ...
    public static final int HB_VS = 7;             // ... whose vs is the first candidate (-1: no candidate)
    public static final int HB_FLAGS = 8;
    public static final int HB_CV = 9;             // a copy of HB_VS's CLASSIFIER record (CV_SIZE ints) whose
                                                   // index-field and prefix-length lists are HOST_STAGE ints
    // (HB_CV + CV_SIZE) every uri and FIELD key of HB_VS, when they fit in the bucket: their count (-1: they do not,
    // probe URI_STAGE's index), where they start { uriTag(kind, hash) | fieldTag(field, hash), first list }[count]
    public static final int HB_URI_COUNT = HB_CV + 12;
    public static final int HB_URI_START = HB_CV + 13;
    public static final int HB_INLINE = HB_CV + 14; // the lists, the host's bytes, then the uri keys, if room
    public static final int HB_SIZE = 64;          // 256 bytes
    public static final int HBU_SIZE = 2;          // a key of the bucket: { uriTag | fieldTag, first list under it }
    public static final int SVC_HOST = 0;
    public static final int SVC_NAMESPACE = 1;
    public static final int SVC_PORT_COUNT = 2;
    public static final int SVC_PORT_START = 3;
    public static final int SVC_FAMILY = 4;          // 4, 6; 0: no address; -1: a first address that is no literal
    public static final int SVC_ADDR = 5;
    public static final int SVC_DEFAULT_DEST = 9;
    public static final int SVC_EXPORT_ALL = 10;     // 1: every namespace sees it
    public static final int SVC_EXPORT_COUNT = 11;
    public static final int SVC_EXPORT_START = 12;   // -> nsId[] that see it
    public static final int SVC_SIZE = 13;

    // URI_STAGE
    public static final int URI_EXACT = 0;
    public static final int URI_EXACT_CI = 1;
    public static final int URI_PREFIX = 2;
    public static final int URI_PREFIX_CI = 3;
    public static final int UL_NEXT = 0;           // uri list: the next list under the same key, -1 none
    public static final int UL_LENGTH = 1;         // the literal's byte length
    public static final int UL_COUNT = 2;          // candidates
    public static final int UL_BYTES = 3;          // the literal, then the candidates at UL_BYTES + (length + 3) / 4

    // CLASSIFIER
    public static final int C_VS_COUNT = 0;
    public static final int C_VS_START = 1;
    public static final int C_FIELD_COUNT = 2;
    public static final int C_FIELD_START = 3;
    public static final int C_BLOCK_START = 4;
    public static final int C_HEADER_SIZE = 5;
    public static final int CV_BLOCKS = 0;
    public static final int CV_BLOCK_BASE = 1;
    public static final int CV_BASE_LIST = 2;
    public static final int CV_INDEX_COUNT = 3;
    public static final int CV_INDEX_START = 4;
    public static final int CV_EXACT_KINDS = 5;    // bit 0: exact uri lists, bit 1: exact lower-cased uri lists,
                                                   // bit 2 + (n % 30): an exact literal of n bytes (exactLengthBit)
    public static final int CV_CS_COUNT = 6;       // prefix-length entries (PL_*), as sent, longest first
    public static final int CV_CS_START = 7;
    public static final int CV_CI_COUNT = 8;       // prefix lengths, lower-cased
    public static final int CV_CI_START = 9;
    public static final int CV_URI_FILTER_LO = 10; // the virtual host's own 64-bit uri filter (uriVsFilterBit), low
    public static final int CV_URI_FILTER_HI = 11; // and high half: read with the record, so most probes cost no line
    public static final int CV_SIZE = 12;
    // a prefix-length entry of csLenStart/ciLenStart: the length and a 64-bit set of the last bytes of its literals
    public static final int PL_LENGTH = 0;
    public static final int PL_LAST_LO = 1;        // bit (b & 63) set for each last byte b (both cases: lower-cased)
    public static final int PL_LAST_HI = 2;
    public static final int PL_SIZE = 3;
    public static final int FIELD_SIZE = 2;
    public static final int B_ROUTE = 0;
    public static final int B_PREFIX_LENGTH = 1;
    public static final int B_TEST_COUNT = 2;
    public static final int B_TEST_START = 3;
    public static final int B_KEYED = 4;           // 1: the first test is the index key's (its lists prove it)
    public static final int BLOCK_SIZE = 5;
    // the tests' record: the block's route, prefix length, test count and keyed bit, then its tests inline,
    // so a candidate list entry {block, testsRecord} leads to everything a candidate needs in one place
    public static final int BT_ROUTE = 0;
    public static final int BT_PREFIX_LENGTH = 1;
    public static final int BT_TEST_COUNT = 2;
    public static final int BT_KEYED = 3;
    public static final int BT_SIMPLE_DEST = 4;    // a plain one-destination route's destination, else -1
    public static final int BT_TESTS = 5;
    public static final int CANDIDATE_SIZE = 2;    // candidate list entry { block, testsRecord }
    public static final int T_FIELD = 0;
    public static final int T_MATCH = 1;
    public static final int T_ARG = 2;
    public static final int T_NEGATE = 3;
    public static final int TEST_SIZE = 4;

    // field kinds
    public static final int F_METHOD = 0;
    public static final int F_SCHEME = 1;
    public static final int F_AUTHORITY = 2;
    public static final int F_URI = 3;
    public static final int F_PORT = 4;
    public static final int F_GATEWAY = 5;
    public static final int F_SOURCE_NAMESPACE = 6;
    public static final int F_HEADER = 7;
    public static final int F_QUERY = 8;
    public static final int F_LABEL = 9;

    // match kinds of a test
    public static final int M_EXACT = 0;       // value id equals arg (uri: bytes equal the string arg)
    public static final int M_PREFIX = 1;      // value starts with the string arg
    public static final int M_REGEX = 2;       // RE2 full match of regex arg
    public static final int M_PRESENT = 3;     // value present
    public static final int M_ONE_OF = 4;      // value id in the one-of list at arg
    public static final int M_EXACT_CI = 5;    // uri only: ASCII-case-insensitive equal (arg lower-case)
    public static final int M_PREFIX_CI = 6;   // uri only: ASCII-case-insensitive prefix (arg lower-case)

    // ACTIONS
    public static final int A_ROUTE_COUNT = 0;
    public static final int A_ROUTE_START = 1;
    public static final int KIND_ROUTE = 1;
    public static final int KIND_REDIRECT = 2;
    public static final int KIND_DIRECT = 3;
    public static final int R_KIND = 0;
    public static final int R_NAME = 9;
    public static final int R_VS = 10;
    public static final int R_DEST_COUNT = 1;
    public static final int R_DEST_FIRST = 2;      // the first destination's id (a one-destination route reads no list)
    public static final int R_DEST_START = 8;
    public static final int R_WEIGHT_SUM = 3;
    /**
     * The stored weight sum of a route whose weights sum past {@link Integer#MAX_VALUE} (each weight is an
     * int, the sum is not): the lookup then sums the weights as longs and draws 63 bits.
     */
    public static final int WEIGHT_SUM_WIDE = -1;
    public static final int R_DELAY_PCT = 4;       // long ref, -1 none
    public static final int R_DELAY_MILLIS = 11;    // long ref
    public static final int R_ABORT_PCT = 5;       // long ref, -1 none
    public static final int R_ABORT_STATUS = 12;
    public static final int R_MIRROR_COUNT = 6;
    public static final int R_MIRROR_START = 13;
    public static final int R_OP_COUNT = 14;
    public static final int R_OP_START = 15;
    public static final int R_REWRITE_URI = 16;
    public static final int R_REWRITE_AUTHORITY = 17;
    public static final int R_REGEX_REWRITE = 18;  // regex index, -1 none
    public static final int R_REGEX_REPLACEMENT = 19;
    public static final int R_REDIRECT_URI = 20;
    public static final int R_REDIRECT_AUTHORITY = 21;
    public static final int R_REDIRECT_PORT = 22;  // 0: as the request wrote it; REDIRECT_PORT_FROM_REQUEST
    /** {@link #R_REDIRECT_PORT} of {@code derivePort: FROM_REQUEST_PORT}: the request's (listener's) port. */
    public static final int REDIRECT_PORT_FROM_REQUEST = -1;
    public static final int R_REDIRECT_SCHEME = 23;
    public static final int R_REDIRECT_CODE = 24;
    public static final int R_DIRECT_STATUS = 25;
    public static final int R_DIRECT_BODY = 26;
    public static final int R_DEST_OPS = 7;       // per-destination {opCount, opStart, authorityId}[], -1 none
    public static final int R_ABORT_GRPC = 27;    // the gRPC status of a grpcStatus abort, -1 none
    public static final int R_CORS = 28;          // the route's CORS record (C_* offsets), -1 none
    public static final int ROUTE_SIZE = 29;     // the fields a routed request reads come first
    /**
     * CORS record: the string ids of the names the CORS filter reads, whether a preflight whose origin no matcher
     * takes is answered too ({@code unmatchedPreflights: IGNORE}) or every origin is allowed (a matcher takes
     * {@code *}), and the origin matchers {matchKind (M_EXACT, M_PREFIX, M_REGEX), arg (string id or regex
     * index)}[C_COUNT].
     */
    public static final int C_ORIGIN_NAME = 0;
    public static final int C_REQUEST_METHOD_NAME = 1;
    public static final int C_OPTIONS = 2;
    public static final int C_ANSWER_ANY = 3;    // 1: every preflight is answered (IGNORE, or a matcher takes *)
    public static final int C_COUNT = 4;
    public static final int C_MATCHERS = 5;
    public static final int DO_OP_COUNT = 0;
    public static final int DO_OP_START = 1;
    public static final int DO_AUTHORITY = 2;
    public static final int DEST_OPS_SIZE = 3;
    public static final int OP_SET = 1;
    public static final int OP_ADD = 2;
    public static final int OP_REMOVE = 3;

    // CLUSTERS
    public static final int K_NS_COUNT = 0;
    public static final int K_NS_START = 1;
    public static final int K_DEST_COUNT = 2;
    public static final int K_DEST_START = 3;
    public static final int K_CLUSTER_COUNT = 4;
    public static final int K_CLUSTER_START = 5;
    public static final int K_COOKIE_HEADER = 6;   // string id of "cookie" (a cookie hash reads that header)
    public static final int K_REGION_LABEL = 7;    // string ids of the client locality's source labels, and of ""
    public static final int K_ZONE_LABEL = 8;
    public static final int K_SUBZONE_LABEL = 9;
    public static final int K_EMPTY = 10;
    public static final int K_NETWORK_LABEL = 11;  // string id of "topology.istio.io/network" (the client's network)
    public static final int K_SYSTEM_NETWORK = 12; // string id of the network of a client without that label
    public static final int K_CLUSTER_LABEL = 13;  // string ids of the labels Istio writes on the client's proxy:
    public static final int K_CLUSTER_ID = 14;     // "topology.istio.io/cluster" and the cluster id written over it,
    public static final int K_PROXY_NETWORK = 15;  // the network added when it has none ("": none),
    public static final int K_LOCALITY_LABEL = 16; // its Pod's locality labels "topology.istio.io/locality" and
    public static final int K_OLD_LOCALITY_LABEL = 17; // "istio-locality" (ProxyLabels)
    /**
     * Int index of the client table: the sidecars whose proxy sees otherwise than the default (docs/routing.md §4,
     * "Networks"), {count, {family, high word high half, high low, low high, low low, class}[count]} sorted by the
     * address (family 4 or 6, then its value unsigned): a sidecar's request whose source address is one of them is of
     * that class, any other request of class 0.
     */
    public static final int K_CLIENTS = 18;
    /**
     * Int index of the placed-client table: each address of a Pod whose {@code status.podIP} a meshNetworks
     * {@code fromCidr} network holds (docs/routing.md "The client's labels"), laid out as {@link #K_CLIENTS}'s with the
     * network's string id in place of the class; empty when the {@code istio-system} Namespace or a
     * {@code fromRegistry} network names the proxies' network ({@link #K_PROXY_NETWORK} not empty).
     */
    public static final int K_CLIENT_NETWORKS = 19;
    /**
     * Int index of the remote-client table: each address of a remote cluster's Pod (docs/routing.md §4 "Clusters"),
     * laid out as {@link #K_CLIENTS}'s with the int index of its record {@code RC_*} in place of the class.
     */
    public static final int K_REMOTE_CLIENTS = 20;
    // The class of a gateway's request (not a sidecar's): 0, or the last view's when some network gateway has no
    // mTLS port (an HBONE-only one, which a gateway's proxy uses and a sidecar does not; docs/routing.md §4 Networks)
    public static final int K_ROUTER_CLASS = 21;
    public static final int K_HEADER_SIZE = 22;
    public static final int RC_CLUSTER = 0;          // string id of the Pod's cluster id (its proxy's cluster label)
    public static final int RC_NETWORK = 1;          // string id of the network its proxy's labels get, -1 for none
    public static final int RC_METADATA_NETWORK = 2; // string id of its proxy's NETWORK metadata without the label
    public static final int RC_CLUSTER_ORDINAL = 3;  // 1 + the index of its cluster among the remote clients' clusters
    public static final int RC_SIZE = 4;
    public static final int CT_COUNT = 0;
    public static final int CT_ENTRIES = 1;
    public static final int CT_ENTRY_SIZE = 6;
    public static final int D_HOST = 0;
    public static final int D_SUBSET = 1;
    public static final int D_PORT = 2;
    public static final int D_SERVICE = 3;
    public static final int D_TABLE = 4;
    public static final int D_NOT_FOUND_STATUS = 5; // the status of NC for this destination (503, 500 Gateway API)
    public static final int D_HASH_TABLE = 6;      // -> routeHash[nsClass] (record, -1 none, <= -2 workload list)
    public static final int D_FIXED_PORT = 7;      // the port when it does not depend on the request, else 0
    public static final int D_FIXED_CLUSTER = 8;   // the cluster when neither it nor the port depends on the request
    public static final int DEST_SIZE = 9;
    public static final int WL_COUNT = 0;          // workload list: {selectorRef, cluster}[count], then fallback
    public static final int WL_ENTRIES = 1;
    public static final int CL_NAME = 0;
    public static final int CL_HOST = 1;
    public static final int CL_SUBSET = 2;
    public static final int CL_PORT = 3;
    public static final int CL_LB = 4;
    public static final int CL_HASH_KIND = 5;
    public static final int CL_HASH_NAME = 6;
    public static final int CL_EP_START = 7;
    public static final int CL_EP_COUNT = 8;
    public static final int CL_SIDECAR_ORIGINAL_DST = 9; // 1: a Passthrough-resolution service: ORIGINAL_DST on mesh
    public static final int CL_ORIGINAL_DST_PORT = 10; // upstream_port_override of its ORIGINAL_DST form, 0 none
    /** Long index of the endpoints' cumulative weights (weight ÷ their gcd), -1 when every endpoint weighs the same. */
    public static final int CL_EP_WEIGHTS = 11;
    /** Int index of, per endpoint, the index after the run of endpoints of its weight (with {@link #CL_EP_WEIGHTS}). */
    public static final int CL_EP_RUNS = 12;
    /** Int index of the cluster's locality record (LOC_*), -1 when the client's locality does not matter. */
    public static final int CL_LOCALITY = 13;
    /** Int index of a consistent-hash cluster's table directory (HT_*), -1 for other load balancers. */
    public static final int CL_HASH_TABLES = 14;
    // a consistent-hash table directory: {count, {first, count, kind, size, longStart, intStart}[count]}, one table per
    // range of candidates the cluster stage can hash into (all, a locality priority's or a distribute locality's; a
    // failoverPriority trie node's hidden cluster record has its own directory), docs/fib.md
    public static final int HT_COUNT = 0;
    public static final int HT_ENTRIES = 1;
    public static final int HTE_FIRST = 0;
    public static final int HTE_COUNT = 1;
    public static final int HTE_KIND = 2;
    public static final int HTE_SIZE = 3;          // ring entries, or the Maglev table size
    public static final int HTE_LONGS = 4;         // ring: the sorted entry hashes (long area), -1 for Maglev
    public static final int HTE_INTS = 5;          // ring: each entry's candidate; Maglev: each slot's candidate
    public static final int HTE_RECORD = 6;
    public static final int HT_RING = 1;           // Envoy's ring hash (Ketama)
    public static final int HT_MAGLEV16 = 2;       // Maglev, two 16-bit candidates an int (low half first)
    public static final int HT_MAGLEV32 = 3;       // Maglev, one candidate an int (more than 65536 candidates)
    /**
     * Locality-weighted rings whose hosts' order depends on the client's locality (Envoy walks the proxy's own
     * locality first): size = how many localities, intStart -> {regionId, zoneId, subzoneId, table record}[size], then
     * the table record for a client of none of them; a table record is {-1, -1, kind, size, longStart, intStart}.
     */
    public static final int HT_LOCAL_FIRST = 4;
    /**
     * Int index of the cluster's network record (NW_*), -1 when every client gets its endpoints: the cluster's own
     * endpoints are those of a client on no listed network with the default view (class 0, {@link #K_CLIENTS}); a
     * listed network and class name the cluster record (past {@link #K_CLUSTER_COUNT}) holding that client's
     * endpoints, gateways in place of remote ones.
     */
    public static final int CL_NETWORK = 15;
    // a network record: {count, {network, client class, variant cluster}[count]}; a network of NW_ANY_NETWORK stands
    // for a client of a network not listed there (the cluster's own record is that of one of class 0). A negative
    // count -n (n entries) keys them by the client's cluster too (a cluster-local host with remote clients,
    // docs/routing.md §4 "Clusters"): the class is the view's plus the client's RC_CLUSTER_ORDINAL (0 for the config
    // cluster's) shifted by NW_CLUSTER_SHIFT
    public static final int NW_COUNT = 0;
    public static final int NW_ENTRIES = 1;
    public static final int NW_ENTRY_SIZE = 3;
    public static final int NW_ANY_NETWORK = -2;
    public static final int NW_CLUSTER_SHIFT = 16;
    /** Int index of the cluster's choice record (CHOICE_*): the client's labels or locality choose first; -1 none. */
    public static final int CL_CHOICE = 16;
    /**
     * Int index of a {@code RANDOM} cluster's locality-weighted ranges (RL_*), -1 for none: Envoy picks a locality by
     * its weight first when a {@code failover} list or a {@code failoverPriority} turns on locality-weighted
     * balancing, which the model follows for each range of candidates whose weights differ ({@link RandomLocalities}).
     */
    public static final int CL_RANDOM_LOCALITIES = 17;
    public static final int CLUSTER_SIZE = 18;
    // a random-locality directory: {count, {first, count, groupCount, weights (long index of groupCount cumulative
    // locality weights, divided by their gcd), starts (int index of groupCount + 1 locality starts)}[count]}, the
    // candidates relative to the cluster's first endpoint
    public static final int RL_COUNT = 0;
    public static final int RL_ENTRIES = 1;
    public static final int RLE_FIRST = 0;
    public static final int RLE_COUNT = 1;
    public static final int RLE_GROUPS = 2;
    public static final int RLE_WEIGHTS = 3;
    public static final int RLE_STARTS = 4;
    public static final int RLE_SIZE = 5;
    public static final int CHOICE_PRIORITY = 1;   // failoverPriority: a trie over the labels' values
    public static final int CHOICE_DISTRIBUTE = 2; // distribute: locality weights for the client's locality
    public static final int PR_LABEL_COUNT = 1;
    public static final int PR_NETWORK_FIRST = 2;  // 1: a client whose network no endpoint has keeps the other labels
    public static final int PR_ROOT = 3;
    public static final int PR_ALT_ROOT = 4;       // the trie over the labels after the network, -1 for none
    public static final int PR_LABELS = 5;
    public static final int PN_CLUSTER = 0;
    public static final int PN_CHILD_COUNT = 1;
    public static final int PN_CHILDREN = 2;
    public static final int DI_GROUP_COUNT = 1;
    public static final int DI_ENTRY_COUNT = 2;
    public static final int DI_FALLBACK = 3;       // the localities' own weights, when no entry's from matches
    public static final int DI_GROUPS = 4;
    public static final int DE_SIZE = 4;           // an entry: regionId, zoneId, subzoneId, cumulative weights
    /** A pattern part that matches any value ({@code *}, or a zone or subzone not written). */
    public static final int LOC_ANY = -4;
    // a locality record: {groupCount, failoverCount, {region, zone, subzone, start, count}[], {from, to}[]}, the
    // groups sorted by region, zone, subzone and each one's endpoints contiguous in the cluster's range
    public static final int LOC_GROUP_COUNT = 0;
    public static final int LOC_FAILOVER_COUNT = 1;
    public static final int LOC_GROUPS = 2;
    public static final int LG_REGION = 0;
    public static final int LG_ZONE = 1;
    public static final int LG_SUBZONE = 2;
    public static final int LG_START = 3;
    public static final int LG_COUNT = 4;
    public static final int LG_SIZE = 5;
    public static final int LB_ROUND_ROBIN = 1;
    public static final int LB_RANDOM = 2;
    public static final int LB_LEAST_REQUEST = 3;
    public static final int LB_CONSISTENT_HASH = 4;
    public static final int LB_PASSTHROUGH = 5;    // Envoy's ORIGINAL_DST cluster: the request's original destination
    public static final int HASH_HEADER = 1;
    public static final int HASH_SOURCE_IP = 2;
    public static final int HASH_QUERY = 3;
    public static final int HASH_COOKIE = 4;       // hashNameId: the cookie's name, read from the cookie header
    public static final int HASH_COOKIE_TTL = 5;   // a cookie with a ttl: absent, Envoy's generated one is hashed

    // ENDPOINTS
    public static final int E_COUNT = 0;
    public static final int E_START = 1;
    public static final int EP_ADDRESS = 0;
    public static final int EP_PORT = 1;
    public static final int EP_TEXT = 2;
    public static final int EP_FAMILY = 3;         // 4, 6, or 0 when the address is not an IP literal
    public static final int EP_ADDR = 4;           // 4 big-endian words (IPv4: the first only)
    public static final int EP_SIZE = 8;

    // a gateway port's listener record (GW_TCP)
    public static final int GP_FLAGS = 0;
    public static final int GP_PASSTHROUGH_LIST = 1;
    public static final int GP_TCP_COUNT = 2;
    public static final int GP_TCP_START = 3;      // GT_SIZE ints per TCP server
    public static final int GP_AUTO = 1;           // flag: an AUTO_PASSTHROUGH server on the port
    public static final int GP_PASSTHROUGH = 2;    // flag: a TLS passthrough server on the port
    public static final int GP_HTTP = 4;           // flag: HTTP chains follow the TCP servers (docs/routing.md §5.3)
    public static final int GH_NAME_COUNT = 0;     // an HTTP chain after the TCP servers: {count, GH_SIZE ints[]}
    public static final int GH_NAME_START = 1;
    public static final int GH_PLAIN = 2;          // 1: the plain-text HTTP servers' chain; 0: an HTTPS server's
    public static final int GH_SIZE = 3;

    // L4_ROUTES
    public static final int GT_NAME_COUNT = 0;
    public static final int GT_NAME_START = 1;
    public static final int GT_LIST = 2;
    public static final int GT_SIZE = 3;
    public static final int GA_PORT = 0;
    public static final int GA_SERVICE = 1;
    public static final int GA_DEST = 2;
    public static final int GA_SIZE = 3;
    public static final int L_VS_COUNT = 0;
    public static final int L_VS_START = 1;
    public static final int LV_BLOCK_COUNT = 0;
    public static final int LV_BLOCK_START = 1;
    public static final int LV_TLS_COUNT = 2;
    public static final int LV_TLS_START = 3;
    public static final int LV_TLS_FALLBACK = 4;   // 1: made from a TLSRoute, a TCP server falls back to its TLS blocks
    public static final int LV_SIZE = 5;
    public static final int LB_ROUTE = 0;
    public static final int LB_PORT = 1;
    public static final int LB_NAMESPACE = 2;
    public static final int LB_LABEL_COUNT = 3;
    public static final int LB_LABEL_START = 4;
    public static final int LB_GW_COUNT = 5;
    public static final int LB_GW_START = 6;
    public static final int LB_SUBNET_COUNT = 7;
    public static final int LB_SUBNET_START = 8;
    public static final int L4_BLOCK_SIZE = 9;
    public static final int LB_SNI_COUNT = 9;
    public static final int LB_SNI_START = 10;
    public static final int LB_TLS_KEY = 11;
    public static final int TLS_BLOCK_SIZE = 12;
    // a service port's kind (second int of a port entry)
    public static final int PORT_TCP = 0;
    public static final int PORT_HTTP = 1;
    public static final int PORT_TLS = 2;
    public static final int PORT_AUTO = 3;         // no protocol: sniffed (HTTP for a request, TCP for a connection)
    public static final int SUBNET_SIZE = 6;

    private L7Layout()
    {
    }

    /**
     * @param kind KEY_HOST_* or KEY_SVC_*.
     * @param a    first id (gateway), 0 when unused.
     * @param b    second id.
     * @return the host-stage key.
     */
    public static long hostKey(final int kind, final int a, final int b)
    {
        return ((long)kind << 60) | ((long)(a & 0x3FFFFFFF) << 30) | (b & 0x3FFFFFFF);
    }

    /**
     * @param gatewayId the gateway's string id.
     * @param hash64    {@link StringPool#hash64} of the host (lower-case, no port).
     * @return the key of its exact host bucket (kind {@link #KEY_HOST_HASH} in the top 4 bits, so it is never 0;
     *         two hosts may share one: the probe goes on and the bytes decide).
     */
    public static long hostHashKey(final int gatewayId, final long hash64)
    {
        return ((long)KEY_HOST_HASH << 60)
                | ((hash64 ^ (gatewayId + 1L) * 0x9E3779B97F4A7C15L) & 0x0FFFFFFFFFFFFFFFL);
    }

    /**
     * @param key {@link #hostHashKey}.
     * @return the exact host bucket where its probe starts (before masking).
     */
    public static int hostBucket(final long key)
    {
        return (int)RequestHash.mix64(key);
    }

    /**
     * @param key {@link #hostHashKey}.
     * @return the tag an exact host bucket keeps of it ({@link #HB_TAG}).
     */
    public static int hostBucketTag(final long key)
    {
        return (int)(key >>> 32) ^ (int)key;
    }

    /**
     * @param vs     virtual host.
     * @param kind   URI_*.
     * @param hash64 {@link StringPool#hash64} of the literal (lower-cased for the _CI kinds).
     * @return the URI-stage key. Two literals may share one (a 64-bit hash collision): their lists are chained.
     *         Equal bytes under equal keys are the same (vs, kind): (vs, kind) is multiplied by an odd constant.
     */
    public static long uriKey(final int vs, final int kind, final long hash64)
    {
        return hash64 ^ ((((long)vs << 2) | kind) * 0x9E3779B97F4A7C15L);
    }

    /**
     * @param kind   URI_* kind.
     * @param hash64 the literal's 64-bit hash.
     * @return what an exact host bucket keeps of the uri key of its virtual host's literal (HB_URI_*): 29 bits of the
     *         hash and the kind (bit 2 clear), so that a tag taken for a literal of another kind, or for a field
     *         value ({@link #fieldTag}), cannot match.
     */
    public static int uriTag(final int kind, final long hash64)
    {
        return (int)(hash64 >>> 32) & ~7 | kind;
    }

    /**
     * @param fieldId a string-valued index field (below 2^16, the fields' capacity).
     * @param hash64  the value's 64-bit hash.
     * @return what an exact host bucket keeps of the FIELD key of its virtual host's value (HB_URI_*): the field id,
     *         13 bits of the hash and bit 2 set, so that a tag taken for another field or for a uri literal cannot
     *         match.
     */
    public static int fieldTag(final int fieldId, final long hash64)
    {
        return fieldId << 16 | (int)(hash64 >>> 32) & 0xFFF8 | 4;
    }

    /**
     * @param vs   virtual host.
     * @param kind URI_*.
     * @param hash {@link StringPool#hash} of the literal (lower-cased for the _CI kinds).
     * @return the bit of the URI stage's filter (before masking).
     */
    public static long uriFilterKey(final int vs, final int kind, final int hash)
    {
        return RequestHash.mix64(((long)vs << 34) ^ ((long)kind << 32) ^ (hash & 0xFFFFFFFFL));
    }

    /**
     * @param length a uri's byte length (the path before its query).
     * @return its bit in {@link #CV_EXACT_KINDS}: a path whose length has no bit there has no exact uri list.
     */
    public static int exactLengthBit(final int length)
    {
        return 1 << (2 + length % 30);
    }

    /**
     * @param kind   URI_*.
     * @param hash64 {@link StringPool#hash64} of a literal (lower-cased for the _CI kinds).
     * @return its bit in its virtual host's own uri filter (CV_URI_FILTER_*): one of 64, from bits the URI stage's
     *         shared filter does not use.
     */
    public static long uriVsFilterBit(final int kind, final long hash64)
    {
        return 1L << ((int)(hash64 >>> 58) + (kind << 4));
    }

    /**
     * @param vs      virtual host.
     * @param fieldId a string-valued classifier field (header, query parameter, source label, method, scheme,
     *                authority).
     * @param hash64  {@link StringPool#hash64} of a value.
     * @return the URI-stage key of the value's literal list. Bit 62 of the multiplied tag sets field keys apart
     *         from {@link #uriKey}'s (vs, kind) tags, so equal bytes under equal keys are the same (vs, field);
     *         two values may share a key (a 64-bit hash collision): their lists are chained.
     */
    public static long fieldKey(final int vs, final int fieldId, final long hash64)
    {
        return hash64 ^ ((1L << 62 | (long)vs << 24 | fieldId & 0xFFFFFF) * 0x9E3779B97F4A7C15L);
    }

    /**
     * @param vs       virtual host.
     * @param fieldId  classifier field.
     * @param valueKey string id or port.
     * @return the classifier key.
     */
    public static long classifierKey(final int vs, final int fieldId, final int valueKey)
    {
        return ((long)vs << 40) | ((long)(fieldId & 0xFFFF) << 24) | (valueKey & 0xFFFFFF);
    }
}
