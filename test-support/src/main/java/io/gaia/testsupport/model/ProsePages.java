package io.gaia.testsupport.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A command page written as prose only (no rules block), for tests of language-model interpretation. */
public final class ProsePages {

    /** {@code sing}: Louisa hums along in the main room. */
    public static final String SING = """
            ---
            command: sing
            aliases: [sing a song, sing]
            description: Sing in the shop.
            ---
            # Singing
            When the player sings in the main room, Louisa hums along and her mood becomes delighted.
            If the dreams are restored, a glowing mushroom sprouts on the counter.
            """;

    private ProsePages() {
    }

    /** Writes {@link #SING} into an experience folder's {@code game-logic/}. */
    public static void writeSing(Path experience) throws IOException {
        Files.writeString(experience.resolve("game-logic/sing.md"), SING);
    }
}
