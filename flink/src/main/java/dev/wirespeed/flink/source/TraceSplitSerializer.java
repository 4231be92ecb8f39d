package dev.wirespeed.flink.source;

import org.apache.flink.core.io.SimpleVersionedSerializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Splits and the enumerator's pending splits in checkpoints (version 1: fixed field order). */
public final class TraceSplitSerializer implements SimpleVersionedSerializer<TraceSplit>
{
    /** The serializer of the enumerator's checkpoint: the splits not assigned yet. */
    public static final SimpleVersionedSerializer<List<TraceSplit>> PENDING = new SimpleVersionedSerializer<>()
    {
        @Override
        public int getVersion()
        {
            return 1;
        }

        @Override
        public byte[] serialize(final List<TraceSplit> splits) throws IOException
        {
            final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes))
            {
                out.writeInt(splits.size());
                for (final TraceSplit s : splits)
                {
                    write(s, out);
                }
            }
            return bytes.toByteArray();
        }

        @Override
        public List<TraceSplit> deserialize(final int version, final byte[] serialized) throws IOException
        {
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized)))
            {
                final int n = in.readInt();
                final List<TraceSplit> splits = new ArrayList<>(n);
                for (int i = 0; i < n; i++)
                {
                    splits.add(read(in));
                }
                return splits;
            }
        }
    };

    @Override
    public int getVersion()
    {
        return 1;
    }

    @Override
    public byte[] serialize(final TraceSplit split) throws IOException
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes))
        {
            write(split, out);
        }
        return bytes.toByteArray();
    }

    @Override
    public TraceSplit deserialize(final int version, final byte[] serialized) throws IOException
    {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized)))
        {
            return read(in);
        }
    }

    static void write(final TraceSplit s, final DataOutputStream out) throws IOException
    {
        out.writeUTF(s.id());
        out.writeBoolean(s.capture());
        out.writeInt(s.input());
        out.writeUTF(s.path());
        out.writeLong(s.start());
        out.writeLong(s.end());
        out.writeLong(s.index());
        out.writeLong(s.line());
        out.writeLong(s.skip());
    }

    static TraceSplit read(final DataInputStream in) throws IOException
    {
        return new TraceSplit(in.readUTF(), in.readBoolean(), in.readInt(), in.readUTF(), in.readLong(),
            in.readLong(), in.readLong(), in.readLong(), in.readLong());
    }
}
