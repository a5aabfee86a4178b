package io.gaia.reliability.audit;

import io.gaia.events.GaiaJson;
import io.gaia.kb.world.CommitLog;
import io.gaia.kb.world.DocContent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.TreeWalk;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * kb-service's state folder read straight from disk, the way a restart reads it: the per-document
 * files, then the commit records not yet folded into them (whole documents, and parts set on them), in sequence order, read with
 * kb-service's own {@link CommitLog} reader (the documented durability protocol, docs/protocol.md
 * "Durability"). Temp files ({@code *.tmp}) are half-written
 * by definition and are not state files.
 */
public final class StateFiles {

    private static final GaiaJson JSON = GaiaJson.withMaxBytes(64 * 1024 * 1024);

    /** What was read, and every file that did not parse. */
    public record Read(WorldSnapshot snapshot, int files, List<String> unparsable) {
    }

    private StateFiles() {
    }

    public static Read read(Path experienceState) throws IOException {
        List<String> unparsable = new ArrayList<>();
        Map<String, JsonNode> docs = new LinkedHashMap<>();
        int files = 0;
        try (Stream<Path> all = Files.walk(experienceState)) {
            for (Path file : all.filter(Files::isRegularFile).sorted().toList()) {
                String relative = experienceState.relativize(file).toString().replace('\\', '/');
                if (!relative.endsWith(".json") || relative.startsWith("backups/") || relative.startsWith("commits/")) {
                    continue;
                }
                files++;
                JsonNode node;
                try {
                    node = JSON.mapper().readTree(Files.readAllBytes(file));
                } catch (RuntimeException e) {
                    unparsable.add(relative + ": " + e.getMessage());
                    continue;
                }
                docs.put(relative, node);
            }
        }
        for (byte[] record : records(experienceState)) {
            files++;
            JsonNode node;
            try {
                node = JSON.mapper().readTree(record);
            } catch (RuntimeException e) {
                unparsable.add("commit record: " + e.getMessage());
                continue;
            }
            for (var doc : node.path("docs").properties()) {
                docs.put(doc.getKey(), doc.getValue());
            }
            // parts of a document (e.g. the zones of the world a batch changed), set on the document as it was
            for (var doc : node.path("parts").properties()) {
                JsonNode before = docs.get(doc.getKey());
                ObjectNode target = before instanceof ObjectNode object ? object : JSON.mapper().createObjectNode();
                doc.getValue().properties().forEach(part -> DocContent.set(target, part.getKey(), part.getValue()));
                docs.put(doc.getKey(), target);
            }
        }
        JsonNode world = docs.getOrDefault("world.json", JSON.mapper().createObjectNode());
        Map<String, JsonNode> players = new LinkedHashMap<>();
        docs.forEach((path, doc) -> {
            if (path.startsWith("players/")) {
                players.put(doc.path("user_id").asString(path), doc);
            }
        });
        return new Read(WorldSnapshot.of(world, players), files, unparsable);
    }

    /** The commit records a restart would replay, in order, read by kb-service's own reader. */
    private static List<byte[]> records(Path experienceState) throws IOException {
        return CommitLog.replay(experienceState.resolve("commits")).stream().map(CommitLog.Entry::payload).toList();
    }

    /** The git history of the state root: how many commits, and every JSON file of the newest one parsed. */
    public record History(int commits, int filesInHead, List<String> problems) {
    }

    public static History history(Path stateRoot) {
        List<String> problems = new ArrayList<>();
        int commits = 0;
        int files = 0;
        try (Git git = Git.open(stateRoot.toFile())) {
            RevCommit head = null;
            for (RevCommit commit : git.log().call()) {
                if (head == null) {
                    head = commit;
                }
                commits++;
            }
            if (head != null) {
                try (TreeWalk walk = new TreeWalk(git.getRepository())) {
                    walk.addTree(head.getTree());
                    walk.setRecursive(true);
                    while (walk.next()) {
                        if (walk.getPathString().endsWith(".json")) {
                            ObjectLoader blob = git.getRepository().open(walk.getObjectId(0));
                            try {
                                JSON.mapper().readTree(blob.getBytes());
                                files++;
                            } catch (RuntimeException e) {
                                problems.add("git HEAD " + walk.getPathString() + ": " + e.getMessage());
                            }
                        }
                    }
                }
            }
        } catch (Exception e) {
            problems.add("git history unreadable: " + e);
        }
        return new History(commits, files, problems);
    }
}
