package io.gaia.reliability.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.gaia.events.GaiaJson;
import io.gaia.kb.command.CommandRegistry;
import io.gaia.kb.experience.ExperienceLoader;
import io.gaia.kb.experience.InvalidExperienceException;
import io.gaia.testsupport.ServiceProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * kb-service's experience loader over a real folder whose files are fuzzed: a copy of Wylding Woods
 * in a temp folder where one file (config, world, a template, a game-logic page, or a new file) is
 * replaced by fuzzed content. It loads or refuses with {@link InvalidExperienceException} naming
 * the problems — it never throws anything else and never hangs.
 */
class ExperienceLoaderFuzzTest {

    private static final ExperienceLoader LOADER = new ExperienceLoader(GaiaJson.create(), CommandRegistry.standard().names());
    private static final Path FOLDER;
    private static final Map<String, byte[]> ORIGINAL = new TreeMap<>();
    private static final List<String> FILES;

    static {
        try {
            Path source = ServiceProcess.repositoryRoot().resolve("experiences/wylding-woods");
            FOLDER = Files.createTempDirectory("gaia-loader-fuzz").resolve("wylding-woods");
            try (Stream<Path> files = Files.walk(source)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    String relative = source.relativize(file).toString();
                    ORIGINAL.put(relative, Files.readAllBytes(file));
                    Files.createDirectories(FOLDER.resolve(relative).getParent());
                    Files.write(FOLDER.resolve(relative), ORIGINAL.get(relative));
                }
            }
            FILES = List.copyOf(ORIGINAL.keySet());
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @FuzzTest(maxDuration = "10s")
    void anyFileContentLoadsOrIsRefusedWithNamedErrors(FuzzedDataProvider data) throws IOException {
        int choice = data.consumeInt(0, FILES.size());
        String relative = choice < FILES.size() ? FILES.get(choice)
                : "templates/" + data.pickValue(List.of("items", "npcs", "quests")) + "/" + data.consumeString(20) + ".json";
        Path target;
        try {
            target = FOLDER.resolve(relative).normalize();
        } catch (java.nio.file.InvalidPathException unnameable) {
            return; // e.g. a NUL in the name: no such file can exist for the loader to read
        }
        if (!target.startsWith(FOLDER)) {
            return; // the fuzzer named a file outside the folder; the loader never sees it
        }
        boolean mutate = data.consumeBoolean() && ORIGINAL.containsKey(relative);
        byte[] content = mutate ? mutate(ORIGINAL.get(relative), data) : data.consumeRemainingAsBytes();
        try {
            Files.createDirectories(target.getParent());
            Files.write(target, content);
        } catch (IOException | RuntimeException unwritable) {
            return; // e.g. a name the file system refuses
        }
        try {
            LOADER.load(FOLDER);
        } catch (InvalidExperienceException refused) {
            if (refused.errors().isEmpty()) {
                throw new AssertionError("refused without naming a problem");
            }
        } finally {
            restore(relative, target);
        }
    }

    /** Keeps the file mostly valid: replaces one region of it with fuzzed text, so validation gets deep. */
    private static byte[] mutate(byte[] original, FuzzedDataProvider data) {
        String text = new String(original, StandardCharsets.UTF_8);
        int from = data.consumeInt(0, text.length());
        int to = data.consumeInt(from, Math.min(text.length(), from + 64));
        return (text.substring(0, from) + data.consumeString(64) + text.substring(to)).getBytes(StandardCharsets.UTF_8);
    }

    private static void restore(String relative, Path target) throws IOException {
        if (ORIGINAL.containsKey(relative)) {
            Files.write(target, ORIGINAL.get(relative));
        } else {
            Files.deleteIfExists(target);
        }
    }
}
