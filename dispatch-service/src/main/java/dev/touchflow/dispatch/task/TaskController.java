package dev.touchflow.dispatch.task;

import dev.touchflow.dispatch.send.Send;
import dev.touchflow.dispatch.send.Tasks;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Touches a person makes: LinkedIn, SMS, calls, tasks, and anything marked
 * {@code requires_personal_send}. Marking one done records the touch as sent.
 */
@RestController
@RequestMapping("/api/v1/tasks")
class TaskController {

    private final Tasks tasks;

    TaskController(Tasks tasks) {
        this.tasks = tasks;
    }

    @GetMapping
    Flux<Send> open(@RequestParam(required = false) String client,
                    @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit,
                    @RequestParam(defaultValue = "0") @Min(0) int offset) {
        return tasks.open(client, limit, offset);
    }

    @PostMapping("/{id}/done")
    Mono<Send> done(@PathVariable UUID id, @RequestBody(required = false) Done done) {
        return tasks.done(id, done == null || done.by() == null ? "operator" : done.by());
    }

    record Done(@Size(max = 200) String by) {
    }
}
