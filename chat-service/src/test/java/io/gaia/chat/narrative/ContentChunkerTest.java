package io.gaia.chat.narrative;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

class ContentChunkerTest {

    @Test
    void tokensSplittingAWordAreHeldUntilTheWordEnds() {
        List<String> chunks = chunk("You li", "ft the gol", "den bottle", ".");
        assertThat(chunks).containsExactly("You ", "lift the ", "golden ", "bottle.");
    }

    @Test
    void aJsonDirectiveArrivesWholeInOneChunk() {
        List<String> chunks = chunk("The glyph glows. {\"acti", "on\": \"spar", "kle\", \"args\": {\"n\": \"}\"}", "} And then", " silence.");
        assertThat(chunks).contains("{\"action\": \"sparkle\", \"args\": {\"n\": \"}\"}}");
        assertThat(String.join("", chunks)).isEqualTo(
                "The glyph glows. {\"action\": \"sparkle\", \"args\": {\"n\": \"}\"}} And then silence.");
    }

    /** Whatever the cut of the tokens, the text survives and no chunk but the last ends inside a word. */
    @Property(tries = 300)
    void chunksNeverEndInsideAWord(@ForAll @StringLength(max = 80) String seed, @ForAll @IntRange(min = 1, max = 7) int cut) {
        String text = seed.replaceAll("[^a-z ]", " ");
        List<String> tokens = new java.util.ArrayList<>();
        for (int i = 0; i < text.length(); i += cut) {
            tokens.add(text.substring(i, Math.min(text.length(), i + cut)));
        }
        List<String> chunks = chunk(tokens.toArray(String[]::new));
        assertThat(String.join("", chunks)).isEqualTo(text);
        for (int i = 0; i < chunks.size() - 1; i++) {
            assertThat(chunks.get(i)).matches("(?s).*\\s");
        }
    }

    private static List<String> chunk(String... tokens) {
        return ContentChunker.chunk(Flux.just(tokens)).collectList().block();
    }
}
