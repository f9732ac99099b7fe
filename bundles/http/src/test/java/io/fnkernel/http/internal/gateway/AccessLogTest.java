package io.fnkernel.http.internal.gateway;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.fnkernel.api.FunctionPolicy;
import io.fnkernel.http.internal.testing.FakeVersion;
import io.fnkernel.http.internal.testing.Harness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AccessLogTest {

    private Harness h;
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();
    private final Logger access = (Logger) LoggerFactory.getLogger(AccessLog.LOGGER);

    @BeforeEach
    void start() {
        events.start();
        access.addAppender(events);
        h = Harness.start();
    }

    @AfterEach
    void stop() {
        h.close();
        access.detachAppender(events);
    }

    private List<String> lines() throws InterruptedException {
        long end = System.nanoTime() + 2_000_000_000L;
        while (events.list.isEmpty() && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        return events.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void oneLinePerRequestWithoutSecrets() throws InterruptedException {
        h.register(new FakeVersion("users", "v2", FunctionPolicy.builder().methods(List.of("POST")).build(), "POST /users/:id"));
        h.send("POST", "/users/42?token=querysecret", "bodysecret".getBytes(StandardCharsets.UTF_8),
                "Authorization: Bearer authsecret", "Cookie: sid=cookiesecret", "X-Request-Id: log-1");
        List<String> lines = lines();
        assertEquals(1, lines.size(), lines.toString());
        String line = lines.get(0);
        assertTrue(line.startsWith("log-1 POST /users/42 users@v2 200 8 "), line);
        assertTrue(line.endsWith("ms"), line);
        for (String secret : List.of("querysecret", "bodysecret", "authsecret", "cookiesecret")) {
            assertFalse(line.contains(secret), line);
        }
    }

    @Test
    void durationHasThreeDecimalsAndLongPathsAreCut() throws InterruptedException {
        AccessLog log = new AccessLog(access);
        log.log("id-1", "GET", "/p", "-", 200, 2, System.nanoTime());
        log.log("id-2", "HEAD", "/" + "x".repeat(300), "f@v", 404, -1, System.nanoTime() - 2_000_000_000L);
        List<String> lines = lines();
        assertTrue(lines.get(0).matches("id-1 GET /p - 200 2 0\\.\\d{3}ms"), lines.get(0));
        String cut = "id-2 HEAD /" + "x".repeat(AccessLog.MAX_PATH - 1) + "... f@v 404 -1 ";
        assertTrue(lines.get(1).startsWith(cut) && lines.get(1).substring(cut.length()).matches("2\\d{3}\\.\\d{3}ms"), lines.get(1));
    }

    @Test
    void refusedRequestsAreLoggedToo() throws InterruptedException {
        h.get("/a%2fb", "X-Request-Id: log-2");
        String line = lines().get(0);
        assertTrue(line.startsWith("log-2 GET /a%2fb - 400 "), line);
    }
}
