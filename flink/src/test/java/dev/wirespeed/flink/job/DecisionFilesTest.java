package dev.wirespeed.flink.job;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client-side check and merge of decision part files: every record exactly once, then input order. */
class DecisionFilesTest
{
    @TempDir
    Path dir;

    @Test
    void shouldMergePartsIntoRecordOrderAndRemoveThem() throws IOException
    {
        Files.writeString(dir.resolve("decisions-a-0-0.jsonl"), "{\"i\":2,\"x\":\"c\"}\n{\"i\":0,\"x\":\"a\"}\n");
        Files.writeString(dir.resolve("decisions-a-1-0.jsonl"), "{\"i\":1,\"x\":\"b\"}\n");
        Files.writeString(dir.resolve(".decisions-a-1-1.jsonl.inprogress.x"), "{\"i\":1,\"x\":\"b\"}\n");
        final Path merged = DecisionFiles.index(dir, 3).mergeInto(dir);
        assertThat(Files.readString(merged))
            .isEqualTo("{\"i\":0,\"x\":\"a\"}\n{\"i\":1,\"x\":\"b\"}\n{\"i\":2,\"x\":\"c\"}\n");
        assertThat(DecisionFiles.parts(dir)).isEmpty();
    }

    @Test
    void shouldRefuseADuplicatedDecision() throws IOException
    {
        Files.writeString(dir.resolve("decisions-a-0-0.jsonl"), "{\"i\":0}\n{\"i\":1}\n");
        Files.writeString(dir.resolve("decisions-a-1-0.jsonl"), "{\"i\":1}\n");
        assertThatThrownBy(() -> DecisionFiles.index(dir, 2)).hasMessageContaining("record 1 has two decisions");
    }

    @Test
    void shouldRefuseALostDecision() throws IOException
    {
        Files.writeString(dir.resolve("decisions-a-0-0.jsonl"), "{\"i\":0}\n{\"i\":2}\n");
        assertThatThrownBy(() -> DecisionFiles.index(dir, 3)).hasMessageContaining("record 1 has no decision");
    }

    @Test
    void shouldRefuseAPartCutShort() throws IOException
    {
        Files.writeString(dir.resolve("decisions-a-0-0.jsonl"), "{\"i\":0}\n{\"i\":1");
        assertThatThrownBy(() -> DecisionFiles.index(dir, 2)).hasMessageContaining("no newline");
    }
}
