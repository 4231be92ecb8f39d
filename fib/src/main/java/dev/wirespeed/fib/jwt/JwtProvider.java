package dev.wirespeed.fib.jwt;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

import net.openhft.chronicle.bytes.BytesStore;

/**
 * One Envoy {@code JwtProvider} as Istio builds it from a {@code jwtRules} entry (Istio's
 * {@code convertToEnvoyJwtConfig}), with its locations in the order Envoy's extractor reads them (header locations
 * sorted by name and prefix, duplicates once; query parameters and cookies sorted by name).
 */
public final class JwtProvider
{
    /**
     * A header location.
     *
     * @param name   lower-case header name.
     * @param prefix value prefix ({@code ""}: the whole value).
     */
    public record Location(String name, String prefix)
    {
    }

    private final String issuer;
    private final List<String> audiences;
    private final List<Location> headers;
    private final List<String> params;
    private final List<String> cookies;
    private final boolean forward;
    private final String payloadHeader;
    private final List<String[]> claimHeaders;
    private final List<JwtKey> keys;
    private final BytesStore<?, ?>[] names;

    /**
     * @param issuer        {@code issuer} ({@code ""}: every issuer).
     * @param audiences     {@code audiences} (empty: every audience).
     * @param headers       {@code fromHeaders} (names lower-cased here).
     * @param params        {@code fromParams}.
     * @param cookies       {@code fromCookies}.
     * @param forward       {@code forwardOriginalToken}.
     * @param payloadHeader {@code outputPayloadToHeader}, {@code ""} when none.
     * @param claimHeaders  {@code outputClaimToHeaders}: {header, claim} pairs.
     * @param keys          the key set.
     */
    public JwtProvider(final String issuer, final List<String> audiences, final List<Location> headers,
            final List<String> params, final List<String> cookies, final boolean forward, final String payloadHeader,
            final List<String[]> claimHeaders, final List<JwtKey> keys)
    {
        this.issuer = issuer;
        this.audiences = List.copyOf(audiences);
        final TreeMap<String, Location> byKey = new TreeMap<>();
        for (final Location l : headers)
        {
            final Location lower = new Location(l.name().toLowerCase(java.util.Locale.ROOT), l.prefix());
            byKey.putIfAbsent(lower.name() + lower.prefix(), lower);
        }
        this.headers = List.copyOf(byKey.values());
        this.params = List.copyOf(new TreeSet<>(params));
        this.cookies = List.copyOf(new TreeSet<>(cookies));
        this.forward = forward;
        this.payloadHeader = payloadHeader.toLowerCase(java.util.Locale.ROOT);
        final List<String[]> ch = new ArrayList<>();
        for (final String[] c : claimHeaders)
        {
            ch.add(new String[] {c[0].toLowerCase(java.util.Locale.ROOT), c[1]});
        }
        this.claimHeaders = List.copyOf(ch);
        this.keys = List.copyOf(keys);
        this.names = new BytesStore<?, ?>[this.headers.size()];
        for (int k = 0; k < names.length; k++)
        {
            names[k] = BytesStore.wrap(this.headers.get(k).name().getBytes(StandardCharsets.UTF_8));
        }
    }

    /** @return {@code issuer}. */
    public String issuer()
    {
        return issuer;
    }

    /** @return {@code audiences}. */
    public List<String> audiences()
    {
        return audiences;
    }

    /** @return the header locations, sorted. */
    public List<Location> headers()
    {
        return headers;
    }

    /** @return the header locations, sorted (Envoy's extractor order). */
    List<Location> sortedHeaders()
    {
        return headers;
    }

    /** @return the bytes of header location {@code k}'s name. */
    BytesStore<?, ?> nameStore(final int k)
    {
        return names[k];
    }

    /** @return the query parameters, sorted. */
    public List<String> params()
    {
        return params;
    }

    List<String> sortedParams()
    {
        return params;
    }

    /** @return the cookies, sorted. */
    public List<String> cookies()
    {
        return cookies;
    }

    List<String> sortedCookies()
    {
        return cookies;
    }

    /** @return {@code forwardOriginalToken}. */
    public boolean forward()
    {
        return forward;
    }

    /** @return {@code outputPayloadToHeader} lower-case, {@code ""} when none. */
    public String payloadHeader()
    {
        return payloadHeader;
    }

    /** @return {@code outputClaimToHeaders}: {header lower-case, claim}. */
    public List<String[]> claimHeaders()
    {
        return claimHeaders;
    }

    /** @return the key set. */
    public List<JwtKey> keys()
    {
        return keys;
    }

    /** @return whether Envoy's default locations apply ({@code Authorization: Bearer }, {@code access_token}). */
    public boolean defaultLocations()
    {
        return headers.isEmpty() && params.isEmpty() && cookies.isEmpty();
    }
}
