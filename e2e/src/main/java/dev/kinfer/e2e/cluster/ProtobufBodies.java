package dev.kinfer.e2e.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * Decodes the protobuf request bodies ({@code application/vnd.kubernetes.protobuf}) of Secrets and ConfigMaps into
 * the JSON the mock API server stores. Go clients built on client-go's typed clientset, helm's release storage
 * among them, send built-in kinds that way and offer no switch to JSON.
 * <p>
 * The encoding: the 4 bytes {@code k8s\0}, then a {@code runtime.Unknown} message (1: TypeMeta {1: apiVersion,
 * 2: kind}, 2: raw, the object's own message, 3: contentEncoding, 4: contentType). Of the object: ObjectMeta (1: name,
 * 2: generateName, 3: namespace, 11: labels, 12: annotations, 14: finalizers; the rest is the server's to set); a
 * Secret's 2: data (bytes), 3: type, 4: stringData, 5: immutable; a ConfigMap's 2: data, 3: binaryData (bytes),
 * 4: immutable. Maps are repeated entries {1: key, 2: value}. Any other kind is refused.
 */
final class ProtobufBodies {

    static final String CONTENT_TYPE = "application/vnd.kubernetes.protobuf";
    private static final byte[] MAGIC = {'k', '8', 's', 0};
    private static final ObjectMapper JSON = new ObjectMapper();

    private ProtobufBodies() {
    }

    static boolean isProtobuf(String contentType) {
        return contentType != null && contentType.startsWith(CONTENT_TYPE);
    }

    /** The object a protobuf body holds, as JSON; IllegalArgumentException for anything but a Secret or ConfigMap. */
    static ObjectNode decode(byte[] body) {
        if (body.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(body, MAGIC.length), MAGIC)) {
            throw new IllegalArgumentException("protobuf: the body does not start with k8s\\0");
        }
        ProtobufReader unknown = new ProtobufReader(body, MAGIC.length, body.length - MAGIC.length);
        String apiVersion = "";
        String kind = "";
        byte[] raw = new byte[0];
        while (unknown.hasMore()) {
            switch (unknown.nextField()) {
                case 1 -> {
                    ProtobufReader typeMeta = unknown.message();
                    while (typeMeta.hasMore()) {
                        switch (typeMeta.nextField()) {
                            case 1 -> apiVersion = typeMeta.string();
                            case 2 -> kind = typeMeta.string();
                            default -> typeMeta.skip();
                        }
                    }
                }
                case 2 -> raw = unknown.bytes();
                default -> unknown.skip();
            }
        }
        ObjectNode object = JSON.createObjectNode().put("apiVersion", apiVersion).put("kind", kind);
        if (apiVersion.equals("v1") && kind.equals("Secret")) {
            secret(new ProtobufReader(raw), object);
        } else if (apiVersion.equals("v1") && kind.equals("ConfigMap")) {
            configMap(new ProtobufReader(raw), object);
        } else {
            throw new IllegalArgumentException("protobuf: decodes only v1 Secret and ConfigMap, not "
                    + apiVersion + " " + kind);
        }
        return object;
    }

    private static void secret(ProtobufReader secret, ObjectNode object) {
        while (secret.hasMore()) {
            switch (secret.nextField()) {
                case 1 -> object.set("metadata", metadata(secret.message()));
                case 2 -> entry(secret.message(), object.withObjectProperty("data"), true);
                case 3 -> object.put("type", secret.string());
                case 4 -> entry(secret.message(), object.withObjectProperty("stringData"), false);
                case 5 -> object.put("immutable", secret.varint() != 0);
                default -> secret.skip();
            }
        }
    }

    private static void configMap(ProtobufReader configMap, ObjectNode object) {
        while (configMap.hasMore()) {
            switch (configMap.nextField()) {
                case 1 -> object.set("metadata", metadata(configMap.message()));
                case 2 -> entry(configMap.message(), object.withObjectProperty("data"), false);
                case 3 -> entry(configMap.message(), object.withObjectProperty("binaryData"), true);
                case 4 -> object.put("immutable", configMap.varint() != 0);
                default -> configMap.skip();
            }
        }
    }

    private static ObjectNode metadata(ProtobufReader meta) {
        ObjectNode metadata = JSON.createObjectNode();
        while (meta.hasMore()) {
            switch (meta.nextField()) {
                case 1 -> putIfNotEmpty(metadata, "name", meta.string());
                case 2 -> putIfNotEmpty(metadata, "generateName", meta.string());
                case 3 -> putIfNotEmpty(metadata, "namespace", meta.string());
                case 6 -> putIfNotEmpty(metadata, "resourceVersion", meta.string());
                case 11 -> entry(meta.message(), metadata.withObjectProperty("labels"), false);
                case 12 -> entry(meta.message(), metadata.withObjectProperty("annotations"), false);
                case 14 -> metadata.withArrayProperty("finalizers").add(meta.string());
                default -> meta.skip();
            }
        }
        return metadata;
    }

    /** One map entry {1: key, 2: value}; bytes values become base64, as in JSON. */
    private static void entry(ProtobufReader entry, ObjectNode map, boolean bytesValue) {
        String key = "";
        byte[] value = new byte[0];
        while (entry.hasMore()) {
            switch (entry.nextField()) {
                case 1 -> key = entry.string();
                case 2 -> value = entry.bytes();
                default -> entry.skip();
            }
        }
        map.put(key, bytesValue ? Base64.getEncoder().encodeToString(value)
                : new String(value, StandardCharsets.UTF_8));
    }

    private static void putIfNotEmpty(ObjectNode node, String field, String value) {
        if (!value.isEmpty()) {
            node.put(field, value);
        }
    }
}
