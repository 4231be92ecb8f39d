package dev.wirespeed.sim.explain;

import dev.wirespeed.control.reference.Explanation;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * Route test results as JUnit XML (the {@code testsuites/testsuite/testcase/failure} schema CI servers read):
 * one {@code testsuite} per test file, one {@code testcase} per test, a {@code failure} with the mismatches and
 * the explanation of the failing stages. Built with the JDK's DOM and written by its transformer, so the text
 * is escaped and well-formed whatever the names hold.
 */
public final class JunitReport
{
    private JunitReport()
    {
    }

    /**
     * @param suites test outcomes by test file, in order.
     * @param out    where the XML goes (not closed).
     * @throws IOException when it cannot be written.
     */
    public static void write(final Map<String, List<RouteTestRunner.Outcome>> suites, final OutputStream out)
            throws IOException
    {
        try
        {
            final DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            final Document doc = f.newDocumentBuilder().newDocument();
            final Element root = doc.createElement("testsuites");
            doc.appendChild(root);
            int total = 0;
            int failed = 0;
            for (final Map.Entry<String, List<RouteTestRunner.Outcome>> s : suites.entrySet())
            {
                final Element suite = doc.createElement("testsuite");
                suite.setAttribute("name", s.getKey());
                int suiteFailed = 0;
                for (final RouteTestRunner.Outcome o : s.getValue())
                {
                    suite.appendChild(testcase(doc, s.getKey(), o));
                    suiteFailed += o.passed() ? 0 : 1;
                }
                suite.setAttribute("tests", Integer.toString(s.getValue().size()));
                suite.setAttribute("failures", Integer.toString(suiteFailed));
                suite.setAttribute("errors", "0");
                suite.setAttribute("skipped", "0");
                root.appendChild(suite);
                total += s.getValue().size();
                failed += suiteFailed;
            }
            root.setAttribute("name", "wirespeed test");
            root.setAttribute("tests", Integer.toString(total));
            root.setAttribute("failures", Integer.toString(failed));
            final Transformer t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.INDENT, "yes");
            t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            t.transform(new DOMSource(doc), new StreamResult(out));
        }
        catch (final ParserConfigurationException | TransformerException e)
        {
            throw new IOException("cannot write JUnit XML: " + e.getMessage(), e);
        }
    }

    private static Element testcase(final Document doc, final String suite, final RouteTestRunner.Outcome o)
    {
        final Element tc = doc.createElement("testcase");
        tc.setAttribute("classname", suite);
        tc.setAttribute("name", o.test().name());
        tc.setAttribute("file", o.test().location());
        if (!o.passed())
        {
            final Element failure = doc.createElement("failure");
            failure.setAttribute("message", String.join("; ", o.mismatches()));
            failure.setAttribute("type", "RouteMismatch");
            final StringBuilder b = new StringBuilder("request ").append(ExplainOutput.request(o.test().request()))
                    .append('\n');
            for (final String m : o.mismatches())
            {
                b.append(m).append('\n');
            }
            for (final Explanation.Step s : RouteTestRunner.failingSteps(o))
            {
                b.append(s.stage()).append(": ").append(s.text()).append('\n');
            }
            failure.setTextContent(b.toString());
            tc.appendChild(failure);
        }
        return tc;
    }
}
