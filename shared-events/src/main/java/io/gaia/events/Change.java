package io.gaia.events;

import java.util.Map;

/**
 * One step of a {@link WorldUpdateEvent}: {@code add} carries the whole {@code item}, {@code update}
 * carries the changed {@code fields}, {@code remove} names the {@code instance_id}. Zone, area and
 * spot ids are set where the path is inside the world's locations.
 */
public record Change(
        Operation operation,
        String path,
        String instanceId,
        String zoneId,
        String areaId,
        String spotId,
        Map<String, Object> item,
        Map<String, Object> fields) {

    public Change {
        Required.present(operation, "operation");
        Required.text(path, "path");
        item = item == null ? null : Map.copyOf(item);
        fields = fields == null ? null : Map.copyOf(fields);
    }

    public static Change add(String path, String instanceId, Location at, Map<String, Object> item) {
        return new Change(Operation.ADD, path, instanceId, at.zoneId(), at.areaId(), at.spotId(), item, null);
    }

    public static Change remove(String path, String instanceId, Location at) {
        return new Change(Operation.REMOVE, path, instanceId, at.zoneId(), at.areaId(), at.spotId(), null, null);
    }

    public static Change update(String path, String instanceId, Location at, Map<String, Object> fields) {
        return new Change(Operation.UPDATE, path, instanceId, at.zoneId(), at.areaId(), at.spotId(), null, fields);
    }

    /** Where in the world a change happens; {@link #NOWHERE} for player state such as the inventory. */
    public record Location(String zoneId, String areaId, String spotId) {
        public static final Location NOWHERE = new Location(null, null, null);
    }
}
