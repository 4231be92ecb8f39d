package dev.wirespeed.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RouteTestCommandTest
{
    /** Each example route test file and the config it tests. */
    private static final Map<String, String> EXAMPLES = Map.of(
            "reviews.yaml", "../examples/reviews",
            "bookinfo-request-routing.yaml", "../examples/bookinfo/request-routing",
            "bookinfo-traffic-shifting-80-20.yaml", "../examples/bookinfo/traffic-shifting-80-20",
            "bookinfo-traffic-shifting-50-50.yaml", "../examples/bookinfo/traffic-shifting-50-50",
            "bookinfo-fault-delay.yaml", "../examples/bookinfo/fault-delay",
            "bookinfo-fault-abort.yaml", "../examples/bookinfo/fault-abort");

    private static final String WRONG = """
            tests:
            - name: bob sees v2 (wrong on purpose)
              request:
                authority: reviews
                path: /reviews/1
                port: 9080
                headers: {end-user: bob}
              expect:
                subset: v2
                headers: {x-added: "1"}
            - name: jason sees v2
              request:
                authority: reviews
                path: /reviews/1
                port: 9080
                headers: {end-user: jason}
              expect: {subset: v2}
            """;

    @TempDir
    Path dir;

    @Test
    void everyExampleRouteTestFileShouldPassWithFullCoverage() throws Exception
    {
        try (var files = Files.list(Path.of("../examples/route-tests")))
        {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactlyInAnyOrderElementsOf(EXAMPLES.keySet());
        }
        for (final Map.Entry<String, String> e : EXAMPLES.entrySet())
        {
            final CliRun r = CliRun.run("test", "-c", e.getValue(), "../examples/route-tests/" + e.getKey(),
                    "--fail-under", "100");
            assertThat(r.exitCode).as(e.getKey() + "\n" + r.out + r.err).isZero();
            assertThat(r.out).contains(" 0 failed").contains("coverage: routes ").contains("(100.0%)")
                    .doesNotContain("FAIL");
        }
    }

    @Test
    void shouldPrintTheRequestExpectedActualAndTheExplainOfTheFailingStage() throws Exception
    {
        final Path tests = Files.writeString(dir.resolve("t.yaml"), WRONG);
        final CliRun r = CliRun.run("test", "-c", "../examples/bookinfo/request-routing", tests.toString());
        assertThat(r.exitCode).isEqualTo(1);
        assertThat(r.out).contains("FAIL  bob sees v2 (wrong on purpose) (" + tests + ":2:3)")
                .contains("request   #0 GET http://reviews/reviews/1")
                .contains("subset: expected `v2`, got `v1`")
                .contains("headers.x-added: expected `1`, got (none)")
                .contains("route `jason`: header `end-user` exact `jason` ≠ `bob`")
                .contains("PASS  jason sees v2")
                .contains("2 tests, 1 passed, 1 failed");
        final CliRun details = CliRun.run("test", "-c", "../examples/bookinfo/request-routing", tests.toString(),
                "--details");
        assertThat(details.exitCode).isEqualTo(1);
        assertThat(details.out.substring(details.out.indexOf("PASS  jason sees v2")))
                .contains("request   #0 GET http://reviews/reviews/1").contains("explain:")
                .contains("route `jason`: matched").contains("l3 ");
    }

    @Test
    void shouldMeasureCoverageListTheRoutesNeverHitAndFailUnderTheThreshold() throws Exception
    {
        final Path tests = Files.writeString(dir.resolve("t.yaml"), WRONG.substring(0, WRONG.indexOf("- name: jason"))
                .replace("subset: v2", "subset: v1").replace("    headers: {x-added: \"1\"}\n", ""));
        final CliRun below = CliRun.run("test", "-c", "../examples/bookinfo/request-routing", tests.toString(),
                "--covall", "--fail-under", "50");
        assertThat(below.exitCode).as(below.out).isEqualTo(1);
        assertThat(below.out).contains("1 test, 1 passed, 0 failed")
                .contains("coverage: routes 1/5 (20.0%), match blocks 1/5 (20.0%)")
                .contains("not hit: default/reviews http[0] `jason` at ")
                .contains("not hit: default/productpage http[0]")
                .contains("route coverage 20.0% is below --fail-under 50.0%");
        final CliRun above = CliRun.run("test", "-c", "../examples/bookinfo/request-routing", tests.toString(),
                "--fail-under", "20");
        assertThat(above.exitCode).as(above.out).isZero();
        assertThat(CliRun.run("test", "-c", "../examples/reviews", tests.toString(), "--fail-under", "101").exitCode)
                .isEqualTo(2);
    }

    @Test
    void shouldGiveEveryProblemOfABadTestFileWithItsPositionAndExit2() throws Exception
    {
        final Path bad = Files.writeString(dir.resolve("bad.yaml"), """
                tests:
                - name: typo
                  request:
                    authority: reviews
                    path: 3
                  expect:
                    clustr: x
                - request: {path: /}
                  expect: {status: 200}
                """);
        final CliRun r = CliRun.run("test", "-c", "../examples/reviews", bad.toString());
        assertThat(r.exitCode).isEqualTo(2);
        assertThat(r.err.lines().toList()).containsExactly(
                bad + ":5:11: error: tests[0].request.path: \"path\" must be a string",
                bad + ":7:5: error: tests[0].expect.clustr: unknown decision field `clustr` (expected one of action, "
                        + "vs, route, cluster, host, subset, port, endpoint, path, authority, status, grpcStatus, "
                        + "location, flags, reason, delayMillis, mirrors, body, egressPort, nextHop, authz, "
                        + "headers, removedHeaders)",
                bad + ":8:3: error: tests[1]: expected a `name` string");
        final Path syntax = Files.writeString(dir.resolve("syntax.yaml"), "tests:\n- name: [unclosed\n");
        final CliRun s = CliRun.run("test", "-c", "../examples/reviews", syntax.toString());
        assertThat(s.exitCode).isEqualTo(2);
        assertThat(s.err).startsWith(syntax + ":");
    }

    @Test
    void shouldWriteWellFormedJunitXml() throws Exception
    {
        final Path tests = Files.writeString(dir.resolve("t.yaml"), WRONG.replace("wrong on purpose",
                "<wrong> & \"quoted\""));
        final Path xml = dir.resolve("junit.xml");
        final CliRun r = CliRun.run("test", "-c", "../examples/bookinfo/request-routing", tests.toString(),
                "--junit", xml.toString());
        assertThat(r.exitCode).isEqualTo(1);
        final Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
        final Element root = doc.getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("testsuites");
        assertThat(root.getAttribute("tests")).isEqualTo("2");
        assertThat(root.getAttribute("failures")).isEqualTo("1");
        final Element suite = (Element)root.getElementsByTagName("testsuite").item(0);
        assertThat(suite.getAttribute("name")).isEqualTo(tests.toString());
        final Element first = (Element)suite.getElementsByTagName("testcase").item(0);
        assertThat(first.getAttribute("name")).isEqualTo("bob sees v2 (<wrong> & \"quoted\")");
        final Element failure = (Element)first.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("message")).contains("subset: expected `v2`, got `v1`");
        assertThat(failure.getTextContent()).contains("route `jason`: header `end-user` exact `jason` ≠ `bob`");
        final Element second = (Element)suite.getElementsByTagName("testcase").item(1);
        assertThat(second.getElementsByTagName("failure").getLength()).isZero();
    }
}
