package dev.wirespeed.sim.graph;

import java.util.Random;

/**
 * A mesh of many services for graph tests, as kubectl would print it: per service a Service, two Pods
 * (v1, v2), a DestinationRule with both subsets and a VirtualService that sends a header-matched canary to
 * v2 and splits the rest 80/20. Names vary in length so columns are uneven.
 */
public final class SyntheticMesh
{
    private SyntheticMesh()
    {
    }

    /**
     * @param services how many services.
     * @param seed     varies the name lengths.
     * @return the YAML (several documents).
     */
    public static String yaml(final int services, final long seed)
    {
        final Random random = new Random(seed);
        final StringBuilder b = new StringBuilder();
        for (int i = 0; i < services; i++)
        {
            final String name = "svc" + i + "-" + "abcdefghijklmnopqrstuvwxyz".substring(0, 1 + random.nextInt(20));
            b.append("apiVersion: v1\nkind: Service\nmetadata:\n  name: ").append(name)
                    .append("\n  namespace: default\nspec:\n  selector:\n    app: ").append(name)
                    .append("\n  ports:\n  - name: http\n    port: 8080\n    targetPort: 8080\n---\n");
            for (int v = 1; v <= 2; v++)
            {
                b.append("apiVersion: v1\nkind: Pod\nmetadata:\n  name: ").append(name).append("-v").append(v)
                        .append("\n  namespace: default\n  labels:\n    app: ").append(name).append("\n    version: v")
                        .append(v).append("\nstatus:\n  phase: Running\n  podIP: 10.2.").append(i).append('.')
                        .append(v).append("\n---\n");
            }
            b.append("apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: ").append(name)
                    .append("\n  namespace: default\nspec:\n  host: ").append(name)
                    .append("\n  subsets:\n  - name: v1\n    labels:\n      version: v1\n  - name: v2\n    labels:\n")
                    .append("      version: v2\n---\n");
            b.append("apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: ").append(name)
                    .append("\n  namespace: default\nspec:\n  hosts:\n  - ").append(name)
                    .append("\n  http:\n  - name: canary\n    match:\n    - headers:\n        end-user:\n")
                    .append("          exact: jason\n    route:\n    - destination:\n        host: ").append(name)
                    .append("\n        subset: v2\n  - name: split\n    route:\n    - destination:\n        host: ")
                    .append(name).append("\n        subset: v1\n      weight: 80\n    - destination:\n        host: ")
                    .append(name).append("\n        subset: v2\n      weight: 20\n---\n");
        }
        return b.toString();
    }

    /**
     * @param services  services of {@link #yaml}.
     * @param requests  how many requests.
     * @param seed      the seed.
     * @param names     the service names, as {@link #yaml} made them with the same seed.
     * @return a JSONL trace: requests to the services (some as user jason) and one in ten to an unknown host.
     */
    public static String trace(final int services, final int requests, final long seed, final String[] names)
    {
        final Random random = new Random(seed);
        final StringBuilder b = new StringBuilder();
        for (int i = 0; i < requests; i++)
        {
            final String authority = random.nextInt(10) == 0 ? "unknown.example.com" : names[random.nextInt(services)];
            b.append("{\"port\":8080,\"authority\":\"").append(authority).append("\",\"path\":\"/p").append(i)
                    .append('"').append(random.nextInt(4) == 0 ? ",\"headers\":{\"end-user\":\"jason\"}" : "")
                    .append("}\n");
        }
        return b.toString();
    }

    /**
     * @return the service names {@link #yaml} makes for that seed.
     */
    public static String[] names(final int services, final long seed)
    {
        final Random random = new Random(seed);
        final String[] names = new String[services];
        for (int i = 0; i < services; i++)
        {
            names[i] = "svc" + i + "-" + "abcdefghijklmnopqrstuvwxyz".substring(0, 1 + random.nextInt(20));
        }
        return names;
    }
}
