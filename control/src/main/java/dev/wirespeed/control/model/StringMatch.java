package dev.wirespeed.control.model;

/**
 * Istio's {@code StringMatch}: one of exact, prefix or regex (RE2 syntax, full match), or — for
 * {@code headers}/{@code withoutHeaders}/{@code queryParams} written as {@code {}} — presence only.
 *
 * @param kind  how to compare.
 * @param value the literal or the regex; empty for {@link Kind#PRESENT}.
 */
public record StringMatch(Kind kind, String value)
{
    /** How a {@link StringMatch} compares. */
    public enum Kind
    {
        EXACT, PREFIX, REGEX, PRESENT
    }

    public static StringMatch exact(final String v)
    {
        return new StringMatch(Kind.EXACT, v);
    }

    public static StringMatch prefix(final String v)
    {
        return new StringMatch(Kind.PREFIX, v);
    }

    public static StringMatch regex(final String v)
    {
        return new StringMatch(Kind.REGEX, v);
    }

    public static StringMatch present()
    {
        return new StringMatch(Kind.PRESENT, "");
    }
}
