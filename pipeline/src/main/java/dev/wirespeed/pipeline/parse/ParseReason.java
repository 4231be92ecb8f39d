package dev.wirespeed.pipeline.parse;

/**
 * Outcome codes of {@link PacketParser#parse}: small ints so a worker can index a counter array with them.
 * Each has a kebab-case id, as VPP names its error counters.
 *
 * <table>
 *   <caption>reasons</caption>
 *   <tr><th>code</th><th>id</th><th>verdict</th><th>meaning</th></tr>
 *   <tr><td>{@link #OK}</td><td>ok</td><td>forward</td>
 *       <td>an IPv4/IPv6 packet, headers decoded to L4</td></tr>
 *   <tr><td>{@link #TRUNCATED}</td><td>truncated</td><td>drop</td>
 *       <td>headers cut by the capture's snaplen</td></tr>
 *   <tr><td>{@link #MALFORMED}</td><td>malformed</td><td>drop</td>
 *       <td>bad IHL/version/lengths in a complete frame</td></tr>
 *   <tr><td>{@link #UNSUPPORTED_LINKTYPE}</td><td>unsupported-linktype</td><td>drop</td>
 *       <td>link type not decoded</td></tr>
 *   <tr><td>{@link #UNSUPPORTED_ETHERTYPE}</td><td>unsupported-ethertype</td><td>drop</td>
 *       <td>neither IP nor ARP</td></tr>
 *   <tr><td>{@link #ARP}</td><td>arp</td><td>punt</td>
 *       <td>ARP, handed to the control plane</td></tr>
 * </table>
 */
public final class ParseReason
{
    /** Parsed to L4 (or to L3 for later fragments and protocols without ports). */
    public static final int OK = 0;
    /** A header was cut short because the capture kept fewer bytes than were on the wire. */
    public static final int TRUNCATED = 1;
    /** Headers that contradict themselves or the frame length (bad IHL, bad version, lengths not adding up). */
    public static final int MALFORMED = 2;
    /** The link type is not one the parser decodes. */
    public static final int UNSUPPORTED_LINKTYPE = 3;
    /** The frame carries neither IPv4, IPv6 nor ARP. */
    public static final int UNSUPPORTED_ETHERTYPE = 4;
    /** ARP: punted to the control plane. */
    public static final int ARP = 5;
    /** Number of reason codes (size of a counter array indexed by reason). */
    public static final int COUNT = 6;

    private static final String[] IDS = {
        "ok", "truncated", "malformed", "unsupported-linktype", "unsupported-ethertype", "arp"
    };

    private ParseReason()
    {
    }

    /**
     * @param reason a reason code.
     * @return its kebab-case id (a constant string; nothing is built).
     */
    public static String id(final int reason)
    {
        return IDS[reason];
    }
}
