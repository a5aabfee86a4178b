package io.gaia.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process's CPU time so far, all threads included: {@code utime + stime} of {@code /proc/<pid>/stat}
 * (clock ticks of 1/100 s). Socket writes are counted by {@link SyscallCount}.
 */
record ProcessCounters(long cpuTicks) {

    static ProcessCounters of(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new ProcessCounters(Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
    }

    ProcessCounters minus(ProcessCounters before) {
        return new ProcessCounters(cpuTicks - before.cpuTicks);
    }

    double cpuSeconds() {
        return cpuTicks / 100.0;
    }
}
