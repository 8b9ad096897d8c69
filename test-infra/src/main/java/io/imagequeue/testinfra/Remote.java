package io.imagequeue.testinfra;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * A reflective handle on the copy of a test-infra object that another class loader owns.
 *
 * <p>Quarkus loads test-infra again in the class loader of each test application (one per test profile or
 * test-resource set), so static state is not JVM-wide by itself. {@link Infrastructure#shared()} therefore
 * starts the servers once in the system class loader's copy of test-infra, and other copies talk to it through
 * this handle. Only JDK types (String, Integer, Map, Path, Connection...) cross the boundary.
 */
final class Remote {

    private final Object target;

    Remote(Object target) {
        this.target = target;
    }

    /** The system class loader's copy of {@code type}, or null if that copy is {@code type} itself or absent. */
    static Class<?> systemCopyOf(Class<?> type) {
        ClassLoader system = ClassLoader.getSystemClassLoader();
        if (type.getClassLoader() == system) {
            return null;
        }
        try {
            Class<?> copy = Class.forName(type.getName(), true, system);
            return copy == type ? null : copy;
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    static Object invokeStatic(Class<?> type, String method) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(type.getClassLoader());
        try {
            return type.getMethod(method).invoke(null);
        } catch (InvocationTargetException e) {
            throw sneaky(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot call " + type.getName() + "." + method, e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @SuppressWarnings("unchecked")
    <T> T call(String name, Object... args) {
        Method method = Arrays.stream(target.getClass().getMethods())
                .filter(m -> m.getName().equals(name) && m.getParameterCount() == args.length)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(target.getClass() + " has no method " + name));
        // threads the owner starts (Kafka's) must see the owner's classes, not the caller's
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(target.getClass().getClassLoader());
        try {
            return (T) method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw sneaky(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot call " + name + " on " + target, e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    Remote child(String accessor) {
        return new Remote(call(accessor));
    }

    @Override
    public String toString() {
        return target.toString();
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
        throw (E) t;
    }
}
