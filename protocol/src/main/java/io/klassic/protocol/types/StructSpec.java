package io.klassic.protocol.types;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields of a struct across all versions of a message, in wire order. A {@link Struct} holds a value for
 * each of them; the codec writes those the version carries. Immutable once built; thread-safe.
 */
public final class StructSpec extends Type {
    private final List<FieldSpec> fields;
    private final Map<String, Integer> indexByName = new HashMap<>();

    public StructSpec(FieldSpec... fields) {
        this.fields = Collections.unmodifiableList(Arrays.asList(fields));
        for (int i = 0; i < fields.length; i++) {
            if (indexByName.put(fields[i].name(), i) != null) {
                throw new IllegalArgumentException("Duplicate field name " + fields[i].name());
            }
        }
    }

    public List<FieldSpec> fields() {
        return fields;
    }

    public int indexOf(String name) {
        Integer index = indexByName.get(name);
        if (index == null) {
            throw new IllegalArgumentException("No field named " + name + " in struct with fields " + indexByName.keySet());
        }
        return index;
    }

    public boolean hasField(String name) {
        return indexByName.containsKey(name);
    }

    public FieldSpec field(String name) {
        return fields.get(indexOf(name));
    }

    @Override
    public Kind kind() {
        return Kind.STRUCT;
    }

    @Override
    public Object defaultValue() {
        return new Struct(this);
    }

    @Override
    public String toString() {
        return "struct" + fields;
    }
}
