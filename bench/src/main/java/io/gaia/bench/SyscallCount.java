package io.gaia.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Counts the calls a process makes to write to its sockets ({@code write}, {@code writev},
 * {@code sendto}, {@code sendmsg}), all threads included, between {@link #start} and {@link #stop}:
 * {@code perf stat} on the kernel's syscall tracepoints, which costs the process nothing measurable.
 * Netty's epoll transport writes one buffer with {@code sendto} and several with {@code writev}; its io_uring
 * transport submits writes (of any number of sockets) with {@code io_uring_enter}, counted too (it also
 * waits with it, so under io_uring the count is an upper bound). Without perf (or without the right to
 * trace) the count is -1.
 */
final class SyscallCount {

    private static final String EVENTS = "syscalls:sys_enter_write,syscalls:sys_enter_writev,"
            + "syscalls:sys_enter_sendto,syscalls:sys_enter_sendmsg,syscalls:sys_enter_io_uring_enter";

    private final Process perf;

    private SyscallCount(Process perf) {
        this.perf = perf;
    }

    static SyscallCount start(long pid) {
        try {
            Process perf = new ProcessBuilder("perf", "stat", "-x", ",", "-e", EVENTS, "-p", Long.toString(pid))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            Thread.sleep(300); // attached to every thread before the window opens
            return new SyscallCount(perf);
        } catch (IOException e) {
            return new SyscallCount(null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new SyscallCount(null);
        }
    }

    /** The socket writes since {@link #start}, or -1 when they could not be counted. */
    long stop() throws InterruptedException, IOException {
        if (perf == null) {
            return -1;
        }
        new ProcessBuilder("kill", "-INT", Long.toString(perf.pid())).start().waitFor();
        if (!perf.waitFor(10, TimeUnit.SECONDS)) {
            perf.destroyForcibly();
            return -1;
        }
        try {
            String out = new String(perf.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            long total = 0;
            boolean any = false;
            for (String line : out.split("\n")) {
                String[] fields = line.split(",");
                if (fields.length > 2 && fields[2].startsWith("syscalls:") && fields[0].matches("[0-9]+")) {
                    total += Long.parseLong(fields[0]);
                    any = true;
                }
            }
            return any ? total : -1;
        } catch (IOException e) {
            return -1;
        }
    }
}
