package dev.wirespeed.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

import picocli.CommandLine;

/**
 * Prints the project version, which the build writes into {@code version.properties} (Maven resource
 * filtering), so {@code -V} is right whether the CLI runs from the jar or from classes.
 */
final class VersionProvider implements CommandLine.IVersionProvider
{
    @Override
    public String[] getVersion()
    {
        return new String[] {
            "wirespeed " + version(),
            "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")"};
    }

    /**
     * @return the project version, e.g. {@code 0.1.0-SNAPSHOT}.
     */
    static String version()
    {
        try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties"))
        {
            if (in == null)
            {
                throw new IllegalStateException("version.properties is missing from the CLI's classpath");
            }
            final Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }
}
