package io.gaia.kb.experience;

import java.util.List;
import java.util.Map;

/**
 * {@code templates/npcs/<id>.json}: a character. {@code persona} is the text chat-service gives the
 * language model; {@code dialogue} holds the lines {@code talk} answers with, keyed by situation
 * ({@code greeting}, {@code quest_active}, {@code quest_complete}); {@code accepts} says which items
 * {@code give_item} may hand over.
 */
public record NpcTemplate(
        String id,
        String name,
        String description,
        String persona,
        Map<String, List<String>> dialogue,
        List<String> acceptsTypes,
        List<String> acceptsTemplates,
        Map<String, Object> state) {

    public boolean accepts(String templateId, String type) {
        return acceptsTemplates.contains(templateId) || (type != null && acceptsTypes.contains(type));
    }
}
