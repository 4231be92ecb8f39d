package dev.wirespeed.control.compile;

import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.sample.SampleModels;
import dev.wirespeed.fib.l7.L7Lookup;
import dev.wirespeed.fib.l7.L7Result;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The fast lookup (without materialize) allocates nothing once warm. */
class FastPathAllocationTest
{
    @Test
    void shouldNotAllocateOnTheFastLookup()
    {
        final java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean);
        final com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean)bean;
        Assumptions.assumeTrue(mx.isThreadAllocatedMemorySupported());
        try (CompiledRouter router = CompiledRouter.compile(SampleModels.bookinfo(20)))
        {
            final HttpRequest[] requests = {
                SampleModels.request(1, "reviews", "/reviews/0", Map.of("end-user", "jason")),
                SampleModels.request(2, "reviews:9080", "/reviews/0", Map.of()),
                SampleModels.request(3, "ratings", "/ratings/0", Map.of("end-user", "jason")),
                SampleModels.request(4, "productpage", "/api/v1/products/1?x=1", Map.of()),
                SampleModels.request(5, "svc7", "/api/v3/items/9", Map.of("x-canary", "yes")),
                SampleModels.request(6, "svc7.default.svc.cluster.local", "/exact/2", Map.of()),
                SampleModels.request(7, "nowhere", "/", Map.of()),
            };
            assertThat(allocatedBy(mx, router, requests)).as("bytes allocated by 100,000 lookups").isLessThan(1024);
        }
    }

    @Test
    void shouldNotAllocateChoosingASidecarsVirtualHostForHostsOutsideTheRegistry()
    {
        final java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean);
        final com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean)bean;
        Assumptions.assumeTrue(mx.isThreadAllocatedMemorySupported());
        try (CompiledRouter router = CompiledRouter.compile(OutsideHostsTest.sample()))
        {
            // every check of the outside path: port 80, an HTTP port of a named service, a wildcard claimed by its
            // service's port, a wildcard covering no service of the port, a port no claimed service has
            final HttpRequest[] requests = {
                Models.get("www.example.com:9080", "/"),
                Models.get("www.example.com", "/"),
                Models.get("b.example.com:9080", "/"),
                Models.get("b.example.com", "/"),
                Models.get("www.example.com:8080", "/"),
                Models.get("shop.example.com", "/"),
                // a service on a port it does not declare: by its full name, its short name, its address
                Models.get("api.default.svc.cluster.local:8080", "/"),
                Models.get("api:8080", "/"),
                Models.get("172.20.0.9:9080", "/"),
            };
            assertThat(allocatedBy(mx, router, requests)).as("bytes allocated by 100,000 lookups").isLessThan(1024);
        }
    }

    /** @return the JVM's per-thread allocation counter; the calling test is skipped where the JVM has none. */
    static com.sun.management.ThreadMXBean threadAllocation()
    {
        final java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean);
        final com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean)bean;
        Assumptions.assumeTrue(mx.isThreadAllocatedMemorySupported());
        return mx;
    }

    /**
     * @return the least bytes any of three windows of 100,000 warm lookups of the requests allocates (a few hundred
     *         are the measuring call's).
     */
    static long allocatedBy(final com.sun.management.ThreadMXBean mx, final CompiledRouter router,
            final HttpRequest[] requests)
    {
        final HttpRequestView[] views = new HttpRequestView[requests.length];
        for (int i = 0; i < requests.length; i++)
        {
            views[i] = HttpRequestView.of(requests[i]);
        }
        final L7Lookup lookup = router.newLookup();
        final L7Result result = new L7Result();
        long sink = 0;
        for (int i = 0; i < 200_000; i++)
        {
            lookup.route(views[i % views.length], result);
            sink += result.endpoint;
        }
        // the least of three windows: an allocation per lookup shows in every window (100,000 lookups of even 8
        // bytes is 800 KB), while a one-off of the JVM's own (a compilation's deoptimisation, a lazily grown
        // scratch buffer) lands in one window at most
        final long thread = Thread.currentThread().getId();
        long allocated = Long.MAX_VALUE;
        for (int w = 0; w < 3; w++)
        {
            final long before = mx.getThreadAllocatedBytes(thread);
            for (int i = 0; i < 100_000; i++)
            {
                lookup.route(views[i % views.length], result);
                sink += result.endpoint;
            }
            allocated = Math.min(allocated, mx.getThreadAllocatedBytes(thread) - before);
        }
        assertThat(sink).isNotZero();
        return allocated;
    }

    /**
     * Asserts that 100,000 lookups over an example's {@code cases.jsonl} requests allocate under 1 KiB.
     *
     * @param model the example's model.
     * @param cases its cases file.
     */
    static void assertNoAllocationOverCases(final dev.wirespeed.control.model.RoutingModel model,
            final java.nio.file.Path cases) throws java.io.IOException
    {
        final java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
        org.junit.jupiter.api.Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean);
        final com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean)bean;
        org.junit.jupiter.api.Assumptions.assumeTrue(mx.isThreadAllocatedMemorySupported());
        final java.util.List<String> lines = java.nio.file.Files.readAllLines(cases);
        final com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        final HttpRequest[] requests = new HttpRequest[lines.size()];
        for (int i = 0; i < requests.length; i++)
        {
            requests[i] = DestinationPolicyExamplesTest.request(i, json.readTree(lines.get(i)).get("request"),
                    java.util.Map.of());
        }
        try (CompiledRouter router = CompiledRouter.compile(model))
        {
            assertThat(allocatedBy(mx, router, requests)).as("bytes allocated by 100,000 lookups").isLessThan(1024);
        }
    }
}
