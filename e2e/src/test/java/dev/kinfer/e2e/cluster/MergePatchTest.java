package dev.kinfer.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class MergePatchTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    @Test
    void aNullRemovesTheKeyInsteadOfStoringNull() throws Exception {
        JsonNode merged = MergePatch.apply(json("{'metadata': {'labels': {'a': '1', 'b': '2'}}}"),
                json("{'metadata': {'labels': {'a': null}}}"));

        assertThat(merged).isEqualTo(json("{'metadata': {'labels': {'b': '2'}}}"));
    }

    @Test
    void mergesObjectsKeyByKeyAndReplacesArrays() throws Exception {
        JsonNode merged = MergePatch.apply(json("{'spec': {'replicas': 1, 'args': ['a', 'b'], 'keep': true}}"),
                json("{'spec': {'replicas': 3, 'args': ['c']}, 'added': {'x': 1}}"));

        assertThat(merged).isEqualTo(json("{'spec': {'replicas': 3, 'args': ['c'], 'keep': true}, 'added': {'x': 1}}"));
    }

    @Test
    void followsTheExamplesOfRfc7386() throws Exception {
        // RFC 7386, section 3
        JsonNode target = json("{'title': 'Goodbye!', 'author': {'givenName': 'John', 'familyName': 'Doe'},"
                + " 'tags': ['example', 'sample'], 'content': 'This will be unchanged'}");
        JsonNode patch = json("{'title': 'Hello!', 'phoneNumber': '+01-123-456-7890',"
                + " 'author': {'familyName': null}, 'tags': ['example']}");

        assertThat(MergePatch.apply(target, patch)).isEqualTo(json("{'title': 'Hello!',"
                + " 'author': {'givenName': 'John'}, 'tags': ['example'], 'content': 'This will be unchanged',"
                + " 'phoneNumber': '+01-123-456-7890'}"));
        // and a few rows of its appendix A
        assertThat(MergePatch.apply(json("{'a': 'b'}"), json("{'a': null}"))).isEqualTo(json("{}"));
        assertThat(MergePatch.apply(json("{'a': 'foo'}"), json("'bar'"))).isEqualTo(json("'bar'"));
        assertThat(MergePatch.apply(json("['a', 'b']"), json("{'a': 'c'}"))).isEqualTo(json("{'a': 'c'}"));
        assertThat(MergePatch.apply(json("{}"), json("{'a': {'bb': {'ccc': null}}}")))
                .isEqualTo(json("{'a': {'bb': {}}}"));
    }

    @Test
    void leavesItsArgumentsUnchanged() throws Exception {
        JsonNode target = json("{'a': {'b': 1}}");
        JsonNode patch = json("{'a': {'b': null, 'c': 2}}");

        MergePatch.apply(target, patch);

        assertThat(target).isEqualTo(json("{'a': {'b': 1}}"));
        assertThat(patch).isEqualTo(json("{'a': {'b': null, 'c': 2}}"));
    }
}
