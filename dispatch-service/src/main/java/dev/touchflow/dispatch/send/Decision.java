package dev.touchflow.dispatch.send;

/**
 * Who let the touch go, and who makes it.
 *
 * @param requiresPersonalSend a person sends it themselves: it is a task, never sent by Touchflow
 * @param doneBy               who did it, for a task
 */
public record Decision(String approvedBy, boolean requiresPersonalSend, String doneBy) {}
