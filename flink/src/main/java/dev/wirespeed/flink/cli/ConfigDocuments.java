package dev.wirespeed.flink.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The config the job carries to its task managers: every YAML file the single-machine loader would read from
 * the {@code -c} paths (a directory's {@code *.yaml} and {@code *.yml} files recursively, in sorted path
 * order), as name-to-text documents in that order. Each task compiles its FIB from them, so a task manager
 * needs no access to the client's files.
 */
final class ConfigDocuments
{
    private ConfigDocuments()
    {
    }

    static Map<String, String> read(final List<Path> paths) throws IOException
    {
        final Map<String, String> documents = new LinkedHashMap<>();
        for (final Path p : paths)
        {
            if (Files.isDirectory(p))
            {
                final List<Path> files = new ArrayList<>();
                try (Stream<Path> walk = Files.walk(p))
                {
                    walk.filter(f -> isYaml(f) && Files.isRegularFile(f)).forEach(files::add);
                }
                files.sort(null);
                for (final Path f : files)
                {
                    documents.put(f.toString(), Files.readString(f));
                }
            }
            else
            {
                documents.put(p.toString(), Files.readString(p));
            }
        }
        return documents;
    }

    private static boolean isYaml(final Path f)
    {
        final String name = f.getFileName().toString();
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }
}
