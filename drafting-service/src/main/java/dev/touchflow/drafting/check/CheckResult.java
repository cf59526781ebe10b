package dev.touchflow.drafting.check;

/** One check's verdict on a draft, shown to the person who decides on it. */
public record CheckResult(String check, boolean passed, String detail) {

    static CheckResult pass(String check, String detail) {
        return new CheckResult(check, true, detail);
    }

    static CheckResult fail(String check, String detail) {
        return new CheckResult(check, false, detail);
    }
}
