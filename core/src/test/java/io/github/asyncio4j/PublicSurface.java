package io.github.asyncio4j;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.Executable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The public surface of a module, found by reflection (so a new public method cannot be
 * forgotten by the bad-input tests), and the machinery to call any of its methods with sample
 * arguments: {@code PublicSurfaceBadInputTest} (core) and its twin in the bridge use it.
 */
public final class PublicSurface {

    private PublicSurface() {
    }

    /** The public types (top-level, or nested in public types) compiled into the module of {@code anchor}, under {@code pkg}. */
    public static List<Class<?>> publicTypes(Class<?> anchor, String pkg) {
        Path root;
        try {
            root = Paths.get(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        Path dir = root.resolve(pkg.replace('.', '/'));
        List<Class<?>> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".class")).sorted().collect(Collectors.toList())) {
                String name = root.relativize(p).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> c = Class.forName(name, false, anchor.getClassLoader());
                if (isPublicApi(c)) {
                    out.add(c);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    private static boolean isPublicApi(Class<?> c) {
        if (c.isSynthetic() || c.isAnonymousClass() || c.isLocalClass()) {
            return false;
        }
        for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
            if (!Modifier.isPublic(k.getModifiers())) {
                return false;
            }
        }
        return true;
    }

    /** The public methods and constructors {@code c} declares itself (not those it inherits), in a stable order. */
    public static List<Executable> publicMembers(Class<?> c) {
        List<Executable> out = new ArrayList<>();
        for (Method m : c.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) {
                out.add(m);
            }
        }
        if (!c.isInterface() && !c.isEnum() && !Modifier.isAbstract(c.getModifiers())) {
            out.addAll(Arrays.stream(c.getConstructors()).collect(Collectors.toList()));
        }
        out.sort(Comparator.comparing(PublicSurface::signature));
        return out;
    }

    /** {@code "EventLoop.callLater(Duration,Runnable)"}; a constructor is {@code "AsyncQueue.<init>(int)"}. */
    public static String signature(Executable e) {
        String owner = e.getDeclaringClass().getName();
        owner = owner.substring(owner.lastIndexOf('.') + 1).replace('$', '.');
        String name = e instanceof Method ? e.getName() : "<init>";
        return owner + "." + name + "(" + Arrays.stream(e.getParameterTypes()).map(Class::getSimpleName)
                .collect(Collectors.joining(",")) + ")";
    }

    /** Whether the parameter is annotated {@code @Nullable} (Reactor's or JSpecify's), on the parameter or its type. */
    public static boolean isNullable(Parameter p) {
        if (Arrays.stream(p.getAnnotations()).anyMatch(a -> a.annotationType().getSimpleName().equals("Nullable"))) {
            return true;
        }
        AnnotatedType t = p.getAnnotatedType();
        return Arrays.stream(t.getAnnotations()).anyMatch(a -> a.annotationType().getSimpleName().equals("Nullable"));
    }

    /** Sample arguments by parameter type: an unknown type fails, asking for a sample. */
    public static Object[] arguments(Executable e, Map<Class<?>, Supplier<Object>> samples, int nullAt) {
        Class<?>[] types = e.getParameterTypes();
        Object[] args = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            if (i == nullAt) {
                continue;
            }
            Supplier<Object> s = samples.get(types[i]);
            if (s == null) {
                throw new AssertionError("no sample value for a parameter of type " + types[i].getName() + " of "
                        + signature(e) + ": add one to the bad-input test's samples");
            }
            args[i] = s.get();
        }
        return args;
    }

    /** What a call returned, or threw. */
    public record Call(Object value, Throwable error) {
    }

    /** Calls {@code e} and returns what it returned or threw (unwrapped). */
    public static Call invoke(Executable e, Object receiver, Object[] args) {
        try {
            if (e instanceof Method m) {
                return new Call(m.invoke(Modifier.isStatic(m.getModifiers()) ? null : receiver, args), null);
            }
            return new Call(((java.lang.reflect.Constructor<?>) e).newInstance(args), null);
        } catch (InvocationTargetException ex) {
            return new Call(null, ex.getCause());
        } catch (ReflectiveOperationException ex) {
            throw new IllegalStateException("cannot call " + signature(e), ex);
        }
    }
}
