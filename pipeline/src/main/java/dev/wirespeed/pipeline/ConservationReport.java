package dev.wirespeed.pipeline;

import java.util.Collections;
import java.util.Map;

/**
 * The end-of-run balance: every record in must come out as exactly one decision, and be counted as exactly
 * one of forwarded, answered (L7 redirect/direct/abort), punted or dropped, with every drop under a reason.
 *
 * @param recordsIn     records taken from the source.
 * @param decisionsOut  decisions handed to the sink.
 * @param forwarded     forward + route.
 * @param answered      redirect + direct + abort.
 * @param punted        punt.
 * @param dropped       drop, including tail drops.
 * @param dropsByReason drops by reason name (only reasons with drops).
 * @param ringFull      records that found their ring full (waited, or were tail-dropped).
 */
public record ConservationReport(long recordsIn, long decisionsOut, long forwarded, long answered, long punted,
                                 long dropped, Map<String, Long> dropsByReason, long ringFull)
{
    /** Copies the map. */
    public ConservationReport
    {
        dropsByReason = Collections.unmodifiableMap(new java.util.LinkedHashMap<>(dropsByReason));
    }

    /** @return whether everything adds up. */
    public boolean balanced()
    {
        long byReason = 0;
        for (final long v : dropsByReason.values())
        {
            byReason += v;
        }
        return recordsIn == decisionsOut && recordsIn == forwarded + answered + punted + dropped && dropped == byReason;
    }

    /**
     * @return this report.
     * @throws ConservationException when it does not balance, saying which sum is off.
     */
    public ConservationReport verify()
    {
        if (!balanced())
        {
            throw new ConservationException("conservation violated: " + describe());
        }
        return this;
    }

    /** @return a one-line summary, e.g. {@code records-in=10 decisions-out=10 forwarded=7 ... (balanced)}. */
    public String describe()
    {
        final StringBuilder sb = new StringBuilder()
            .append("records-in=").append(recordsIn)
            .append(" decisions-out=").append(decisionsOut)
            .append(" forwarded=").append(forwarded)
            .append(" answered=").append(answered)
            .append(" punted=").append(punted)
            .append(" dropped=").append(dropped);
        dropsByReason.forEach((k, v) -> sb.append(" drop:").append(k).append('=').append(v));
        sb.append(" ring-full=").append(ringFull);
        sb.append(balanced() ? " (balanced)" : " (NOT balanced)");
        return sb.toString();
    }
}
