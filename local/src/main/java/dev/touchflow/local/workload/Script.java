package dev.touchflow.local.workload;

/** What a contact does, and so where their enrollment must end. */
public enum Script {
    PLAIN,
    UNSUBSCRIBE,
    INTERESTED,
    OUT_OF_OFFICE,
    BOUNCE
}
