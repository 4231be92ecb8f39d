package dev.wirespeed.control.compile;

import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.control.reference.ReferenceRouter;
import dev.wirespeed.fib.l7.L7Lookup;
import dev.wirespeed.fib.l7.L7RequestView;
import dev.wirespeed.fib.l7.L7Result;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The batched lookup ({@link L7Lookup#route(L7RequestView[], L7Result[], int)}): its first pass only starts loads, so
 * every request of a batch must be decided as the single-request lookup decides it, whatever the batch holds
 * (hosts with and without an exact host bucket, colliding buckets, authorities with a port, unknown hosts, gateway and
 * mesh requests, paths with deep prefixes) and whatever its size.
 */
class BatchedLookupTest
{
    private static final int MAX_BATCH = 33;

    @Test
    void shouldDecideEveryRequestOfABatchLikeTheReferenceAndTheSingleLookup()
    {
        final long seed = Long.getLong("wirespeed.seed", System.nanoTime());
        System.out.println("BatchedLookupTest seed=" + seed + " (replay: -Dwirespeed.seed=" + seed + ")");
        final SplittableRandom rnd = new SplittableRandom(seed);
        final RoutingModel model = ExactHostBucketTest.buckets();
        final ReferenceRouter reference = new ReferenceRouter(model);
        try (CompiledRouter compiled = CompiledRouter.compile(model))
        {
            final L7Lookup batched = compiled.newLookup();
            final L7Lookup single = compiled.newLookup();
            final HttpRequest[] requests = new HttpRequest[MAX_BATCH];
            final HttpRequestView[] views = new HttpRequestView[MAX_BATCH];
            final L7Result[] results = new L7Result[MAX_BATCH];
            for (int j = 0; j < MAX_BATCH; j++)
            {
                results[j] = new L7Result();
            }
            final L7Result alone = new L7Result();
            int routed = 0;
            long id = 0;
            while (routed < 20_000)
            {
                final int count = 1 + rnd.nextInt(MAX_BATCH);
                for (int j = 0; j < count; j++)
                {
                    requests[j] = ExactHostBucketTest.request(rnd, id++);
                    views[j] = HttpRequestView.of(requests[j]);
                }
                batched.route(views, results, count);
                for (int j = 0; j < count; j++)
                {
                    final RouteDecision actual = compiled.materialize(results[j], views[j]);
                    assertThat(actual).as("seed %d, batch of %d, #%d: %s", seed, count, j, requests[j])
                            .isEqualTo(reference.route(requests[j]));
                    single.route(HttpRequestView.of(requests[j]), alone);
                    assertThat(results[j].endpoint).as("seed %d, %s", seed, requests[j]).isEqualTo(alone.endpoint);
                    assertThat(results[j].route).as("seed %d, %s", seed, requests[j]).isEqualTo(alone.route);
                }
                routed += count;
            }
        }
    }

    @Test
    void shouldNotAllocateOnTheBatchedLookup()
    {
        final java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean);
        final com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean)bean;
        Assumptions.assumeTrue(mx.isThreadAllocatedMemorySupported());
        final SplittableRandom rnd = new SplittableRandom(7);
        final int batch = 16;
        final HttpRequestView[] all = new HttpRequestView[batch * 64];
        for (int i = 0; i < all.length; i++)
        {
            all[i] = HttpRequestView.of(ExactHostBucketTest.request(rnd, i));
        }
        try (CompiledRouter compiled = CompiledRouter.compile(ExactHostBucketTest.buckets()))
        {
            final L7Lookup lookup = compiled.newLookup();
            final HttpRequestView[] views = new HttpRequestView[batch];
            final L7Result[] results = new L7Result[batch];
            for (int j = 0; j < batch; j++)
            {
                results[j] = new L7Result();
            }
            long sink = 0;
            long allocated = Long.MAX_VALUE;
            final long thread = Thread.currentThread().getId();
            // warm-up, then the least of three windows of 100,000 lookups (as FastPathAllocationTest measures)
            for (int w = -1; w < 3; w++)
            {
                final long before = mx.getThreadAllocatedBytes(thread);
                for (int k = 0; k < 100_000 / batch; k++)
                {
                    System.arraycopy(all, (k % 64) * batch, views, 0, batch);
                    lookup.route(views, results, batch);
                    sink += results[batch - 1].endpoint + results[0].endpoint;
                }
                if (w >= 0)
                {
                    allocated = Math.min(allocated, mx.getThreadAllocatedBytes(thread) - before);
                }
            }
            assertThat(sink).isNotZero();
            assertThat(allocated).as("bytes allocated by 100,000 batched lookups").isLessThan(1024);
        }
    }
}
