package dev.loopwire.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The configuration processor's IDE metadata is generated and complete. */
class LoopwireMetadataTests {

    @Test
    void whenModuleIsBuiltThenMetadataDescribesEveryPropertyWithItsDefault() throws Exception {
        Map<String, JsonNode> properties = new HashMap<>();
        try (InputStream in = new ClassPathResource("META-INF/spring-configuration-metadata.json").getInputStream()) {
            JsonNode root = JsonMapper.builder().build().readTree(in);
            root.get("properties").forEach(property -> properties.put(property.get("name").asString(), property));
        }
        assertThat(properties).containsKeys("loopwire.enabled", "loopwire.io-threads", "loopwire.business.threads",
                "loopwire.business.max-pending-frames", "loopwire.business.queue-capacity", "loopwire.servers");
        properties.forEach((name, property) -> {
            boolean deprecated = property.has("deprecation") || property.has("deprecated");
            if (!deprecated) {
                assertThat(property.path("description").asString()).as(name).isNotBlank();
            }
            if (!deprecated && !name.equals("loopwire.servers") && !name.equals("loopwire.clients")) {
                assertThat(property.has("defaultValue")).as(name + " has a default").isTrue();
            }
        });
        assertThat(properties.get("loopwire.business.queue-capacity").path("deprecation").path("replacement")
                .asString()).isEqualTo("loopwire.business.max-pending-frames");
        assertThat(properties.get("loopwire.io-threads").get("defaultValue").asInt()).isZero();
        assertThat(properties.get("loopwire.business.threads").get("defaultValue").asInt()).isEqualTo(16);
    }
}
