package io.gaia.e2e.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.e2e.stack.GaiaStackExtension;
import io.gaia.testsupport.stack.GaiaStack;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The scrying mirror in headless Chromium against the real stack: two players in two browsers play
 * collect-a-bottle, and what one does appears on the other's page through session-service.
 */
@ExtendWith(GaiaStackExtension.class)
class MirrorInChromiumIT {

    private static final String BOTTLE_JOY = "#areas [data-instance-id='bottle_joy']";

    /** Without Chromium each test is reported as skipped, saying what to install (and no stack is started). */
    @BeforeEach
    void needsChromium() {
        Browser.assumeInstalled();
    }

    @Test
    void aBottleOnePlayerCollectsVanishesFromTheOtherPlayersPage(GaiaStack stack) throws Exception {
        stack.reset(GaiaStackExtension.WOODS);
        try (Browser alice = join(stack, "alice-mirror"); Browser bob = join(stack, "bob-mirror")) {
            bob.find(BOTTLE_JOY);

            alice.click("[data-test='collect-bottle_joy']");

            bob.awaitGone(BOTTLE_JOY);
            alice.awaitGone(BOTTLE_JOY);
            alice.find("#inventory li[data-instance-id='bottle_joy']");
            assertThat(alice.find("#log li.action_response[data-action='collect_item']").getAttribute("data-success"))
                    .isEqualTo("true");
            assertThat(bob.find("#log li.world_update[data-instance-ids~='bottle_joy']").getText())
                    .contains("remove bottle_joy").contains("ms since published");

            alice.click("[data-test='give-bottle_joy-louisa']");
            alice.find("#quests li[data-quest-id='dream_bottles']");
            alice.awaitText("#quests li[data-quest-id='dream_bottles']", "bottles collected 1/4");
            bob.awaitText("#areas [data-npc-id='louisa']", "holds bottle_joy");

            alice.click("#say"); // "Louisa, what are the bottles for?" (the form's default), for the screenshot
            alice.find("#narrative .turn[data-state='complete']");

            noErrorsOrGaps(alice);
            noErrorsOrGaps(bob);
            alice.screenshot(Path.of("target/e2e/mirror-alice.png"));
            bob.screenshot(Path.of("target/e2e/mirror-bob.png"));
        }
    }

    @Test
    void louisasAnswerStreamsInPieceByPiece(GaiaStack stack) throws Exception {
        stack.reset(GaiaStackExtension.WOODS);
        try (Browser carol = join(stack, "carol-mirror")) {
            // Count text arriving in the chat pane: a streamed answer lands in many pieces, not one.
            carol.script("window.pieces = 0; new MutationObserver(() => window.pieces++)"
                    + ".observe(document.getElementById('narrative'), {subtree: true, childList: true, characterData: true});");
            carol.type("#chat-text", "Louisa, what are the bottles for?");
            carol.click("#say");

            carol.find("#narrative .turn[data-state='complete']");
            String answer = carol.find("#narrative .turn .answer").getText();
            assertThat(answer).contains("Louisa");
            assertThat(((Number) carol.script("return window.pieces;")).intValue()).isGreaterThan(5);
            assertThat(carol.find("#narrative .turn .timing").getText()).contains("in all");
            carol.screenshot(Path.of("target/e2e/mirror-chat.png"));
        }
    }

    @Test
    void aPageThatMissedADeltaResumesAndCatchesUp(GaiaStack stack) throws Exception {
        stack.reset(GaiaStackExtension.WOODS);
        try (Browser dave = join(stack, "dave-mirror"); Browser erin = join(stack, "erin-mirror")) {
            // A reset starts a new epoch at world version 0: make one real change first, so that erin can
            // pretend to have missed it (holding one version too few, never a negative one).
            dave.click("[data-test='collect-bottle_joy']");
            erin.awaitGone("#areas [data-instance-id='bottle_joy']");
            erin.script("window.gaiaMirror.state.versions.world -= 1;");

            dave.click("[data-test='collect-bottle_nature']");

            erin.find("#log li.gap");
            erin.find("#log li.resumed");
            erin.awaitGone("#areas [data-instance-id='bottle_nature']");
            Object held = erin.script("return window.gaiaMirror.state.versions.world;");
            Object truth = dave.script("return window.gaiaMirror.state.versions.world;");
            assertThat(held).isEqualTo(truth);
        }
    }

    private static Browser join(GaiaStack stack, String user) throws Exception {
        Browser browser = Browser.open(stack.session().url() + "/mirror?user=" + user);
        browser.click("#mint");
        browser.find("#log li.token");
        browser.click("#connect");
        browser.find("#status[data-state='online']");
        browser.find("#areas .area.here");
        assertThat(browser.find("#who").getText()).startsWith(user + " ");
        return browser;
    }

    private static void noErrorsOrGaps(Browser page) {
        assertThat(page.findAll("#log li.error")).as("error entries").isEmpty();
        assertThat(page.findAll("#log li.gap")).as("gaps").isEmpty();
    }
}
