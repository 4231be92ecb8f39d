package dev.wirespeed.fib.l7;

import dev.wirespeed.fib.FibImage;
import dev.wirespeed.fib.FibSection;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StringPoolTest
{
    @Test
    void shouldFindInternedStringsExactlyOrCaseInsensitively()
    {
        final StringPoolWriter w = new StringPoolWriter();
        final int a = w.intern("/api/v1");
        final int b = w.intern("reviews.default.svc.cluster.local");
        assertThat(w.intern("/api/v1")).isEqualTo(a);
        final IndexedTableWriter t = new IndexedTableWriter();
        t.put(7L, 70);
        t.put(L7Layout.hostKey(1, 2, 3), 5);
        t.addInt(11);
        t.addLong(-1L);
        try (FibImage image = FibImage.build(1, Map.of(FibSection.STRINGS, w, FibSection.URI_STAGE, t)))
        {
            final StringPool pool = new StringPool(image);
            final byte[] q = "/API/V1".getBytes(StandardCharsets.UTF_8);
            assertThat(pool.find(q, 0, q.length, false)).isEqualTo(-1);
            assertThat(pool.find(q, 0, q.length, true)).isEqualTo(a);
            final byte[] h = "xreviews.default.svc.cluster.local".getBytes(StandardCharsets.UTF_8);
            assertThat(pool.find(h, 1, h.length - 1, false)).isEqualTo(b);
            assertThat(pool.string(b)).isEqualTo("reviews.default.svc.cluster.local");
            final IndexedTable table = new IndexedTable(image, FibSection.URI_STAGE);
            assertThat(table.find(7L)).isEqualTo(70);
            assertThat(table.find(L7Layout.hostKey(1, 2, 3))).isEqualTo(5);
            assertThat(table.find(8L)).isEqualTo(-1);
            assertThat(table.intAt(0)).isEqualTo(11);
            assertThat(table.longAt(0)).isEqualTo(-1L);
        }
    }
}
