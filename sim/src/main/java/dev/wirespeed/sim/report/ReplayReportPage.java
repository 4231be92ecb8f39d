package dev.wirespeed.sim.report;

import dev.wirespeed.fib.decision.Actions;
import dev.wirespeed.sim.replay.ReplaySummary;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The replay report as one self-contained HTML page: inline CSS, inline SVG charts, no script, no network.
 * Decisions by action, VirtualService, route and cluster, drop reasons, traffic over trace time, and for captures
 * bytes over time and the top talkers by 5-tuple. Every chart has its numbers in a table beside it, so the page
 * reads without JavaScript, in a text browser, or printed.
 */
public final class ReplayReportPage
{
    /** Rows shown per table (the rest are summed in one row). */
    public static final int MAX_ROWS = 25;
    /** Talkers listed. */
    public static final int TOP_TALKERS = 20;

    private static final int W = 960;
    private static final int H = 240;
    private static final int LEFT = 70;
    private static final int BOTTOM = 30;
    private static final int TOP = 12;
    private static final String[] COLOURS = {"#9e9e9e", "#1565c0", "#c62828", "#6d4c41", "#2e7d32", "#ef6c00",
        "#6a1b9a", "#ad1457"};
    private static final String CSS = String.join("\n",
        "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:24px auto;max-width:1100px;",
        "padding:0 16px;color:#1b1b1b;line-height:1.4}",
        "h1{font-size:1.5em;margin-bottom:0}h2{font-size:1.15em;margin-top:2em;border-bottom:1px solid #ddd}",
        ".meta{color:#555;overflow-wrap:anywhere}",
        "table{border-collapse:collapse;width:100%;table-layout:fixed}",
        "td,th{padding:3px 6px;border-bottom:1px solid #eee;text-align:left;vertical-align:top}",
        "td.name{overflow-wrap:anywhere;width:55%}td.num,th.num{text-align:right;width:11%;",
        "font-variant-numeric:tabular-nums}td.bar{width:23%}",
        "svg.bar{display:block;width:100%;height:14px}svg.chart{display:block;width:100%;height:auto}",
        ".legend span{display:inline-block;margin-right:14px}.swatch{display:inline-block;width:10px;height:10px;",
        "margin-right:4px}.note{color:#555;font-size:.9em}");

    private ReplayReportPage()
    {
    }

    /**
     * @param title   what was replayed (the input file) and with what (the config).
     * @param summary the replay's summary.
     * @param tally   the report's tallies.
     * @return the page.
     */
    public static String render(final String title, final ReplaySummary summary, final ReportTally tally)
    {
        final StringBuilder h = new StringBuilder(1 << 16);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .append("<title>wirespeed replay report</title><style>").append(CSS).append("</style></head><body>\n");
        h.append("<h1>Replay report</h1><p class=\"meta\">").append(esc(title)).append("<br>")
            .append(summary.records()).append(" records");
        if (summary.bytes() > 0)
        {
            h.append(", ").append(summary.bytes()).append(" bytes on the wire");
        }
        h.append("</p>\n");
        table(h, "Decisions by action", summary.byAction(), summary.records());
        table(h, "Drop and punt reasons", summary.byReason(), summary.records());
        table(h, "VirtualServices", summary.byVirtualService(), summary.records());
        table(h, "Routes", summary.byRoute(), summary.records());
        table(h, "Clusters", summary.byCluster(), summary.records());
        timeChart(h, tally);
        if (tally.capture())
        {
            talkers(h, tally.talkers(), summary.bytes());
        }
        h.append("</body></html>\n");
        return h.toString();
    }

    private static void table(final StringBuilder h, final String title, final Map<String, Long> counts,
        final long records)
    {
        h.append("<h2>").append(esc(title)).append("</h2>\n");
        if (counts.isEmpty())
        {
            h.append("<p class=\"note\">none</p>\n");
            return;
        }
        final List<Map.Entry<String, Long>> rows = new ArrayList<>(counts.entrySet());
        rows.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        final long max = rows.get(0).getValue();
        h.append("<table><thead><tr><th class=\"name\">name</th><th class=\"num\">records</th>")
            .append("<th class=\"num\">share</th><th class=\"bar\"></th></tr></thead><tbody>\n");
        long rest = 0;
        for (int i = 0; i < rows.size(); i++)
        {
            if (i >= MAX_ROWS)
            {
                rest += rows.get(i).getValue();
                continue;
            }
            row(h, rows.get(i).getKey(), rows.get(i).getValue(), records, max);
        }
        if (rest > 0)
        {
            row(h, (rows.size() - MAX_ROWS) + " more", rest, records, Math.max(max, rest));
        }
        h.append("</tbody></table>\n");
    }

    private static void row(final StringBuilder h, final String name, final long n, final long records,
        final long max)
    {
        final double w = max == 0 ? 0 : 100.0 * n / max;
        h.append("<tr><td class=\"name\">").append(esc(name)).append("</td><td class=\"num\">").append(n)
            .append("</td><td class=\"num\">").append(percent(n, records)).append("</td><td class=\"bar\">")
            .append("<svg class=\"bar\" viewBox=\"0 0 100 10\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"")
            .append(percent(n, records)).append("\"><rect x=\"0\" y=\"1\" height=\"8\" width=\"")
            .append(fmt(Math.max(w, 0.5))).append("\" fill=\"#1565c0\"/></svg></td></tr>\n");
    }

    private static void timeChart(final StringBuilder h, final ReportTally t)
    {
        h.append("<h2>Traffic over trace time</h2>\n");
        final int n = t.bucketsUsed();
        if (n == 0)
        {
            h.append("<p class=\"note\">no records</p>\n");
            return;
        }
        h.append("<p class=\"note\">").append(n).append(" intervals of ").append(span(t, t.width()))
            .append(t.capture() ? " from " + Instant.ofEpochSecond(0, t.base()) + " (capture timestamps)"
                : " from ts " + t.base() + " (the records' ts field, in the trace's own unit)");
        if (t.early() > 0)
        {
            h.append("; ").append(t.early()).append(" records earlier than the first are in the first interval");
        }
        h.append("</p>\n");
        final long[] totals = new long[n];
        long max = 1;
        for (int b = 0; b < n; b++)
        {
            for (int a = 0; a < Actions.COUNT; a++)
            {
                totals[b] += t.count(b, a);
            }
            max = Math.max(max, totals[b]);
        }
        stacked(h, t, n, max, "decisions per interval, by action");
        legend(h, t, n);
        if (t.capture())
        {
            long maxBytes = 1;
            for (int b = 0; b < n; b++)
            {
                maxBytes = Math.max(maxBytes, t.bytes(b));
            }
            bytesChart(h, t, n, maxBytes);
        }
    }

    private static void axes(final StringBuilder h, final long max, final String label, final ReportTally t,
        final int n)
    {
        h.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(H - BOTTOM).append("\" x2=\"").append(W - 10)
            .append("\" y2=\"").append(H - BOTTOM).append("\" stroke=\"#333\"/>")
            .append("<line x1=\"").append(LEFT).append("\" y1=\"").append(TOP).append("\" x2=\"").append(LEFT)
            .append("\" y2=\"").append(H - BOTTOM).append("\" stroke=\"#333\"/>");
        text(h, LEFT - 6, TOP + 10, "end", Long.toString(max));
        text(h, LEFT - 6, H - BOTTOM, "end", "0");
        text(h, LEFT, H - 8, "start", "+0");
        text(h, W - 10, H - 8, "end", "+" + span(t, (long)n * t.width()));
        text(h, (LEFT + W) / 2, H - 8, "middle", label);
    }

    private static void stacked(final StringBuilder h, final ReportTally t, final int n, final long max,
        final String label)
    {
        h.append("<svg class=\"chart\" viewBox=\"0 0 ").append(W).append(' ').append(H)
            .append("\" role=\"img\" aria-label=\"").append(esc(label)).append("\">");
        final double bw = (double)(W - 10 - LEFT) / n;
        final double plot = H - BOTTOM - TOP;
        for (int b = 0; b < n; b++)
        {
            double y = H - BOTTOM;
            for (int a = 0; a < Actions.COUNT; a++)
            {
                final long c = t.count(b, a);
                if (c == 0)
                {
                    continue;
                }
                final double bh = plot * c / max;
                y -= bh;
                h.append("<rect x=\"").append(fmt(LEFT + b * bw)).append("\" y=\"").append(fmt(y))
                    .append("\" width=\"").append(fmt(Math.max(bw - 1, 0.5))).append("\" height=\"").append(fmt(bh))
                    .append("\" fill=\"").append(COLOURS[a]).append("\"><title>").append(Actions.name(a))
                    .append(": ").append(c).append("</title></rect>");
            }
        }
        axes(h, max, label, t, n);
        h.append("</svg>\n");
    }

    private static void legend(final StringBuilder h, final ReportTally t, final int n)
    {
        h.append("<p class=\"legend\">");
        for (int a = 0; a < Actions.COUNT; a++)
        {
            long total = 0;
            for (int b = 0; b < n; b++)
            {
                total += t.count(b, a);
            }
            if (total > 0)
            {
                h.append("<span><span class=\"swatch\" style=\"background:").append(COLOURS[a]).append("\"></span>")
                    .append(Actions.name(a)).append(' ').append(total).append("</span>");
            }
        }
        h.append("</p>\n");
    }

    private static void bytesChart(final StringBuilder h, final ReportTally t, final int n, final long max)
    {
        final String label = "bytes on the wire per interval";
        h.append("<svg class=\"chart\" viewBox=\"0 0 ").append(W).append(' ').append(H)
            .append("\" role=\"img\" aria-label=\"").append(label).append("\"><polyline fill=\"none\" ")
            .append("stroke=\"#1565c0\" stroke-width=\"2\" points=\"");
        final double bw = (double)(W - 10 - LEFT) / n;
        final double plot = H - BOTTOM - TOP;
        for (int b = 0; b < n; b++)
        {
            h.append(fmt(LEFT + (b + 0.5) * bw)).append(',').append(fmt(H - BOTTOM - plot * t.bytes(b) / max))
                .append(' ');
        }
        h.append("\"/>");
        axes(h, max, label, t, n);
        h.append("</svg>\n");
    }

    private static void talkers(final StringBuilder h, final TopTalkers talkers, final long allBytes)
    {
        h.append("<h2>Top talkers by 5-tuple</h2>\n");
        final List<TopTalkers.Talker> top = talkers.top(TOP_TALKERS);
        if (top.isEmpty())
        {
            h.append("<p class=\"note\">no IP packets</p>\n");
            return;
        }
        if (talkers.approximate())
        {
            h.append("<p class=\"note\">More than ").append(TopTalkers.CAPACITY).append(" flows: counts are upper ")
                .append("bounds (a flow's count may include up to its \"error\" from flows it replaced).</p>\n");
        }
        h.append("<table><thead><tr><th class=\"name\">flow</th><th class=\"num\">packets</th>")
            .append("<th class=\"num\">bytes</th><th class=\"num\">share of bytes</th></tr></thead><tbody>\n");
        for (final TopTalkers.Talker k : top)
        {
            h.append("<tr><td class=\"name\">").append(esc(k.flow()))
                .append(k.error() > 0 ? " (error " + k.error() + ")" : "").append("</td><td class=\"num\">")
                .append(k.packets()).append("</td><td class=\"num\">").append(k.bytes())
                .append("</td><td class=\"num\">")
                .append(percent(k.bytes(), allBytes)).append("</td></tr>\n");
        }
        h.append("</tbody></table>\n");
    }

    private static void text(final StringBuilder h, final int x, final int y, final String anchor, final String s)
    {
        h.append("<text x=\"").append(x).append("\" y=\"").append(y).append("\" text-anchor=\"").append(anchor)
            .append("\" font-size=\"12\" fill=\"#333\">").append(esc(s)).append("</text>");
    }

    /** A time span: nanoseconds shown in ns, µs, ms or s for a capture; ts units for a trace. */
    private static String span(final ReportTally t, final long units)
    {
        if (!t.capture())
        {
            return units + " ts units";
        }
        if (units < 1_000L)
        {
            return units + " ns";
        }
        if (units < 1_000_000L)
        {
            return String.format(Locale.ROOT, "%.3g \u00b5s", units / 1e3);
        }
        if (units < 1_000_000_000L)
        {
            return String.format(Locale.ROOT, "%.3g ms", units / 1e6);
        }
        return String.format(Locale.ROOT, "%.4g s", units / 1e9);
    }

    private static String percent(final long n, final long of)
    {
        return of == 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100.0 * n / of);
    }

    private static String fmt(final double v)
    {
        if (v == Math.rint(v) && Math.abs(v) < 1e15)
        {
            return Long.toString((long)v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }

    static String esc(final String s)
    {
        final StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++)
        {
            final char c = s.charAt(i);
            switch (c)
            {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
