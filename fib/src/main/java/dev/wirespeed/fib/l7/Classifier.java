package dev.wirespeed.fib.l7;

import java.nio.charset.StandardCharsets;

import static dev.wirespeed.fib.l7.L7Layout.*;

/**
 * URI stage and bit-vector classifier (reads {@code URI_STAGE}, {@code CLASSIFIER}, the string pool and
 * the regex side array). The URI stage starts the virtual host's vector of match blocks from the path
 * (exact hits, and the longest prefix hit whose vector already holds every shorter prefix); each other
 * field ANDs in the vector of the request's value (or the field's default vector); residual conditions
 * are checked only for blocks still set, lowest bit first: the first that holds is the match (Istio:
 * first match wins). Next: the action stage of {@link L7Lookup}.
 */
final class Classifier
{
    private final IndexedTable uris;
    private final IndexedTable classifier;
    private final StringPool strings;
    private final L7Regexes regexes;
    private final RequestScratch q;
    private final int classifierVsStart;
    private final int fieldStart;
    private final int blockStart;
    private final long[] vec;

    Classifier(final IndexedTable uris, final IndexedTable classifier, final StringPool strings,
            final L7Regexes regexes, final RequestScratch q)
    {
        this.uris = uris;
        this.classifier = classifier;
        this.strings = strings;
        this.regexes = regexes;
        this.q = q;
        this.classifierVsStart = classifier.intAt(C_VS_START);
        this.fieldStart = classifier.intAt(C_FIELD_START);
        this.blockStart = classifier.intAt(C_BLOCK_START);
        int maxWords = 1;
        final int vsCount = classifier.intAt(C_VS_COUNT);
        for (int v = 0; v < vsCount; v++)
        {
            maxWords = Math.max(maxWords, classifier.intAt(classifierVsStart + v * CV_SIZE + CV_WORDS));
        }
        this.vec = new long[maxWords];
    }

    /**
     * @param vs a virtual host.
     * @return whether it has any HTTP match block (a VirtualService with only tcp routes has none).
     */
    boolean hasRoutes(final int vs)
    {
        return classifier.intAt(classifierVsStart + vs * CV_SIZE + CV_BLOCKS) > 0;
    }

    /**
     * @param block a matched block.
     * @return its route.
     */
    int route(final int block)
    {
        return classifier.intAt(blockStart + block * BLOCK_SIZE + B_ROUTE);
    }

    /**
     * @param block a matched block.
     * @return the length of its uri prefix condition, -1 when it has none.
     */
    int prefixLength(final int block)
    {
        return classifier.intAt(blockStart + block * BLOCK_SIZE + B_PREFIX_LENGTH);
    }

    void orVector(final int ref, final int words)
    {
        for (int w = 0; w < words; w++)
        {
            vec[w] |= classifier.longAt(ref + w);
        }
    }

    void uriStage(final int vs, final int words)
    {
        final int u = vs * URI_VS_SIZE;
        final int base = uris.intAt(u + U_BASE);
        for (int w = 0; w < words; w++)
        {
            vec[w] = classifier.longAt(base + w);
        }
        final int exactKinds = uris.intAt(u + U_EXACT_KINDS);
        int id = (exactKinds & 1) == 0 ? -1
                : strings.find(q.path, 0, q.uriEnd, false, StringPool.hashFinish(q.pathHash[q.uriEnd]));
        if (id >= 0)
        {
            final int ref = uris.find(uriKey(vs, URI_EXACT, id));
            if (ref >= 0)
            {
                orVector(ref, words);
            }
        }
        id = (exactKinds & 2) == 0 ? -1
                : strings.find(q.path, 0, q.uriEnd, true, StringPool.hashFinish(q.lowerPathHash()[q.uriEnd]));
        if (id >= 0)
        {
            final int ref = uris.find(uriKey(vs, URI_EXACT_CI, id));
            if (ref >= 0)
            {
                orVector(ref, words);
            }
        }
        longestPrefix(vs, words, uris.intAt(u + U_CS_COUNT), uris.intAt(u + U_CS_START), URI_PREFIX, false);
        longestPrefix(vs, words, uris.intAt(u + U_CI_COUNT), uris.intAt(u + U_CI_START), URI_PREFIX_CI, true);
    }

    void longestPrefix(final int vs, final int words, final int count, final int start, final int kind,
            final boolean lower)
    {
        if (count == 0)
        {
            return;
        }
        final int[] hashes = lower ? q.lowerPathHash() : q.pathHash;
        for (int k = 0; k < count; k++)
        {
            final int len = uris.intAt(start + k);
            if (len > q.uriEnd)
            {
                continue;
            }
            final int id = strings.find(q.path, 0, len, lower, StringPool.hashFinish(hashes[len]));
            if (id >= 0)
            {
                final int ref = uris.find(uriKey(vs, kind, id));
                if (ref >= 0)
                {
                    orVector(ref, words);
                    return;
                }
            }
        }
    }

    int classify(final int vs)
    {
        final int rec = classifierVsStart + vs * CV_SIZE;
        final int blocks = classifier.intAt(rec + CV_BLOCKS);
        if (blocks == 0)
        {
            return -1;
        }
        final int words = classifier.intAt(rec + CV_WORDS);
        final int base = classifier.intAt(rec + CV_BLOCK_BASE);
        uriStage(vs, words);
        final int fields = classifier.intAt(rec + CV_FIELD_COUNT);
        final int fstart = classifier.intAt(rec + CV_FIELD_START);
        for (int f = 0; f < fields; f++)
        {
            final int fieldId = classifier.intAt(fstart + 2 * f);
            final int key = valueKey(fieldId);
            int ref = key < 0 ? -1 : classifier.find(classifierKey(vs, fieldId, key));
            if (ref < 0)
            {
                ref = classifier.intAt(fstart + 2 * f + 1);
            }
            long any = 0;
            for (int w = 0; w < words; w++)
            {
                vec[w] &= classifier.longAt(ref + w);
                any |= vec[w];
            }
            if (any == 0)
            {
                return -1;
            }
        }
        for (int w = 0; w < words; w++)
        {
            long bits = vec[w];
            while (bits != 0)
            {
                final int block = base + (w << 6) + Long.numberOfTrailingZeros(bits);
                if (residualsHold(block))
                {
                    return block;
                }
                bits &= bits - 1;
            }
        }
        return -1;
    }

    int valueKey(final int fieldId)
    {
        final int f = fieldStart + fieldId * FIELD_SIZE;
        final int kind = classifier.intAt(f);
        final int name = classifier.intAt(f + 1);
        switch (kind)
        {
            case F_METHOD:
                return q.findValue(L7RequestView.METHOD);
            case F_SCHEME:
                return q.findValue(L7RequestView.SCHEME);
            case F_AUTHORITY:
                return q.findValue(L7RequestView.AUTHORITY);
            case F_PORT:
                return q.res.requestPort & 0xFFFFFF;
            case F_GATEWAY:
                return q.gwId;
            case F_SOURCE_NAMESPACE:
                return q.nsId;
            case F_HEADER:
                return q.findValue(q.header(name));
            case F_LABEL:
                return q.findValue(q.sourceLabel(name));
            case F_QUERY:
                return q.findQuery(name) ? strings.find(q.path, q.queryOff, q.queryLen, false) : -1;
            default:
                return -1;
        }
    }

    /**
     * A {@code withoutHeaders} value condition on a missing header: Istio sets Envoy's
     * {@code treat_missing_header_as_empty} on it, so the header reads as the empty string; a presence
     * condition is not met by a missing header.
     */
    private boolean matchesEmpty(final int match, final int arg)
    {
        switch (match)
        {
            case M_EXACT:
            case M_PREFIX:
                return strings.length(arg) == 0;
            case M_REGEX:
                return regexes.pattern(arg).matches("");
            default:
                return false;
        }
    }

    boolean residualsHold(final int block)
    {
        final int b = blockStart + block * BLOCK_SIZE;
        final int count = classifier.intAt(b + B_RESIDUAL_COUNT);
        final int start = classifier.intAt(b + B_RESIDUAL_START);
        for (int k = 0; k < count; k++)
        {
            final int r = start + k * RESIDUAL_SIZE;
            final boolean present = q.loadField(classifier.intAt(r + RES_FIELD), classifier.intAt(r + RES_NAME));
            boolean matched = false;
            if (present)
            {
                final int arg = classifier.intAt(r + RES_ARG);
                switch (classifier.intAt(r + RES_MATCH))
                {
                    case M_EXACT:
                        matched = strings.equalsBytes(arg, q.cur, q.curOff, q.curLen, false);
                        break;
                    case M_PREFIX:
                        matched = strings.startsWith(q.cur, q.curOff, q.curLen, arg, false);
                        break;
                    case M_REGEX:
                        // allocates: RE2/J matches CharSequences (documented exception to zero allocation)
                        matched = regexes.pattern(arg)
                                .matches(new String(q.cur, q.curOff, q.curLen, StandardCharsets.UTF_8));
                        break;
                    default:
                        matched = true;
                        break;
                }
            }
            final boolean negate = classifier.intAt(r + RES_NEGATE) != 0;
            if (!present && negate)
            {
                matched = matchesEmpty(classifier.intAt(r + RES_MATCH), classifier.intAt(r + RES_ARG));
            }
            if (negate == matched)
            {
                return false;
            }
        }
        return true;
    }
}
