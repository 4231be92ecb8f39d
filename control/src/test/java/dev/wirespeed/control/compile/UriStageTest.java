package dev.wirespeed.control.compile;

import dev.wirespeed.control.model.HttpMatch;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.control.model.StringMatch;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.wirespeed.control.compile.Models.WEB;
import static dev.wirespeed.control.compile.Models.get;
import static dev.wirespeed.control.compile.Models.match;
import static dev.wirespeed.control.compile.Models.model;
import static dev.wirespeed.control.compile.Models.request;
import static dev.wirespeed.control.compile.Models.to;
import static dev.wirespeed.control.compile.Models.vs;
import static org.assertj.core.api.Assertions.assertThat;

class UriStageTest
{
    private static final RoutingModel PREFIXES = model(List.of(vs("web", List.of(WEB), List.of(
            to("long", List.of(match(StringMatch.prefix("/api/v1/users"))), "v1"),
            to("exact", List.of(match(StringMatch.exact("/api"))), "v1"),
            to("short", List.of(match(StringMatch.prefix("/api"))), "v1"),
            to("regex", List.of(match(StringMatch.regex("/static/.*\\.css"))), "v1"),
            to("root", List.of(match(StringMatch.prefix("/"))), "v1")))));

    @Test
    void shouldFindTheLongestPrefixAndStillHonourRouteOrder()
    {
        assertThat(Both.route(PREFIXES, get("web", "/api/v1/users/7")).route()).isEqualTo("long");
        assertThat(Both.route(PREFIXES, get("web", "/api/v1/user")).route()).isEqualTo("short");
        assertThat(Both.route(PREFIXES, get("web", "/api")).route()).isEqualTo("exact");
        assertThat(Both.route(PREFIXES, get("web", "/apis")).route()).isEqualTo("short");
        assertThat(Both.route(PREFIXES, get("web", "/other")).route()).isEqualTo("root");
    }

    @Test
    void shouldMatchTheUriWithoutItsQuery()
    {
        assertThat(Both.route(PREFIXES, get("web", "/api?x=/api/v1/users")).route()).isEqualTo("exact");
    }

    @Test
    void shouldFullMatchRegexes()
    {
        assertThat(Both.route(PREFIXES, get("web", "/static/a.css")).route()).isEqualTo("regex");
        assertThat(Both.route(PREFIXES, get("web", "/static/a.css.map")).route()).isEqualTo("root");
    }

    @Test
    void shouldIgnoreUriCaseOnlyWhereAsked()
    {
        final HttpMatch ci = new HttpMatch(null, StringMatch.prefix("/Books"), null, null, null, Map.of(), Map.of(),
                Map.of(), true, 0, Map.of(), null, List.of());
        final HttpMatch ciExact = new HttpMatch(null, StringMatch.exact("/LOGIN"), null, null, null, Map.of(),
                Map.of(), Map.of(), true, 0, Map.of(), null, List.of());
        final RoutingModel m = model(List.of(vs("web", List.of(WEB), List.of(
                to("cs", List.of(match(StringMatch.prefix("/books/x"))), "v1"),
                to("ci", List.of(ci), "v1"),
                to("login", List.of(ciExact), "v1")))));
        assertThat(Both.route(m, get("web", "/BOOKS/1")).route()).isEqualTo("ci");
        assertThat(Both.route(m, get("web", "/books/x")).route()).isEqualTo("cs");
        assertThat(Both.route(m, get("web", "/Login")).route()).isEqualTo("login");
        assertThat(Both.route(m, get("web", "/Login/")).flags()).isEqualTo("NR");
    }
    @Test
    void shouldTestTheFirstCandidateFromItsCopyInTheUriListThenTheOthers()
    {
        // "gold" is a uri list's first candidate (its tests record is copied into the list, docs/fib.md); it holds
        // only with the header, else the next candidate (its record in the classifier) answers
        final HttpMatch gold = new HttpMatch(null, StringMatch.exact("/pay"), null, null, null,
                Map.of("x-tier", StringMatch.regex("g.+")), Map.of(), Map.of(), false, 0, Map.of(), null, List.of());
        final RoutingModel m = model(List.of(vs("web", List.of(WEB), List.of(
                to("gold", List.of(gold), "v2"),
                to("plain", List.of(match(StringMatch.exact("/pay"))), "v1"),
                to("pre", List.of(match(StringMatch.prefix("/pay"))), "v3")))));
        assertThat(Both.route(m, request(1, "web", "/pay", Map.of("x-tier", "gold"))).route()).isEqualTo("gold");
        assertThat(Both.route(m, request(2, "web", "/pay", Map.of("x-tier", "g"))).route()).isEqualTo("plain");
        assertThat(Both.route(m, get("web", "/pay?x=1")).route()).isEqualTo("plain");
        assertThat(Both.route(m, get("web", "/payment")).route()).isEqualTo("pre");
        assertThat(Both.route(m, get("web", "/pa")).flags()).isEqualTo("NR");
    }

    @Test
    void shouldEndTheUriAtTheQueryWhereverItFallsInAnEightByteWord()
    {
        final List<String> literals = List.of("/a", "/abcdef", "/abcdefg", "/abcdefgh", "/abcdefghi",
                "/abcdefghijklmno", "/abcdefghijklmnop");
        final List<dev.wirespeed.control.model.HttpRoute> routes = new java.util.ArrayList<>();
        for (final String l : literals)
        {
            routes.add(to("e" + l.length(), List.of(match(StringMatch.exact(l))), "v1"));
        }
        final RoutingModel m = model(List.of(vs("web", List.of(WEB), routes)));
        for (final String l : literals)
        {
            for (final String tail : List.of("", "?", "?q=1", "?q=/abcdefgh", "x?"))
            {
                final String expected = tail.startsWith("x") ? null : "e" + l.length();
                assertThat(Both.route(m, get("web", l + tail)).route()).as(l + tail).isEqualTo(expected);
            }
        }
    }

    @Test
    void shouldProbeAPrefixLengthWhoseLastByteSetHoldsThePathsByteInEitherCase()
    {
        // each prefix length keeps the set of its literals' last bytes (bit b & 63): '/' (47) and 'o' (111) share a
        // bit, so "/fo" passes the set of "/f/" and the probe decides; a case-insensitive literal's letter is in the
        // set in both cases; a UTF-8 literal ends with a continuation byte
        final HttpMatch ci = new HttpMatch(null, StringMatch.prefix("/Menu"), null, null, null, Map.of(), Map.of(),
                Map.of(), true, 0, Map.of(), null, List.of());
        final RoutingModel m = model(List.of(vs("web", List.of(WEB), List.of(
                to("slash", List.of(match(StringMatch.prefix("/f/"))), "v1"),
                to("menu", List.of(ci), "v1"),
                to("cafe", List.of(match(StringMatch.prefix("/caf\u00e9"))), "v1"),
                to("root", List.of(match(StringMatch.prefix("/"))), "v1")))));
        assertThat(Both.route(m, get("web", "/f/x")).route()).isEqualTo("slash");
        assertThat(Both.route(m, get("web", "/fo")).route()).isEqualTo("root");
        assertThat(Both.route(m, get("web", "/f")).route()).isEqualTo("root");
        assertThat(Both.route(m, get("web", "/MENU/1")).route()).isEqualTo("menu");
        assertThat(Both.route(m, get("web", "/menU")).route()).isEqualTo("menu");
        assertThat(Both.route(m, get("web", "/menV")).route()).isEqualTo("root");
        assertThat(Both.route(m, get("web", "/caf%C3%A9")).route()).isEqualTo("root");
        assertThat(Both.route(m, get("web", "/caf\u00e9/au-lait")).route()).isEqualTo("cafe");
        assertThat(Both.route(m, get("web", "/caf\u00e8")).route()).isEqualTo("root");
    }

    @Test
    void shouldProbeExactListsOnlyForAPathOfALengthSomeExactLiteralHas()
    {
        // the virtual host's record keeps the exact literals' lengths modulo 30: 4 and 34 share a bit
        final String longer = "/" + "a".repeat(33);
        final HttpMatch ciExact = new HttpMatch(null, StringMatch.exact("/Login"), null, null, null, Map.of(),
                Map.of(), Map.of(), true, 0, Map.of(), null, List.of());
        final RoutingModel m = model(List.of(vs("web", List.of(WEB), List.of(
                to("four", List.of(match(StringMatch.exact("/abc"))), "v1"),
                to("long", List.of(match(StringMatch.exact(longer))), "v1"),
                to("login", List.of(ciExact), "v1"),
                to("root", List.of(match(StringMatch.prefix("/"))), "v1")))));
        assertThat(Both.route(m, get("web", "/abc")).route()).isEqualTo("four");
        assertThat(Both.route(m, get("web", "/abd")).route()).isEqualTo("root");
        assertThat(Both.route(m, get("web", longer)).route()).isEqualTo("long");
        assertThat(Both.route(m, get("web", "/" + "b".repeat(33))).route()).isEqualTo("root");
        assertThat(Both.route(m, get("web", "/abc/")).route()).isEqualTo("root");
        assertThat(Both.route(m, get("web", "/LOGIN?next=/abc")).route()).isEqualTo("login");
        assertThat(Both.route(m, get("web", "/logi")).route()).isEqualTo("root");
    }
}
