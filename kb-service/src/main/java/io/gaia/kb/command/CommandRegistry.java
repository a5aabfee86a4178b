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
                .add(AdminRestore.SPEC, new AdminRestore());
    }

    private CommandRegistry add(CommandSpec spec, Command command) {
        entries.put(spec.name(), new Entry(spec, command));
        return this;
    }

    public Optional<Entry> find(String name) {
        return Optional.ofNullable(entries.get(name));
    }

    public Collection<Entry> all() {
        return entries.values();
    }

    public Set<String> names() {
        return entries.keySet();
    }
}
