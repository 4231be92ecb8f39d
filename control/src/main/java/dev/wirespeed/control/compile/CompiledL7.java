package dev.wirespeed.control.compile;

import dev.wirespeed.fib.FibSection;
import dev.wirespeed.fib.SectionWriter;
import dev.wirespeed.fib.l7.L7Regexes;

import java.util.List;
import java.util.Map;

/**
 * What {@link L7Compiler} produces: the L7 section writers (merge them with the L3 ones and pass them
 * to {@link dev.wirespeed.fib.FibImage#build}), the regex side array the lookup needs beside the image,
 * and every diagnostic. When {@code errors} is not empty, {@code sections} is empty.
 *
 * @param sections section writers by section.
 * @param regexes  compiled patterns referred to by the CLASSIFIER and ACTIONS sections.
 * @param errors   compile errors (user errors and exceeded capacities), one message each.
 */
public record CompiledL7(Map<FibSection, SectionWriter> sections, L7Regexes regexes, List<String> errors)
{
    /** @return whether it compiled without error. */
    public boolean ok()
    {
        return errors.isEmpty();
    }
}
