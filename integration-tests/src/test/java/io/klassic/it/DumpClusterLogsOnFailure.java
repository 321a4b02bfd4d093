package io.klassic.it;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * On a failing test, rethrows the failure with the last lines of every server's output appended, taken
 * from the test class's static {@link ClusterHarness} field(s): the broker's side of the story belongs in
 * the report next to the client's.
 *
 * <p>Stateless; thread-safe.
 */
public final class DumpClusterLogsOnFailure implements TestExecutionExceptionHandler {
    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        StringBuilder logs = new StringBuilder();
        for (Class<?> type = context.getRequiredTestClass(); type != null; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) && field.getType() == ClusterHarness.class) {
                    field.setAccessible(true);
                    ClusterHarness harness = (ClusterHarness) field.get(null);
                    if (harness != null) {
                        logs.append(harness.diagnostics());
                    }
                }
            }
        }
        if (logs.length() == 0) {
            throw throwable;
        }
        String head = throwable instanceof AssertionError && throwable.getMessage() != null
                ? throwable.getMessage() : throwable.toString();
        AssertionError withLogs = new AssertionError(head + "\n\nServer logs:\n" + logs, throwable);
        throw withLogs;
    }
}
