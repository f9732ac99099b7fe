package io.fnkernel.http.internal.routing;

import io.fnkernel.api.FunctionPolicy;
import io.fnkernel.api.FunctionRef;
import io.fnkernel.api.FunctionVersion;
import io.fnkernel.api.route.RouteTable;
import io.fnkernel.http.internal.testing.FakeVersion;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RouteRegistryTest {

    private final RouteRegistry registry = new RouteRegistry(Runnable::run);
    private long ids = 1;

    private Map<String, Object> props(FakeVersion v, Object routes) {
        Map<String, Object> p = new HashMap<>();
        p.put("service.id", ids++);
        p.put(FunctionVersion.PROP_NAME, v.source().name());
        p.put(FunctionVersion.PROP_VERSION, v.source().version());
        p.put(FunctionVersion.PROP_ROUTES, routes);
        p.put(FunctionVersion.PROP_ENTRY, v.source().entry().toString());
        return p;
    }

    @Test
    void eachChangePublishesANewSnapshot() {
        RouteState empty = registry.state();
        FakeVersion v = new FakeVersion("a", "default", FunctionPolicy.defaults());
        Map<String, Object> p = props(v, new String[] {"GET /a"});
        registry.putVersion(v, p);
        RouteState one = registry.state();
        assertNotSame(empty, one);
        assertEquals(RouteTable.Outcome.FOUND, one.table().match("GET", "/a").outcome());
        assertEquals(RouteTable.Outcome.NOT_FOUND, empty.table().match("GET", "/a").outcome(), "old snapshots never change");
        registry.removeVersion(p);
        assertEquals(RouteTable.Outcome.NOT_FOUND, registry.state().table().match("GET", "/a").outcome());
    }

    @Test
    void badRoutesAreSkippedNotFatal() {
        FakeVersion v = new FakeVersion("a", "default", FunctionPolicy.defaults());
        registry.putVersion(v, props(v, new String[] {"GET /ok", "FETCH /bad", "GET no-slash", "GET /x/:a/:a"}));
        Target t = registry.state().byRef(new FunctionRef("a", "default"));
        assertEquals(1, t.routes().size());
        assertEquals(RouteTable.Outcome.FOUND, registry.state().table().match("GET", "/ok").outcome());
    }

    @Test
    void routesMayBeAStringOrAList() {
        FakeVersion v = new FakeVersion("a", "default", FunctionPolicy.defaults());
        registry.putVersion(v, props(v, "GET /one"));
        FakeVersion w = new FakeVersion("b", "default", FunctionPolicy.defaults());
        registry.putVersion(w, props(w, List.of("GET /two", "POST /two")));
        assertEquals(3, registry.state().table().routes().size());
    }

    @Test
    void newestRegistrationOfANameAndVersionWinsWithoutConflict() {
        FakeVersion old = new FakeVersion("a", "default", FunctionPolicy.defaults());
        FakeVersion fresh = new FakeVersion("a", "default", FunctionPolicy.defaults());
        Map<String, Object> oldProps = props(old, new String[] {"GET /a"});
        registry.putVersion(old, oldProps);
        registry.putVersion(fresh, props(fresh, new String[] {"GET /a"}));
        assertTrue(registry.state().table().conflicts().isEmpty());
        assertSame(fresh, registry.state().table().match("GET", "/a").target().version());
        assertSame(fresh, registry.state().byRef(new FunctionRef("a", "default")).version());
        registry.removeVersion(oldProps);
        assertSame(fresh, registry.state().byRef(new FunctionRef("a", "default")).version());
    }

    @Test
    void modifiedPropertiesKeepTheLimiter() {
        FakeVersion v = new FakeVersion("a", "default", FunctionPolicy.defaults());
        Map<String, Object> p = props(v, new String[] {"GET /a"});
        registry.putVersion(v, p);
        Limiter before = registry.state().byRef(new FunctionRef("a", "default")).limiter();
        p.put(FunctionVersion.PROP_ROUTES, new String[] {"GET /b"});
        registry.putVersion(v, p);
        Target after = registry.state().byRef(new FunctionRef("a", "default"));
        assertSame(before, after.limiter());
        assertEquals(RouteTable.Outcome.FOUND, registry.state().table().match("GET", "/b").outcome());
        assertEquals(RouteTable.Outcome.NOT_FOUND, registry.state().table().match("GET", "/a").outcome());
    }

    /** A version whose source, and so whose policy, changes between two property updates. */
    private static final class Retuned extends FakeVersion {
        private volatile io.fnkernel.api.FunctionSource now;

        Retuned(FunctionPolicy policy) {
            super("a", "default", policy);
            now = super.source();
        }

        void policy(FunctionPolicy policy) {
            now = new FakeVersion("a", "default", policy).source();
        }

        @Override
        public io.fnkernel.api.FunctionSource source() {
            return now;
        }
    }

    @Test
    void changedConcurrencyLimitTakesEffectCountingRunningCalls() {
        Retuned v = new Retuned(FunctionPolicy.builder().maxConcurrency(1).maxQueue(0).build());
        Map<String, Object> p = props(v, new String[] {"GET /a"});
        registry.putVersion(v, p);
        Limiter limiter = registry.state().byRef(new FunctionRef("a", "default")).limiter();
        assertEquals(Limiter.Admission.RUN, limiter.acquire(() -> { }));
        assertEquals(Limiter.Admission.REJECTED, limiter.acquire(() -> { }));

        v.policy(FunctionPolicy.builder().maxConcurrency(2).maxQueue(0).build());
        registry.putVersion(v, p);
        Limiter raised = registry.state().byRef(new FunctionRef("a", "default")).limiter();
        assertEquals(2, raised.max());
        assertEquals(1, raised.inFlight(), "the running call still counts");
        assertEquals(Limiter.Admission.RUN, raised.acquire(() -> { }));
        assertEquals(Limiter.Admission.REJECTED, raised.acquire(() -> { }), "two running: the new limit is full");

        v.policy(FunctionPolicy.builder().maxConcurrency(1).maxQueue(1).build());
        registry.putVersion(v, p);
        Limiter lowered = registry.state().byRef(new FunctionRef("a", "default")).limiter();
        assertEquals(1, lowered.max());
        int[] ran = new int[1];
        assertEquals(Limiter.Admission.QUEUED, lowered.acquire(() -> ran[0]++), "two running, limit one: wait");
        lowered.release();
        assertEquals(0, ran[0], "still one running: at the new limit");
        lowered.release();
        assertEquals(1, ran[0], "the waiter got the permit once below the new limit");

        v.policy(FunctionPolicy.builder().maxConcurrency(0).build());
        registry.putVersion(v, p);
        assertNull(registry.state().byRef(new FunctionRef("a", "default")).limiter());
    }

    @Test
    void aNewRevisionTakesOverTheLimiterSoDrainingCallsStillCount() {
        FakeVersion first = new FakeVersion("a", "default", FunctionPolicy.builder().maxConcurrency(1).maxQueue(0).build());
        Map<String, Object> firstProps = props(first, new String[] {"GET /a"});
        registry.putVersion(first, firstProps);
        Limiter limiter = registry.state().byRef(new FunctionRef("a", "default")).limiter();
        assertEquals(Limiter.Admission.RUN, limiter.acquire(() -> { }), "a call on the first revision");

        FakeVersion second = new FakeVersion("a", "default", FunctionPolicy.builder().maxConcurrency(1).maxQueue(0).build());
        registry.putVersion(second, props(second, new String[] {"GET /a"}));
        registry.removeVersion(firstProps);
        Limiter next = registry.state().byRef(new FunctionRef("a", "default")).limiter();
        assertEquals(1, next.inFlight(), "the first revision's call still counts");
        assertEquals(Limiter.Admission.REJECTED, next.acquire(() -> { }), "the limit is one for the function, not per revision");
        next.release();
        assertEquals(Limiter.Admission.RUN, next.acquire(() -> { }));
    }

    @Test
    void switchingToUnlimitedLetsWaitersRun() {
        Retuned v = new Retuned(FunctionPolicy.builder().maxConcurrency(1).maxQueue(5).build());
        Map<String, Object> p = props(v, new String[] {"GET /a"});
        registry.putVersion(v, p);
        Limiter limiter = registry.state().byRef(new FunctionRef("a", "default")).limiter();
        assertEquals(Limiter.Admission.RUN, limiter.acquire(() -> { }));
        int[] ran = new int[1];
        assertEquals(Limiter.Admission.QUEUED, limiter.acquire(() -> ran[0]++));
        v.policy(FunctionPolicy.builder().maxConcurrency(0).build());
        registry.putVersion(v, p);
        assertEquals(1, ran[0], "the waiter need not wait for a limit that is gone");
    }

    @Test
    void unlimitedConcurrencyHasNoLimiter() {
        FakeVersion v = new FakeVersion("a", "default", FunctionPolicy.builder().maxConcurrency(0).build());
        registry.putVersion(v, props(v, new String[0]));
        assertNull(registry.state().byRef(new FunctionRef("a", "default")).limiter());
    }

    @Test
    void versionWithoutANameIsIgnored() {
        FakeVersion v = new FakeVersion("a", "default", FunctionPolicy.defaults()) {
            @Override
            public io.fnkernel.api.FunctionSource source() {
                throw new IllegalStateException("no source");
            }
        };
        Map<String, Object> p = new HashMap<>();
        p.put("service.id", ids++);
        registry.putVersion(v, p);
        assertTrue(registry.state().targets().isEmpty());
    }

    @Test
    void endpointsPreferExactThenLongestPrefix() {
        io.fnkernel.api.PlatformEndpoint e = r -> null;
        Map<String, Object> p = new HashMap<>();
        p.put("service.id", ids++);
        p.put(io.fnkernel.api.PlatformEndpoint.PROP_PATH, new String[] {"/_fn/docs/*", "/_fn/docs/api/*", "/_fn/docs/index.html"});
        registry.putEndpoint(e, p);
        RouteState s = registry.state();
        assertEquals("/_fn/docs/index.html", s.endpoint("/_fn/docs/index.html").path());
        assertEquals("/_fn/docs/api", s.endpoint("/_fn/docs/api/x").path());
        assertEquals("/_fn/docs", s.endpoint("/_fn/docs/x").path());
        assertNull(s.endpoint("/_fn/doc"));
        assertTrue(s.endpoint("/_fn/docs").admin());
        registry.removeEndpoint(p);
        assertNull(registry.state().endpoint("/_fn/docs/x"));
    }
}
