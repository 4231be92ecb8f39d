package dev.wirespeed.cli;

import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.util.ArrayList;
import java.util.List;

/**
 * SIGINT and SIGTERM during a replay: the first one asks the replay to stop reading (the records already read are
 * forwarded, their decision lines and pcap records written whole, the summary printed with "interrupted", the
 * counters removed) and the command exits 130 or 143 (128 + the signal number, as a shell reports it). The handlers
 * the JVM had are put back at once, so a second signal ends the process the usual way.
 */
final class ReplayInterrupt implements AutoCloseable
{
    private static final String[] SIGNALS = {"INT", "TERM"};

    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();
    private volatile Signal received;

    /** Installs the handlers (where the platform allows; without them a signal ends the process as before). */
    ReplayInterrupt()
    {
        for (final String name : SIGNALS)
        {
            try
            {
                final Signal signal = new Signal(name);
                previous.add(Signal.handle(signal, this::onSignal));
                signals.add(signal);
            }
            catch (final IllegalArgumentException | UnsupportedOperationException ex)
            {
                // the signal is not available here (or the JVM was started with -Xrs): keep the default
            }
        }
    }

    private void onSignal(final Signal signal)
    {
        if (received == null)
        {
            received = signal;
            restore();
        }
    }

    /**
     * @param name a signal's name ({@code INT}).
     * @return whether the parent started this process with the signal ignored (a background job of a script,
     *         {@code nohup}): the JVM then keeps ignoring it, and so does the replay, as Unix tools do.
     */
    boolean ignoredByParent(final String name)
    {
        for (int i = 0; i < signals.size(); i++)
        {
            if (signals.get(i).getName().equals(name))
            {
                return previous.get(i) == SignalHandler.SIG_IGN;
            }
        }
        return false;
    }

    /** @return whether a signal asked the replay to stop. */
    boolean requested()
    {
        return received != null;
    }

    /** @return the signal's name ({@code SIGINT}), or {@code null}. */
    String signalName()
    {
        final Signal s = received;
        return s == null ? null : "SIG" + s.getName();
    }

    /** @return the exit code for the signal received: 128 + its number (130 for SIGINT, 143 for SIGTERM). */
    int exitCode()
    {
        return 128 + received.getNumber();
    }

    private synchronized void restore()
    {
        for (int i = 0; i < signals.size(); i++)
        {
            try
            {
                Signal.handle(signals.get(i), previous.get(i));
            }
            catch (final IllegalArgumentException ex)
            {
                // cannot happen for a signal handled a moment ago; nothing else to do
            }
        }
        signals.clear();
        previous.clear();
    }

    @Override
    public void close()
    {
        restore();
    }
}
