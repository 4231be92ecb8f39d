package dev.wirespeed.benchmarks.l3;

import dev.wirespeed.control.l3.L3CompileResult;
import dev.wirespeed.control.l3.L3Compiler;
import dev.wirespeed.control.model.RouteTableSpec;
import dev.wirespeed.sim.gen.RouteGenerator;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Shared setup of the L3 benchmarks: generated route files and their compiled tables. */
final class L3BenchTables
{
    private L3BenchTables()
    {
    }

    /**
     * @param count  prefixes.
     * @param seed   seed.
     * @param family 4 or 6.
     * @return a temporary routes file (deleted on exit).
     * @throws IOException on a write error.
     */
    static Path routesFile(final int count, final long seed, final int family) throws IOException
    {
        final StringWriter w = new StringWriter();
        RouteGenerator.write(count, seed, family, w);
        final Path file = Files.createTempFile("wirespeed-routes-" + family + "-" + count + "-", ".txt");
        file.toFile().deleteOnExit();
        Files.writeString(file, w.toString());
        return file;
    }

    /**
     * @param file a routes file.
     * @return the compiled L3 sections.
     */
    static L3CompileResult compile(final Path file)
    {
        final RouteTableSpec spec = L3Compiler.routesFileSpec(file, file.toString(), List.of());
        final L3CompileResult result = L3Compiler.compile(List.of(spec));
        if (result.hasErrors())
        {
            throw new IllegalStateException(result.diagnostics().toString());
        }
        return result;
    }
}
