package io.fnkernel.kernel;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BundleProblemTest {

    private static final Bundle BROKEN = TestBundles.bundle(2, "com.example.broken", "1.0.0",
            "file:///opt/fnkernel/bundle/broken-1.0.0.jar");

    /** Felix 7.0.5's text for a missing package, as printed by fnk before this formatting. */
    private static final String MISSING_PACKAGE = "Unable to resolve com.example.broken [2](R 2.0): missing requirement"
            + " [com.example.broken [2](R 2.0)] osgi.wiring.package;"
            + " (&(osgi.wiring.package=com.example.nothere)(version>=1.0.0)(!(version>=2.0.0)))"
            + " Unresolved requirements: [[com.example.broken [2](R 2.0)] osgi.wiring.package;"
            + " (&(osgi.wiring.package=com.example.nothere)(version>=1.0.0)(!(version>=2.0.0)))]";

    @Test
    void missingPackageNamesBundleJarPackageAndRange() {
        String line = BundleProblem.describe(BROKEN, new BundleException(MISSING_PACKAGE, BundleException.RESOLVE_ERROR));
        assertEquals("bundle com.example.broken 1.0.0 (broken-1.0.0.jar) did not start:"
                + " missing package com.example.nothere [1.0.0,2.0.0)", line);
    }

    @Test
    void missingRequirementOfADependencyNamesTheRootCause() {
        String m = "Unable to resolve com.example.top [5](R 5.0): missing requirement [com.example.top [5](R 5.0)]"
                + " osgi.wiring.package; (&(osgi.wiring.package=com.example.mid)(version>=1.0.0))"
                + " [caused by: Unable to resolve com.example.mid [4](R 4.0): missing requirement"
                + " [com.example.mid [4](R 4.0)] osgi.wiring.package; (osgi.wiring.package=com.example.gone)]"
                + " Unresolved requirements: [[com.example.top [5](R 5.0)] osgi.wiring.package;"
                + " (&(osgi.wiring.package=com.example.mid)(version>=1.0.0))]";
        assertEquals("missing package com.example.mid >=1.0.0 (bundle com.example.mid cannot resolve:"
                + " missing package com.example.gone)", BundleProblem.reason(new BundleException(m)));
    }

    @Test
    void requiredBundleAndExecutionEnvironmentInWords() {
        assertEquals("missing bundle com.example.lib [2.0.0,3.0.0)", BundleProblem.words("osgi.wiring.bundle",
                "(&(osgi.wiring.bundle=com.example.lib)(bundle-version>=2.0.0)(!(bundle-version>=3.0.0)))"));
        assertEquals("needs execution environment JavaSE 99", BundleProblem.words("osgi.ee",
                "(&(osgi.ee=JavaSE)(version=99))"));
        assertEquals("missing package a.b <=2.0.0", BundleProblem.words("osgi.wiring.package",
                "(&(osgi.wiring.package=a.b)(version<=2.0.0))"));
    }

    @Test
    void unknownFilterShapeIsKeptVerbatim() {
        assertEquals("missing osgi.service (objectClass=com.example.Db)",
                BundleProblem.words("osgi.service", "(objectClass=com.example.Db)"));
    }

    @Test
    void activatorFailureNamesTheRootCauseOnOneLine() {
        BundleException e = new BundleException("Activator start error in bundle com.example.broken [2].",
                BundleException.ACTIVATOR_ERROR, new RuntimeException("wrapped", new IllegalStateException("no db\n  at line 2")));
        assertEquals("bundle com.example.broken 1.0.0 (broken-1.0.0.jar) did not start:"
                + " its activator failed: IllegalStateException: no db at line 2", BundleProblem.describe(BROKEN, e));
    }

    @Test
    void usesConstraintViolationKeepsOnlyItsFirstParagraph() {
        String m = "Uses constraint violation. Unable to resolve resource a [3] because it is exposed to package 'p'"
                + " from resources b [4] and c [5] via two dependency chains.\n\nChain 1:\n  a [3]\n    import: p";
        assertEquals("Uses constraint violation. Unable to resolve resource a [3] because it is exposed to package 'p'"
                + " from resources b [4] and c [5] via two dependency chains.", BundleProblem.reason(new BundleException(m)));
    }

    @Test
    void bundleWithoutSymbolicNameIsNamedByItsJar() {
        Bundle legacy = TestBundles.bundle(7, null, "0.0.0", "file:/x/bundle/old.jar");
        assertEquals("bundle old.jar", BundleProblem.name(legacy));
    }
}
