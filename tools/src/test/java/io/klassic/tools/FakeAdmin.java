package io.klassic.tools;

import org.apache.kafka.clients.admin.Admin;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.function.Function;

/**
 * An {@link Admin} for tests: each handled method name maps to a function of the call's arguments; any other
 * call fails the test with the method's name. {@code close} is always accepted.
 */
public final class FakeAdmin {

    private FakeAdmin() {
    }

    public static Admin of(Map<String, Function<Object[], Object>> handlers) {
        InvocationHandler h = (proxy, method, args) -> {
            if (method.getName().equals("close")) {
                return null;
            }
            Function<Object[], Object> f = handlers.get(method.getName());
            if (f == null) {
                throw new AssertionError("unexpected Admin call: " + method.getName());
            }
            return f.apply(args);
        };
        return (Admin) Proxy.newProxyInstance(Admin.class.getClassLoader(), new Class<?>[] {Admin.class}, h);
    }
}
