package dev.wirespeed.cli;

import dev.wirespeed.control.l3.L3CompileResult;
import dev.wirespeed.control.l3.L3Compiler;
import dev.wirespeed.control.l3.L3Diagnostic;
import dev.wirespeed.control.model.RouteTableSpec;
import dev.wirespeed.fib.FibImage;

import java.util.List;

/**
 * Compiles {@code RouteTable} specs into a FIB image holding only the L3 sections, for the commands
 * that work on L3 alone ({@code lookup}, {@code bench lpm}); bad input becomes one
 * {@link InvalidInputException} listing every diagnostic.
 */
public final class L3FibLoader
{
    private L3FibLoader()
    {
    }

    /**
     * @param tables route tables.
     * @return the compiled result (no errors).
     * @throws InvalidInputException listing every diagnostic, one a line.
     */
    public static L3CompileResult compile(final List<RouteTableSpec> tables)
    {
        final L3CompileResult result = L3Compiler.compile(tables);
        if (result.hasErrors())
        {
            final StringBuilder sb = new StringBuilder();
            for (final L3Diagnostic d : result.diagnostics())
            {
                if (sb.length() > 0)
                {
                    sb.append('\n');
                }
                sb.append(d);
            }
            throw new InvalidInputException(sb.toString());
        }
        return result;
    }

    /**
     * @param tables route tables.
     * @return a new image with the L3 sections (close it when done).
     * @throws InvalidInputException listing every diagnostic.
     */
    public static FibImage build(final List<RouteTableSpec> tables)
    {
        return FibImage.build(1, compile(tables).sections());
    }
}
