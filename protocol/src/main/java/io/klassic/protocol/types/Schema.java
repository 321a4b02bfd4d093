package io.klassic.protocol.types;

/**
 * The small vocabulary message schemas are written in:
 * <pre>
 *   new MessageSpec("ProduceRequest", 0, "0-9", "9+",
 *       field("TransactionalId", STRING, "3+").nullable("3+").dflt(null),
 *       field("Acks", INT16, "0+"),
 *       field("TopicData", array(struct(
 *           field("Name", STRING, "0+"),
 *           field("PartitionData", array(struct(...)), "0+"))), "0+"));
 * </pre>
 * Stateless.
 */
public final class Schema {
    private Schema() {
    }

    public static FieldSpec field(String name, Type type, String versions) {
        return new FieldSpec(name, type, Versions.parse(versions));
    }

    public static StructSpec struct(FieldSpec... fields) {
        return new StructSpec(fields);
    }

    public static Type.ArrayType array(Type element) {
        return Type.array(element);
    }
}
