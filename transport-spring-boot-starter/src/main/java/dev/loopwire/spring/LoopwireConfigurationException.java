package dev.loopwire.spring;

/**
 * Loopwire configuration that cannot work: thrown while the context starts, with the property (or
 * handler method) at fault and what to do about it. Boot's failure analysis prints both.
 */
public class LoopwireConfigurationException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String action;

    /**
     * @param description what is wrong, naming the property or method
     * @param action      what the user should do
     */
    public LoopwireConfigurationException(String description, String action) {
        super(description + " (" + action + ")");
        this.action = action;
    }

    /** What the user should do. */
    public String action() {
        return action;
    }

    /** What is wrong, without the action. */
    public String description() {
        String message = getMessage();
        return message.substring(0, message.length() - action.length() - 3);
    }
}
