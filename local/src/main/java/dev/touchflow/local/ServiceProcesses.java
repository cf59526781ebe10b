package dev.touchflow.local;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The services as child JVMs of their own, which the fault suite kills, stops and starts again. */
final class ServiceProcesses {

    private final Map<String, ServiceProcess.Running> processes = Collections.synchronizedMap(new LinkedHashMap<>());
    private final LocalSettings settings;
    private final ServiceArguments arguments;
    private final LocalTouchflow.Mode mode;

    ServiceProcesses(LocalSettings settings, ServiceArguments arguments, LocalTouchflow.Mode mode) {
        this.settings = settings;
        this.arguments = arguments;
        this.mode = mode;
    }

    void start(LocalTouchflow.Service service) {
        processes.put(service.name(), ServiceProcess.start(service, settings.stateDirectory(), arguments.of(service)));
    }

    void awaitListening() {
        processes.values().forEach(ServiceProcess.Running::awaitListening);
    }

    void kill(String service) {
        running(service).kill();
    }

    void stop(String service) {
        running(service).stop();
    }

    /** Starts a service's process again (if it is not running) and waits until it listens. */
    void restart(String service) {
        ServiceProcess.Running current = running(service);
        if (current.isAlive()) {
            return;
        }
        LocalTouchflow.Service described = ServiceCatalog.named(settings.services(), service);
        ServiceProcess.Running started =
                ServiceProcess.start(described, settings.stateDirectory(), arguments.of(described));
        processes.put(service, started);
        started.awaitListening();
    }

    boolean isAlive(String service) {
        return running(service).isAlive();
    }

    /** Asks every process to stop, then waits for each. */
    void stopAll() {
        processes.values().forEach(ServiceProcess.Running::signalStop);
        processes.values().forEach(ServiceProcess.Running::stop);
        processes.clear();
    }

    private ServiceProcess.Running running(String service) {
        ServiceProcess.Running running = processes.get(service);
        if (running == null) {
            throw new IllegalStateException("no process of " + service + " (mode " + mode + ")");
        }
        return running;
    }
}
