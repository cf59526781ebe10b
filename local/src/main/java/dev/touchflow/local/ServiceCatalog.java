package dev.touchflow.local;

import dev.touchflow.dispatch.DispatchApplication;
import dev.touchflow.drafting.DraftingApplication;
import dev.touchflow.enrollment.EnrollmentApplication;
import dev.touchflow.replies.ReplyClassifierApplication;
import dev.touchflow.sequencer.SequencerApplication;
import java.util.List;
import java.util.NoSuchElementException;

/** Touchflow's five services, each with its application, configuration, database and port. */
final class ServiceCatalog {

    private ServiceCatalog() {}

    /** The five services, in the order they start. */
    static List<LocalTouchflow.Service> of(LocalSettings.Ports ports) {
        return List.of(
                new LocalTouchflow.Service(
                        "enrollment-service",
                        EnrollmentApplication.class,
                        EnrollmentApplication.CONFIG_NAME,
                        "touchflow_enrollment",
                        ports.enrollment()),
                new LocalTouchflow.Service(
                        "sequencer-service",
                        SequencerApplication.class,
                        SequencerApplication.CONFIG_NAME,
                        "touchflow_sequencer",
                        ports.sequencer()),
                new LocalTouchflow.Service(
                        "drafting-service",
                        DraftingApplication.class,
                        DraftingApplication.CONFIG_NAME,
                        "touchflow_drafting",
                        ports.drafting()),
                new LocalTouchflow.Service(
                        "dispatch-service",
                        DispatchApplication.class,
                        DispatchApplication.CONFIG_NAME,
                        "touchflow_dispatch",
                        ports.dispatch()),
                new LocalTouchflow.Service(
                        "reply-classifier-service",
                        ReplyClassifierApplication.class,
                        ReplyClassifierApplication.CONFIG_NAME,
                        "touchflow_replies",
                        ports.replies()));
    }

    /** The service called {@code name}. */
    static LocalTouchflow.Service named(LocalSettings.Ports ports, String name) {
        return of(ports).stream()
                .filter(service -> service.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new NoSuchElementException("no service " + name));
    }
}
