package io.gaia.reliability.fault;

import io.gaia.reliability.audit.Audit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The figures of one fault scenario, as docs/reliability.md records them. */
public final class ScenarioResult {

    private final String name;
    private final Map<String, Object> figures = new LinkedHashMap<>();
    private final List<String> failures = new ArrayList<>();

    ScenarioResult(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    ScenarioResult figure(String key, Object value) {
        figures.put(key, value);
        return this;
    }

    void fail(String failure) {
        failures.add(failure);
    }

    void findings(String when, Audit.Findings findings) {
        figures.merge("lost acknowledged actions", (long) findings.lostAcknowledged().size(),
                (a, b) -> (Long) a + (Long) b);
        figures.merge("silent gaps", (long) findings.silentGaps().size(), (a, b) -> (Long) a + (Long) b);
        figures.merge("clients differing from kb at the end", (long) findings.divergentClients().size(),
                (a, b) -> (Long) a + (Long) b);
        figures.merge("conservation violations", (long) findings.conservation().size(), (a, b) -> (Long) a + (Long) b);
        figures.merge("version regressions", (long) findings.versionRegressions().size(), (a, b) -> (Long) a + (Long) b);
        findings.all().stream().limit(20).forEach(f -> failures.add(when + ": " + f));
    }

    public Map<String, Object> figures() {
        return figures;
    }

    public List<String> failures() {
        return failures;
    }

    public long count(String figure) {
        Object value = figures.get(figure);
        return value instanceof Number n ? n.longValue() : -1;
    }

    public String markdown() {
        StringBuilder out = new StringBuilder("### " + name + "\n\n| figure | value |\n|---|---|\n");
        figures.forEach((key, value) -> out.append("| ").append(key).append(" | ").append(value).append(" |\n"));
        if (!failures.isEmpty()) {
            out.append("\nFailures:\n");
            failures.forEach(f -> out.append("* ").append(f).append('\n'));
        }
        return out.toString();
    }
}
