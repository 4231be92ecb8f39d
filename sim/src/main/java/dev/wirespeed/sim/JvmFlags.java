package dev.wirespeed.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * The JVM flags the library needs, and a check of which of them the running JVM lacks (docs/embedding.md).
 *
 * <ul>
 *   <li>{@code --add-exports java.base/jdk.internal.misc=ALL-UNNAMED}: required by the packet API and the
 *       forwarding pipeline (Agrona's buffers read memory through {@code jdk.internal.misc.Unsafe}). Without it
 *       {@link Engine#packets()} and {@link Engine#newPipeline} throw an {@link IllegalStateException} naming the
 *       flag, instead of Agrona's {@code IllegalAccessError}.</li>
 *   <li>The others (Chronicle Bytes' mapped files and cleaner): without them loading, compiling and
 *       {@link Engine#route} still work; Chronicle logs a warning and falls back to slower reflection.</li>
 * </ul>
 */
public final class JvmFlags
{
    /** The flag the packet API and pipelines cannot work without. */
    public static final String PACKETS = "--add-exports java.base/jdk.internal.misc=ALL-UNNAMED";

    private static final String[][] FLAGS = {
        {"--add-exports", "jdk.internal.misc"},
        {"--add-opens", "java.lang.reflect"},
        {"--add-exports", "sun.nio.ch"},
        {"--add-exports", "jdk.internal.ref"},
        {"--add-exports", "jdk.internal.util"},
        {"--add-opens", "java.lang"},
        {"--add-opens", "java.nio"},
        {"--add-opens", "sun.nio.ch"},
    };

    private JvmFlags()
    {
    }

    /** @return every flag the library uses, for the running JDK (23+ adds two), as separate arguments. */
    public static List<String> recommended()
    {
        final List<String> out = new ArrayList<>();
        for (final String[] f : FLAGS)
        {
            out.add(f[0]);
            out.add("java.base/" + f[1] + "=ALL-UNNAMED");
        }
        out.add("-Dchronicle.analytics.disable=true");
        out.add("-Dchronicle.announcer.disable=true");
        if (Runtime.version().feature() >= 23)
        {
            out.add("--enable-native-access=ALL-UNNAMED");
            out.add("--sun-misc-unsafe-memory-access=allow");
        }
        return out;
    }

    /** @return the {@code --add-exports}/{@code --add-opens} flags this JVM was started without. */
    public static List<String> missing()
    {
        final Module base = Object.class.getModule();
        final Module self = JvmFlags.class.getModule();
        final List<String> out = new ArrayList<>();
        for (final String[] f : FLAGS)
        {
            final boolean ok = "--add-opens".equals(f[0]) ? base.isOpen(f[1], self) : base.isExported(f[1], self);
            if (!ok)
            {
                out.add(f[0] + " java.base/" + f[1] + "=ALL-UNNAMED");
            }
        }
        return out;
    }

    /** @return whether the packet API and pipelines can run in this JVM. */
    public static boolean packetsAvailable()
    {
        return Object.class.getModule().isExported("jdk.internal.misc", JvmFlags.class.getModule());
    }

    /**
     * @param what the API about to be used, for the message.
     * @throws IllegalStateException when the JVM lacks {@link #PACKETS}.
     */
    public static void requirePackets(final String what)
    {
        if (!packetsAvailable())
        {
            throw new IllegalStateException(what + " needs the JVM flag " + PACKETS + " (Agrona reads its buffers "
                + "through the JDK's internal Unsafe); start the JVM with it (Maven Surefire: argLine; Gradle: "
                + "jvmArgs), see docs/embedding.md. Engine.route works without it.");
        }
    }
}
