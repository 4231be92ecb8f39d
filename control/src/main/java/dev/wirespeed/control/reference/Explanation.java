package dev.wirespeed.control.reference;

import dev.wirespeed.control.model.HttpMatch;
import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.HttpRoute;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.control.model.VirtualService;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code wirespeed explain} and route tests learn from one walk of the reference interpreter: every step
 * in order, for people, and the conclusions the walk reached (the block that matched, the cluster, the
 * endpoint and its load-balancer policy), read from the walk's own events rather than from the decision.
 */
public final class Explanation implements RouteTrace
{
    /**
     * One step.
     *
     * @param stage the stage ({@code host}, {@code virtual-service}, {@code route}, {@code action},
     *              {@code cluster}, {@code endpoint}, and outside the interpreter {@code parse}, {@code l3}).
     * @param text  what it decided and why.
     */
    public record Step(String stage, String text)
    {
    }

    /**
     * The block that matched.
     *
     * @param vs         the VirtualService ({@code namespace/name}).
     * @param route      the route's name, or {@code null}.
     * @param routeIndex the route's index in the VirtualService's {@code http} list (-1 for a delegate's).
     * @param blockIndex the block's index in the route's {@code match} list (0 for a route without one).
     */
    public record Hit(String vs, String route, int routeIndex, int blockIndex)
    {
    }

    private final List<Step> steps = new ArrayList<>();
    private final List<Hit> tried = new ArrayList<>();
    private Hit matched;
    private VirtualService matchedVs;
    private HttpRoute matchedRoute;
    private HttpMatch matchedRoot;
    private HttpMatch matchedLeaf;
    private String cluster;
    private String endpoint;
    private String policy;
    private RouteDecision decision;

    /**
     * Walks a request through the reference interpreter.
     *
     * @param router  the interpreter.
     * @param request the request.
     * @return the explanation, with {@link #decision()} set.
     */
    public static Explanation of(final ReferenceRouter router, final HttpRequest request)
    {
        final Explanation e = new Explanation();
        e.decision = router.route(request, e);
        return e;
    }

    /**
     * Adds a step found outside the interpreter (parsing, L3).
     *
     * @param stage the stage.
     * @param text  the text.
     */
    public void add(final String stage, final String text)
    {
        steps.add(new Step(stage, text));
    }

    @Override
    public void step(final String stage, final String text)
    {
        steps.add(new Step(stage, text));
    }

    @Override
    public void block(final VirtualService vs, final HttpRoute route, final HttpMatch root, final HttpMatch leaf,
            final String failure)
    {
        final int routeIndex = vs.http().indexOf(route);
        final int blockIndex = Math.max(0, routeIndex < 0 ? 0 : route.matches().indexOf(root));
        final Hit hit = new Hit(vs.qualifiedName(), route.name(), routeIndex, blockIndex);
        tried.add(hit);
        final String where = "route " + RouteSteps.name(route) + (routeIndex < 0 ? " (delegated)" : "")
                + (route.matches().size() > 1 ? " match " + blockIndex : "");
        if (failure == null)
        {
            matched = hit;
            matchedVs = vs;
            matchedRoute = route;
            matchedRoot = root;
            matchedLeaf = leaf;
            steps.add(new Step("route", where + ": matched"));
        }
        else
        {
            steps.add(new Step("route", where + ": " + failure));
        }
    }

    @Override
    public void cluster(final String name)
    {
        cluster = name;
    }

    @Override
    public void endpoint(final String lbPolicy, final int endpoints, final int pick, final String chosen)
    {
        policy = lbPolicy;
        endpoint = chosen;
        steps.add(new Step("endpoint", "`" + chosen + "`: " + lbPolicy + " picked " + pick + " of " + endpoints
                + " healthy endpoints" + (lbPolicy.contains("sorted by") ? "" : " (sorted by address, port)")));
    }

    /** @return the steps in order. */
    public List<Step> steps()
    {
        return steps;
    }

    /** @return every block tried, in order (the last is the match when one matched). */
    public List<Hit> tried()
    {
        return tried;
    }

    /** @return the block that matched, or {@code null} (default route, catch-all, or no route). */
    public Hit matched()
    {
        return matched;
    }

    /** @return the VirtualService of the block that matched (the root one when delegated), or {@code null}. */
    public VirtualService matchedVirtualService()
    {
        return matchedVs;
    }

    /** @return the route that matched (merged with its root when delegated), or {@code null}. */
    public HttpRoute matchedRoute()
    {
        return matchedRoute;
    }

    /** @return the block that matched (the root's when delegated), or {@code null}. */
    public HttpMatch matchedBlock()
    {
        return matchedRoot;
    }

    /** @return the delegate's block that also matched, or {@code null}. */
    public HttpMatch matchedDelegateBlock()
    {
        return matchedLeaf;
    }

    /** @return the cluster the walk chose, or {@code null}. */
    public String cluster()
    {
        return cluster;
    }

    /** @return the endpoint the walk picked, or {@code null}. */
    public String endpoint()
    {
        return endpoint;
    }

    /** @return the load-balancer policy that picked it, or {@code null}. */
    public String policy()
    {
        return policy;
    }

    /** @return the decision the walk returned. */
    public RouteDecision decision()
    {
        return decision;
    }
}
