package io.fnkernel.runtime.python.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Kills whole Unix process groups with the system's {@code kill} command, which Java cannot do itself. */
final class ProcessGroups {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessGroups.class);
    private static final String KILL = command();

    private ProcessGroups() {
    }

    private static String command() {
        if (System.getProperty("os.name", "").startsWith("Windows")) {
            return null;
        }
        for (String c : new String[]{"/bin/kill", "/usr/bin/kill"}) {
            if (Files.isExecutable(Path.of(c))) {
                return c;
            }
        }
        return null;
    }

    /**
     * Sends SIGKILL to every process of a group. Linux reuses an id only once no process or group
     * uses it, so call it once per group, while or right after its leader ends: a group that is
     * already empty is no error, but its id may later name someone else's group.
     *
     * @param pgid the group id, which is its leader's pid
     * @return true when the group had members and they were sent the signal
     */
    static boolean kill(long pgid) {
        if (KILL == null || pgid <= 1) {
            return false;
        }
        try {
            Process p = new ProcessBuilder(KILL, "-KILL", "--", "-" + pgid)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                LOG.warn("kill of process group {} did not finish", pgid);
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            LOG.warn("could not kill process group {}: {}", pgid, e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
