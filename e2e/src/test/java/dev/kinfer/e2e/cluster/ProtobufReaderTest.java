package dev.kinfer.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProtobufReaderTest {

    @Test
    void readsAMultiByteVarint() {
        // 300 = 0b1_0010_1100: low 7 bits 0x2c with the continuation bit, then 0x02 (the protobuf docs' example)
        ProtobufReader reader = new ProtobufReader(new byte[] {0x08, (byte) 0xac, 0x02});

        assertThat(reader.nextField()).isEqualTo(1);
        assertThat(reader.wireType()).isEqualTo(ProtobufReader.VARINT);
        assertThat(reader.varint()).isEqualTo(300);
        assertThat(reader.hasMore()).isFalse();
    }

    @Test
    void readsAStringAndAFieldNumberAboveFifteen() {
        ProtobufReader reader = new ProtobufReader(Protobuf.message().string(17, "managed").build());

        assertThat(reader.nextField()).isEqualTo(17);
        assertThat(reader.string()).isEqualTo("managed");
    }

    @Test
    void skipsFieldsOfEveryWireType() {
        byte[] bytes = Protobuf.message().varint(1, 1L << 40).fixed64(2, -1).fixed32(3, 7)
                .message(4, Protobuf.message().string(1, "x")).string(5, "last").build();
        ProtobufReader reader = new ProtobufReader(bytes);

        for (int field = 1; field <= 4; field++) {
            assertThat(reader.nextField()).isEqualTo(field);
            reader.skip();
        }
        assertThat(reader.nextField()).isEqualTo(5);
        assertThat(reader.string()).isEqualTo("last");
    }

    @Test
    void refusesALengthThatRunsPastTheEnd() {
        ProtobufReader reader = new ProtobufReader(new byte[] {0x0a, 0x05, 'a', 'b'});

        reader.nextField();
        assertThatThrownBy(reader::bytes).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("length 5");
    }

    @Test
    void refusesAStringWhereAVarintIs() {
        ProtobufReader reader = new ProtobufReader(new byte[] {0x08, 0x01});

        reader.nextField();
        assertThatThrownBy(reader::string).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("wire type 0");
    }
}
