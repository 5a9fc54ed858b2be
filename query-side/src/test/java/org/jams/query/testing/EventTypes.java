package org.jams.query.testing;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.axonframework.serialization.Revision;

/** Every event type of the messages module, found on the class path, so a type added later is included unasked. */
public final class EventTypes {

    private static final List<Class<?>> ALL = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.jams.api").stream()
            .filter(type -> type.isAnnotatedWith(Revision.class))
            .<Class<?>>map(JavaClass::reflect).filter(Class::isRecord)
            .sorted(Comparator.comparing(Class::getName))
            .toList();

    private EventTypes() {
    }

    /** The records annotated with {@link Revision} under {@code org.jams.api}. */
    public static List<Class<?>> all() {
        return ALL;
    }

    /** An instance with every component null, zero or false: for asking who handles the type, not for its data. */
    public static Object blank(Class<?> type) {
        try {
            Class<?>[] components = Arrays.stream(type.getRecordComponents()).map(RecordComponent::getType)
                    .toArray(Class<?>[]::new);
            Constructor<?> constructor = type.getDeclaredConstructor(components);
            Object[] arguments = Arrays.stream(components).map(EventTypes::zero).toArray();
            return constructor.newInstance(arguments);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot instantiate " + type, e);
        }
    }

    private static Object zero(Class<?> type) {
        if (!type.isPrimitive()) {
            return null;
        }
        if (type == boolean.class) {
            return false;
        }
        if (type == char.class) {
            return '\0';
        }
        return switch (type.getName()) {
            case "byte" -> (byte) 0;
            case "short" -> (short) 0;
            case "int" -> 0;
            case "long" -> 0L;
            case "float" -> 0f;
            default -> 0d;
        };
    }
}
