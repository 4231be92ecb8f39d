package dev.wirespeed.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs Debian's Chromium headless on a page the CLI wrote, the way a person would open it: it takes a
 * screenshot, collects every console message (the pages carry no script, so any message is a failure),
 * and evaluates layout checks in the rendered page (a copy with a checking script appended) whose JSON
 * result is read back from the dumped DOM.
 */
final class HeadlessChromium
{
    private static final Pattern CHECK = Pattern.compile("<pre id=\"wirespeed-check\">(.*?)</pre>", Pattern.DOTALL);

    /**
     * Checks the rendered page: every SVG that should be there drew (non-empty bounding box); node labels
     * ({@code svg .node text}) do not overlap each other and stay inside their boxes; the page body does
     * not overflow the window sideways, no SVG text sticks out of its SVG and no table cell out of its box; and the
     * visible text of the page.
     */
    private static final String CHECK_SCRIPT = String.join("\n",
            "<script>(function(){",
            "const r={};const svgs=[...document.querySelectorAll('svg')];",
            "r.svgs=svgs.length;r.drawn=svgs.filter(s=>{const b=s.getBBox();return b.width>0&&b.height>0;}).length;",
            "const t=[...document.querySelectorAll('svg .node text')].map(e=>e.getBoundingClientRect());",
            "r.labels=t.length;let o=0;for(let i=0;i<t.length;i++){for(let j=i+1;j<t.length;j++){",
            "const a=t[i],b=t[j];"
                    + "if(a.left<b.right-0.5&&b.left<a.right-0.5&&a.top<b.bottom-0.5&&b.top<a.bottom-0.5){o++;}}}",
            "r.overlaps=o;let f=0;document.querySelectorAll('svg .node').forEach(g=>{",
            "const x=g.querySelector('rect').getBoundingClientRect();"
                    + "const y=g.querySelector('text').getBoundingClientRect();",
            "if(y.right>x.right+0.5||y.left<x.left-0.5||y.top<x.top-2||y.bottom>x.bottom+2){f++;}});r.outside=f;",
            "r.bodyOverflow=document.documentElement.scrollWidth>window.innerWidth+1;",
            "let so=0;document.querySelectorAll('svg text').forEach(e=>{const a=e.getBoundingClientRect();",
            "const s=e.ownerSVGElement.getBoundingClientRect();if(a.left<s.left-0.5||a.right>s.right+0.5",
            "||a.top<s.top-0.5||a.bottom>s.bottom+0.5){so++;}});r.svgTextOutside=so;",
            "r.cellOverflow=[...document.querySelectorAll('td,th')].filter(e=>e.scrollWidth>e.clientWidth+1).length;",
            "r.text=document.body.innerText.length;",
            "const p=document.createElement('pre');p.id='wirespeed-check';p.textContent=JSON.stringify(r);",
            "document.body.appendChild(p);})();</script>");

    /** What the browser saw. */
    record Result(String checks, List<String> consoleMessages, Path screenshot)
    {
        long number(final String key)
        {
            final Matcher m = Pattern.compile("\"" + key + "\":(\\d+)").matcher(checks);
            if (!m.find())
            {
                throw new AssertionError("no " + key + " in " + checks);
            }
            return Long.parseLong(m.group(1));
        }

        boolean flag(final String key)
        {
            return checks.contains("\"" + key + "\":true");
        }
    }

    private HeadlessChromium()
    {
    }

    /** @return the browser's path, or null when it is not installed (CI installs it). */
    static String executable()
    {
        for (final String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser"))
        {
            if (Files.isExecutable(Path.of(candidate)))
            {
                return candidate;
            }
        }
        return null;
    }

    static Result open(final Path page, final Path work) throws IOException, InterruptedException
    {
        final Path screenshot = work.resolve("screenshot.png");
        final List<String> console = new ArrayList<>();
        final String log = run(work, "--screenshot=" + screenshot, page.toUri().toString());
        for (final String line : log.split("\n"))
        {
            if (line.contains(":CONSOLE"))
            {
                console.add(line);
            }
        }
        final String html = Files.readString(page, StandardCharsets.UTF_8);
        final Path checked = work.resolve("checked.html");
        final int end = html.lastIndexOf("</body>");
        Files.writeString(checked, html.substring(0, end) + CHECK_SCRIPT + html.substring(end), StandardCharsets.UTF_8);
        final String dom = run(work, "--dump-dom", checked.toUri().toString());
        final Matcher m = CHECK.matcher(dom);
        if (!m.find())
        {
            throw new AssertionError("the check script did not run; browser said:\n" + dom);
        }
        return new Result(m.group(1), console, screenshot);
    }

    private static String run(final Path work, final String action, final String url)
            throws IOException, InterruptedException
    {
        final Path out = Files.createTempFile(work, "chromium", ".log");
        final Process p = new ProcessBuilder(executable(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + work.resolve("profile"), "--window-size=1400,900",
                "--enable-logging=stderr", "--v=0", action, url)
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS))
        {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish within 120 s");
        }
        return Files.readString(out, StandardCharsets.UTF_8);
    }
}
