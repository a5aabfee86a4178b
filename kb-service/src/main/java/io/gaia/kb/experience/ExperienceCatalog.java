package io.gaia.kb.experience;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every experience folder under the content directory and its load state. A folder that fails
 * validation is kept as {@code failed} with its errors (reported in health, refused to players)
 * and never affects the others. {@link #refresh()} reloads only folders whose files changed.
 */
public final class ExperienceCatalog {

    private static final Logger log = LoggerFactory.getLogger(ExperienceCatalog.class);

    private final Path root;
    private final ExperienceLoader loader;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final List<Consumer<ExperienceContent>> listeners = new CopyOnWriteArrayList<>();

    public ExperienceCatalog(Path root, ExperienceLoader loader) {
        this.root = root;
        this.loader = loader;
    }

    /** The load state of one experience folder. {@code content} is null unless it is loaded. */
    public record Entry(String id, boolean loaded, ExperienceContent content, List<String> errors, Instant checkedAt,
                        String fingerprint) {
    }

    public Path root() {
        return root;
    }

    /** Called with the new content every time an experience is (re)loaded successfully. */
    public void onLoaded(Consumer<ExperienceContent> listener) {
        listeners.add(listener);
    }

    public Optional<Entry> entry(String id) {
        return Optional.ofNullable(entries.get(id));
    }

    /** Loaded content, or empty when the experience is unknown or broken. */
    public Optional<ExperienceContent> content(String id) {
        Entry entry = entries.get(id);
        return entry != null && entry.loaded() ? Optional.of(entry.content()) : Optional.empty();
    }

    public List<Entry> entries() {
        return entries.values().stream().sorted(java.util.Comparator.comparing(Entry::id)).toList();
    }

    /** Loads new and changed folders, forgets removed ones. Safe to call from one thread at a time. */
    public synchronized void refresh() {
        List<Path> folders = folders();
        List<String> present = new ArrayList<>();
        for (Path folder : folders) {
            String id = folder.getFileName().toString();
            present.add(id);
            String fingerprint = Fingerprint.of(folder);
            Entry old = entries.get(id);
            if (old == null || !old.fingerprint().equals(fingerprint)) {
                load(id, folder, fingerprint);
            }
        }
        entries.keySet().removeIf(id -> {
            boolean gone = !present.contains(id);
            if (gone) {
                log.warn("experience '{}' folder removed; no longer served", id);
            }
            return gone;
        });
    }

    private void load(String id, Path folder, String fingerprint) {
        try {
            ExperienceContent content = loader.load(folder);
            entries.put(id, new Entry(id, true, content, List.of(), Instant.now(), fingerprint));
            log.info("experience '{}' loaded ({} model, {} items, {} NPCs, {} quests)", id,
                    content.config().model().wireName(), content.items().size(), content.npcs().size(),
                    content.quests().size());
            content.refusedCommands().forEach((command, errors) -> log.error(
                    "experience '{}': command '{}' refused (the rest serves): {}", id, command, String.join("; ", errors)));
            listeners.forEach(listener -> listener.accept(content));
        } catch (InvalidExperienceException e) {
            entries.put(id, new Entry(id, false, null, e.errors(), Instant.now(), fingerprint));
            log.error("experience '{}' refused: {}", id, String.join("; ", e.errors()));
        } catch (RuntimeException e) {
            entries.put(id, new Entry(id, false, null, List.of("unexpected error: " + e), Instant.now(), fingerprint));
            log.error("experience '{}' refused", id, e);
        }
    }

    private List<Path> folders() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(root)) {
            return list.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted().toList();
        } catch (IOException e) {
            log.warn("cannot list experiences in {}: {}", root, e.toString());
            return List.of();
        }
    }
}
