package io.gaia.chat.narrative;

import io.gaia.events.ActionResponse;
import io.gaia.events.GaiaJson;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.ToolDefinition;

/** One kb command offered to a model as a tool; calling it runs the command as the player. */
final class KbToolCallback implements ToolCallback {

    private final TurnActions.Command command;
    private final TurnActions actions;
    private final GaiaJson json;

    KbToolCallback(TurnActions.Command command, TurnActions actions, GaiaJson json) {
        this.command = command;
        this.actions = actions;
        this.json = json;
    }

    @Override
    public ToolDefinition getToolDefinition() {
        return ToolDefinition.builder()
                .name(command.name())
                .description(command.description())
                .inputSchema(command.inputSchema())
                .build();
    }

    @Override
    @SuppressWarnings("unchecked")
    public String call(String input) {
        Map<String, Object> params = input == null || input.isBlank() ? Map.of() : json.read(input, Map.class);
        ActionResponse response = actions.run(command.name(), params);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("success", response.success());
        result.put("message", response.message());
        if (response.code() != null) {
            result.put("code", response.code());
        }
        if (!response.metadata().isEmpty()) {
            result.put("metadata", response.metadata());
        }
        return json.writeString(result);
    }
}
