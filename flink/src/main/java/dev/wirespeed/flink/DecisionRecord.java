package dev.wirespeed.flink;

/**
 * One decision out of an engine instance: the decision line exactly as the single-machine replay writes it
 * (with its newline) and its record index. A Flink POJO.
 */
public final class DecisionRecord
{
    /** Record index of the decided record. */
    public long index;
    /** The decision line, newline included. */
    public byte[] line;

    /** For Flink's POJO serializer. */
    public DecisionRecord()
    {
    }
}
