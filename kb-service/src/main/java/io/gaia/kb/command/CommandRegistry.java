package io.gaia.kb.command;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Every command kb-service runs, by name. */
public final class CommandRegistry {

    /** A command and its declaration. */
    public record Entry(CommandSpec spec, Command command) {
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();

    public static CommandRegistry standard() {
        return new CommandRegistry()
                .add(CollectItem.SPEC, new CollectItem())
                .add(DropItem.SPEC, new DropItem())
                .add(GiveItem.SPEC, new GiveItem())
                .add(Go.SPEC, new Go())
                .add(Examine.SPEC, new Examine())
                .add(Inventory.SPEC, new Inventory())
                .add(UseItem.SPEC, new UseItem())
                .add(Talk.SPEC, new Talk())
                .add(AcceptQuest.SPEC, new AcceptQuest())
                .add(UpdateLocation.SPEC, new UpdateLocation())
                .add(AdminWhere.SPEC, new AdminWhere())
                .add(AdminExamine.SPEC, new AdminExamine())
                .add(AdminEdit.SPEC, new AdminEdit())
                .add(AdminReset.SPEC, new AdminReset())
                .add(AdminRestore.SPEC, new AdminRestore())
                .add(AdminList.SPEC, new AdminList())
                .add(AdminInspect.SPEC, new AdminInspect())
                .add(AdminCreate.SPEC, new AdminCreate())
                .add(AdminSpawn.SPEC, new AdminSpawn())
                .add(AdminMove.SPEC, new AdminMove())
                .add(AdminDelete.SPEC, new AdminDelete());
    }

    private CommandRegistry add(CommandSpec spec, Command command) {
        entries.put(spec.name(), new Entry(spec, command));
        return this;
    }

    public Optional<Entry> find(String name) {
        return Optional.ofNullable(entries.get(name));
    }

    /**
     * A built-in command, else one the experience's content defines. A content command whose page was
     * refused fails with {@code command_unavailable}.
     */
    public Optional<Entry> find(String name, io.gaia.kb.experience.ExperienceContent content) {
        Entry builtIn = entries.get(name);
        if (builtIn != null) {
            return Optional.of(builtIn);
        }
        if (content.refusedCommands().containsKey(name)) {
            throw new GameError(io.gaia.events.ErrorCodes.COMMAND_UNAVAILABLE, "'" + name
                    + "' is unavailable: its page in this experience has errors (an author must fix it)");
        }
        return content.command(name).map(ContentCommand::entry);
    }

    /** Every command of an experience: the built-in ones, then those its content defines. */
    public java.util.List<Entry> all(io.gaia.kb.experience.ExperienceContent content) {
        java.util.List<Entry> all = new java.util.ArrayList<>(entries.values());
        content.commands().values().forEach(c -> all.add(ContentCommand.entry(c)));
        return all;
    }

    public Collection<Entry> all() {
        return entries.values();
    }

    public Set<String> names() {
        return entries.keySet();
    }
}
