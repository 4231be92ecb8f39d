package dev.wirespeed.sim.jsonl;

import dev.wirespeed.control.model.HttpRequest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RequestLineParserTest
{
    private final RequestLineParser parser = new RequestLineParser();
    private final RequestLineParser.Result result = new RequestLineParser.Result();

    @Test
    void shouldReadEveryFieldOfTheDesignExample()
    {
        final String line = "{\"ts\":0,\"src\":\"10.1.0.5\",\"port\":9080,\"gateway\":\"mesh\","
                + "\"sourceNamespace\":\"default\",\"sourceLabels\":{\"app\":\"productpage\"},"
                + "\"method\":\"GET\",\"scheme\":\"http\",\"authority\":\"reviews\","
                + "\"path\":\"/wpcatalog/a\",\"headers\":{\"End-User\":\"jason\"}}";
        assertThat(parser.parse(line, 7, result)).isTrue();
        final HttpRequest r = result.request();
        assertThat(r).isEqualTo(new HttpRequest(7, 0, "10.1.0.5", 9080, "mesh", "default", Map.of("app", "productpage"),
                "GET", "http", "reviews", "/wpcatalog/a", Map.of("end-user", "jason")));
    }

    @Test
    void shouldApplyDefaultsWhenOnlyThePathIsGiven()
    {
        assertThat(parser.parse("{\"path\":\"/x?a=1\"}", 0, result)).isTrue();
        final HttpRequest r = result.request();
        assertThat(r.port()).isEqualTo(80);
        assertThat(r.gateway()).isEqualTo("mesh");
        assertThat(r.sourceNamespace()).isEqualTo("default");
        assertThat(r.method()).isEqualTo("GET");
        assertThat(r.scheme()).isEqualTo("http");
        assertThat(r.authority()).isEmpty();
        assertThat(r.path()).isEqualTo("/x?a=1");
    }

    @Test
    void shouldTakeThePortFromTheAuthorityOrTheScheme()
    {
        assertThat(port("{\"path\":\"/\",\"authority\":\"reviews:9080\"}")).isEqualTo(9080);
        assertThat(port("{\"path\":\"/\",\"authority\":\"[2001:db8::1]:8443\",\"scheme\":\"https\"}")).isEqualTo(8443);
        assertThat(port("{\"path\":\"/\",\"authority\":\"[2001:db8::1]\",\"scheme\":\"https\"}")).isEqualTo(443);
        assertThat(port("{\"path\":\"/\",\"authority\":\"fd00::2\"}")).isEqualTo(80);
        assertThat(port("{\"path\":\"/\",\"authority\":\"example.com\"}")).isEqualTo(80);
        assertThat(port("{\"path\":\"/\",\"authority\":\"example.com:8080\",\"port\":9080}")).isEqualTo(9080);
    }

    private int port(final String line)
    {
        assertThat(parser.parse(line, 0, result)).isTrue();
        return result.request().port();
    }

    @Test
    void shouldSayWhatIsWrongWithABadLine()
    {
        assertThat(parser.parse("not json", 0, result)).isFalse();
        assertThat(result.error()).contains("not valid JSON").startsWith("column ");
        assertThat(parser.parse("{\"authority\":\"a\"}", 0, result)).isFalse();
        assertThat(result.error()).contains("missing required field \"path\"");
        assertThat(parser.parse("{\"path\":7}", 0, result)).isFalse();
        assertThat(result.error()).isEqualTo("column 9: \"path\" must be a string");
        assertThat(parser.parse("{\"path\":\"/\",\"port\":\"80\"}", 0, result)).isFalse();
        assertThat(result.error()).contains("\"port\" must be an integer 1..65535");
        assertThat(parser.parse("{\"path\":\"/\",\"headers\":{\"a\":1}}", 0, result)).isFalse();
        assertThat(result.error()).contains("\"headers.a\" must be a string");
        assertThat(parser.parse("[1]", 0, result)).isFalse();
        assertThat(result.error()).contains("expected a JSON object");
        assertThat(parser.parse("{\"path\":\"/\"} {}", 0, result)).isFalse();
        assertThat(result.error()).contains("unexpected data");
        assertThat(parser.parse("{\"path\":\"/\"", 0, result)).isFalse();
        assertThat(result.request()).isNull();
    }

    @Test
    void shouldTakeNullAsAbsentExceptForThePath()
    {
        assertThat(parser.parse("{\"path\":\"/\",\"method\":null,\"headers\":null,\"port\":null}", 0, result)).isTrue();
        assertThat(result.request().method()).isEqualTo("GET");
        assertThat(result.request().port()).isEqualTo(80);
        assertThat(parser.parse("{\"path\":null}", 0, result)).isFalse();
        assertThat(result.error()).contains("\"path\" must be a string");
    }

    @Test
    void shouldReadTheAlpnListAndRejectANameItCannotCarry()
    {
        assertThat(parser.parse("{\"path\":\"/\",\"sni\":\"a\",\"alpn\":[\"h2\",\"istio\"]}", 0, result)).isTrue();
        assertThat(result.request().alpn()).isEqualTo("h2,istio");
        assertThat(result.request().offeredAlpn()).containsExactly("h2", "istio");
        assertThat(parser.parse("{\"path\":\"/\",\"alpn\":[]}", 0, result)).isTrue();
        assertThat(result.request().offeredAlpn()).as("an empty list offers none").isEmpty();
        assertThat(parser.parse("{\"path\":\"/\"}", 0, result)).isTrue();
        assertThat(result.request().offeredAlpn()).as("not said: a sidecar's").containsExactly("istio-peer-exchange",
                "istio");
        assertThat(parser.parse("{\"path\":\"/\",\"alpn\":[\"a,b\"]}", 0, result)).isFalse();
        assertThat(result.error()).contains("\"alpn\" must be an array of non-empty protocol names without commas");
        assertThat(parser.parse("{\"path\":\"/\",\"alpn\":\"h2\"}", 0, result)).isFalse();
        assertThat(result.error()).contains("\"alpn\" must be an array of strings");
    }

    @Test
    void shouldIgnoreUnknownFields()
    {
        assertThat(parser.parse("{\"path\":\"/\",\"future\":{\"x\":[1,2]}}", 0, result)).isTrue();
        assertThat(result.request().path()).isEqualTo("/");
    }
}
