package dev.kinfer.e2e.packaging;

import io.smallrye.config.WithDefault;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Optional;

/**
 * A {@code @ConfigMapping} interface answered from its own {@code @WithDefault} values, so tests can call the
 * operator's pure builders with its defaults without starting Quarkus, and keep compiling when settings are added.
 */
final class ConfigDefaults {

    private ConfigDefaults() {
    }

    static <T> T of(Class<T> mapping) {
        Object proxy = Proxy.newProxyInstance(mapping.getClassLoader(), new Class<?>[] {mapping},
                (self, method, args) -> switch (method.getName()) {
                    case "toString" -> mapping.getSimpleName() + " defaults";
                    case "hashCode" -> System.identityHashCode(self);
                    case "equals" -> self == args[0];
                    default -> value(method);
                });
        return mapping.cast(proxy);
    }

    private static Object value(Method method) {
        WithDefault annotation = method.getAnnotation(WithDefault.class);
        Class<?> type = method.getReturnType();
        if (annotation == null) {
            if (type == Optional.class) {
                return Optional.empty();
            }
            throw new IllegalStateException(method + " has no @WithDefault; give the test a value for it");
        }
        String text = annotation.value();
        if (type == String.class) return text;
        if (type == int.class || type == Integer.class) return Integer.parseInt(text);
        if (type == long.class || type == Long.class) return Long.parseLong(text);
        if (type == double.class || type == Double.class) return Double.parseDouble(text);
        if (type == boolean.class || type == Boolean.class) return Boolean.parseBoolean(text);
        throw new IllegalStateException(method + " returns " + type + ", which ConfigDefaults cannot convert yet");
    }
}
