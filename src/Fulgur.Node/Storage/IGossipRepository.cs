using Fulgur.Protocol.Types;

namespace Fulgur.Node.Storage;

/// <summary>A stored public channel: its <c>channel_announcement</c> (wire bytes) and the capacity read from the chain.</summary>
public sealed record StoredGossipChannel(ShortChannelId ShortChannelId, byte[] Announcement, long CapacitySatoshis);

/// <summary>A stored <c>channel_update</c> (wire bytes) for one direction (0 or 1) of a channel.</summary>
public sealed record StoredGossipUpdate(ShortChannelId ShortChannelId, byte Direction, byte[] Update);

/// <summary>A stored <c>node_announcement</c> (wire bytes).</summary>
public sealed record StoredGossipNode(NodeId NodeId, byte[] Announcement);

/// <summary>
/// The gossip store (tables <c>gossip_channels</c>, <c>gossip_updates</c>, <c>gossip_nodes</c>): every accepted
/// announcement and update as received, so the graph is rebuilt on start and served to peers that query it. Updates of
/// private channels (our peers' updates for channels never announced) are kept in <c>gossip_updates</c> too.
/// </summary>
public interface IGossipRepository
{
    Task<IReadOnlyList<StoredGossipChannel>> ListChannelsAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<StoredGossipUpdate>> ListUpdatesAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<StoredGossipNode>> ListNodesAsync(CancellationToken cancellationToken);

    Task PutChannelAsync(StoredGossipChannel channel, CancellationToken cancellationToken);

    /// <summary>Replaces the update held for that channel and direction.</summary>
    Task PutUpdateAsync(StoredGossipUpdate update, CancellationToken cancellationToken);

    Task PutNodeAsync(StoredGossipNode node, CancellationToken cancellationToken);

    /// <summary>Forgets a channel and its updates.</summary>
    Task DeleteChannelAsync(ShortChannelId shortChannelId, CancellationToken cancellationToken);

    Task DeleteNodeAsync(NodeId nodeId, CancellationToken cancellationToken);
}
