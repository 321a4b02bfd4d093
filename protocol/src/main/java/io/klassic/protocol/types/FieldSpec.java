package io.klassic.protocol.types;

/**
 * One field of a struct as a message schema describes it: its name, type, the versions that carry it, the
 * versions where it may be null, and, in flexible versions, whether it travels as a tagged field. Built once
 * in a schema definition and never changed afterwards; thread-safe once published.
 */
public final class FieldSpec {
    private final String name;
    private final Type type;
    private final Versions versions;
    private Versions nullableVersions = Versions.NONE;
    private Versions taggedVersions = Versions.NONE;
    private int tag = -1;
    private boolean hasDefault;
    private Object defaultValue;
    private boolean classicInFlexible;

    public FieldSpec(String name, Type type, Versions versions) {
        this.name = name;
        this.type = type;
        this.versions = versions;
    }

    /** Marks the versions in which the field may be null. */
    public FieldSpec nullable(String versionRange) {
        this.nullableVersions = Versions.parse(versionRange);
        return this;
    }

    /** Makes the field a tagged field with the given tag in the given (flexible) versions. */
    public FieldSpec tagged(int tag, String versionRange) {
        this.tag = tag;
        this.taggedVersions = Versions.parse(versionRange);
        return this;
    }

    /** Sets the field's default value (used when a version does not carry it, and to omit tagged fields). */
    public FieldSpec dflt(Object value) {
        this.hasDefault = true;
        this.defaultValue = value;
        return this;
    }

    /** Keeps the classic (non-compact) encoding even in flexible versions, like the client id of request header v2. */
    public FieldSpec classicInFlexible() {
        this.classicInFlexible = true;
        return this;
    }

    public String name() {
        return name;
    }

    public Type type() {
        return type;
    }

    public Versions versions() {
        return versions;
    }

    public Versions nullableVersions() {
        return nullableVersions;
    }

    public Versions taggedVersions() {
        return taggedVersions;
    }

    public int tag() {
        return tag;
    }

    public boolean classicEncodingInFlexible() {
        return classicInFlexible;
    }

    /** True when the field is written in the regular (positional) part of a struct at this version. */
    public boolean isRegularIn(short version) {
        return versions.contains(version) && !taggedVersions.contains(version);
    }

    /** True when the field is written as a tagged field at this version (only meaningful in flexible versions). */
    public boolean isTaggedIn(short version) {
        return versions.contains(version) && taggedVersions.contains(version);
    }

    /** A fresh default value: a new list for arrays, a new struct for structs. */
    public Object newDefault() {
        if (hasDefault) {
            return defaultValue;
        }
        return type.defaultValue();
    }

    @Override
    public String toString() {
        return name + ":" + type + "@" + versions;
    }
}
