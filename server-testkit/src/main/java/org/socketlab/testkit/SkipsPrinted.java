package org.socketlab.testkit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Prints each skipped scenario with its reason on the console, e.g. {@code SKIPPED MyServerTest.outlivesItsDescriptorLimit:
 * prlimit ... is not on the PATH}: Surefire and Failsafe show a skip only as a count, the reason in their XML reports.
 */
final class SkipsPrinted implements TestWatcher {

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        String testClass = context.getRequiredTestClass().getName();
        String test = testClass.substring(testClass.lastIndexOf('.') + 1).replace('$', '.') + "."
                + context.getRequiredTestMethod().getName();
        String reason = cause.getMessage() == null ? "no reason given" : cause.getMessage();
        System.out.println("SKIPPED " + test + ": " + reason.replaceFirst("^Assumption failed: ", ""));
    }
}
