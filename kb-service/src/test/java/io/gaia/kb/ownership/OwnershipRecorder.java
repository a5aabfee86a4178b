package io.gaia.kb.ownership;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Watches several ownership components at once, two ways: every {@code acquired}/{@code released}
 * callback with its {@link System#nanoTime()} (the exact record: each is called at the moment that
 * instance's {@code owns} flips), and a sampler that reads {@code owns} of every instance every few
 * milliseconds. Both report any moment at which two instances owned the same experience.
 */
final class OwnershipRecorder implements AutoCloseable {

    /** A sweep slower than this was preempted: its reads are too far apart to compare. */
    private static final long MAX_SWEEP_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

    record Event(long at, String instance, String experience, boolean acquired) {
    }

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final List<String> sampledOverlaps = new CopyOnWriteArrayList<>();
    private volatile boolean sampling;
    private Thread sampler;
    private volatile long sweeps;

    OwnershipListener listenerFor(String instance) {
        return new OwnershipListener() {
            @Override
            public void acquired(String experience, long leaseRevision) {
                events.add(new Event(System.nanoTime(), instance, experience, true));
            }

            @Override
            public void released(String experience) {
                events.add(new Event(System.nanoTime(), instance, experience, false));
            }
        };
    }

    void startSampling(Supplier<Collection<OwnershipManager>> managers, List<String> experiences) {
        sampling = true;
        sampler = new Thread(() -> {
            while (sampling) {
                sweep(managers.get(), experiences);
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "ownership-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    private void sweep(Collection<OwnershipManager> managers, List<String> experiences) {
        long start = System.nanoTime();
        Map<String, List<String>> owners = new HashMap<>();
        for (OwnershipManager manager : managers) {
            for (String experience : experiences) {
                if (manager.owns(experience)) {
                    owners.computeIfAbsent(experience, e -> new ArrayList<>()).add(manager.instanceId());
                }
            }
        }
        if (System.nanoTime() - start > MAX_SWEEP_NANOS) {
            return;
        }
        sweeps++;
        owners.forEach((experience, who) -> {
            if (who.size() > 1) {
                sampledOverlaps.add(experience + " owned by " + who);
            }
        });
    }

    long sweeps() {
        return sweeps;
    }

    List<String> sampledOverlaps() {
        return List.copyOf(sampledOverlaps);
    }

    /** Every moment, from the callbacks, at which an instance acquired what another still owned. */
    List<String> overlaps() {
        List<Event> ordered = new ArrayList<>(events);
        ordered.sort(Comparator.comparingLong(Event::at));
        Map<String, String> owner = new HashMap<>();
        List<String> found = new ArrayList<>();
        for (Event event : ordered) {
            String current = owner.get(event.experience());
            if (event.acquired()) {
                if (current != null && !current.equals(event.instance())) {
                    found.add(event.experience() + " acquired by " + event.instance() + " while " + current
                            + " owned it");
                }
                owner.put(event.experience(), event.instance());
            } else if (event.instance().equals(current)) {
                owner.remove(event.experience());
            }
        }
        return found;
    }

    /** When {@code instance} last acquired {@code experience} after {@code since}. */
    OptionalLong acquiredAt(String instance, String experience, long since) {
        return events.stream().filter(e -> e.acquired() && e.at() >= since && e.instance().equals(instance)
                && e.experience().equals(experience)).mapToLong(Event::at).max();
    }

    OptionalLong releasedAt(String instance, String experience, long since) {
        return events.stream().filter(e -> !e.acquired() && e.at() >= since && e.instance().equals(instance)
                && e.experience().equals(experience)).mapToLong(Event::at).min();
    }

    List<Event> events() {
        return List.copyOf(events);
    }

    @Override
    public void close() throws InterruptedException {
        sampling = false;
        if (sampler != null) {
            sampler.join(2000);
        }
    }
}
