package dev.wirespeed.sim.replay;

import dev.wirespeed.control.compile.HttpRequestView;
import dev.wirespeed.fib.decision.Actions;
import dev.wirespeed.fib.decision.Reasons;
import dev.wirespeed.fib.l3.L3Result;
import dev.wirespeed.fib.l7.L7Result;
import dev.wirespeed.pipeline.agent.Forwarder;
import dev.wirespeed.pipeline.descriptor.DecisionDescriptor;
import dev.wirespeed.pipeline.descriptor.PacketDescriptor;
import dev.wirespeed.sim.Engine;
import dev.wirespeed.sim.jsonl.RequestLineDecoder;
import dev.wirespeed.sim.jsonl.RequestLineParser;
import dev.wirespeed.sim.jsonl.Utf8;

import java.nio.charset.StandardCharsets;

/**
 * The request stages of a worker: decodes the JSONL line its descriptor names in the {@link RequestSlots} (when
 * the reader left it to the worker: the byte decoder, then for the rare line the reference parser, which
 * accepts it or says what is wrong with it for the writer to report), runs the L7 stages (host, URI, classifier,
 * action, cluster) and the L3 route to the chosen endpoint, and writes the decision descriptor
 * ({@link DecisionDescriptor#l7}: the lookup's own action and reason codes, ids, status, flags; egress port and
 * next hop towards the endpoint) for the counters and the in-order writer, which encodes it with the slot's
 * request text. Allocation-free except for the rare line the reference parser reads.
 */
final class RequestForwarder implements Forwarder
{
    private final Engine.Session session;
    private final RequestSlots slots;
    private final L7Result result = new L7Result();
    private final L3Result l3Result = new L3Result();
    private final RequestLineDecoder decoder = new RequestLineDecoder();
    private final RequestLineParser parser = new RequestLineParser();
    private final RequestLineParser.Result parsed = new RequestLineParser.Result();

    RequestForwarder(final Engine.Session session, final RequestSlots slots)
    {
        this.session = session;
        this.slots = slots;
    }

    @Override
    public void forward(final PacketDescriptor packet, final DecisionDescriptor decision)
    {
        final int slot = (int)packet.requestRef();
        slots.routed(packet.recordIndex());
        if (slots.pending[slot] && !decode(slot, packet.recordIndex()))
        {
            decision.drop(Reasons.BAD_RECORD);
            return;
        }
        final L7Result r = result;
        final L3Result l3 = l3Result;
        final boolean hasL3 = session.route(slots.views[slot], r, l3);
        decision.l7(r, 0).length(0);
        if (hasL3 && l3.action == Actions.FORWARD)
        {
            decision.egressPort(l3.egressPort).nextHop(l3.nextHop);
        }
    }

    /** @return false when the line is a bad record (its error is left in the slot for the writer). */
    private boolean decode(final int slot, final long index)
    {
        slots.pending[slot] = false;
        final byte[] line = slots.lines[slot];
        final int length = slots.lineLengths[slot];
        final HttpRequestView view = slots.views[slot];
        if (decoder.decode(line, 0, length, index, view) == RequestLineDecoder.OK)
        {
            return true;
        }
        final String invalid = Utf8.problem(line, 0, length);
        if (invalid != null)
        {
            slots.errors[slot] = invalid; // one bad byte makes only its own line a bad record
            return false;
        }
        // the rare line: decoded to a String and parsed by the reference parser (it starts with '{': never blank)
        if (parser.parse(new String(line, 0, length, StandardCharsets.UTF_8), index, parsed))
        {
            view.reset(parsed.request());
            return true;
        }
        slots.errors[slot] = parsed.error();
        return false;
    }
}
