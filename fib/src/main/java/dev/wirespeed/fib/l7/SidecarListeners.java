package dev.wirespeed.fib.l7;

import static dev.wirespeed.fib.l7.L7Layout.*;

/**
 * A sidecar's outbound listeners on the request's port (docs/routing.md §1 item 8), read from {@code HOST_STAGE}'s
 * {@code PORT_SERVICES} lists and the service records: whether the wildcard listener has an HTTP chain, and whether
 * a service has a virtual host in the port's route table. The listener a request's original destination picks is
 * {@link HostStage#atDestination()}. Next: {@link VirtualHostChoice} or {@link L4Stage}.
 */
final class SidecarListeners
{
    private final IndexedTable hosts;
    private final HostStage stage;
    private final RequestScratch q;
    /** The last {@link #httpListener} answer and what it depended on. */
    private boolean memoValid;
    private int memoPort;
    private int memoView;
    private int memoKind;
    private int memoVisible;
    private int memoNamespace;
    private boolean memoAnswer;

    SidecarListeners(final IndexedTable hosts, final HostStage stage, final RequestScratch q)
    {
        this.hosts = hosts;
        this.stage = stage;
        this.q = q;
    }

    /**
     * Whether the client's wildcard listener on the request's port has an HTTP chain: a service it sees declares the
     * port with an HTTP protocol, or sniffed on the wildcard address (the egress listener's protocol, when it names
     * the port, replacing the services'; a headless Service without endpoints has no listener).
     */
    boolean httpListener()
    {
        final int listenerKind = stage.egressListenerKind();
        final int port = q.res.requestPort;
        // the answer depends only on these (and the image): requests in a row from one client to one port, whatever
        // their hosts, ask it once
        if (memoValid && port == memoPort && stage.view == memoView && listenerKind == memoKind
                && stage.svcVisible == memoVisible && q.nsId == memoNamespace)
        {
            return memoAnswer;
        }
        final boolean answer = findHttpListener(listenerKind, port);
        memoPort = port;
        memoView = stage.view;
        memoKind = listenerKind;
        memoVisible = stage.svcVisible;
        memoNamespace = q.nsId;
        memoAnswer = answer;
        memoValid = true;
        return answer;
    }

    private boolean findHttpListener(final int listenerKind, final int port)
    {
        final int list = hosts.find(hostKey(KEY_PORT_SERVICES, stage.view, port));
        final int count = list < 0 ? 0 : hosts.intAt(list);
        for (int k = 0; k < count; k++)
        {
            final int e = list + 1 + k * PS_SIZE;
            final int kind = listenerKind >= 0 ? listenerKind : hosts.intAt(e + 1);
            final int bind = hosts.intAt(e + 2);
            // an egress listener naming the port binds every service without address literal to the wildcard address
            final boolean wildcard = bind == BIND_WILDCARD || listenerKind >= 0 && bind != BIND_ADDRESS;
            if ((kind == PORT_HTTP || kind == PORT_AUTO && wildcard) && stage.serviceVisible(hosts.intAt(e)))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * @param svc  a service.
     * @param port a port it declares.
     * @return whether Istio builds it a virtual host on the port: its own port is HTTP or sniffed
     *         ({@code IsHTTPOrSniffed}), whatever protocol a Sidecar egress listener gives the port.
     */
    boolean hasVirtualHost(final int svc, final int port)
    {
        final int kind = stage.portKind(svc, port);
        return kind == PORT_HTTP || kind == PORT_AUTO;
    }

    /**
     * Where the address of an original destination lies in its text, as an authority's host is normalised
     * (docs/routing.md §1 item 1): inside {@code [...]}, else before the only {@code :}, else the whole text.
     *
     * @param b the text.
     * @param n its length (&gt; 0).
     * @return {@code from << 32 | to}.
     */
    static long addressBounds(final byte[] b, final int n)
    {
        int colons = 0;
        int colonAt = -1;
        int close = -1;
        for (int i = 0; i < n; i++)
        {
            if (b[i] == ':')
            {
                colons++;
                colonAt = i;
            }
            else if (b[i] == ']' && close < 0)
            {
                close = i;
            }
        }
        if (b[0] == '[' && close > 0)
        {
            return 1L << 32 | close;
        }
        return colons == 1 ? colonAt : n;
    }

    /** @return how many of the first {@code n} bytes of {@code b} are {@code c}. */
    static int count(final byte[] b, final int n, final byte c)
    {
        int k = 0;
        for (int i = 0; i < n; i++)
        {
            if (b[i] == c)
            {
                k++;
            }
        }
        return k;
    }
}
