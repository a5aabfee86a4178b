package io.gaia.chat.intent;

import io.gaia.events.kb.Npc;
import java.util.List;

/** A world view of Woander's shop from the test area of interest, for tests of other packages. */
public final class IntentResolverTestSupport {

    private IntentResolverTestSupport() {
    }

    public static WorldView world() throws Exception {
        return WorldView.of(IntentResolverTest.JSON.convert(IntentResolverTest.aoi(), io.gaia.events.kb.AreaOfInterest.class),
                List.of(new Npc("louisa", "Louisa", "A Dream Weaver.", "Gentle.", null)));
    }
}
