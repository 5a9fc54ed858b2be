package org.jams.gateway.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.jams.api.audit.AuditMetaData;
import org.jams.api.directory.DirectoryEvents.UserRegisteredEvent;
import org.jams.api.enrollment.EnrollmentEvents.DeviceCertificateIssuedEvent;
import org.springframework.beans.factory.annotation.BeanFactoryAnnotationUtils;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The events the real template people stored (registrations and enrollments, with their audit metadata less the
 * signature, which each copy gets anew), and their sealed account keys, read back as the server stored them.
 */
record StoredTemplates(String aggregateType, List<Template> accounts, List<Template> devices,
                       Map<String, byte[]> sealedKeys) {

    record Template(Object event, Map<String, Object> metaData) {
    }

    static StoredTemplates read(ConfigurableApplicationContext server, JdbcTemplate jdbc, int templateUsers) {
        Serializer serializer = BeanFactoryAnnotationUtils.qualifiedBeanOfType(server.getBeanFactory(),
                Serializer.class, "eventSerializer");
        List<Template> accounts = new ArrayList<>();
        List<Template> devices = new ArrayList<>();
        List<String> types = new ArrayList<>();
        // The setup's events come first; the template people's streams follow, in order.
        jdbc.query("""
                SELECT type, payloadtype, payloadrevision, payload, metadata FROM domainevententry
                WHERE payloadtype IN (?, ?) ORDER BY globalindex""", rs -> {
            Object event = serializer.deserialize(new SimpleSerializedObject<>(rs.getBytes(4), byte[].class,
                    new SimpleSerializedType(rs.getString(2), rs.getString(3))));
            Map<String, Object> metaData = new HashMap<>(serializer.<byte[], Map<String, Object>>deserialize(
                    new SimpleSerializedObject<>(rs.getBytes(5), byte[].class,
                            new SimpleSerializedType(MetaData.class.getName(), null))));
            metaData.remove(AuditMetaData.SIGNATURE);
            (event instanceof UserRegisteredEvent ? accounts : devices).add(new Template(event, metaData));
            types.add(rs.getString(1));
        }, UserRegisteredEvent.class.getName(), DeviceCertificateIssuedEvent.class.getName());
        if (accounts.size() != templateUsers || types.isEmpty()) {
            throw new IllegalStateException("Expected " + templateUsers + " template people, found "
                    + accounts.size());
        }
        Map<String, byte[]> sealedKeys = new HashMap<>();
        jdbc.query("SELECT jami_id, sealed_key FROM account_key", rs -> {
            sealedKeys.put(rs.getString(1), rs.getBytes(2));
        });
        return new StoredTemplates(types.get(0), accounts, devices, sealedKeys);
    }
}
