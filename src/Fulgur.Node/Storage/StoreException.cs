namespace Fulgur.Node.Storage;

/// <summary>The database cannot be used as it is (newer schema, wrong node, unsupported backend): start-up stops with the message.</summary>
public sealed class StoreException : Exception
{
    public StoreException(string message) : base(message) { }
    public StoreException(string message, Exception inner) : base(message, inner) { }
    public StoreException() { }
}
