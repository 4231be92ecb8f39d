package dev.wirespeed.control.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.wirespeed.control.config.ConfigLoaderValidationTest.errors;
import static dev.wirespeed.control.config.ConfigLoaderValidationTest.vsErrors;
import static org.assertj.core.api.Assertions.assertThat;

/** Every limit on hostile config, with the one clear file:line:column message it gives. */
class ConfigLimitsTest
{
    @TempDir
    Path dir;

    private static String uriRegex(final String regex)
    {
        return "  - match:\n    - uri: {regex: '" + regex + "'}\n    route:\n    - destination: {host: reviews}\n";
    }

    @Test
    void shouldKeepAnUnknownFieldWhoseQuotedNameHoldsALineBreakOnOneMessageLine()
    {
        final List<String> errors = errors("""
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata:
                  name: r
                spec:
                  hosts: [reviews]
                  "gate\\nways": [mesh]
                """);
        assertThat(errors).allSatisfy(e -> assertThat(e).doesNotContain("\n"));
        assertThat(errors).filteredOn(e -> e.contains("unknown field")).singleElement().asString()
            .startsWith("t.yaml:7:3: error: spec[\"gate\\nways\"]: unknown field \"gate\\nways\"");
    }

    @Test
    void shouldRejectNestedRegexRepeatsMultiplyingPastOneThousandInsteadOfCompilingForMinutes()
    {
        assertThat(vsErrors(uriRegex("((a{1000}){1000}){1000}"))).containsExactly(
                "t.yaml:9:20: error: spec.http[0].match[0].uri.regex: invalid nested repetition: the repeat counts"
                        + " multiply to over 1000 copies (RE2's limit, as in Istio)");
        assertThat(vsErrors(uriRegex("(x(a{10}){101})"))).hasSize(1);
        assertThat(vsErrors(uriRegex("a{1001}"))).singleElement().asString().contains("invalid repeat count");
    }

    @Test
    void shouldRejectThreeThousandNestedGroupsWithAMessageInsteadOfAStackOverflow()
    {
        final String deep = "(".repeat(3000) + "a" + ")".repeat(3000);
        assertThat(vsErrors(uriRegex(deep))).containsExactly("t.yaml:9:20: error: spec.http[0].match[0].uri.regex:"
                + " regex is too large: 6001 characters, at most 1024 are allowed (as in Istio)");
        assertThat(RegexLimits.check("(".repeat(500) + "a" + ")".repeat(500))).as("500 levels").isNull();
        assertThat(vsErrors(uriRegex("(".repeat(1000)))).singleElement().asString().contains("missing closing )");
    }

    @Test
    void shouldRejectARegexLongerThanIstioAllows()
    {
        assertThat(vsErrors(uriRegex("a".repeat(1025)))).singleElement().asString()
                .contains("spec.http[0].match[0].uri.regex: regex is too large: 1025 characters, at most 1024");
    }

    @Test
    void shouldAcceptOrdinaryRegexesWithinTheLimits()
    {
        for (final String ok : new String[] {"[a-z]{1,1000}", "(a{10}){100}", "(?i)/api/.*", "(?P<id>[0-9]+)/x",
            "\\d+\\.\\d{1,3}", "[]a]{2}|b{3,}", "\\Q(((\\E", "x{", "a{2}{500}", "\\p{Greek}+"})
        {
            assertThat(RegexLimits.check(ok)).as(ok).isNull();
        }
        assertThat(RegexLimits.check("[a-z]{1000}".repeat(93))).as("93,000 instructions").isNull();
        assertThat(RegexLimits.check("(" + "a".repeat(200) + "){1000}")).as("200,000 instructions")
                .isEqualTo("regex is too large: its compiled program would have about 202000 instructions, at most"
                        + " 100000 are allowed");
    }

    @Test
    void shouldCapYamlAliasExpansionWithOneErrorAtTheAlias()
    {
        final StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        char prev = 'a';
        for (char c = 'b'; c <= 'i'; c++)
        {
            bomb.append(c).append(": &").append(c).append(" [");
            for (int k = 0; k < 10; k++)
            {
                bomb.append(k == 0 ? "" : ", ").append('*').append(prev);
            }
            bomb.append("]\n");
            prev = c;
        }
        final List<String> errs = errors(bomb.toString());
        assertThat(errs).hasSize(1);
        assertThat(errs.get(0)).startsWith("t.yaml:5:36: error: e[7]: ")
                .contains("YAML aliases expand to more than 100000 nodes");
    }

    @Test
    void shouldCapTheNumberOfAliasesToCollections()
    {
        final StringBuilder yaml = new StringBuilder("a: &a [x]\nb: [");
        for (int k = 0; k < 51; k++)
        {
            yaml.append(k == 0 ? "" : ", ").append("*a");
        }
        yaml.append("]\n");
        assertThat(errors(yaml.toString())).containsExactly(
                "t.yaml:2:205: error: b[50]: more than 50 YAML aliases to mappings or sequences in one file");
    }

    @Test
    void shouldReportAnErrorReachedThroughManyAliasesOnce()
    {
        final StringBuilder yaml = new StringBuilder(ConfigLoaderValidationTest.VS_HEAD);
        yaml.append("  - route: &r\n    - destination: {host: reviews, subsett: v1}\n");
        for (int k = 0; k < 20; k++)
        {
            yaml.append("  - route: *r\n");
        }
        assertThat(errors(yaml.toString())).containsExactly("t.yaml:9:36: error: spec.http[0].route[0].destination"
                + ".subsett: unknown field \"subsett\" (did you mean \"subset\"?)");
    }

    @Test
    void shouldReportTheNestingDepthAtARealPositionWithoutParserInternals()
    {
        final List<String> errs = errors("a:\n  b: " + "[".repeat(3000) + "]".repeat(3000) + "\n");
        assertThat(errs).containsExactly(
                "t.yaml:2:104: error: a.b" + "[0]".repeat(98) + ": YAML nested deeper than 100 levels of mappings and"
                        + " sequences");
    }

    @Test
    void shouldRejectAScalarOverTheLimitAtItsPosition()
    {
        final List<String> errs = errors("apiVersion: v1\nkind: Service\nmetadata:\n  name: "
                + "x".repeat(YamlDocumentReader.MAX_SCALAR_CHARS + 1) + "\n");
        assertThat(errs).containsExactly("t.yaml:4:9: error: metadata.name: YAML scalar of 1048577 characters, over"
                + " the limit of 1048576");
    }

    @Test
    void shouldReportInvalidUtf8AtItsLineAndColumn() throws Exception
    {
        final Path file = dir.resolve("bad.yaml");
        final byte[] head = "apiVersion: v1\nkind: Service\nmetadata: {name: \"é".getBytes(StandardCharsets.UTF_8);
        final byte[] bytes = new byte[head.length + 3];
        System.arraycopy(head, 0, bytes, 0, head.length);
        bytes[head.length] = (byte)0xff;
        bytes[head.length + 1] = '"';
        bytes[head.length + 2] = '}';
        Files.write(file, bytes);
        final List<String> errs = new ConfigLoader().load(List.of(file)).formattedDiagnostics();
        assertThat(errs).containsExactly(file + ":3:20: error: not valid UTF-8 (byte 0xff at offset 49): YAML files"
                + " must be UTF-8");
    }

    @Test
    void shouldSkipAByteOrderMark() throws Exception
    {
        final Path file = dir.resolve("bom.yaml");
        Files.write(file, ("\uFEFFapiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec: {ports: [{port: 80}]}\n")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(new ConfigLoader().load(List.of(file)).errors()).isEmpty();
    }

    @Test
    void shouldReportDanglingSymlinksAndLoopsInAConfigDirectoryInsteadOfClaimingItHasNoYaml() throws Exception
    {
        final Path config = Files.createDirectory(dir.resolve("c"));
        Files.createSymbolicLink(config.resolve("gone.yaml"), dir.resolve("missing.yaml"));
        Files.createSymbolicLink(config.resolve("loop.yaml"), config.resolve("loop.yaml"));
        final List<String> diags = new ConfigLoader().load(List.of(config)).formattedDiagnostics();
        assertThat(diags).containsExactly(
                config.resolve("gone.yaml") + ": error: dangling symbolic link: its target "
                        + dir.resolve("missing.yaml")
                        + " does not exist",
                config.resolve("loop.yaml") + ": error: symbolic link loop (it leads back to itself)");
    }

    @Test
    void shouldRefuseAYamlFileOverTheSizeLimitWithoutReadingIt() throws Exception
    {
        final Path big = dir.resolve("big.yaml");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw"))
        {
            f.setLength(ConfigLoader.MAX_FILE_BYTES + 1L); // sparse: no disk used
        }
        assertThat(new ConfigLoader().load(List.of(big)).formattedDiagnostics()).containsExactly(
                big + ":1:1: error: YAML file is larger than the limit of 67108864 bytes (put big route tables in a"
                        + " RouteTable routesFile)");
    }

    @Test
    void shouldRejectDurationsPastGoTimeDurationAndAbsurdTimeouts()
    {
        assertThat(vsErrors("""
                  - timeout: 99999999999h
                    fault: {delay: {fixedDelay: 9223372036854775807s}}
                    route:
                    - destination: {host: reviews}
                  - timeout: 0s
                    route:
                    - destination: {host: reviews}
                  - timeout: 1500us
                    route:
                    - destination: {host: reviews}
                """)).containsExactly(
                "t.yaml:8:14: error: spec.http[0].timeout: timeout \"99999999999h\" is out of range: at most"
                        + " 2562047h47m16.854775807s (Go's time.Duration, as Istio reads it)",
                "t.yaml:9:33: error: spec.http[0].fault.delay.fixedDelay: fixedDelay \"9223372036854775807s\" is out"
                        + " of range: at most 2562047h47m16.854775807s (Go's time.Duration, as Istio reads it)",
                "t.yaml:12:14: error: spec.http[1].timeout: timeout must be at least 1ms",
                "t.yaml:15:14: error: spec.http[2].timeout: timeout: only durations to millisecond precision are"
                        + " supported");
    }

    @Test
    void shouldPointFindingsAboutASpecThatIsNotAMappingAtTheSpecNotAtCode()
    {
        // Found by ConfigLoaderFuzzTest: "<code>: error: VirtualService must have at least one host".
        assertThat(errors("apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: d}\n"
                + "spec:\n  hostv1\n"))
                .startsWith("t.yaml:5:3: error: spec: expected a mapping, got the string \"hostv1\"")
                .allSatisfy(e -> assertThat(e).startsWith("t.yaml:5:3: error: spec: ").doesNotContain("<code>"));
    }

    @Test
    void shouldKeepAMessageAboutAMultiLineValueOnOneLine()
    {
        // Found by ConfigLoaderFuzzTest: a document that is one multi-line string gave a message of many lines.
        assertThat(errors("\"apiVersion\n\n\n\tkind\"\n")).containsExactly("t.yaml:1:1: error: expected a Kubernetes"
                + " object (a mapping with apiVersion and kind), got the string \"apiVersion\\n\\nkind\"");
    }
}
