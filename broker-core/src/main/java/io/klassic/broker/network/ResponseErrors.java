package io.klassic.broker.network;

import io.klassic.protocol.types.FieldSpec;
import io.klassic.protocol.types.Struct;
import io.klassic.protocol.types.StructSpec;
import io.klassic.protocol.types.Type;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a response schema carries error codes: the indexes of its {@code ErrorCode} fields and, recursively, of the
 * struct arrays and structs that contain some; worked out once per API so that walking a response visits only those
 * fields, by index. {@link #forEach} reports every error code of a response (the top-level one and each topic's or
 * partition's), as Kafka's {@code AbstractResponse.errorCounts} counts them. Immutable; thread-safe.
 */
final class ResponseErrors {
    /** Receives error codes. */
    interface ErrorCodeConsumer {
        void accept(short code);
    }

    private final int[] errorCodeFields;
    private final int[] nestedFields;
    private final ResponseErrors[] nested;

    private ResponseErrors(int[] errorCodeFields, int[] nestedFields, ResponseErrors[] nested) {
        this.errorCodeFields = errorCodeFields;
        this.nestedFields = nestedFields;
        this.nested = nested;
    }

    /** The plan of {@code spec}, or null when it holds no error code anywhere. */
    static ResponseErrors of(StructSpec spec) {
        List<Integer> codes = new ArrayList<>();
        List<Integer> nestedIndexes = new ArrayList<>();
        List<ResponseErrors> nestedPlans = new ArrayList<>();
        List<FieldSpec> fields = spec.fields();
        for (int i = 0; i < fields.size(); i++) {
            FieldSpec field = fields.get(i);
            Type type = field.type();
            if (field.name().equals("ErrorCode") && type.kind() == Type.Kind.INT16) {
                codes.add(i);
                continue;
            }
            StructSpec child = type instanceof StructSpec struct ? struct
                    : type instanceof Type.ArrayType array && array.element() instanceof StructSpec element ? element : null;
            ResponseErrors plan = child == null ? null : of(child);
            if (plan != null) {
                nestedIndexes.add(i);
                nestedPlans.add(plan);
            }
        }
        if (codes.isEmpty() && nestedIndexes.isEmpty()) {
            return null;
        }
        return new ResponseErrors(codes.stream().mapToInt(Integer::intValue).toArray(),
                nestedIndexes.stream().mapToInt(Integer::intValue).toArray(), nestedPlans.toArray(new ResponseErrors[0]));
    }

    void forEach(Struct struct, ErrorCodeConsumer consumer) {
        for (int index : errorCodeFields) {
            Object code = struct.get(index);
            if (code instanceof Short s) {
                consumer.accept(s);
            }
        }
        for (int i = 0; i < nestedFields.length; i++) {
            Object value = struct.get(nestedFields[i]);
            if (value instanceof Struct child) {
                nested[i].forEach(child, consumer);
            } else if (value instanceof List<?> list) {
                for (int j = 0; j < list.size(); j++) {
                    if (list.get(j) instanceof Struct child) {
                        nested[i].forEach(child, consumer);
                    }
                }
            }
        }
    }
}
