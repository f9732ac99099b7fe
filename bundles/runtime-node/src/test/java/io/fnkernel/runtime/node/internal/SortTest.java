package io.fnkernel.runtime.node.internal;

import io.fnkernel.api.FunctionVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import static io.fnkernel.runtime.node.internal.TestFunctions.folder;
import static io.fnkernel.runtime.node.internal.TestFunctions.json;
import static io.fnkernel.runtime.node.internal.TestFunctions.runCase;
import static io.fnkernel.runtime.node.internal.TestFunctions.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** fnk-sort.js, the JavaScript Array.prototype.sort for comparators, keeps the specification's behaviour. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SortTest {

    private static final String HANDLER = """
            const byNumber = (x, y) => x - y;
            const show = (a) => Array.from({ length: a.length }, (_, i) => (i in a ? (a[i] === undefined ? 'u' : a[i]) : 'hole'));
            const caught = (f) => { try { f(); return 'no error'; } catch (e) { return e.constructor.name; } };
            // 600 records with keys drawn from 0..29 by a fixed generator, so equal keys abound.
            function records() {
              let seed = 12345;
              return Array.from({ length: 600 }, (_, id) => { seed = (seed * 1103515245 + 12345) % 2147483648; return { id, key: seed % 30 }; });
            }
            const cases = {
              stable: () => { const r = records(); return r.map((x) => x.key).join(',') + '|' + r.slice().sort((a, b) => a.key - b.key).map((x) => x.id).join(','); },
              holes: () => { const a = [3, undefined, , 1, , undefined, 2]; const same = a.sort(byNumber) === a; return { same, shown: show(a), keys: Object.keys(a) }; },
              thrown: () => {
                const a = [3, 1, 2]; let calls = 0;
                const error = caught(() => a.sort(() => { if (++calls === 2) { throw new RangeError('mine'); } return 1; }));
                return { error, a };
              },
              nan: () => [5, 1, 4, 2].sort(() => NaN),
              valueOf: () => [1, 2, 3].sort((x, y) => ({ valueOf: () => y - x })),
              thisValue: () => { let seen = 'unset'; [2, 1].sort(function () { 'use strict'; seen = this; return 0; }); return { seen: String(seen) }; },
              arrayLike: () => {
                const dense = Array.prototype.sort.call({ length: 3, 0: 'c', 1: 'a', 2: 'b' }, (x, y) => (x < y ? -1 : x > y ? 1 : 0));
                const sparse = Array.prototype.sort.call({ length: 4, 0: 'b', 2: 'a', 7: 'z' }, (x, y) => (x < y ? -1 : 1));
                return { dense, sparse };
              },
              proxy: () => {
                const log = [];
                const p = new Proxy([2, , 1], {
                  get: (t, k, r) => { log.push('get ' + String(k)); return Reflect.get(t, k, r); },
                  has: (t, k) => { log.push('has ' + String(k)); return Reflect.has(t, k); },
                  set: (t, k, v, r) => { log.push('set ' + String(k) + '=' + v); return Reflect.set(t, k, v, r); },
                  deleteProperty: (t, k) => { log.push('delete ' + String(k)); return Reflect.deleteProperty(t, k); },
                });
                Array.prototype.sort.call(p, byNumber);
                return log;
              },
              errors: () => ({
                notCallable: caught(() => [2, 1].sort(1)),
                nullThis: caught(() => Array.prototype.sort.call(null, byNumber)),
                undefinedThis: caught(() => Array.prototype.sort.call(undefined)),
                bigint: caught(() => [2, 1].sort(() => 1n)),
                frozen: caught(() => Object.freeze([1, 2]).sort(byNumber)),
                construct: caught(() => new Array.prototype.sort(byNumber)),
              }),
              shape: () => {
                const d = Object.getOwnPropertyDescriptor(Array.prototype, 'sort');
                return { name: d.value.name, length: d.value.length, writable: d.writable, enumerable: d.enumerable,
                  configurable: d.configurable, prototype: 'prototype' in d.value, forIn: Object.keys(Array.prototype).length };
              },
              defaultOrder: () => [10, 9, 1, undefined, 'b', 'a'].sort(),
              large: () => {
                let seed = 7; const a = Array.from({ length: 20000 }, () => { seed = (seed * 48271) % 2147483647; return seed % 100000; });
                const sorted = a.slice().sort(byNumber);
                let ordered = true; for (let i = 1; i < sorted.length; i++) { ordered = ordered && sorted[i - 1] <= sorted[i]; }
                const sum = (xs) => xs.reduce((s, x) => s + x, 0);
                return { ordered, sameLength: sorted.length === a.length, sameSum: sum(sorted) === sum(a) };
              },
              giant: () => { const a = []; a[20000000] = 1; a[5] = 2; a.sort(byNumber); return { first: [a[0], a[1]], length: a.length, keys: Object.keys(a).length }; },
              stack: () => { try { [2, 1].sort(function mine() { throw new Error('in my comparator'); }); } catch (e) { return e.stack; } },
            };
            exports.handler = (event) => cases[event.query.case]();
            """;

    private NodeRuntime runtime;
    private FunctionVersion v;

    @BeforeAll
    void start(@TempDir Path root) throws Exception {
        runtime = new NodeRuntime(NodeRuntimeConfig.defaults());
        v = runtime.load(source(folder(root, "sort", "handler.js", HANDLER)));
    }

    @AfterAll
    void stop() {
        runtime.close();
    }

    @Test
    void equalKeysKeepTheirOrder() {
        String[] parts = runCase(v, "stable").replace("\"", "").split("\\|");
        int[] keys = Arrays.stream(parts[0].split(",")).mapToInt(Integer::parseInt).toArray();
        List<Integer> expected = new ArrayList<>();
        for (int id = 0; id < keys.length; id++) {
            expected.add(id);
        }
        expected.sort(Comparator.comparingInt(id -> keys[id]));
        assertEquals(600, keys.length);
        assertEquals(expected.stream().map(String::valueOf).reduce((a, b) -> a + "," + b).orElseThrow(), parts[1]);
    }

    @Test
    void undefinedGoesLastAndHolesToTheEnd() {
        assertEquals(json("{'same':true,'shown':[1,2,3,'u','u','hole','hole'],'keys':['0','1','2','3','4']}"), runCase(v, "holes"));
    }

    @Test
    void aThrowingComparatorLeavesTheArrayAsItWas() {
        assertEquals(json("{'error':'RangeError','a':[3,1,2]}"), runCase(v, "thrown"));
    }

    @Test
    void comparatorResultsConvertAsToNumberDoes() {
        assertEquals("[5,1,4,2]", runCase(v, "nan"));
        assertEquals("[3,2,1]", runCase(v, "valueOf"));
        assertEquals(json("{'seen':'undefined'}"), runCase(v, "thisValue"));
    }

    @Test
    void arrayLikesAreSortedAndTheirHolesDeleted() {
        assertEquals(json("{'dense':{'0':'a','1':'b','2':'c','length':3},'sparse':{'0':'a','1':'b','7':'z','length':4}}"),
                runCase(v, "arrayLike"));
    }

    @Test
    void proxiesSeeTheSpecificationsSteps() {
        assertEquals(json("['get length','has 0','get 0','has 1','has 2','get 2','set 0=1','set 1=2','delete 2']"), runCase(v, "proxy"));
    }

    @Test
    void errorsAreTheBuiltinsOnes() {
        assertEquals(json("{'notCallable':'TypeError','nullThis':'TypeError','undefinedThis':'TypeError','bigint':'TypeError',"
                + "'frozen':'TypeError','construct':'TypeError'}"), runCase(v, "errors"));
    }

    @Test
    void looksLikeTheBuiltin() {
        assertEquals(json("{'name':'sort','length':1,'writable':true,'enumerable':false,'configurable':true,'prototype':false,'forIn':0}"),
                runCase(v, "shape"));
    }

    @Test
    void withoutAComparatorAndPastTheLimitTheBuiltinSorts() {
        assertEquals(json("[1,10,9,'a','b',null]"), runCase(v, "defaultOrder"));
        assertEquals(json("{'ordered':true,'sameLength':true,'sameSum':true}"), runCase(v, "large"));
        assertEquals(json("{'first':[1,2],'length':20000001,'keys':2}"), runCase(v, "giant"));
    }

    @Test
    void stackTracesShowTheUsersFramesOnly() {
        String stack = runCase(v, "stack");
        assertFalse(stack.contains("fnk-sort"), stack);
        assertTrue(stack.contains("at mine"), stack);
    }
}
