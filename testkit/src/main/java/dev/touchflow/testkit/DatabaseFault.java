package dev.touchflow.testkit;

import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * A fault the real database raises: a trigger on one table's insert or update that, for the rows a
 * condition picks, fails with a chosen SQLSTATE (a class-22 data error, or 57P03 "cannot connect now"
 * for a database that is briefly down) the first {@code times} times, counting every time the
 * condition held. Closing it drops the trigger.
 */
public final class DatabaseFault implements AutoCloseable {

    private final DatabaseClient db;
    private final String name;
    private final String table;

    private DatabaseFault(DatabaseClient db, String name, String table) {
        this.db = db;
        this.name = name;
        this.table = table;
    }

    /**
     * @param event     {@code INSERT} or {@code UPDATE}
     * @param condition SQL over {@code NEW}, e.g. {@code NEW.status = 'sent'}
     * @param times     how many of the matching statements fail; {@link Long#MAX_VALUE} while open
     */
    public static DatabaseFault on(
            DatabaseClient db,
            String table,
            String event,
            String condition,
            String sqlState,
            String message,
            long times) {
        String name = "fault_" + UUID.randomUUID().toString().replace("-", "");
        db.sql("CREATE SEQUENCE " + name).then().block();
        db.sql("""
                CREATE FUNCTION %1$s() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF %2$s THEN
                        IF nextval('%1$s') <= %3$d THEN
                            RAISE EXCEPTION '%5$s' USING ERRCODE = '%4$s';
                        END IF;
                    END IF;
                    RETURN NEW;
                END $$""".formatted(name, condition, times, sqlState, message.replace("'", "''")))
                .then()
                .block();
        db.sql("CREATE TRIGGER " + name + " BEFORE " + event + " ON " + table + " FOR EACH ROW EXECUTE FUNCTION " + name
                        + "()")
                .then()
                .block();
        return new DatabaseFault(db, name, table);
    }

    /** How many times the condition held (a sequence: a rolled-back transaction does not undo it). */
    public long hits() {
        return db.sql("SELECT CASE WHEN is_called THEN last_value ELSE 0 END AS n FROM " + name)
                .map(row -> row.get("n", Long.class))
                .one()
                .block();
    }

    @Override
    public void close() {
        db.sql("DROP TRIGGER " + name + " ON " + table).then().block();
        db.sql("DROP FUNCTION " + name + "()").then().block();
        db.sql("DROP SEQUENCE " + name).then().block();
    }
}
