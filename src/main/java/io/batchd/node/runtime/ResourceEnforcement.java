package io.batchd.node.runtime;

public record ResourceEnforcement(boolean memory, boolean cpu, String message) {}
