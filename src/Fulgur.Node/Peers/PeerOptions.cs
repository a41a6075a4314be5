namespace Fulgur.Node.Peers;

/// <summary>
/// Limits and timers of the peer layer. The defaults suit a daemon; tests shorten the timers to see a misbehaving peer
/// dropped quickly.
/// </summary>
public sealed record PeerOptions
{
    public static PeerOptions Default { get; } = new();

    /// <summary>The whole BOLT 8 handshake (and the TCP connect of an outgoing one) must finish within this.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The peer's <c>init</c> must arrive within this after the handshake.</summary>
    public TimeSpan InitTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Once a message's length prefix is read, its body must arrive within this (a peer stopping mid-message).</summary>
    public TimeSpan MessageTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>A keep-alive <c>ping</c> is sent when nothing was received for this long.</summary>
    public TimeSpan PingInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>A peer that leaves a <c>ping</c> unanswered this long is disconnected.</summary>
    public TimeSpan PongTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Writing one frame to a peer may take at most this long (a peer that does not read).</summary>
    public TimeSpan WriteTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The largest message accepted, up to BOLT 8's 65535.</summary>
    public int MaxMessageLength { get; init; } = ushort.MaxValue;

    /// <summary>
    /// Messages a peer may send per second on average (token bucket refill rate): far above what gossip sync needs,
    /// low enough that one peer cannot keep a core busy decrypting.
    /// </summary>
    public double MaxMessagesPerSecond { get; init; } = 5000;

    /// <summary>Messages a peer may send in one burst (token bucket size).</summary>
    public int MessageBurst { get; init; } = 50_000;

    /// <summary>Messages queued for one peer before it counts as too slow and is disconnected.</summary>
    public int OutboxCapacity { get; init; } = 10_000;

    /// <summary>Incoming connections still in their handshake at once; more are refused.</summary>
    public int MaxPendingHandshakes { get; init; } = 64;

    /// <summary>First delay before redialling a peer we have channels with; doubles up to <see cref="MaxReconnectDelay"/>.</summary>
    public TimeSpan MinReconnectDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromMinutes(5);
}
