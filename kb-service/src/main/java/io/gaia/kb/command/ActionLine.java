package io.gaia.kb.command;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an action the way clients send it: a command name with {@code params}, or an admin line
 * such as {@code @reset experience CONFIRM} / {@code @edit bottle_joy description "A golden bottle"}.
 * Line arguments fill the command's params in declaration order; a trailing {@code CONFIRM} fills
 * {@code confirm}; the last param takes the rest of the line.
 */
public final class ActionLine {

    private ActionLine() {
    }

    /** The command name and its raw params. */
    public record Parsed(String name, Map<String, Object> params) {
    }

    public static Parsed parse(String action, Map<String, Object> params, CommandRegistry registry) {
        String trimmed = action.strip();
        if (!trimmed.startsWith("@")) {
            return new Parsed(trimmed, params);
        }
        List<String> tokens = tokenize(trimmed);
        String name = tokens.get(0);
        List<String> args = new ArrayList<>(tokens.subList(1, tokens.size()));
        Map<String, Object> merged = new LinkedHashMap<>(params);
        CommandRegistry.Entry entry = registry.find(name).orElse(null);
        if (entry == null || args.isEmpty()) {
            return new Parsed(name, merged);
        }
        List<Param> declared = new ArrayList<>(entry.spec().params().params());
        boolean hasConfirm = declared.removeIf(p -> p.name().equals("confirm"));
        if (hasConfirm && AdminReset.CONFIRM.equals(args.get(args.size() - 1))) {
            merged.putIfAbsent("confirm", AdminReset.CONFIRM);
            args.remove(args.size() - 1);
        }
        for (int i = 0; i < declared.size() && i < args.size(); i++) {
            boolean last = i == declared.size() - 1;
            String value = last ? String.join(" ", args.subList(i, args.size())) : args.get(i);
            merged.putIfAbsent(declared.get(i).name(), value);
        }
        return new Parsed(name, merged);
    }

    static List<String> tokenize(String line) {
        List<String> tokens = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (any) {
                    tokens.add(current.toString());
                    current.setLength(0);
                    any = false;
                }
            } else {
                current.append(c);
                any = true;
            }
        }
        if (any) {
            tokens.add(current.toString());
        }
        return tokens;
    }
}
