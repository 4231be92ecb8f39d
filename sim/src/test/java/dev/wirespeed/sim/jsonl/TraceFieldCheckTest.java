package dev.wirespeed.sim.jsonl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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

    @Test
    void shouldFindTopLevelNamesOnlyAndReadEscapedOrBrokenLinesAsJacksonDoes(@TempDir final Path dir)
        throws IOException
    {
        final Path trace = Files.writeString(dir.resolve("t.jsonl"), String.join("\n",
            "{\"path\":\"/a\",\"headers\":{\"paht\":\"x\",\"nested\":{\"url\":1}},\"sourceLabels\":{\"host\":\"h\"}}",
            "{\"path\":\"/a\",\"h\\u006Fst\":\"reviews\"}",
            "{\"paht\":\"/b\",\"x\":[1,{\"a\":2}],\"mehtod\":\"GET\",\"bad\":01,\"url\":\"/c\"}",
            "not json, \"timestamp\":1",
            "",
            "  {  \"ts\" : 1 , \"heders\" : { } }  "));
        assertThat(TraceFieldCheck.warnings(trace, 100)).containsExactly(
            trace + ":2: unknown field \"host\" is ignored; did you mean \"authority\"?",
            trace + ":3: unknown field \"paht\" is ignored; did you mean \"path\"?",
            trace + ":3: unknown field \"mehtod\" is ignored; did you mean \"method\"?",
            trace + ":6: unknown field \"heders\" is ignored; did you mean \"headers\"?");
    }
}
