package io.gaia.session.support;

import io.gaia.testsupport.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The real kb-service as a process, serving the repository's experiences from a fresh state directory. */
public final class KbProcess {

    private KbProcess() {
    }

    public static ServiceProcess start(String natsUrl) throws Exception {
        return start(natsUrl, Files.createTempDirectory("gaia-kb-state"));
    }

    /** kb-service on a given state folder (a test may wipe it between a stop and a start). */
    public static ServiceProcess start(String natsUrl, Path state) throws Exception {
        Path experiences = ServiceProcess.repositoryRoot().resolve("experiences");
        return ServiceProcess.start("kb-service", Map.of(
                "gaia.nats.url", natsUrl,
                "gaia.kb.experiences-dir", experiences.toString(),
                "gaia.kb.state-dir", state.toString()));
    }
}
