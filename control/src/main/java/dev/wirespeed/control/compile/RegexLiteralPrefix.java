package dev.wirespeed.control.compile;

/**
 * The literal text every string a regex fully matches must start with (RE2 syntax), so a uri regex can
 * be filed under a prefix key of the URI stage and tested only for paths that start with it. Conservative:
 * it stops at the first character that is not a plain or escaped ASCII literal, drops a literal made
 * optional by a following {@code ?}, {@code *} or <code>{</code>, and gives up (empty) on a top-level
 * alternation or any flag group.
 */
final class RegexLiteralPrefix
{
    private static final String META = "\\.+*?()|[]{}^$";

    private RegexLiteralPrefix()
    {
    }

    /**
     * @param regex an RE2 regex (full match).
     * @return its required literal prefix, possibly empty.
     */
    static String of(final String regex)
    {
        if (hasTopLevelAlternation(regex))
        {
            return "";
        }
        final StringBuilder prefix = new StringBuilder();
        int i = regex.startsWith("^") ? 1 : 0;
        while (i < regex.length())
        {
            final char c = regex.charAt(i);
            final char literal;
            final int next;
            if (c == '\\' && i + 1 < regex.length())
            {
                final char e = regex.charAt(i + 1);
                if (e >= 0x80 || Character.isLetterOrDigit(e) || e <= ' ')
                {
                    break; // a class (\d, \w, \pL), an anchor (\A, \b) or \Q...: not a literal
                }
                literal = e;
                next = i + 2;
            }
            else if (c >= 0x80 || c < ' ' || META.indexOf(c) >= 0)
            {
                break;
            }
            else
            {
                literal = c;
                next = i + 1;
            }
            if (next < regex.length() && "?*{".indexOf(regex.charAt(next)) >= 0)
            {
                break; // this literal may be absent
            }
            prefix.append(literal);
            i = next;
        }
        return prefix.toString();
    }

    /** @return whether a {@code |} appears outside every group and class (it would split the whole regex). */
    static boolean hasTopLevelAlternation(final String regex)
    {
        int depth = 0;
        boolean inClass = false;
        for (int i = 0; i < regex.length(); i++)
        {
            final char c = regex.charAt(i);
            if (c == '\\')
            {
                i++;
            }
            else if (inClass)
            {
                inClass = c != ']';
            }
            else if (c == '[')
            {
                inClass = true;
                if (i + 1 < regex.length() && regex.charAt(i + 1) == ']')
                {
                    i++; // "[]...]": the first ] is a literal
                }
                else if (i + 2 < regex.length() && regex.charAt(i + 1) == '^' && regex.charAt(i + 2) == ']')
                {
                    i += 2;
                }
            }
            else if (c == '(')
            {
                depth++;
            }
            else if (c == ')')
            {
                depth--;
            }
            else if (c == '|' && depth <= 0)
            {
                return true;
            }
        }
        return false;
    }
}
