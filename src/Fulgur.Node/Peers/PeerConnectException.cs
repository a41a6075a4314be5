namespace Fulgur.Node.Peers;

/// <summary>
/// A connection attempt or an operation on a peer failed for a reason the operator can read (refused, wrong node id,
/// handshake timeout, peer not connected). The RPC layer answers it with code -1 and this message.
/// </summary>
public sealed class PeerConnectException : Exception
{
    public PeerConnectException()
    {
    }

    public PeerConnectException(string message)
        : base(message)
    {
    }

    public PeerConnectException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
