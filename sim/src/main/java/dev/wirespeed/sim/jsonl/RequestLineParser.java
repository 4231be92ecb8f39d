package dev.wirespeed.sim.jsonl;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.reference.RequestFacts;
import dev.wirespeed.fib.l7.ConnectionCookie;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Parses one line of a JSONL request trace into an {@link HttpRequest}, or says exactly what is wrong
 * with it (column and expectation). Only {@code path} is required; unknown fields are ignored so newer
 * traces still replay; defaults are those of docs/formats.md.
 */
public final class RequestLineParser
{
    private final JsonFactory factory = JsonFactory.builder().build();

    /** The outcome of parsing one line: a request, or an error message. */
    public static final class Result
    {
        private HttpRequest request;
        private String error;

        /** @return the request, or {@code null} when the line is bad. */
        public HttpRequest request()
        {
            return request;
        }

        /** @return what is wrong with the line ({@code column N: ...}), or {@code null}. */
        public String error()
        {
            return error;
        }
    }

    /**
     * @param line the line's text (without its line terminator).
     * @param id   the record index (seeds the request's deterministic choices).
     * @param out  where the outcome goes (reused).
     * @return whether the line is a good request.
     */
    public boolean parse(final String line, final long id, final Result out)
    {
        out.request = null;
        out.error = null;
        try (JsonParser p = factory.createParser(line))
        {
            return readRequest(p, id, out);
        }
        catch (final JsonProcessingException ex)
        {
            final JsonLocation loc = ex.getLocation();
            out.error = (loc == null ? "" : "column " + loc.getColumnNr() + ": ") + "not valid JSON: "
                    + ex.getOriginalMessage();
            return false;
        }
        catch (final IOException ex)
        {
            out.error = "cannot read line: " + ex.getMessage();
            return false;
        }
    }

    /** The object ended with '}' and nothing follows it; else the failure is recorded. */
    private static boolean endsCleanly(final JsonParser p, final JsonToken t, final Result out) throws IOException
    {
        if (t != JsonToken.END_OBJECT)
        {
            return fail(out, p, "expected a field name or '}'");
        }
        if (p.nextToken() != null)
        {
            return fail(out, p, "unexpected data after the JSON object");
        }
        return true;
    }

    /** Reads one request object, its fields in any order, with the defaults of docs/formats.md. */
    private static boolean readRequest(final JsonParser p, final long id, final Result out) throws IOException
    {
        if (p.nextToken() != JsonToken.START_OBJECT)
        {
            return fail(out, p, "expected a JSON object");
        }
        long ts = 0;
        String src = null;
        String dst = null;
        String sni = null;
        String alpn = null;
        int port = 0;
        String gateway = "mesh";
        String sourceNamespace = "default";
        Map<String, String> sourceLabels = Map.of();
        String method = "GET";
        String scheme = "http";
        String authority = "";
        String path = null;
        Map<String, String> headers = Map.of();
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME)
        {
            final String field = p.currentName();
            final JsonToken v = p.nextToken();
            if (v == JsonToken.VALUE_NULL && !"path".equals(field))
            {
                continue; // null is absent: the default applies
            }
            switch (field)
            {
                case "ts":
                    if (v != JsonToken.VALUE_NUMBER_INT && v != JsonToken.VALUE_NUMBER_FLOAT)
                    {
                        return fail(out, p, "\"ts\" must be a number");
                    }
                    ts = p.getValueAsLong();
                    break;
                case "port":
                    port = port(p, v, out);
                    break;
                case "src":
                    src = string(p, v, field, out);
                    break;
                case "dst":
                    dst = string(p, v, field, out);
                    break;
                case "sni":
                    sni = string(p, v, field, out);
                    break;
                case "alpn":
                    alpn = protocols(p, v, out);
                    break;
                case "gateway":
                    gateway = string(p, v, field, out);
                    break;
                case "sourceNamespace":
                    sourceNamespace = string(p, v, field, out);
                    break;
                case "method":
                    method = string(p, v, field, out);
                    break;
                case "scheme":
                    scheme = string(p, v, field, out);
                    break;
                case "authority":
                    authority = string(p, v, field, out);
                    break;
                case "path":
                    path = string(p, v, field, out);
                    break;
                case "sourceLabels":
                    sourceLabels = stringMap(p, v, field, out, false);
                    break;
                case "headers":
                    headers = stringMap(p, v, field, out, true);
                    break;
                default:
                    p.skipChildren();
                    break;
            }
            if (out.error != null)
            {
                return false;
            }
        }
        if (!endsCleanly(p, t, out))
        {
            return false;
        }
        if (path == null || path.isEmpty())
        {
            return fail(out, p, path == null ? "missing required field \"path\"" : "\"path\" must not be empty");
        }
        port = RequestFacts.effectivePort(port, authority, scheme);
        final Object[] source = ConnectionCookie.splitSource(src); // src as address:port: the connection's port
        out.request = new HttpRequest(id, ts, (String)source[0], port, gateway, sourceNamespace, sourceLabels, method,
                scheme, authority, path, headers, dst, sni, alpn, (Integer)source[1]);
        return true;
    }

    /** {@code port}: an integer 1..65535; @return it, or 0 with the error set. */
    private static int port(final JsonParser p, final JsonToken v, final Result out) throws IOException
    {
        if (v != JsonToken.VALUE_NUMBER_INT || p.getLongValue() < 1 || p.getLongValue() > 65535)
        {
            fail(out, p, "\"port\" must be an integer 1..65535");
            return 0;
        }
        return p.getIntValue();
    }

    /** {@code alpn}: an array of non-empty protocol names without commas, joined with commas. */
    private static String protocols(final JsonParser p, final JsonToken v, final Result out) throws IOException
    {
        if (v != JsonToken.START_ARRAY)
        {
            fail(out, p, "\"alpn\" must be an array of strings");
            return null;
        }
        final StringBuilder b = new StringBuilder();
        int count = 0;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken())
        {
            if (t != JsonToken.VALUE_STRING || p.getText().isEmpty() || p.getText().indexOf(',') >= 0)
            {
                fail(out, p, "\"alpn\" must be an array of non-empty protocol names without commas");
                return null;
            }
            b.append(count++ == 0 ? "" : ",").append(p.getText());
        }
        return b.toString();
    }

    private static String string(final JsonParser p, final JsonToken v, final String field, final Result out)
            throws IOException
    {
        if (v != JsonToken.VALUE_STRING)
        {
            fail(out, p, "\"" + field + "\" must be a string");
            return null;
        }
        return p.getText();
    }

    private static Map<String, String> stringMap(
            final JsonParser p, final JsonToken v, final String field, final Result out, final boolean lowerKeys)
            throws IOException
    {
        if (v != JsonToken.START_OBJECT)
        {
            fail(out, p, "\"" + field + "\" must be an object of strings");
            return null;
        }
        final Map<String, String> m = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME)
        {
            final String key = lowerKeys ? p.currentName().toLowerCase(Locale.ROOT) : p.currentName();
            if (p.nextToken() != JsonToken.VALUE_STRING)
            {
                fail(out, p, "\"" + field + "." + p.currentName() + "\" must be a string");
                return null;
            }
            m.putIfAbsent(key, p.getText());
        }
        return m;
    }

    private static boolean fail(final Result out, final JsonParser p, final String message)
    {
        final JsonLocation loc = p.currentTokenLocation();
        out.error = (loc == null ? "" : "column " + loc.getColumnNr() + ": ") + message;
        return false;
    }
}
