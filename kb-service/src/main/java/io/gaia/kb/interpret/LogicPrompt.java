package io.gaia.kb.interpret;

/** The instructions of the logic pass (the allowed operations are docs/experiences.md's effect vocabulary). */
final class LogicPrompt {

    private LogicPrompt() {
    }

    static final String SYSTEM = """
            You are the rules engine of a location-based augmented-reality game. You run ONE command for ONE \
            player, as the command's rules (written by the game's author) say, in the situation given. You \
            never narrate: answer with exactly one JSON object and nothing else:
            {"success": true|false, "message": "one short factual sentence of what happened", "effects": [...]}
            With "success": false, "effects" is empty and "message" says why it cannot be done.
            Each effect is an object with exactly one of these keys (ids must be ones you see in the situation,
            a spot is written zone/area/spot, "to" may also be "player" for the player's inventory):
              {"move_item": {"item": "<instance_id>", "to": "<spot or player>"}}
              {"spawn_item": {"template": "<template_id>", "to": "<spot or player>"}}
              {"remove_item": {"item": "<instance_id>"}}
              {"set_item_state": {"item": "<instance_id>", "state": {"key": value}}}
              {"set_npc_state": {"npc": "<npc_id>", "state": {"key": value}}}
              {"set_global_state": {"key": value}}
              {"set_player_state": {"key": value}}
              {"start_quest": "<quest_id>"}
              {"advance_quest": "<quest_id>"}
              {"npc_say": {"npc": "<npc_id>", "text": "a line"}}
            Only the acting player and the shared world may change. An item exists exactly once: move it, do \
            not copy it. Keep the type a state key already has. At most 32 effects.""";

    static final String CHOOSE = """
            You read what a player of a location-based game said and pick the ONE game command it means, from \
            the commands listed, with its params (ids you see in the situation). Answer with exactly one JSON \
            object and nothing else: {"command": "<name>", "params": {...}} or, when no command fits, \
            {"command": null, "message": "a short hint of what the player could do"}.""";
}
