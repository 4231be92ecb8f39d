package dev.wirespeed.pipeline.counters;

import dev.wirespeed.fib.decision.Actions;
import dev.wirespeed.fib.decision.Reasons;
import dev.wirespeed.pipeline.descriptor.ReasonTable;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CountersFileTest
{
    @TempDir
    Path dir;

    @Test
    void shouldExposePublishedCountersToAReaderOfTheFile()
    {
        final ReasonTable reasons = new ReasonTable();
        final int acl = reasons.register("acl-deny");
        try (PipelineCounters counters =
            PipelineCounters.create(dir, 2, reasons, 4, List.of("reviews-v1", "ratings"), true))
        {
            final WorkerCounters w0 = counters.worker(0);
            final WorkerCounters w1 = counters.worker(1);
            w0.onDecision(Actions.FORWARD, 0, 2, 100, -1);
            w0.onDecision(Actions.ROUTE, 0, 9, 50, 1);
            w1.onDecision(Actions.DROP, acl, -1, 60, -1);
            w1.onDecision(Actions.DROP, 99, -1, 60, 7);
            w1.onDecision(Actions.PUNT, Reasons.TTL_EXPIRED, -1, 60, -1);
            w0.onRecords(2);
            w1.onRecords(3);
            w0.onGeneration(5);
            w1.onGeneration(4);
            counters.ingress().onRecordsIn(1);
            counters.ingress().onTailDrop();
            counters.fibGeneration().setRelease(5);

            try (CountersFileReader reader = CountersFileReader.open(dir))
            {
                assertThat(reader.snapshot().total("forwarded")).as("nothing flushed yet").isZero();
                w0.flush();
                w1.flush();
                counters.ingress().flush();
                final CounterSnapshot s = reader.snapshot();
                assertThat(reader.pid()).isEqualTo(ProcessHandle.current().pid());
                assertThat(reader.isWriterAlive()).isTrue();
                assertThat(s.total("worker-records")).isEqualTo(5);
                assertThat(s.total("forwarded")).isEqualTo(2);
                assertThat(s.total("punted")).isEqualTo(1);
                assertThat(s.total("dropped")).as("two by workers, one tail drop").isEqualTo(3);
                assertThat(s.total("drop:acl-deny")).isEqualTo(1);
                assertThat(s.total("drop:none")).as("unknown reason code").isEqualTo(1);
                assertThat(s.total("drop:ring-full")).isEqualTo(1);
                assertThat(s.total("port:2:packets")).isEqualTo(1);
                assertThat(s.total("port:2:bytes")).isEqualTo(100);
                assertThat(s.total("port:other:packets")).isEqualTo(1);
                assertThat(s.total("port:other:bytes")).isEqualTo(50);
                assertThat(s.total("cluster:ratings:requests")).isEqualTo(1);
                assertThat(s.total("cluster:other:requests")).isEqualTo(1);
                assertThat(s.total("fib-generation-acked")).as("the oldest any worker runs").isEqualTo(4);
                assertThat(s.total("fib-generation")).isEqualTo(5);
                assertThat(s.blocks().get(1).get("dropped")).isEqualTo(2);
                assertThat(s.blocks().get(PipelineCounters.INGRESS_BLOCK).get("records-in")).isEqualTo(1);
            }
        }
        assertThat(dir.resolve(CountersFile.FILE_NAME)).doesNotExist();
    }

    @Test
    void shouldCreateTheDefaultDirectoryPrivatelyWithARandomNameAndRemoveIt() throws Exception
    {
        final Path created;
        try (PipelineCounters counters = PipelineCounters.create(null, 1, new ReasonTable(), 1, List.of(), true))
        {
            created = counters.file().getParent();
            assertThat(created.getParent()).isEqualTo(CountersFile.defaultParent());
            assertThat(created.getFileName().toString()).startsWith(CountersFile.defaultDirectoryPrefix())
                .hasSizeGreaterThan(CountersFile.defaultDirectoryPrefix().length());
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(created))).isEqualTo("rwx------");
            assertThat(FileOwners.ownerOf(created)).isEqualTo(FileOwners.caller());
            assertThat(CountersFileReader.findLive()).contains(created);
        }
        assertThat(created).doesNotExist();
    }

    @Test
    void shouldNeverFollowAPlantedSymlinkAtTheOldDefaultDirectoryName() throws Exception
    {
        // The attack: a local user pre-creates /dev/shm/wirespeed-<pid> as a symlink into a directory only the
        // victim may write; the engine used to delete counters.dat there, create its own, and delete it at exit.
        final Path victim = Files.createDirectory(dir.resolve("victim"));
        final Path precious = Files.writeString(victim.resolve(CountersFile.FILE_NAME), "precious");
        final Path planted = CountersFile.defaultParent().resolve(CountersFile.DIRECTORY_PREFIX
            + ProcessHandle.current().pid());
        Files.deleteIfExists(planted);
        Files.createSymbolicLink(planted, victim);
        try
        {
            try (PipelineCounters counters = PipelineCounters.create(null, 1, new ReasonTable(), 1, List.of(), true))
            {
                assertThat(counters.file().getParent()).isNotEqualTo(planted);
                assertThat(counters.file().toRealPath().startsWith(victim.toRealPath())).isFalse();
            }
            assertThat(precious).hasContent("precious");
            assertThat(victim).isDirectory();
        }
        finally
        {
            Files.deleteIfExists(planted);
        }
    }

    @Test
    void shouldKeepAPreExistingCountersDirectoryAfterTheRun() throws Exception
    {
        final Path mine = Files.createDirectory(dir.resolve("mine"));
        try (PipelineCounters counters = PipelineCounters.create(mine, 1, new ReasonTable(), 1, List.of(), true))
        {
            assertThat(counters.file()).exists();
        }
        assertThat(mine).isDirectory().isEmptyDirectory();
    }

    @Test
    void shouldCreateAMissingCountersDirectoryOwnerOnlyAndRemoveOnlyWhatItCreated() throws Exception
    {
        final Path missing = dir.resolve("a").resolve("b");
        try (PipelineCounters counters = PipelineCounters.create(missing, 1, new ReasonTable(), 1, List.of(), true))
        {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(missing))).isEqualTo("rwx------");
            Files.writeString(missing.resolve("someone-elses.txt"), "keep me");
        }
        assertThat(missing.resolve(CountersFile.FILE_NAME)).doesNotExist();
        assertThat(missing.resolve("someone-elses.txt")).hasContent("keep me");
    }

    @Test
    void shouldRefuseASecondEngineInTheSameCountersDirectoryAndLeaveTheFirstAlone()
    {
        final Path shared = dir.resolve("shared");
        try (PipelineCounters first = PipelineCounters.create(shared, 1, new ReasonTable(), 1, List.of(), true))
        {
            first.worker(0).onRecords(42);
            first.worker(0).flush();
            assertThatThrownBy(() -> PipelineCounters.create(shared, 2, new ReasonTable(), 1, List.of(), true))
                .isInstanceOf(CountersFileException.class)
                .hasMessageContaining("already holds a counters file").hasMessageContaining(shared.toString());
            try (CountersFileReader reader = CountersFileReader.open(shared))
            {
                assertThat(reader.snapshot().total("worker-records")).as("the first engine's counters").isEqualTo(42);
            }
        }
        assertThat(shared).as("created by the first engine, removed by it").doesNotExist();
    }

    @Test
    void shouldRefuseACountersDirectoryThatIsASymbolicLinkOrAFile() throws Exception
    {
        final Path link = Files.createSymbolicLink(dir.resolve("link"), Files.createDirectory(dir.resolve("real")));
        assertThatThrownBy(() -> PipelineCounters.create(link, 1, new ReasonTable(), 1, List.of(), true))
            .isInstanceOf(CountersFileException.class).hasMessageContaining("is a symbolic link");
        final Path file = Files.writeString(dir.resolve("file"), "x");
        assertThatThrownBy(() -> PipelineCounters.create(file, 1, new ReasonTable(), 1, List.of(), true))
            .isInstanceOf(CountersFileException.class).hasMessageContaining("is not a directory");
        assertThat(file).hasContent("x");
        assertThat(dir.resolve("real")).isEmptyDirectory();
    }

    @Test
    void shouldSayClearlyWhenThereIsNoCountersFile() throws Exception
    {
        assertThatThrownBy(() -> CountersFileReader.open(dir)).isInstanceOf(CountersFileException.class)
            .hasMessageContaining("no counters file");
        Files.writeString(dir.resolve(CountersFile.FILE_NAME), "x".repeat(5000));
        assertThatThrownBy(() -> CountersFileReader.open(dir)).hasMessageContaining("not a wirespeed counters file");
    }

    @Test
    void shouldReportACorruptLabelLengthInsteadOfReadingPastTheRecord() throws Exception
    {
        final Path counters = staleCounters("corrupt-label");
        for (final int length : new int[] {100_000_000, -1, CountersReader.MAX_LABEL_LENGTH + 1, Integer.MIN_VALUE})
        {
            patchInt(counters, CountersFile.HEADER_LENGTH + CountersReader.LABEL_OFFSET, length);
            try (CountersFileReader reader = CountersFileReader.open(counters))
            {
                assertThatThrownBy(reader::snapshot).isInstanceOf(CountersFileException.class)
                    .hasMessageContaining("counter 0 has label length " + length);
            }
        }
    }

    @Test
    void shouldValidateEveryHeaderLengthAgainstTheFile() throws Exception
    {
        final Path counters = staleCounters("corrupt-header");
        final Path file = counters.resolve(CountersFile.FILE_NAME);
        final byte[] good = Files.readAllBytes(file);
        final Object[][] cases = {
            {CountersFile.METADATA_LENGTH_OFFSET, -512, "metadata length -512"},
            {CountersFile.METADATA_LENGTH_OFFSET, 100_000_000, "metadata length 100000000"},
            {CountersFile.METADATA_LENGTH_OFFSET, 513, "not a non-negative multiple"},
            {CountersFile.VALUES_LENGTH_OFFSET, Integer.MAX_VALUE, "does not match metadata length"},
            {CountersFile.VALUES_LENGTH_OFFSET, -128, "does not match metadata length"},
        };
        for (final Object[] c : cases)
        {
            Files.write(file, good);
            patchInt(counters, (Integer)c[0], (Integer)c[1]);
            assertThatThrownBy(() -> CountersFileReader.open(counters).close()).as("%s", c[2])
                .isInstanceOf(CountersFileException.class).hasMessageContaining((String)c[2]);
        }
        Files.write(file, java.util.Arrays.copyOf(good, good.length / 2));
        assertThatThrownBy(() -> CountersFileReader.open(counters).close()).isInstanceOf(CountersFileException.class)
            .hasMessageContaining("its header declares");
    }

    @Test
    void shouldNotReadCountersFilesOwnedBySomeoneElseThanTheCallerOrRoot() throws Exception
    {
        final Path counters = staleCounters("foreign");
        final Path file = counters.resolve(CountersFile.FILE_NAME);
        final int caller = FileOwners.caller();
        final int callerSeen;
        if (caller == FileOwners.ROOT)
        {
            Files.setAttribute(file, "unix:uid", 65534); // as root: make it another user's
            callerSeen = caller;
        }
        else
        {
            callerSeen = caller + 1; // as a user: read it as someone else would
        }
        assertThatThrownBy(() -> CountersFileReader.open(counters, callerSeen).close())
            .isInstanceOf(CountersFileException.class).hasMessageContaining("neither you");
    }

    @Test
    void shouldPreferTheRealEngineOverAPlantedPidOneFile() throws Exception
    {
        final Path parent = Files.createDirectory(dir.resolve("shm"));
        try (PipelineCounters real = PipelineCounters.create(parent.resolve(CountersFile.DIRECTORY_PREFIX + "real"), 1,
            new ReasonTable(), 1, List.of(), true))
        {
            final Path planted = Files.createDirectory(parent.resolve(CountersFile.DIRECTORY_PREFIX + "1"));
            Files.copy(real.file(), planted.resolve(CountersFile.FILE_NAME));
            patchLong(planted, CountersFile.PID_OFFSET, 1);
            patchLong(planted, CountersFile.START_TIME_OFFSET, System.currentTimeMillis() + 1_000); // "newest"
            if (FileOwners.caller() == FileOwners.ROOT)
            {
                Files.setAttribute(planted.resolve(CountersFile.FILE_NAME), "unix:uid", 65534);
                Files.setAttribute(planted, "unix:uid", 65534);
            }
            assertThat(CountersFileReader.findLive(List.of(parent), FileOwners.caller()))
                .containsExactly(real.file().getParent());
        }
    }

    private Path staleCounters(final String name)
    {
        final Path counters = dir.resolve(name);
        PipelineCounters.create(counters, 2, new ReasonTable(), 1, List.of(), false).close();
        return counters;
    }

    private static void patchInt(final Path counters, final int offset, final int value) throws Exception
    {
        try (FileChannel channel = FileChannel.open(counters.resolve(CountersFile.FILE_NAME), StandardOpenOption.WRITE))
        {
            channel.write(ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(0, value), offset);
        }
    }

    private static void patchLong(final Path counters, final int offset, final long value) throws Exception
    {
        try (FileChannel channel = FileChannel.open(counters.resolve(CountersFile.FILE_NAME), StandardOpenOption.WRITE))
        {
            channel.write(ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(0, value), offset);
        }
    }
}
