package dev.wirespeed.control.compile;

import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.fib.FibImage;
import dev.wirespeed.fib.l7.L7Lookup;
import dev.wirespeed.fib.l7.L7Regexes;
import dev.wirespeed.fib.l7.L7RequestView;
import dev.wirespeed.fib.l7.L7Result;

/**
 * A compiled model with its fast path: what the embedding API calls. {@link #route(HttpRequest)} goes
 * through the off-heap FIB ({@link L7Lookup}) and then materializes the decision. One instance is for
 * one thread at a time (it owns one lookup, one view, one result); other threads use
 * {@link #newLookup()} with their own {@link L7Result}.
 */
public final class CompiledRouter implements AutoCloseable
{
    private final FibImage image;
    private final boolean ownsImage;
    private final L7Regexes regexes;
    private final L7Lookup lookup;
    private final DecisionMaterializer materializer;
    private final HttpRequestView view = new HttpRequestView();
    private final L7Result result = new L7Result();

    /**
     * Over an image built elsewhere (e.g. the L7 sections of {@link L7Compiler} merged with L3 sections).
     *
     * @param image   an image holding the L7 sections.
     * @param regexes the side array compiled with them.
     */
    public CompiledRouter(final FibImage image, final L7Regexes regexes)
    {
        this(image, regexes, false);
    }

    private CompiledRouter(final FibImage image, final L7Regexes regexes, final boolean ownsImage)
    {
        this.image = image;
        this.regexes = regexes;
        this.ownsImage = ownsImage;
        this.lookup = new L7Lookup(image, regexes);
        this.materializer = new DecisionMaterializer(lookup);
    }

    /**
     * Compiles a model into a new image (generation 1) holding only the L7 sections.
     *
     * @param model the resolved model.
     * @return the router; {@link #close()} frees its image.
     * @throws IllegalArgumentException listing every compile error, when the model does not compile.
     */
    public static CompiledRouter compile(final RoutingModel model)
    {
        return compile(model, 1, L7Capacities.DEFAULT);
    }

    /**
     * @param model      the resolved model.
     * @param generation the image's generation.
     * @param caps       table sizes.
     * @return the router; {@link #close()} frees its image.
     * @throws IllegalArgumentException listing every compile error, when the model does not compile.
     */
    public static CompiledRouter compile(final RoutingModel model, final long generation, final L7Capacities caps)
    {
        final CompiledL7 compiled = L7Compiler.compile(model, caps);
        if (!compiled.ok())
        {
            throw new IllegalArgumentException(String.join("\n", compiled.errors()));
        }
        return new CompiledRouter(FibImage.build(generation, compiled.sections()), compiled.regexes(), true);
    }

    /**
     * The convenience path: fast lookup, then materialize. Allocates (the decision and its strings).
     *
     * @param request a request.
     * @return its decision ({@code egressPort}/{@code nextHop} left -1/null).
     */
    public RouteDecision route(final HttpRequest request)
    {
        view.reset(request);
        lookup.route(view, result);
        return materializer.materialize(result, view);
    }

    /**
     * The allocation-free fast path on this router's own lookup.
     *
     * @param request a request view.
     * @param out     the caller's result.
     */
    public void lookup(final L7RequestView request, final L7Result out)
    {
        lookup.route(request, out);
    }

    /**
     * @param r   a result of {@link #lookup} (or of a lookup from {@link #newLookup()}).
     * @param req the same request.
     * @return the decision.
     */
    public RouteDecision materialize(final L7Result r, final L7RequestView req)
    {
        return materializer.materialize(r, req);
    }

    /** @return the String-based materializer (the reference the byte encoders are tested against). */
    public DecisionMaterializer materializer()
    {
        return materializer;
    }

    /** @return a new lookup over the same image, for another thread. */
    public L7Lookup newLookup()
    {
        return new L7Lookup(image, regexes);
    }

    /** @return the image. */
    public FibImage image()
    {
        return image;
    }

    /** @return the regex side array. */
    public L7Regexes regexes()
    {
        return regexes;
    }

    @Override
    public void close()
    {
        if (ownsImage)
        {
            image.close();
        }
    }
}
