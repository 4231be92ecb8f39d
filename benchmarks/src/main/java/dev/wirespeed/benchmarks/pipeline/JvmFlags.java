package dev.wirespeed.benchmarks.pipeline;

/** The JVM flags of the root {@code ./wirespeed} launcher, for {@code @Fork(jvmArgsAppend = ...)}. */
final class JvmFlags
{
    static final String A1 = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED";
    static final String A2 = "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED";
    static final String A3 = "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED";
    static final String A4 = "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED";
    static final String A5 = "--add-exports=java.base/jdk.internal.util=ALL-UNNAMED";
    static final String A6 = "--add-opens=java.base/java.lang=ALL-UNNAMED";
    static final String A7 = "--add-opens=java.base/java.nio=ALL-UNNAMED";
    static final String A8 = "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED";
    static final String A9 = "-Dchronicle.analytics.disable=true";
    static final String A10 = "-Dchronicle.announcer.disable=true";
    static final String A11 = "-Dagrona.disable.bounds.checks=true";

    private JvmFlags()
    {
    }
}
