package dev.wirespeed.pipeline.forward;

import dev.wirespeed.fib.FibImage;
import dev.wirespeed.fib.l7.L7Regexes;
import dev.wirespeed.pipeline.agent.FibGeneration;

/**
 * One FIB generation as the packet forwarder sees it: the image (L7 and L3 sections) and the regexes
 * compiled with it. Published through the pipeline's generation exchange; each worker opens its own
 * lookups over it in {@link PacketForwarder#onGeneration}.
 *
 * @param image      the compiled FIB.
 * @param regexes    the patterns compiled with it.
 * @param generation the generation number (increasing).
 */
public record PacketFib(FibImage image, L7Regexes regexes, long generation) implements FibGeneration
{
}
