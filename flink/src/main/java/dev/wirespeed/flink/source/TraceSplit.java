package dev.wirespeed.flink.source;

import org.apache.flink.api.connector.source.SourceSplit;

import java.io.Serializable;

/**
 * A piece of the input one reader reads: a byte range of a JSONL trace that starts and ends on line
 * boundaries, or a whole capture. Immutable; a reader's progress is a new split ({@link #resumeAt}), which is
 * what a checkpoint stores, so a restored reader goes on from the record after the last one it emitted.
 *
 * @param id       unique name ({@code input:start}).
 * @param capture  a capture (one split per file) rather than a JSONL range.
 * @param input    the input's position on the command line.
 * @param path     the file (absolute).
 * @param start    JSONL: byte offset of the first line to read; captures: 0.
 * @param end      JSONL: byte offset where the range ends (a line start, or the file size); captures: -1.
 * @param index    record index of the next record.
 * @param line     JSONL: line number of the line at {@code start} (1-based).
 * @param skip     captures: records of the file already emitted (a restored reader skips them).
 */
public record TraceSplit(String id, boolean capture, int input, String path, long start, long end, long index,
    long line, long skip) implements SourceSplit, Serializable
{
    @Override
    public String splitId()
    {
        return id;
    }

    /**
     * @param offset JSONL: byte offset of the next line.
     * @param nextIndex record index of the next record.
     * @param nextLine  JSONL: line number of the next line.
     * @param skipped   captures: records emitted so far.
     * @return the rest of this split.
     */
    public TraceSplit resumeAt(final long offset, final long nextIndex, final long nextLine, final long skipped)
    {
        return new TraceSplit(id, capture, input, path, offset, end, nextIndex, nextLine, skipped);
    }
}
