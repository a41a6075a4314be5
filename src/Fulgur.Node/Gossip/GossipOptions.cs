namespace Fulgur.Node.Gossip;

/// <summary>The gossip timers; <c>--dev-fast-gossip</c> shortens them so that tests run in seconds.</summary>
public sealed record GossipOptions
{
    public static GossipOptions Default { get; } = new();

    /// <summary>Timers for <c>--dev-fast-gossip</c>.</summary>
    public static GossipOptions Fast { get; } = new()
    {
        FlushInterval = TimeSpan.FromSeconds(1),
        TickInterval = TimeSpan.FromMilliseconds(250),
        RefreshAge = TimeSpan.FromMinutes(2),
        PruneInterval = TimeSpan.FromSeconds(10),
        FilterMargin = TimeSpan.FromSeconds(15),
    };

    /// <summary>
    /// How often waiting gossip is relayed. BOLT 7 suggests once every 60 seconds, independently of arrival times,
    /// which staggers relay and batches what arrives in between.
    /// </summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How often our own channels are looked at (announcement progress, route graph, private updates).</summary>
    public TimeSpan TickInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Our channel_update is re-signed when older than this, well before BOLT 7's two-week staleness limit.</summary>
    public TimeSpan RefreshAge { get; init; } = TimeSpan.FromDays(7);

    /// <summary>How often stale channels are looked for.</summary>
    public TimeSpan PruneInterval { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How far back the <c>gossip_timestamp_filter</c> we send on connection reaches: gossip signed just before the
    /// connection may still be on its way to the peer through other nodes' flushes, and would otherwise never reach us.
    /// </summary>
    public TimeSpan FilterMargin { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>At most this many messages go to one peer per flush; the rest wait for the next.</summary>
    public int MaxPerPeerPerFlush { get; init; } = 10_000;

    /// <summary>BOLT 7: "at least 6 confirmations" before announcement_signatures.</summary>
    public int AnnouncementDepth { get; init; } = 6;
}
