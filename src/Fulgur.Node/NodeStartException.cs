namespace Fulgur.Node;

/// <summary>The node cannot start for a reason the operator can act on; fulgurd prints the message and exits non-zero.</summary>
public sealed class NodeStartException : Exception
{
    public NodeStartException(string message) : base(message) { }
    public NodeStartException(string message, Exception inner) : base(message, inner) { }
    public NodeStartException() { }
}
