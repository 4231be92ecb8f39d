package dev.wirespeed.pipeline;

import dev.wirespeed.pipeline.descriptor.DecisionDescriptor;
import org.agrona.ExpandableArrayBuffer;

/** Copies every decision it gets (test helper: allocates as it grows). */
final class RecordingSink implements DecisionSink
{
    final ExpandableArrayBuffer bytes = new ExpandableArrayBuffer(1 << 16);
    long count;

    @Override
    public void onDecision(final DecisionDescriptor decision)
    {
        bytes.putBytes(
            (int)(count * DecisionDescriptor.LENGTH), decision.buffer(), decision.offset(), DecisionDescriptor.LENGTH);
        count++;
    }

    DecisionDescriptor at(final long index)
    {
        return new DecisionDescriptor().wrap(bytes, (int)(index * DecisionDescriptor.LENGTH));
    }

    byte[] toArray()
    {
        final byte[] out = new byte[(int)(count * DecisionDescriptor.LENGTH)];
        bytes.getBytes(0, out);
        return out;
    }
}
