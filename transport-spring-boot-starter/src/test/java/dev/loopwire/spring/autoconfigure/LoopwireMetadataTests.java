package dev.loopwire.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.beans.PropertyDescriptor;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.BeanUtils;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.io.ClassPathResource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The configuration processor's IDE metadata is generated and complete. */
class LoopwireMetadataTests {

    private static final String DEFAULTS = "loopwire.server-defaults.";

    private static final Map<String, JsonNode> properties = new HashMap<>();
    private static final Map<String, JsonNode> hints = new HashMap<>();

    @BeforeAll
    static void readMetadata() throws Exception {
        try (InputStream in = new ClassPathResource("META-INF/spring-configuration-metadata.json").getInputStream()) {
            JsonNode root = JsonMapper.builder().build().readTree(in);
            root.get("properties").forEach(property -> properties.put(property.get("name").asString(), property));
            root.path("hints").forEach(hint -> hints.put(hint.get("name").asString(), hint));
        }
    }

    @Test
    void whenModuleIsBuiltThenMetadataDescribesEveryPropertyWithItsDefault() {
        assertThat(properties).containsKeys("loopwire.enabled", "loopwire.io-threads", "loopwire.business.threads",
                "loopwire.business.max-pending-frames", "loopwire.business.queue-capacity", "loopwire.servers");
        properties.forEach((name, property) -> {
            boolean deprecated = property.has("deprecation") || property.has("deprecated");
            if (!deprecated) {
                assertThat(property.path("description").asString()).as(name).isNotBlank();
            }
            // a map (servers, clients, a server's routes) starts empty: the processor records no default for it
            boolean map = property.path("type").asString().startsWith("java.util.Map<");
            if (!deprecated && !map) {
                assertThat(property.has("defaultValue")).as(name + " has a default").isTrue();
            }
        });
        assertThat(properties.get("loopwire.business.queue-capacity").path("deprecation").path("replacement")
                .asString()).isEqualTo("loopwire.business.max-pending-frames");
        assertThat(properties.get("loopwire.io-threads").get("defaultValue").asInt()).isZero();
        assertThat(properties.get("loopwire.business.threads").get("defaultValue").asInt()).isEqualTo(16);
    }

    /**
     * Every property a user can write under loopwire.servers.&lt;name&gt; (found by walking
     * LoopwireServerProperties and its nested types) has a loopwire.server-defaults entry with a description
     * and a default, and that default is the one a fresh server really has.
     */
    @Test
    void whenServerPropertyExistsThenItHasADescribedServerDefaultsEntryWhoseDefaultIsTheRealOne() throws Exception {
        List<Leaf> leaves = new ArrayList<>();
        walk("", LoopwireServerProperties.class, new LoopwireServerProperties(), leaves);
        assertThat(leaves).as("server properties found by reflection").hasSizeGreaterThanOrEqualTo(30)
                .extracting(Leaf::name).contains("port", "framing", "line.max-length", "length-field.byte-order",
                        "length-field.type-field.length", "dispatch", "max-connections", "write-buffer.high",
                        "ssl.bundle", "ssl.client-auth", "proxy-protocol", "trusted-proxies");

        ConversionService conversion = ApplicationConversionService.getSharedInstance();
        SoftAssertions softly = new SoftAssertions();
        for (Leaf leaf : leaves) {
            String name = DEFAULTS + leaf.name();
            JsonNode entry = properties.get(name);
            softly.assertThat(entry).as("metadata entry %s", name).isNotNull();
            if (entry == null) {
                continue;
            }
            softly.assertThat(entry.path("description").asString()).as("description of %s", name).isNotBlank();
            softly.assertThat(entry.has("defaultValue")).as("default of %s", name).isTrue();
            JsonNode declared = entry.get("defaultValue");
            if (declared == null) {
                continue;
            }
            Object documented = declared.isArray() ? List.of() : conversion.convert(declared.asString(), leaf.type());
            Object actual = leaf.value();
            if (actual instanceof List<?> list) {
                softly.assertThat(declared.isArray() && declared.isEmpty() && list.isEmpty())
                        .as("%s: documented %s, real %s", name, declared, actual).isTrue();
            } else {
                softly.assertThat(documented).as("%s: documented default %s", name, declared).isEqualTo(actual);
            }
        }
        softly.assertAll();
    }

    @Test
    void whenServerPropertyIsAnEnumThenItsMetadataHintsAllItsValues() throws Exception {
        List<Leaf> leaves = new ArrayList<>();
        walk("", LoopwireServerProperties.class, new LoopwireServerProperties(), leaves);
        SoftAssertions softly = new SoftAssertions();
        for (Leaf leaf : leaves) {
            if (!leaf.type().isEnum()) {
                continue;
            }
            String name = DEFAULTS + leaf.name();
            JsonNode hint = hints.get(name);
            softly.assertThat(hint).as("value hints for %s", name).isNotNull();
            if (hint == null) {
                continue;
            }
            List<String> hinted = new ArrayList<>();
            hint.get("values").forEach(value -> {
                hinted.add(value.get("value").asString());
                softly.assertThat(value.path("description").asString()).as("hint %s of %s", value, name)
                        .isNotBlank();
            });
            List<String> constants = Arrays.stream(leaf.type().getEnumConstants())
                    .map(constant -> ((Enum<?>) constant).name().toLowerCase(Locale.ROOT).replace('_', '-'))
                    .toList();
            softly.assertThat(hinted).as("hinted values of %s", name).containsExactlyInAnyOrderElementsOf(constants);
        }
        softly.assertAll();
    }

    /** A bindable property: name relative to the server, type, and a fresh server's value. */
    private record Leaf(String name, Class<?> type, Object value) {
    }

    /**
     * JavaBean properties with a setter are leaves; getter-only properties whose type is one of the
     * starter's nested settings classes are groups, walked in turn. Getter-only properties of other types
     * (e.g. Ssl.isEnabled) are derived, not bindable.
     */
    private static void walk(String prefix, Class<?> type, Object instance, List<Leaf> leaves) throws Exception {
        for (PropertyDescriptor descriptor : BeanUtils.getPropertyDescriptors(type)) {
            Method getter = descriptor.getReadMethod();
            if (getter == null || descriptor.getName().equals("class")) {
                continue;
            }
            String name = prefix + kebab(descriptor.getName());
            Object value = getter.invoke(instance);
            if (descriptor.getWriteMethod() != null) {
                leaves.add(new Leaf(name, descriptor.getPropertyType(), value));
            } else if (descriptor.getPropertyType().getEnclosingClass() == LoopwireServerProperties.class) {
                walk(name + ".", descriptor.getPropertyType(), value, leaves);
            }
        }
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
