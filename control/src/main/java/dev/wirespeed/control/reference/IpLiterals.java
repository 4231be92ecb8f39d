package dev.wirespeed.control.reference;

/**
 * IPv4/IPv6 literal parsing and CIDR containment, without name resolution.
 */
public final class IpLiterals
{
    private IpLiterals()
    {
    }

    /**
     * @param text an IPv4 dotted quad or an IPv6 literal (no brackets).
     * @return 4 or 16 bytes, or {@code null} when it is not a literal.
     */
    public static byte[] parse(final String text)
    {
        if (text == null || text.isEmpty())
        {
            return null;
        }
        if (text.indexOf(':') < 0)
        {
            final String[] parts = text.split("\\.", -1);
            if (parts.length != 4)
            {
                return null;
            }
            final byte[] b = new byte[4];
            for (int i = 0; i < 4; i++)
            {
                if (parts[i].isEmpty() || parts[i].length() > 3 || !parts[i].chars().allMatch(Character::isDigit))
                {
                    return null;
                }
                final int v = Integer.parseInt(parts[i]);
                if (v > 255)
                {
                    return null;
                }
                b[i] = (byte)v;
            }
            return b;
        }
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (!(c == ':' || c == '.' || Character.digit(c, 16) >= 0))
            {
                return null;
            }
        }
        try
        {
            final byte[] b = java.net.InetAddress.getByName(text).getAddress();
            return b.length == 16 ? b : null;
        }
        catch (final java.net.UnknownHostException e)
        {
            return null;
        }
    }

    /**
     * @param cidr {@code address/length} (or an address alone: full length).
     * @return {address bytes, length} or {@code null} when malformed.
     */
    public static Object[] parseCidr(final String cidr)
    {
        final int slash = cidr.indexOf('/');
        final byte[] a = parse(slash < 0 ? cidr : cidr.substring(0, slash));
        if (a == null)
        {
            return null;
        }
        int len = a.length * 8;
        if (slash >= 0)
        {
            try
            {
                len = Integer.parseInt(cidr.substring(slash + 1));
            }
            catch (final NumberFormatException e)
            {
                return null;
            }
            if (len < 0 || len > a.length * 8)
            {
                return null;
            }
        }
        return new Object[] {a, len};
    }

    /**
     * @param address an address (4 or 16 bytes).
     * @param cidr    a CIDR.
     * @return whether the address is inside it (families must agree).
     */
    public static boolean inCidr(final byte[] address, final String cidr)
    {
        final Object[] c = parseCidr(cidr);
        if (c == null)
        {
            return false;
        }
        final byte[] net = (byte[])c[0];
        final int len = (Integer)c[1];
        if (net.length != address.length)
        {
            return false;
        }
        for (int i = 0; i < len; i++)
        {
            final int bit = 7 - (i & 7);
            if (((net[i >> 3] >> bit) & 1) != ((address[i >> 3] >> bit) & 1))
            {
                return false;
            }
        }
        return true;
    }
}
