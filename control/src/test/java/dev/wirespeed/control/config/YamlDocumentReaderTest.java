package dev.wirespeed.control.config;

import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class YamlDocumentReaderTest
{
    private static List<YamlNode> read(final String yaml, final Diagnostics d)
    {
        return new YamlDocumentReader().read("t.yaml", new StringReader(yaml), d);
    }

    @Test
    void shouldRecordLineAndColumnOfEveryNode()
    {
        final Diagnostics d = new Diagnostics();
        final List<YamlNode> docs = read("a: 1\nb:\n  - x: yes\n    y: \"on\"\n---\nc: 0777\n", d);
        assertThat(d.list()).isEmpty();
        assertThat(docs).hasSize(2);
        final YamlNode x = docs.get(0).get("b").items().get(0).get("x");
        assertThat(x.line()).isEqualTo(3);
        assertThat(x.column()).isEqualTo(8);
        assertThat(x.path()).isEqualTo("b[0].x");
        assertThat(x.text()).isEqualTo("yes");
        assertThat(x.scalarType()).isEqualTo(YamlNode.ScalarType.BOOLEAN);
        assertThat(docs.get(0).get("b").items().get(0).get("y").scalarType()).isEqualTo(YamlNode.ScalarType.STRING);
        assertThat(docs.get(0).key("b").line()).isEqualTo(2);
        assertThat(docs.get(0).key("b").column()).isEqualTo(1);
        assertThat(docs.get(1).get("c").text()).isEqualTo("0777");
        assertThat(docs.get(1).line()).isEqualTo(6);
    }

    @Test
    void shouldRejectDuplicateKeysWithBothPositions()
    {
        final Diagnostics d = new Diagnostics();
        read("a: 1\nb: 2\na: 3\n", d);
        assertThat(d.list()).extracting(Diagnostic::format)
                .containsExactly("t.yaml:3:1: error: a: duplicate key \"a\" (first written at line 1, column 1)");
    }

    @Test
    void shouldReportSyntaxErrorsWithPosition()
    {
        final Diagnostics d = new Diagnostics();
        read("a: [1, 2\nb: c\n", d);
        assertThat(d.list()).hasSize(1);
        assertThat(d.list().get(0).format()).startsWith("t.yaml:").contains("error: malformed YAML");
    }

    @Test
    void shouldResolveAliases()
    {
        final Diagnostics d = new Diagnostics();
        final List<YamlNode> docs = read("a: &x {k: v}\nb: *x\n", d);
        assertThat(d.list()).isEmpty();
        assertThat(docs.get(0).get("b").get("k").text()).isEqualTo("v");
    }

    @Test
    void shouldSkipEmptyDocuments()
    {
        final Diagnostics d = new Diagnostics();
        assertThat(read("---\n---\na: 1\n---\n", d)).hasSize(1);
        assertThat(d.list()).isEmpty();
    }
    @Test
    void shouldReadAnEmptyValueAsNullButAQuotedEmptyStringAsAString()
    {
        final Diagnostics d = new Diagnostics();
        final YamlNode doc = read("a:\nb: ''\nc: \"\"\n", d).get(0);
        assertThat(doc.get("a").isNull()).isTrue();
        assertThat(doc.get("b").scalarType()).isEqualTo(YamlNode.ScalarType.STRING);
        assertThat(doc.get("c").text()).isEmpty();
    }
}
