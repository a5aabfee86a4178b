package io.gaia.chat.narrative;

import io.gaia.chat.config.ChatProperties;
import io.gaia.chat.intent.Intent;
import io.gaia.chat.intent.Thing;
import io.gaia.chat.intent.WorldView;
import io.gaia.events.kb.Npc;
import io.gaia.events.kb.QuestUpdate;
import io.gaia.events.ActionResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

/**
 * The narrator that needs no key and no network: it tells what the command did using kb's answer
 * and the experience's own content (descriptions, personas), and streams it a few words at a time
 * at a configurable pace. Always available; the default provider.
 */
@Component
public class OfflineNarrator implements Narrator {

    public static final String MODEL = "gaia-offline-narrator";

    private final Duration chunkDelay;
    private final int wordsPerChunk;

    public OfflineNarrator(ChatProperties properties) {
        this.chunkDelay = properties.narrator().chunkDelay();
        this.wordsPerChunk = Math.max(1, properties.narrator().wordsPerChunk());
    }

    @Override
    public String provider() {
        return "offline";
    }

    @Override
    public String model(Narration.Kind kind) {
        return MODEL;
    }

    @Override
    public Flux<String> narrate(Narration narration) {
        return pace(compose(narration));
    }

    static String compose(Narration n) {
        return switch (n.kind()) {
            case CLARIFY -> ((Intent.Clarify) n.intent()).question();
            case ACTION -> n.result().success() ? success(n) : failure(n.result());
            case TALK -> talk((Intent.Talk) n.intent(), n.result(), n.world());
            case CHAT -> surroundings(n.world());
        };
    }

    private static String success(Narration n) {
        ActionResponse result = n.result();
        Intent.Command command = (Intent.Command) n.intent();
        Thing target = command.target();
        String name = target == null ? "it" : "the " + withoutArticle(target.spoken());
        String told = sentence(result.message());
        // kb's own words come last; the item's description only when kb did not already say it.
        String detail = target == null || target.description().isBlank() || told.contains(target.description().strip())
                ? "" : " " + sentence(target.description());
        return switch (result.action()) {
            case "collect_item" -> "You reach out and lift " + name + "." + detail + " " + told;
            case "drop_item" -> "You set " + name + " down gently. " + told;
            case "give_item" -> (told + " " + questLine(result, told)).strip();
            case "go" -> told.toLowerCase(Locale.ROOT).contains("already") ? told
                    : "You make your way to " + name + "." + detail + " " + told;
            case "examine" -> detail.isEmpty() ? told : "You look closely at " + name + "." + detail + " " + told;
            case "use_item" -> "You use " + name + ". " + told;
            default -> told;
        };
    }

    private static String withoutArticle(String label) {
        return label.regionMatches(true, 0, "the ", 0, 4) ? label.substring(4) : label;
    }

    private static String questLine(ActionResponse result, String told) {
        List<QuestUpdate> updates = result.questUpdates();
        if (updates.isEmpty()) {
            return "";
        }
        QuestUpdate quest = updates.get(0);
        if (quest.questComplete()) {
            return "A hush falls over the shop as the last dream settles home: the dreams of the Wylding Woods are restored.";
        }
        int count = quest.count();
        if (count == 0 || told.contains(String.valueOf(count))) {
            return "";
        }
        return "That makes " + count + " dream " + (count == 1 ? "bottle" : "bottles") + " returned so far.";
    }

    private static String failure(ActionResponse result) {
        String hint = switch (result.code() == null ? "" : result.code()) {
            case "already_taken" -> " Someone was quicker than you.";
            case "not_in_reach" -> " It is out of reach from where you stand.";
            case "not_in_inventory" -> " You are not carrying it.";
            case "not_collectible" -> " It will not budge.";
            case "forbidden" -> " That is not yours to do.";
            default -> "";
        };
        return sentence(result.message()) + hint;
    }

    private static String talk(Intent.Talk talk, ActionResponse result, WorldView world) {
        Npc npc = talk.npc();
        StringBuilder text = new StringBuilder(npc.displayName()).append(" turns to you.");
        if (result != null && result.success() && !result.message().isBlank()) {
            text.append(' ').append(sentence(result.message()));
        }
        String voice = npc.persona().isBlank() || talk.said().isBlank() ? "" : PersonaVoice.answer(npc.persona(), talk.said());
        List<Thing> mentioned = mentioned(talk.said(), world);
        if (!voice.isBlank()) {
            text.append(" \"").append(sentence(voice)).append("\"");
        } else if (!mentioned.isEmpty()) {
            String about = mentioned.stream().limit(4)
                    .map(t -> "The " + t.spoken() + (t.description().isBlank() ? "" : ": " + lowerFirst(t.description())))
                    .collect(Collectors.joining(" "));
            text.append(" \"").append(sentence(about)).append("\"");
        } else if (!talk.said().isBlank()) {
            String intro = npc.persona().isBlank() ? firstSentence(npc.description()) : PersonaVoice.introduction(npc.persona());
            text.append(" \"").append(sentence(intro)).append("\"");
        }
        return text.toString();
    }

    private static String surroundings(WorldView world) {
        StringBuilder text = new StringBuilder();
        if (!world.zoneName().isBlank()) {
            text.append("You are in ").append(world.zoneName()).append(". ");
        }
        if (!world.zoneDescription().isBlank()) {
            text.append(sentence(world.zoneDescription())).append(' ');
        }
        if (!world.itemsInReach().isEmpty()) {
            text.append("Around you: ").append(names(world.itemsInReach())).append(". ");
        }
        if (!world.inventory().isEmpty()) {
            text.append("You carry ").append(names(world.inventory())).append(". ");
        }
        List<String> ideas = new ArrayList<>();
        world.itemsInReach().stream().findFirst().ifPresent(t -> ideas.add("take the " + t.spoken()));
        world.npcs().stream().findFirst().ifPresent(t -> ideas.add("talk to " + t.label()));
        if (!ideas.isEmpty()) {
            text.append("You could ").append(String.join(", or ", ideas)).append('.');
        }
        return text.toString().strip();
    }

    private static List<Thing> mentioned(String said, WorldView world) {
        List<String> words = List.of(said.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+"));
        return world.everything().stream()
                .filter(t -> t.names().stream().anyMatch(n -> words.contains(n) || words.contains(n + "s")))
                .toList();
    }

    private static String names(List<Thing> things) {
        return things.stream().map(Thing::spoken).distinct().limit(8).collect(Collectors.joining(", "));
    }

    /** Splits the text into chunks of a few words, each ending at a word boundary; the first leaves at once. */
    Flux<String> pace(String text) {
        String[] words = text.strip().split("\\s+");
        List<String> chunks = new ArrayList<>();
        for (int i = 0; i < words.length; i += wordsPerChunk) {
            String chunk = String.join(" ", List.of(words).subList(i, Math.min(words.length, i + wordsPerChunk)));
            chunks.add(i + wordsPerChunk < words.length ? chunk + " " : chunk);
        }
        if (chunks.isEmpty() || chunks.get(0).isBlank()) {
            return Flux.empty();
        }
        Flux<String> rest = Flux.fromIterable(chunks.subList(1, chunks.size()));
        return Flux.just(chunks.get(0)).concatWith(chunkDelay.isZero() ? rest : rest.delayElements(chunkDelay));
    }

    private static String sentence(String text) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            return "";
        }
        t = Character.toUpperCase(t.charAt(0)) + t.substring(1);
        return t.matches(".*[.!?\"…]$") ? t : t + ".";
    }

    private static String lowerFirst(String text) {
        return text.isEmpty() ? text : Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }

    private static String firstSentence(String text) {
        int end = text.indexOf(". ");
        return end < 0 ? text : text.substring(0, end + 1);
    }
}
