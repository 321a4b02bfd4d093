package io.klassic.protocol.types;

import java.nio.ByteBuffer;

/**
 * One request or response body of one API across all its versions: the versions the schema knows, those that
 * use the flexible encoding (compact types and tagged fields), and the fields. Immutable and thread-safe.
 */
public final class MessageSpec {
    private final String name;
    private final short apiKey;
    private final Versions validVersions;
    private final Versions flexibleVersions;
    private final StructSpec struct;

    public MessageSpec(String name, int apiKey, String validVersions, String flexibleVersions, FieldSpec... fields) {
        this.name = name;
        this.apiKey = (short) apiKey;
        this.validVersions = Versions.parse(validVersions);
        this.flexibleVersions = Versions.parse(flexibleVersions);
        this.struct = new StructSpec(fields);
    }

    public String name() {
        return name;
    }

    public short apiKey() {
        return apiKey;
    }

    public Versions validVersions() {
        return validVersions;
    }

    public Versions flexibleVersions() {
        return flexibleVersions;
    }

    public boolean isFlexible(short version) {
        return flexibleVersions.contains(version);
    }

    public StructSpec struct() {
        return struct;
    }

    public Struct newStruct() {
        return new Struct(struct);
    }

    public Struct read(ByteBuffer buffer, short version) {
        checkVersion(version);
        return Codec.read(struct, version, isFlexible(version), buffer);
    }

    public int sizeOf(Struct value, short version) {
        checkVersion(version);
        return Codec.sizeOf(value, version, isFlexible(version));
    }

    public void write(Struct value, short version, Writable out) {
        checkVersion(version);
        Codec.write(value, version, isFlexible(version), out);
    }

    private void checkVersion(short version) {
        if (!validVersions.contains(version)) {
            throw new SchemaException(name + " has no version " + version + " (valid: " + validVersions + ")");
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
