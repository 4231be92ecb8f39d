package dev.wirespeed.control.compile;

import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.control.reference.ReferenceRouter;

import java.util.Map;

/**
 * The coverage kinds of a differential test for sidecar requests naming a registry service on a port it does not
 * declare (docs/routing.md §1 item 2): what answered them.
 */
final class UndeclaredPorts
{
    /** Every kind {@link #tally} counts; a differential test asserts it saw each. */
    static final String[] KINDS = {"undeclared-port-vs", "undeclared-port-vs-claimed-port",
        "undeclared-port-catch-all", "undeclared-port-connection", "undeclared-port-egress-proxy",
        "undeclared-port-short-name", "undeclared-port-address"};

    private UndeclaredPorts()
    {
    }

    /** The request's port as docs/formats.md defaults it: the authority's, else 80 (443 for https). */
    private static int port(final HttpRequest r)
    {
        final String a = r.authority() == null ? "" : r.authority();
        final java.util.regex.Matcher m = java.util.regex.Pattern.compile("^[^:\\[]*:([0-9]+)$|^\\[.*\\]:([0-9]+)$")
                .matcher(a);
        if (r.port() != 0)
        {
            return r.port();
        }
        if (m.matches())
        {
            return Integer.parseInt(m.group(1) != null ? m.group(1) : m.group(2));
        }
        return "https".equals(r.scheme()) ? 443 : 80;
    }

    /**
     * @param coverage the counts by kind.
     * @param request  a request the reference said names a service on a port it does not declare.
     * @param d        the reference's decision.
     */
    static void tally(final Map<String, Integer> coverage, final HttpRequest request, final RouteDecision d)
    {
        final String kind;
        if (request.sni() != null)
        {
            kind = "undeclared-port-connection";
        }
        else if (d.vs() != null)
        {
            // a VirtualService naming the host has a virtual host on the port: port 80, or an HTTP port of another
            // service it claims
            kind = port(request) == 80 ? "undeclared-port-vs" : "undeclared-port-vs-claimed-port";
        }
        else
        {
            // the catch-all: PassthroughCluster, block_all, or the mesh's egress proxy
            kind = ReferenceRouter.PASSTHROUGH_CLUSTER.equals(d.cluster())
                    || ReferenceRouter.BLOCK_ALL.equals(d.route()) ? "undeclared-port-catch-all"
                    : "undeclared-port-egress-proxy";
        }
        coverage.merge(kind, 1, Integer::sum);
        coverage.merge("undeclared-port-" + port(request), 1, Integer::sum);
        final String a = request.authority() == null ? "" : request.authority();
        if (a.matches("[0-9.:\\[\\]a-fA-F]+") && a.indexOf('.') != a.lastIndexOf('.') || a.startsWith("["))
        {
            coverage.merge("undeclared-port-address", 1, Integer::sum);
        }
        else if (!a.isEmpty() && a.replaceFirst(":[0-9]+$", "").indexOf('.') < 0)
        {
            coverage.merge("undeclared-port-short-name", 1, Integer::sum);
        }
    }
}
