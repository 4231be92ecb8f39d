package dev.wirespeed.sim.explain;

import dev.wirespeed.control.model.HttpMatch;
import dev.wirespeed.control.model.HttpRoute;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.control.model.VirtualService;
import dev.wirespeed.control.reference.Explanation;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which routes and match blocks of a model some test hit (Envoy's {@code router_check_tool --coverage}): the
 * universe is every HTTP route of every VirtualService (delegates included) and every match block of those
 * routes (a route without {@code match} counts one block); a walk hits the block that matched, and for a
 * delegated route also the delegate's block.
 */
public final class RouteCoverage
{
    /**
     * A route never hit.
     *
     * @param vs       the VirtualService ({@code namespace/name}).
     * @param index    the route's index in its {@code http} list.
     * @param name     the route's name, or {@code null}.
     * @param location where it is written.
     */
    public record Uncovered(String vs, int index, String name, String location)
    {
    }

    private final List<VirtualService> services;
    private final Map<HttpMatch, int[]> blockOf = new IdentityHashMap<>();
    private final Map<HttpRoute, int[]> routeOf = new IdentityHashMap<>();
    private final Set<Long> routesHit = new LinkedHashSet<>();
    private final Set<Long> blocksHit = new LinkedHashSet<>();
    private int routes;
    private int blocks;

    /** @param model the model whose routes are counted. */
    public RouteCoverage(final RoutingModel model)
    {
        this.services = model.virtualServices();
        for (int v = 0; v < services.size(); v++)
        {
            final List<HttpRoute> http = services.get(v).http();
            for (int r = 0; r < http.size(); r++)
            {
                final HttpRoute route = http.get(r);
                routes++;
                routeOf.put(route, new int[] {v, r});
                blocks += Math.max(1, route.matches().size());
                for (int b = 0; b < route.matches().size(); b++)
                {
                    blockOf.put(route.matches().get(b), new int[] {v, r, b});
                }
            }
        }
    }

    /**
     * Counts what a walk hit.
     *
     * @param walk an explanation.
     */
    public void add(final Explanation walk)
    {
        final HttpRoute route = walk.matchedRoute();
        if (route == null)
        {
            return;
        }
        final int[] direct = routeOf.get(route);
        if (direct != null && walk.matchedDelegateBlock() == null)
        {
            hit(direct[0], direct[1], block(walk.matchedBlock(), 0));
            return;
        }
        // delegated: the root's delegating route (by its block, else the first route that delegates) ...
        final int v = services.indexOf(walk.matchedVirtualService());
        final int[] root = blockOf.get(walk.matchedBlock());
        if (root != null)
        {
            hit(root[0], root[1], root[2]);
        }
        else if (v >= 0)
        {
            final List<HttpRoute> http = services.get(v).http();
            for (int r = 0; r < http.size(); r++)
            {
                if (http.get(r).delegate() != null && http.get(r).matches().isEmpty())
                {
                    hit(v, r, 0);
                    break;
                }
            }
        }
        // ... and the delegate's route (by its block, else by the merged route's name)
        final int[] leaf = blockOf.get(walk.matchedDelegateBlock());
        if (leaf != null)
        {
            hit(leaf[0], leaf[1], leaf[2]);
            return;
        }
        for (final Map.Entry<HttpRoute, int[]> e : routeOf.entrySet())
        {
            final String n = e.getKey().name();
            if (n != null && e.getKey().matches().isEmpty() && route.name() != null
                    && (route.name().equals(n) || route.name().endsWith("-" + n))
                    && e.getValue()[0] != v)
            {
                hit(e.getValue()[0], e.getValue()[1], 0);
                return;
            }
        }
    }

    private int block(final HttpMatch m, final int fallback)
    {
        final int[] at = blockOf.get(m);
        return at == null ? fallback : at[2];
    }

    private void hit(final int v, final int r, final int b)
    {
        routesHit.add(((long)v << 32) | r);
        blocksHit.add(((long)v << 40) | ((long)r << 20) | b);
    }

    /** @return routes in the model. */
    public int routes()
    {
        return routes;
    }

    /** @return routes some test hit. */
    public int routesHit()
    {
        return routesHit.size();
    }

    /** @return match blocks in the model. */
    public int blocks()
    {
        return blocks;
    }

    /** @return match blocks some test hit. */
    public int blocksHit()
    {
        return blocksHit.size();
    }

    /** @return the share of routes hit, percent (100 for a model without routes). */
    public double routePercent()
    {
        return routes == 0 ? 100.0 : 100.0 * routesHit.size() / routes;
    }

    /** @return the share of match blocks hit, percent (100 for a model without routes). */
    public double blockPercent()
    {
        return blocks == 0 ? 100.0 : 100.0 * blocksHit.size() / blocks;
    }

    /** @return the routes no test hit, in model order. */
    public List<Uncovered> uncovered()
    {
        final List<Uncovered> out = new ArrayList<>();
        for (int v = 0; v < services.size(); v++)
        {
            final List<HttpRoute> http = services.get(v).http();
            for (int r = 0; r < http.size(); r++)
            {
                if (!routesHit.contains(((long)v << 32) | r))
                {
                    final HttpRoute route = http.get(r);
                    out.add(new Uncovered(services.get(v).qualifiedName(), r, route.name(),
                            route.source() == null ? "" : route.source().location()));
                }
            }
        }
        return out;
    }
}
