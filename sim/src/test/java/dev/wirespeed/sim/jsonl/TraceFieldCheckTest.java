package dev.wirespeed.sim.jsonl;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** "Did you mean": aliases other tools use, near misses by one or two edits, and silence for deliberate names. */
class TraceFieldCheckTest
{
    @Test
    void shouldSuggestTheFieldAMisspeltOrAliasedNameMeans()
    {
        assertThat(TraceFieldCheck.suggestion("host")).isEqualTo("authority");
        assertThat(TraceFieldCheck.suggestion("Host")).isEqualTo("authority");
        assertThat(TraceFieldCheck.suggestion("url")).isEqualTo("path");
        assertThat(TraceFieldCheck.suggestion("timestamp")).isEqualTo("ts");
        assertThat(TraceFieldCheck.suggestion("paht")).isEqualTo("path");
        assertThat(TraceFieldCheck.suggestion("Path")).isEqualTo("path");
        assertThat(TraceFieldCheck.suggestion("heders")).isEqualTo("headers");
        assertThat(TraceFieldCheck.suggestion("sourceNamspace")).isEqualTo("sourceNamespace");
        assertThat(TraceFieldCheck.suggestion("authoirty")).isEqualTo("authority");
    }

    @Test
    void shouldStaySilentForNamesFarFromEveryField()
    {
        assertThat(TraceFieldCheck.suggestion("comment")).isNull();
        assertThat(TraceFieldCheck.suggestion("id")).isNull();
        assertThat(TraceFieldCheck.suggestion("requestBody")).isNull();
        assertThat(TraceFieldCheck.distance("ab", "ba")).isEqualTo(1);
        assertThat(TraceFieldCheck.distance("", "abc")).isEqualTo(3);
    }
}
