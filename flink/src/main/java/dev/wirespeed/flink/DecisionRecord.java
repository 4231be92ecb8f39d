package dev.wirespeed.flink;

/**
 * One decision out of an engine instance: the decision line exactly as the single-machine replay writes it
 * (with its newline), its record index, and the names the summaries count by. A Flink POJO.
 */
public final class DecisionRecord
{
    /** Record index of the decided record. */
    public long index;
    /** The decision line, newline included. */
    public byte[] line;
    /** Action name ({@code route}, {@code forward}, {@code drop}, ...). */
    public String action;
    /** Drop or punt reason name, or {@code null}. */
    public String reason;
    /** Cluster name when the decision counts towards a cluster (as the single-machine summary), or {@code null}. */
    public String cluster;

    /** For Flink's POJO serializer. */
    public DecisionRecord()
    {
    }
}
